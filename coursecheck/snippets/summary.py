"""What `snippets` ends with: how many blocks got each verdict and how many findings each rule
kept, so an author sees at a glance "312 ok, 40 elided, 12 external, 9 fail"."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from coursecheck.diagnostics import Hit, Severity

FIRST, LAST = "ok", "fail"  # the rest, whatever verdicts exist, in between alphabetically


@dataclass(frozen=True)
class RuleCount:
    code: str
    name: str
    severity: Severity
    count: int


@dataclass(frozen=True)
class Summary:
    files: int
    blocks: int
    verdicts: dict[str, int] | None = None  # in display order; None: not checked
    rules: tuple[RuleCount, ...] = ()  # by code

    @property
    def errors(self) -> int:
        return sum(r.count for r in self.rules if r.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(r.count for r in self.rules if r.severity is Severity.WARNING)


def verdict_counts(verdicts: Iterable[str | None]) -> dict[str, int]:
    """Counts of the verdicts given (None: not checked, not counted), generic over their names."""
    counts = Counter(v for v in verdicts if v is not None)
    return {v: counts[v] for v in sorted(counts, key=_rank)}


def _rank(verdict: str) -> tuple[int, str]:
    return (0 if verdict == FIRST else 2 if verdict == LAST else 1, verdict)


def rule_counts(
    hits: Iterable[Hit], names: dict[str, str], severity: Callable[[str], Severity]
) -> tuple[RuleCount, ...]:
    """Each kept finding once (a finding on a program and its output block counts once)."""
    counts = Counter(code for code, _ in dict.fromkeys(hits))
    return tuple(RuleCount(c, names[c], severity(c), counts[c]) for c in sorted(counts))
