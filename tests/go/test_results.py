"""The typed stage results: built only from JSON of the right shape, and written back as the
same JSON (a cache pack survives the round trip)."""

from __future__ import annotations

from typing import Any

import pytest

from coursecheck.snippets.results import (
    CheckResult,
    Example,
    HeldTests,
    RunResult,
    VirtualHit,
    decode,
    encode,
)

HIT = {"file": "m0", "line": 2, "col": 5, "msg": "x declared and not used", "kind": "type"}
CHECK = {"id": "u1", "built": True, "findings": [HIT], "vet": None, "tests": None}
TESTS = {"tests": ["TestA"], "benchmarks": None, "examples": [{"name": "Example", "output": "1"}]}
HELD = HeldTests(("TestA",), examples=(Example("Example", "1"),))


@pytest.mark.parametrize(
    ("stage", "value", "typed"),
    [
        ("check", CHECK, CheckResult("u1", True, (VirtualHit("m0", 2, 5, HIT["msg"], "type"),))),
        ("check", {"id": "u1", "built": False, "newer": 1}, CheckResult("u1", False)),
        (
            "check",
            {"id": "u2", "built": True, "tests": TESTS},
            CheckResult(
                "u2", True, tests=HeldTests(("TestA",), examples=(Example("Example", "1"),))
            ),
        ),
        ("vet", [HIT], (VirtualHit("m0", 2, 5, HIT["msg"], "type"),)),
        ("vet", [], ()),
        ("run", {"passed": True, "output": "hi\n", "code": None}, RunResult(True, "hi\n")),
        ("test", {"passed": False, "build_error": "no"}, RunResult(False, build_error="no")),
    ],
)
def test_decode(stage: str, value: Any, typed: object) -> None:
    assert decode(stage, value) == typed


@pytest.mark.parametrize(
    ("stage", "value"),
    [
        ("check", {"id": "u1"}),  # built missing
        ("check", {"id": "u1", "built": "yes"}),
        ("check", {"id": "u1", "built": True, "findings": [{"file": "m0"}]}),  # no kind
        ("check", {"id": "u1", "built": True, "crashed": 1}),
        ("check", {"id": "u1", "built": True, "tests": {"tests": ["x; os.Exit(0)"]}}),
        ("vet", [{"file": "m0", "line": "2", "col": 1, "msg": ""}]),
        ("run", {"output": "hi"}),  # passed missing
        ("run", {"passed": True, "flaky": True}),
        ("run", {"passed": True, "confirmed": "yes"}),
        ("exec", {"passed": True}),  # no such stage
        ("run", [1, 2]),
    ],
)
def test_decode_refuses(stage: str, value: Any) -> None:
    assert decode(stage, value) is None


@pytest.mark.parametrize(
    ("stage", "result"),
    [
        ("check", CheckResult("u1", True, vet=(VirtualHit("m1", 1, 1, "vet says"),))),
        ("check", CheckResult("u3", False, crashed=True, tests=HeldTests(fuzz=("FuzzX",)))),
        ("vet", (VirtualHit(msg="in g"),)),
        ("run", RunResult(False, "a\n", 1, flaky="order", other="b\n", confirmed=True)),
    ],
)
def test_round_trip(stage: str, result: Any) -> None:
    assert decode(stage, encode(result)) == result
