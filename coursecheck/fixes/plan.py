"""Chaining the fixers over pending edits: every file's final contents, computed before any write.

Each fixer sees the course as the fixers before it left it (read through the pending edits), so
two fixers of the same file compose. Passes repeat until nothing changes: one fix can uncover
another (a repaired title makes the roadmap line comparable).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from coursecheck.config import Config
from coursecheck.course import Course, load_course
from coursecheck.diagnostics import Diagnostic
from coursecheck.engine import Engine, check_prefixes
from coursecheck.fixes import FIXERS, fixable_codes
from coursecheck.rules.base import Family
from coursecheck.source import SourceFile, decode_source, read_source

MAX_PASSES = 4


@dataclass
class Plan:
    """The original and the fixed bytes of every file a fix changes."""

    before: dict[Path, bytes] = field(default_factory=dict)
    after: dict[Path, bytes] = field(default_factory=dict)
    found: list[Diagnostic] = field(default_factory=list)  # fixable findings before fixing
    remaining: list[Diagnostic] = field(default_factory=list)  # and after

    def changed(self) -> dict[Path, bytes]:
        return {p: data for p, data in self.after.items() if data != self.before[p]}


class Overlay:
    """Files read through the fixes planned so far: a fixer sees what the ones before it left."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan

    def read(self, path: Path) -> SourceFile:
        if path in self.plan.after:
            return decode_source(path, self.plan.after[path])
        source = read_source(path)
        self.plan.before.setdefault(path, source.raw)
        return source

    def update(self, edits: dict[Path, bytes]) -> bool:
        changed = False
        for path, data in edits.items():
            if data != self.plan.after.get(path, self.plan.before.get(path)):
                self.plan.before.setdefault(path, path.read_bytes())
                self.plan.after[path] = data
                changed = True
        return changed


def plan_fixes(root: Path, config: Config, families: tuple[Family, ...], use_cache: bool) -> Plan:
    check_prefixes(config)  # before anything is written, not after, in the re-check
    codes = {code for code in fixable_codes() if config.is_selected(code)}
    plan = Plan()
    if not codes:
        return plan
    # Only the fixable codes run: the GO family then stops at gofmt, with no build or run.
    only_fixable = replace(config, select=tuple(sorted(codes)))
    engine = Engine(
        [f for f in families if any(r.code in codes for r in f.rules)], only_fixable, use_cache
    )
    overlay = Overlay(plan)
    course, found = _check(root, overlay, engine, codes)
    plan.found = found
    for _ in range(MAX_PASSES):
        progressed = False
        for fixer in FIXERS:
            targets = [d for d in found if d.code in fixer.codes]
            if targets and overlay.update(fixer.fix(course, targets)):
                progressed = True
                course, found = _check(root, overlay, engine, codes)
        if not progressed:
            break
    plan.remaining = found
    return plan


def _check(
    root: Path, overlay: Overlay, engine: Engine, codes: set[str]
) -> tuple[Course, list[Diagnostic]]:
    course = load_course(root, overlay.read)
    return course, [d for d in engine.run(course) if d.code in codes]
