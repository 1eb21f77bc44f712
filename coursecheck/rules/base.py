"""What a rule is: a code, a name, its documentation, and the checker that finds it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from coursecheck.course import Course
from coursecheck.diagnostics import Finding, Severity


@dataclass(frozen=True)
class Rule:
    """One rule. `doc` is its user documentation: what, why, a failing and a passing example."""

    code: str
    name: str
    summary: str
    doc: str
    fixable: bool = False
    severity: Severity = Severity.ERROR
    opt_in: bool = False  # off unless its full code is selected (`--select GO024`)


@dataclass(frozen=True)
class Context:
    """What a checker may ask of the run: which codes are on, and the run's options."""

    selected: Callable[[str], bool]
    use_cache: bool = True


# A checker runs over the whole course and yields (code, finding) pairs for its family.
Checker = Callable[[Course, Context], Iterable[tuple[str, Finding]]]


@dataclass(frozen=True)
class Family:
    prefix: str
    title: str
    rules: tuple[Rule, ...]
    check: Checker
