"""Which sandbox limit a failed run's exit and output point at (one line per case). The runtime
faulting in its own code under the memory limit printed differently in each run and was
reported as GO016 (a flaky verdict seen in the full suite: test_batch_init[allocates])."""

from __future__ import annotations

import signal

import pytest

from coursecheck.snippets.proc import Completed, Limits, _limit_hit

RUNTIME_SEGV = (
    "SIGSEGV: segmentation violation\nPC=0x4a1b2c m=3 sigcode=1 addr=0x0\n\n"
    "goroutine 0 gp=0xc000002380 m=3 mp=0xc000080008 [idle]:\n"
    "runtime.(*spanQueue).tryDrain(0xc000030000, 0x0, 0x0)\n"
)
UNEXPECTED = "fatal error: unexpected signal during runtime execution\n[signal SIGSEGV]\n"
NIL_DEREF = (
    "panic: runtime error: invalid memory address or nil pointer dereference\n"
    "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x47e1d0]\n"
)
CASES = [
    ("runtime-segv", 2, RUNTIME_SEGV, "memory"),
    ("runtime-unexpected-signal", 2, UNEXPECTED, "memory"),
    ("program-nil-dereference", 2, NIL_DEREF, None),
    ("silent-kernel-segv", -signal.SIGSEGV, "", "memory"),
    ("go-out-of-memory", 2, "fatal error: out of memory\n", "memory"),
    ("threads", 2, "runtime: failed to create new OS thread\n", "processes"),
    ("plain-exit-1", 1, "boom\n", None),
    ("runtime-segv-text-exit-1", 1, RUNTIME_SEGV, None),
]


@pytest.mark.parametrize(
    ("code", "output", "limit"), [pytest.param(c, o, lim, id=i) for i, c, o, lim in CASES]
)
def test_limit_read_from_the_run(code: int, output: str, limit: str | None) -> None:
    done = Completed(code, output, "")
    assert _limit_hit(code, {}, done, Limits()) == limit
