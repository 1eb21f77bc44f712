"""What `advance` and `new-day` share: the course must check clean before either writes."""

from __future__ import annotations

import sys
from pathlib import Path

from coursecheck.config import Config, find_pyproject, load_config
from coursecheck.course import Course, load_course
from coursecheck.engine import Engine
from coursecheck.errors import FatalError
from coursecheck.formatters.report import Report
from coursecheck.formatters.text import render
from coursecheck.rules import FAMILIES

GO_PREFIX = "GO"


class Refused(Exception):
    """The course is not in a state the command can work from; the report is already printed."""


def course_root(path: str | None) -> tuple[Path, Config]:
    config = load_config(find_pyproject(Path.cwd()) or find_pyproject(Path(path or ".").resolve()))
    root = Path(path or config.course)
    if not (root / "course.yaml").is_file():
        raise FatalError(f"{root / 'course.yaml'}: no course.yaml here; is {root} a course folder?")
    return root, config


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
