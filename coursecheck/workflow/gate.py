"""What `advance` and `new-day` share: the course must check clean before either writes."""

from __future__ import annotations

from pathlib import Path

from coursecheck.config import Config
from coursecheck.course import Course, load_course
from coursecheck.diagnostics import Diagnostic
from coursecheck.engine import Engine
from coursecheck.rules import FAMILIES
from coursecheck.runsetup import resolve_course

GO_PREFIX = "GO"


class Refused(Exception):
    """The course has errors, so the command cannot trust it: the command line shows them."""

    def __init__(self, command: str, errors: list[Diagnostic], files_checked: int) -> None:
        super().__init__(f"coursecheck {command}: refused: the course has errors")
        self.command = command
        self.errors = errors
        self.files_checked = files_checked


course_root = resolve_course


def clean_course(root: Path, config: Config, skip_go: bool, command: str) -> Course:
    """The loaded course, or Refused (exit 1) carrying its errors when it has any."""
    course = load_course(root)
    families = [f for f in FAMILIES if not (skip_go and f.prefix == GO_PREFIX)]
    errors = [d for d in Engine(families, config).run(course) if d.is_error]
    if errors:
        raise Refused(command, errors, len(course.sources()))
    return course
