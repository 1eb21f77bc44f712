"""Runs the rule families over a course, through the run's filters, into diagnostics."""

from __future__ import annotations

from collections.abc import Iterable

from coursecheck.cascade import fold
from coursecheck.config import Config
from coursecheck.course import Course
from coursecheck.diagnostics import Diagnostic, Finding, Hit
from coursecheck.errors import printable
from coursecheck.filters import Filters, check_prefixes
from coursecheck.formatters.paths import display_path
from coursecheck.rules.base import Context, Family, Rule

__all__ = ["Engine", "check_prefixes"]


class Engine:
    def __init__(self, families: Iterable[Family], config: Config, use_cache: bool = True) -> None:
        # Checked here, on a cache miss only: a run that fails this stores nothing, so a warm
        # run with the same configuration misses too and fails the same way.
        check_prefixes(config)
        self.families = list(families)
        self.config = config
        self.rules: dict[str, Rule] = {r.code: r for f in self.families for r in f.rules}
        self.context = Context(self._selected, use_cache)

    def _selected(self, code: str) -> bool:
        return code in self.rules and self.config.is_selected(code)

    def filters(self, course: Course) -> Filters:
        pages = ((page.path, page.doc) for page in course.pages() if page.doc is not None)
        return Filters.of(self.config, pages)

    def findings(self, course: Course, filters: Filters) -> list[Hit]:
        """What the families find and the filters keep, as (code, finding)."""
        found = [
            (code, finding)
            for family in self.families
            if any(self._selected(rule.code) for rule in family.rules)
            for code, finding in family.check(course, self.context)
        ]

        def kept(code: str, finding: Finding) -> bool:
            return code in self.rules and filters.keeps(code, finding)

        # One mistake, one finding: what follows from a reported root cause is folded into it.
        return [
            (code, finding)
            for code, finding in fold(found, kept, display_path)
            if kept(code, finding)
        ]

    def run(self, course: Course) -> list[Diagnostic]:
        filters = self.filters(course)
        found = self.findings(course, filters)
        diagnostics = {self._diagnostic(code, finding, filters) for code, finding in found}
        return sorted(diagnostics, key=Diagnostic.sort_key)

    def _diagnostic(self, code: str, finding: Finding, filters: Filters) -> Diagnostic:
        rule = self.rules[code]
        return Diagnostic(
            path=finding.path,
            line=finding.line,
            column=finding.column,
            end_line=finding.end_line or finding.line,
            end_column=finding.end_column or finding.column,
            code=code,
            name=rule.name,
            severity=filters.severity(code, rule.severity),
            message=printable(finding.message),
            fixable=rule.fixable,
        )
