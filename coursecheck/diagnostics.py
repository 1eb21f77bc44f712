"""Findings are data: rules yield them, the engine stamps them, formatters render them."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from coursecheck.paths import relative_posix
from coursecheck.preconditions import Precondition


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """What a rule reports: a place and a message. The engine adds code, name and severity.
    `needs` and `breaks` are its preconditions (coursecheck/preconditions.py)."""

    path: Path
    line: int
    column: int
    message: str
    end_line: int | None = None
    end_column: int | None = None
    needs: tuple[Precondition, ...] = ()
    breaks: tuple[Precondition, ...] = ()


Hit = tuple[str, Finding]  # a finding and the code of the rule that found it


@dataclass(frozen=True)
class Diagnostic:
    """A finding stamped with its rule's code, name and severity. `path` is the file's Path:
    formatters make the display string."""

    path: Path
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    name: str
    severity: Severity
    message: str
    fixable: bool = False

    def sort_key(self) -> tuple[str, int, int, str, str]:
        # By the path as reports show it, so every format lists files in the order it names
        # them. The message breaks ties: the engine dedupes through a set, so without it two
        # findings of one code at one place would come out in hash order, different every run.
        return (relative_posix(self.path), self.line, self.column, self.code, self.message)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR
