"""Findings are data: rules yield them, the engine stamps them, formatters render them."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """What a rule reports: a place and a message. The engine adds code, name and severity."""

    path: Path
    line: int
    column: int
    message: str
    end_line: int | None = None
    end_column: int | None = None


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    name: str
    severity: Severity
    message: str
    fixable: bool = False
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR
