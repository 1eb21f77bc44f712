"""`coursecheck status`: each week, each day with its status and its snippets, at a glance.

A day's module is the one the roadmap lists for it (the model's index: its link, else its
number), and its status the one the roadmap's CURRENT marker gives it, not what the module's
front matter says: RM005 and CU003 report a front matter that disagrees.

`--format text` is a table for the terminal; `--format markdown` is the same as Markdown for a
GitHub job summary. Each day's Go snippets carry their verdicts (ok, fail, ignored) from the
snippet engine's result cache, so after a `coursecheck check` it starts no Go process;
`--skip-go` only counts the blocks. It never writes to the course.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from coursecheck.course import Course, Module, load_course
from coursecheck.errors import FatalError
from coursecheck.models import Manifest, Week
from coursecheck.workflow.gate import course_root
from coursecheck.workflow.verdicts import Tally, day_tallies, describe

MISSING = "missing"
UNKNOWN = "unknown"  # the roadmap marks no single day CURRENT: no status follows
HEADERS = ("Day", "Status", "Title", "Snippets")
TOTAL = "All days"


@dataclass(frozen=True)
class Row:
    day: str
    status: str
    title: str
    snippets: str

    def cells(self) -> tuple[str, str, str, str]:
        return (self.day, self.status, self.title, self.snippets)


@dataclass(frozen=True)
class Overview:
    title: str
    days: int  # modules
    current_day: int | None
    weeks: list[tuple[Week, list[Row]]]
    total: str

    @property
    def headline(self) -> str:
        where = (
            f"CURRENT is Day {self.current_day}"
            if self.current_day is not None
            else "no single CURRENT day"
        )
        return f"{self.title}: {self.days} days, {where}."


def overview(path: str | None, skip_go: bool = False) -> Overview:
    root, config = course_root(path)
    course = load_course(root)
    manifest = course.manifest.model
    if manifest is None:
        raise FatalError(f"{course.manifest_source.path}: not a valid manifest; run `coursecheck`")
    tallies = day_tallies(course, None if skip_go else config)
    weeks = [(week, rows(course, manifest, week, tallies)) for week in manifest.weeks]
    total = describe(sum(tallies.values(), Counter()))
    return Overview(manifest.title, len(course.modules), course.current_day, weeks, total)


def rows(course: Course, manifest: Manifest, week: Week, tallies: dict[Path, Tally]) -> list[Row]:
    found = []
    for day in range(week.first_day, week.last_day + 1):
        number = f"{day:0{manifest.day_padding}d}"
        module = module_of(course, day)
        front = module.front.model if module else None
        if module is None or front is None:
            found.append(Row(number, MISSING, "", ""))
            continue
        snippets = describe(tallies.get(module.path, Counter()))
        status = course.status_of(day)
        found.append(Row(number, status.value if status else UNKNOWN, front.title, snippets))
    return found


def module_of(course: Course, day: int) -> Module | None:
    """The module the roadmap lists for `day`, as the rules see it; by front matter only when
    there is no roadmap to go by."""
    if course.index is None:
        return course.module_for_day(day)
    return next((m.module for m in course.index.matches if m.number == day and m.module), None)


def text(view: Overview) -> str:
    every = [HEADERS] + [row.cells() for _, found in view.weeks for row in found]
    widths = [max(len(cells[i]) for cells in every) for i in range(len(HEADERS))]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [view.headline]
    for week, found in view.weeks:
        out += ["", f"Week {week.number}: {week.title}", line(HEADERS)]
        out += [line(row.cells()) for row in found]
    return "\n".join([*out, "", f"{TOTAL}: {view.total}"]) + "\n"


def markdown(view: Overview) -> str:
    out = [f"## {_escape(view.headline)}"]
    for week, found in view.weeks:
        out += ["", f"### Week {week.number}: {_escape(week.title)}", ""]
        out += [_md_row(HEADERS), "| --- | --- | --- | --- |"]
        out += [_md_row(tuple(_escape(c) for c in row.cells())) for row in found]
    return "\n".join([*out, "", f"**{TOTAL}:** {_escape(view.total)}"]) + "\n"


def _md_row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(cells) + " |"


def _escape(cell: str) -> str:
    return cell.replace("\\", "\\\\").replace("|", "\\|")
