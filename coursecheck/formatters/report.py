"""What every formatter renders: the sorted diagnostics and a few facts about the run."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from coursecheck.diagnostics import Diagnostic

if TYPE_CHECKING:
    from coursecheck.rules.base import Rule


@dataclass(frozen=True)
class Report:
    diagnostics: list[Diagnostic]
    files_checked: int
    color: bool = False
    elsewhere: int = 0  # `check FILE`: findings on the course's other pages (they set the exit)

    @cached_property
    def rules(self) -> dict[str, Rule]:
        """Every rule's metadata; imported only by the formats that need it (it is slow)."""
        from coursecheck.rules import all_rules

        return all_rules()

    @property
    def errors(self) -> int:
        return sum(d.is_error for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return len(self.diagnostics) - self.errors

    @property
    def fixable(self) -> int:
        return sum(d.fixable for d in self.diagnostics)

    @property
    def files_with_findings(self) -> int:
        return len({d.path for d in self.diagnostics})

    def summary(self) -> dict[str, int]:
        return {
            "errors": self.errors,
            "warnings": self.warnings,
            "fixable": self.fixable,
            "files_with_diagnostics": self.files_with_findings,
            "files_checked": self.files_checked,
        }


def rule_counts(report: Report) -> list[tuple[str, int]]:
    """(code, count) for every code found, most frequent first (then by code)."""
    counts: dict[str, int] = {}
    for d in report.diagnostics:
        counts[d.code] = counts.get(d.code, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
