"""What may be kept: the one rule both caches obey.

A result is kept only when the course alone decided it. A timeout may be the machine's load,
a crash of the Go helper may be the machine's, and a flaky run is chance: each is computed
again next run. Lines printed in another order are kept: a block can accept that (`output
unordered`), and for an exact block the verdict stays GO016. A fault never reaches here: it
stops the run (snippets/faults.py). Whatever a run could not keep leaves the run unsettled,
and an unsettled run is not kept whole either (reads.UNSETTLED)."""

from __future__ import annotations

from collections.abc import Iterable

from coursecheck.reads import UNSETTLED, Observation
from coursecheck.snippets.results import CheckResult, RunResult, StageResult


def stage_result_kept(result: StageResult) -> bool:
    """Whether a stage result (check, vet, run or test) of a snippet may be cached."""
    if isinstance(result, CheckResult):
        return not result.crashed
    if isinstance(result, RunResult):
        return not result.timed_out and result.flaky in (None, "order")
    return True


def run_kept(observations: Iterable[Observation]) -> bool:
    """Whether a whole run may be cached: none of its results was left unsettled."""
    return not any(kind == UNSETTLED for kind, _, _ in observations)
