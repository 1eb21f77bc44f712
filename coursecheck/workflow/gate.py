"""What `advance` and `new-day` share: the course must check clean before either writes."""

from __future__ import annotations

import sys
from pathlib import Path

from coursecheck.config import Config
from coursecheck.course import Course, load_course
from coursecheck.engine import Engine
from coursecheck.formatters.report import Report
from coursecheck.formatters.text import render
from coursecheck.rules import FAMILIES
from coursecheck.runsetup import resolve_course

GO_PREFIX = "GO"


class Refused(Exception):
    """The course is not in a state the command can work from; the report is already printed."""


course_root = resolve_course


def clean_course(root: Path, config: Config, skip_go: bool, command: str) -> Course:
    """The loaded course, or Refused (exit 1) with its errors printed when it has any."""
    course = load_course(root)
    families = [f for f in FAMILIES if not (skip_go and f.prefix == GO_PREFIX)]
    errors = [d for d in Engine(families, config).run(course) if d.is_error]
    if errors:
        sys.stderr.write(render(Report(errors, len(course.sources()))))
        print(
            f"coursecheck {command}: refused: the course has errors; fix them first "
            "(`coursecheck check --fix` repairs some)",
            file=sys.stderr,
        )
        raise Refused
    return course
