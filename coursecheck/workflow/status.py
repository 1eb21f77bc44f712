"""`coursecheck status`: each week, each day with its status and its snippets, at a glance.

`--format text` is a table for the terminal; `--format markdown` is the same as Markdown for a
GitHub job summary. Reading only: it never writes, and it runs no check.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass

from coursecheck.course import Course, load_course
from coursecheck.errors import FatalError
from coursecheck.markdown import Document
from coursecheck.models import Manifest, Week
from coursecheck.workflow.gate import course_root

GO_TAGS = {"go", "golang"}
NOT_SNIPPETS = {"output"}  # a program's expected output belongs to the snippet before it
MISSING = "missing"
NO_SNIPPETS = "none"
HEADERS = ("Day", "Status", "Title", "Snippets")


@dataclass(frozen=True)
class Row:
    day: str
    status: str
    title: str
    snippets: str

    def cells(self) -> tuple[str, str, str, str]:
        return (self.day, self.status, self.title, self.snippets)


def main(path: str | None, fmt: str) -> int:
    root, _ = course_root(path)
    course = load_course(root)
    manifest = course.manifest.model
    if manifest is None:
        raise FatalError(f"{course.manifest_source.path}: not a valid manifest; run `coursecheck`")
    weeks = [(week, rows(course, manifest, week)) for week in manifest.weeks]
    render = markdown if fmt == "markdown" else text
    sys.stdout.write(render(course, manifest, weeks))
    return 0


def rows(course: Course, manifest: Manifest, week: Week) -> list[Row]:
    found = []
    for day in range(week.first_day, week.last_day + 1):
        number = f"{day:0{manifest.day_padding}d}"
        module = course.module_for_day(day)
        front = module.front.model if module else None
        if module is None or front is None:
            found.append(Row(number, MISSING, "", ""))
            continue
        found.append(Row(number, front.status, front.title, snippet_counts(module.doc)))
    return found


def snippet_counts(doc: Document | None) -> str:
    if doc is None:
        return NO_SNIPPETS
    counts: Counter[str] = Counter()
    for token in doc.blocks("block_code"):
        info = str((token.get("attrs") or {}).get("info") or "").split()
        language = info[0].lower().rstrip(",") if info else "plain"
        language = "go" if language in GO_TAGS else language
        if token.get("style") == "fenced" and language not in NOT_SNIPPETS:
            counts[language] += 1
    shown = ", ".join(f"{lang} {n}" for lang, n in sorted(counts.items(), key=_by_count))
    return shown or NO_SNIPPETS


def _by_count(item: tuple[str, int]) -> tuple[int, str]:
    return (-item[1], item[0])


def _headline(course: Course, manifest: Manifest) -> str:
    current = [
        front.day
        for module in course.modules
        if (front := module.front.model) is not None and front.status == "current"
    ]
    where = f"CURRENT is Day {current[0]}" if len(current) == 1 else "no single CURRENT day"
    return f"{manifest.title}: {len(course.modules)} days, {where}."


def text(course: Course, manifest: Manifest, weeks: list[tuple[Week, list[Row]]]) -> str:
    every = [HEADERS] + [row.cells() for _, found in weeks for row in found]
    widths = [max(len(cells[i]) for cells in every) for i in range(len(HEADERS))]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [_headline(course, manifest)]
    for week, found in weeks:
        out += ["", f"Week {week.number}: {week.title}", line(HEADERS)]
        out += [line(row.cells()) for row in found]
    return "\n".join(out) + "\n"


def markdown(course: Course, manifest: Manifest, weeks: list[tuple[Week, list[Row]]]) -> str:
    out = [f"## {_escape(_headline(course, manifest))}"]
    for week, found in weeks:
        out += ["", f"### Week {week.number}: {_escape(week.title)}", ""]
        out += [_md_row(HEADERS), "| --- | --- | --- | --- |"]
        out += [_md_row(tuple(_escape(c) for c in row.cells())) for row in found]
    return "\n".join(out) + "\n"


def _md_row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(cells) + " |"


def _escape(cell: str) -> str:
    return cell.replace("\\", "\\\\").replace("|", "\\|")
