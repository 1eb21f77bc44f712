"""Runs the rule families over a course and turns their findings into diagnostics."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from coursecheck.cascade import fold
from coursecheck.config import Config
from coursecheck.course import Course
from coursecheck.diagnostics import Diagnostic, Finding
from coursecheck.errors import FatalError, printable
from coursecheck.hints import did_you_mean
from coursecheck.rules.base import Context, Family, Rule
from coursecheck.suppress import Suppression, active_suppressions


def display_path(path: Path) -> str:
    """Relative to the working directory, with `/`, as every format reports it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        relative = str(path)
    # A file name that is not UTF-8 holds surrogate escapes, which no output can encode:
    # its undecodable bytes are shown as \xff.
    return os.fsencode(Path(relative).as_posix()).decode("utf-8", "backslashreplace")


def check_prefixes(config: Config) -> None:
    """FatalError (exit 2) when a configured or --select/--ignore prefix names no rule."""
    from coursecheck.rules import all_rules  # the registry imports every rule module

    unknown = config.unknown_prefixes(all_rules())
    if unknown:
        raise FatalError(
            f"unknown rule code or prefix {unknown[0]!r} in --select/--ignore or "
            "[tool.coursecheck]; `coursecheck rules` lists the codes"
            + did_you_mean(unknown[0], all_rules())
        )


class Engine:
    def __init__(self, families: Iterable[Family], config: Config, use_cache: bool = True) -> None:
        # Checked here, on a cache miss only: a run that fails this stores nothing, so a warm
        # run with the same configuration misses too and fails the same way.
        check_prefixes(config)
        self.families = list(families)
        self.config = config
        self.rules: dict[str, Rule] = {r.code: r for f in self.families for r in f.rules}
        self.context = Context(self._selected, use_cache)
        self._suppressions: dict[Path, list[Suppression]] = {}

    def _selected(self, code: str) -> bool:
        if code not in self.rules or (self.rules[code].opt_in and code not in self.config.select):
            return False
        return self.config.is_selected(code)

    def run(self, course: Course) -> list[Diagnostic]:
        self._suppressions = {p.path: active_suppressions(p.source.lines) for p in course.pages()}
        found = [
            (code, finding)
            for family in self.families
            if any(self._selected(rule.code) for rule in family.rules)
            for code, finding in family.check(course, self.context)
        ]
        # One mistake, one finding: what follows from a reported root cause is folded into it.
        folded = fold(found, lambda c, f: self._diagnostic(c, f) is not None, display_path)
        diagnostics = [d for c, f in folded if (d := self._diagnostic(c, f)) is not None]
        return sorted(set(diagnostics), key=Diagnostic.sort_key)

    def suppressions(self) -> dict[Path, list[Suppression]]:
        return self._suppressions

    def _diagnostic(self, code: str, finding: Finding) -> Diagnostic | None:
        rule = self.rules[code]
        path = display_path(finding.path)
        if not self._selected(code) or self.config.is_ignored_in(code, path):
            return None
        if any(s.covers(code, finding.line) for s in self._suppressions.get(finding.path, [])):
            return None
        return Diagnostic(
            path=path,
            line=finding.line,
            column=finding.column,
            end_line=finding.end_line or finding.line,
            end_column=finding.end_column or finding.column,
            code=code,
            name=rule.name,
            severity=self.config.severity_of(code, rule.severity),
            message=printable(finding.message),
            fixable=rule.fixable,
        )
