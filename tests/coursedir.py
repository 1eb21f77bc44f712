"""A minimal valid course written to a folder, for system tests that edit it and run a command.

`CourseDir` writes a 3-day, 2-week course (days 1-2 in week 1, day 3 in week 2, CURRENT on
day 2) that passes every rule; the `course` fixture in conftest.py gives one in tmp_path. The
same course is on disk as tests/fixtures/mini/, the base of the rule families' acceptance
cases (tests/test_meta.py keeps the two identical): a rule's finding is a case there, not a
test built on this class (tests/README.md).
(Its own module, not conftest: tests/go has a conftest too, and `import conftest` is ambiguous.)
"""

from __future__ import annotations

from pathlib import Path

MANIFEST_TEXT = """\
title: Mini Go
days: 3
day_padding: 2
go_version: "1.22"
weeks:
  - {number: 1, title: Basics, first_day: 1, last_day: 2}
  - {number: 2, title: Data, first_day: 3, last_day: 3}
required_sections:
  - Overview
  - Exercises
"""

HUB_TEXT = """\
# Mini Go
### A 3-Day Course

## Roadmap

### **Week 1: Basics**
* **Day 01:** [First Steps](days/day-01-first-steps.md)
* **Day 02:** CURRENT: [Values & Types](days/day-02-values.md)

### **Week 2: Data**
* **Day 03:** [Slices](days/day-03-slices.md)
"""

HUB = "README.md"
DAY1 = "days/day-01-first-steps.md"
DAY2 = "days/day-02-values.md"
DAY3 = "days/day-03-slices.md"
DAYS = {
    DAY1: (1, "First Steps", 1, "published"),
    DAY2: (2, "Values & Types", 1, "current"),
    DAY3: (3, "Slices", 2, "upcoming"),
}


def module_text(day: int, title: str, week: int, status: str) -> str:
    return f"""\
---
day: {day}
title: "{title}"
week: {week}
status: {status}
summary: What day {day} teaches.
tags: [go]
---

# {title}

## Overview

Text.

## Exercises

1. Do it.
"""


class CourseDir:
    """A course on disk that a test edits, then checks."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.write("course.yaml", MANIFEST_TEXT)
        self.write(HUB, HUB_TEXT)
        for name, fields in DAYS.items():
            self.write(name, module_text(*fields))

    def write(self, name: str, text: str) -> None:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def read(self, name: str) -> str:
        return (self.root / name).read_text(encoding="utf-8")

    def replace(self, name: str, old: str, new: str) -> None:
        text = self.read(name)
        assert text.count(old) == 1, f"{old!r} is not once in {name}"
        self.write(name, text.replace(old, new))

    def replace_all(self, name: str, old: str, new: str) -> None:
        text = self.read(name)
        assert old in text, f"{old!r} is not in {name}"
        self.write(name, text.replace(old, new))

    def delete(self, name: str) -> None:
        (self.root / name).unlink()

    def rename(self, name: str, new: str) -> None:
        (self.root / name).rename(self.root / new)
