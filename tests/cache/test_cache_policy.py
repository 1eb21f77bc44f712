"""What may be kept: one rule for both caches (coursecheck/cache/policy.py), one line a case."""

from __future__ import annotations

import pytest

from coursecheck.cache.policy import run_kept, stage_result_kept
from coursecheck.reads import UNSETTLED, Observation
from coursecheck.snippets.results import CheckResult, RunResult, StageResult, VirtualHit


@pytest.mark.parametrize(
    ("result", "kept"),
    [
        (CheckResult("u1", True), True),
        (CheckResult("u1", False, (VirtualHit(msg="undefined: x", kind="type"),)), True),
        (CheckResult("u1", False, crashed=True), False),  # the machine's, maybe
        ((VirtualHit("m0", 1, 1, "vet says"),), True),
        (RunResult(True, "hi\n"), True),
        (RunResult(False, "", 1), True),
        (RunResult(False, build_error="undefined: x"), True),
        (RunResult(False, timed_out=True), False),  # the machine's load, maybe
        (RunResult(False, limit="memory"), True),  # the sandbox's limit: the program's doing
        (RunResult(False, flaky="verdict"), False),  # chance
        (RunResult(True, flaky="output"), False),
        (RunResult(True, flaky="order"), True),  # `output unordered` may accept it
    ],
)
def test_stage_result_kept(result: StageResult, kept: bool) -> None:
    assert stage_result_kept(result) is kept


@pytest.mark.parametrize(
    ("observations", "kept"),
    [
        ([], True),
        ([("read", "/c/day.md", "abc")], True),
        ([("read", "/c/day.md", "abc"), (UNSETTLED, "an unconfirmed pass", "")], False),
    ],
)
def test_run_kept(observations: list[Observation], kept: bool) -> None:
    assert run_kept(observations) is kept
