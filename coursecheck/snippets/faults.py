"""Faults: the toolchain or the machine failed, not the snippet.

A fault is never a finding. A step that faults is tried once more (load, memory and signals
pass); a fault that persists stops the run with exit 2 (a `Fault`), so nothing of the run is
cached. See docs/faults.md."""

from __future__ import annotations

import os
import re
import signal
from collections.abc import Callable

from coursecheck.errors import FatalError
from coursecheck.snippets.proc import Completed

TIMEOUT_VAR = "COURSECHECK_TOOL_TIMEOUT"

# What Go and the kernel say when the machine, not the code, failed (matched in lower case).
MACHINE_MARKERS = (
    "signal: killed",
    "signal: segmentation fault",
    "no space left on device",
    "disk quota exceeded",
    "file too large",
    "resource temporarily unavailable",
    "cannot allocate memory",
    "out of memory",
    "too many open files",
    "read-only file system",
    "failed to initialize build cache",
    "fatal error: runtime:",
)
# A compiler diagnostic (`file:line:col: msg`, and its indented continuation lines) may quote
# the snippet's own text: it never makes a fault, or a crafted snippet could stop every run.
_DIAGNOSTIC = re.compile(r"^(\s|.*?:\d+(:\d+)?: )")


class Fault(FatalError):
    """A step of the toolchain failed twice for a reason that is not the snippet's."""

    def __init__(self, step: str, reason: str, detail: str = "") -> None:
        super().__init__(
            f"{step} failed: {reason}; this is not a problem in the course, nothing was cached "
            "(run again with --verbose to see the tool's output)",
            detail.strip(),
        )


def step_timeout(default: float) -> float:
    """COURSECHECK_TOOL_TIMEOUT (seconds) overrides the limit of a build, vet or list step."""
    try:
        return float(os.environ.get(TIMEOUT_VAR) or default)
    except ValueError:
        raise FatalError(f"{TIMEOUT_VAR} must be a number of seconds") from None


def machine_failure(done: Completed, limit: float) -> str | None:
    """Why a tool's run says nothing about the code it was given, or None when it does."""
    if done.timed_out:
        return f"it ran longer than its limit of {limit:g}s"
    if done.killed_by:
        return f"it was killed by {signal_name(done.killed_by)}"
    for line in done.stderr.splitlines():
        if _DIAGNOSTIC.match(line):
            continue
        lowered = line.lower()
        marker = next((m for m in MACHINE_MARKERS if m in lowered), None)
        if marker is not None:
            return line.strip()
    return None


def signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


Classify = Callable[[Completed, float], "str | None"]


def tool_step(
    step: str,
    limit: float,
    run: Callable[[float], Completed],
    classify: Classify = machine_failure,
) -> Completed:
    """Run a toolchain step with its time limit; a fault is retried once, then raised.

    `classify(done, limit)` says why a run was a fault (None: it was not)."""
    done = run(limit)
    if classify(done, limit) is None:
        return done
    done = run(limit)
    reason = classify(done, limit)
    if reason is not None:
        raise Fault(step, reason, done.stderr)
    return done
