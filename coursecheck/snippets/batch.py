"""The results of one GO check, stage by stage: served from the snippet verdict cache, or
computed by this check and kept there when the cache's policy allows."""

from __future__ import annotations

from dataclasses import dataclass, field

from coursecheck.cache.identity import digest
from coursecheck.cache.snippet_verdicts import SnippetVerdictCache
from coursecheck.snippets import chance
from coursecheck.snippets.results import CheckResult, RunResult, StageResult, VetHits
from coursecheck.snippets.units import Kind, Unit

Stage = str  # check, vet, run, test
RUN_STAGES = ("run", "test")
UNCONFIRMED = "unconfirmed"  # the key of a pass waiting for a second check (chance.trusted)


def needs(unit: Unit, stages: set[Stage], check: CheckResult | None = None) -> list[Stage]:
    """Stages a unit needs; `go vet` only where the helper could not vet in-process."""
    needed = ["check"]
    vet_done = check is None or check.vet_done
    if "vet" in stages and unit.kind is not Kind.FAIL and not vet_done:
        needed.append("vet")
    if "run" in stages and unit.kind is Kind.RUN:
        needed.append("run")
    if "test" in stages and unit.kind is Kind.TEST:
        needed.append("test")
    return needed


def verdict_stage(unit: Unit) -> Stage:
    return "run" if unit.kind is Kind.RUN else "test"


@dataclass
class Batch:
    """The units of a check, deduplicated by key, and their results."""

    units: dict[str, Unit]
    stages: set[Stage]
    cache: SnippetVerdictCache
    salt: tuple[str, ...]  # what besides a unit's content its results depend on
    checks: dict[str, CheckResult] = field(default_factory=dict)
    vets: dict[str, VetHits] = field(default_factory=dict)
    verdicts: dict[str, RunResult] = field(default_factory=dict)  # of the run or test stage
    # Passes of an earlier check not yet confirmed by a second one (chance.trusted): the
    # snippet runs again and the two checks' verdicts are compared.
    earlier: dict[str, RunResult] = field(default_factory=dict)
    unsettled: bool = False  # a result this check could not keep (a pass to confirm, say)

    def check(self, unit: Unit) -> CheckResult:
        return self.checks[unit.key]

    def has(self, unit: Unit, stage: Stage) -> bool:
        if stage == "check":
            return unit.key in self.checks
        return unit.key in (self.vets if stage == "vet" else self.verdicts)

    def missing(self, unit: Unit) -> bool:
        """Whether the helper must check the unit again: a stage it needs has no result."""
        check = self.checks.get(unit.key)
        if check is None:
            return True
        if not check.built:
            return False  # later stages never run for a unit that does not build
        return any(not self.has(unit, s) for s in needs(unit, self.stages, check))

    def todo(self, units: list[Unit], stage: Stage) -> list[Unit]:
        return [
            u
            for u in units
            if stage in needs(u, self.stages, self.check(u)) and not self.has(u, stage)
        ]

    def look_up(self) -> None:
        """Every result the cache holds for the units."""
        for unit in self.units.values():
            for stage in needs(unit, self.stages):
                self._look_up(unit, stage)
            check = self.checks.get(unit.key)
            if check is not None and "vet" in needs(unit, self.stages, check):
                self._look_up(unit, "vet")

    def _look_up(self, unit: Unit, stage: Stage) -> None:
        value = self.cache.get(stage, self._key(unit, stage))
        if value is not None and not (isinstance(value, RunResult) and not chance.trusted(value)):
            self._hold(unit, value)
        elif stage in RUN_STAGES:  # a pass to confirm? The snippet runs again.
            earlier = self.cache.get(stage, self._key(unit, stage, UNCONFIRMED))
            if isinstance(earlier, RunResult) and not chance.trusted(earlier):
                self.earlier[unit.key] = earlier

    def keep(self, unit: Unit, stage: Stage, result: StageResult, *more: str) -> None:
        """A result of this check; kept if the cache's policy allows, else the check is left
        unsettled (a whole-run cache must not keep it either)."""
        self._hold(unit, result)
        if not self.cache.put(stage, self._key(unit, stage, *more), result):
            self.unsettled = True

    def keep_verdict(self, unit: Unit, result: RunResult) -> None:
        """A run or test verdict, set against an earlier check's unconfirmed pass; a pass is
        cached at once but served only once a second check confirms it."""
        stage = verdict_stage(unit)
        result = chance.confirm(result, self.earlier.get(unit.key), stage == "test")
        if chance.trusted(result):
            self.keep(unit, stage, result)
            return
        # Under its own key: packs merge in no set order, a confirmed entry must win.
        self.keep(unit, stage, result, UNCONFIRMED)
        self.unsettled = True

    def _hold(self, unit: Unit, result: StageResult) -> None:
        if isinstance(result, CheckResult):
            self.checks[unit.key] = result
        elif isinstance(result, RunResult):
            self.verdicts[unit.key] = result
        else:
            self.vets[unit.key] = result

    def _key(self, unit: Unit, stage: Stage, *more: str) -> str:
        return digest(unit.key, stage, *self.salt, *more)
