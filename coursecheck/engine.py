"""Runs the rule families over a course, through the run's filters, into diagnostics.

The page-local families (PAGE_LOCAL) run over the pages the per-page cache (cache/pages.py)
has no findings for; the other pages' findings come from it. The families that look across
pages run over every page's model. The cascade and the filters then see every finding, as
if every page had been checked now.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from coursecheck.cache.pages import FamilyHits, PageCache
from coursecheck.cache.policy import run_kept
from coursecheck.cascade import fold
from coursecheck.config import Config
from coursecheck.course import Course, Module, Page, load_course
from coursecheck.diagnostics import Diagnostic, Finding, Hit
from coursecheck.errors import printable
from coursecheck.filters import Filters, check_prefixes, is_selected
from coursecheck.formatters.paths import display_path
from coursecheck.rules.base import Context, Family, Rule

__all__ = ["Engine", "check_course", "check_prefixes"]

# The families whose findings on a page follow from that page alone (its bytes and kind), the
# manifest and the run's context, as their checkers read (what they find on the manifest is
# found again every run):
# - EN: each file's bytes;
# - FM: each module's front matter (and the manifest's);
# - ST: each module's headings against the manifest's sections, each page's suppressions and
#   directives (and ST010 on the manifest, from the modules folder);
# - GO: each page's blocks, at the Go release its module (else the manifest) claims.
# NM, WK, CU and LK compare pages with each other and with the roadmap: they run over every
# page's model each time. A family moves here only if none of its findings on a page reads
# another page (tests/cache/test_pages.py checks edited courses cold against warm).
PAGE_LOCAL = frozenset({"EN", "FM", "ST", "GO"})


def check_course(root: Path, config: Config, use_cache: bool) -> tuple[Course, list[Diagnostic]]:
    """Load and check a course, through the per-page cache when `use_cache`."""
    from coursecheck.rules import FAMILIES  # the registry imports every rule module

    pages = PageCache(root) if use_cache else None
    course = load_course(root, models=pages)
    diagnostics = Engine(FAMILIES, config, use_cache, pages).run(course)
    if pages is not None:
        pages.flush(settled=run_kept(course.files.observations()))
    return course, diagnostics


class Engine:
    def __init__(
        self,
        families: Iterable[Family],
        config: Config,
        use_cache: bool = True,
        pages: PageCache | None = None,
    ) -> None:
        # Checked here, on a cache miss only: a run that fails this stores nothing, so a warm
        # run with the same configuration misses too and fails the same way.
        check_prefixes(config)
        self.families = list(families)
        self.config = config
        self.rules: dict[str, Rule] = {r.code: r for f in self.families for r in f.rules}
        self.context = Context(self._selected, use_cache)
        self.pages = pages

    def _selected(self, code: str) -> bool:
        return code in self.rules and is_selected(self.config, code)

    def filters(self, course: Course) -> Filters:
        pages = ((page.path, page.doc) for page in course.pages() if page.doc is not None)
        return Filters.of(self.config, pages)

    def findings(self, course: Course, filters: Filters) -> list[Hit]:
        """What the families find and the filters keep, as (code, finding)."""
        families = [f for f in self.families if any(self._selected(r.code) for r in f.rules)]
        local = {family.prefix for family in families if family.prefix in PAGE_LOCAL}
        keys = self._findings_keys(course)
        cached = self._cached(course, keys, local)
        run = _PageLocalRun(course, cached)
        found: list[Hit] = []
        for family in families:
            if family.prefix in local:
                found += run.check(family, self.context)
            else:
                found += family.check(course, self.context)
        if self.pages is not None and run.keepable:
            for path, hits in run.new.items():
                self.pages.keep_findings(path, keys[path], {p: hits.get(p, []) for p in local})

        def kept(code: str, finding: Finding) -> bool:
            return code in self.rules and filters.keeps(code, finding)

        # One mistake, one finding: what follows from a reported root cause is folded into it.
        return [
            (code, finding)
            for code, finding in fold(found, kept, display_path)
            if kept(code, finding)
        ]

    def _findings_keys(self, course: Course) -> dict[Path, str]:
        if self.pages is None:
            return {}
        manifest = course.manifest_source.raw
        # The rules selected are all a checker asks of the configuration (rules/base.Context).
        on = sorted(code for code in self.rules if self._selected(code))
        return {
            page.path: self.pages.findings_key(_kind(course, page), page.source.raw, manifest, on)
            for page in course.pages()
        }

    def _cached(
        self, course: Course, keys: dict[Path, str], local: set[str]
    ) -> dict[Path, FamilyHits]:
        """The pages whose findings of every selected page-local family the cache holds."""
        if self.pages is None:
            return {}
        cached = {}
        for page in course.pages():
            hits = self.pages.findings(page.path, keys[page.path])
            if hits is not None and local <= set(hits):
                cached[page.path] = hits
        return cached

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


class _PageLocalRun:
    """The page-local families over the pages the cache has no findings for, each finding
    filed under its page; the cached pages' findings put back in their place."""

    def __init__(self, course: Course, cached: dict[Path, FamilyHits]) -> None:
        self.course = course
        self.cached = cached
        self.view = _without(course, set(cached))
        self.new: dict[Path, FamilyHits] = {page.path: {} for page in self.view.pages()}
        # False when a finding fell on a path that is neither a checked page nor the manifest:
        # a page-local family that reached past its page. Then nothing of this run is kept.
        self.keepable = True

    def check(self, family: Family, context: Context) -> list[Hit]:
        elsewhere: list[Hit] = []
        for hit in family.check(self.view, context):
            filed = self.new.get(hit[1].path)
            if filed is None:
                elsewhere.append(hit)
                self.keepable &= hit[1].path == self.course.manifest_source.path
            else:
                filed.setdefault(family.prefix, []).append(hit)
        # The manifest's findings first, then each page's, in the course's page order.
        found = elsewhere
        for page in self.course.pages():
            hits = self.cached[page.path] if page.path in self.cached else self.new[page.path]
            found += hits.get(family.prefix, [])
        return found


def _kind(course: Course, page: Page) -> str:
    return "hub" if page is course.hub else "module" if isinstance(page, Module) else "page"


def _without(course: Course, paths: set[Path]) -> Course:
    """The course with only the pages not in `paths`: what the page-local families check."""
    hub = course.hub if course.hub is not None and course.hub.path not in paths else None
    return replace(
        course,
        hub=hub,
        modules=[module for module in course.modules if module.path not in paths],
        extras=[page for page in course.extras if page.path not in paths],
    )
