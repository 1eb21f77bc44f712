"""One verdict from runs of a snippet made at once: what differs between them is chance."""

from __future__ import annotations

import re
from dataclasses import replace

from coursecheck.snippets.results import RunResult

# What differs between two runs of the same trace: addresses, goroutine numbers, offsets.
_TRACE_START = re.compile(
    r"^(?:panic: |fatal error: |unexpected signal|\[signal |SIG[A-Z]+: |goroutine \d+ )",
    re.MULTILINE,
)
_FRAME_REGISTERS = re.compile(r" fp=0x[0-9a-f]+ sp=0x[0-9a-f]+ pc=0x[0-9a-f]+")
_OFFSET = re.compile(r" \+0x[0-9a-f]+$", re.MULTILINE)
_ADDRESS = re.compile(r"\b0x[0-9a-f]{4,}\b\??")  # Go marks a guessed argument with ?
_HEADER = re.compile(r"^goroutine \d+ ", re.MULTILINE)
_GOROUTINE = re.compile(r"\bgoroutine \d+\b")
_REGISTER = re.compile(r"^(?P<name>[a-z][a-z0-9]{1,6}\s+)0x[0-9a-f]+$", re.MULTILINE)  # rax  0x1f


def steady(text: str) -> str:
    """The text with a Go trace's run-to-run details made constant, from the trace on: what a
    program prints before it is compared as it is."""
    start = _TRACE_START.search(text)
    if start is None:
        return text
    trace = text[start.start() :]
    headers = [m.start() for m in _HEADER.finditer(trace)]
    if len(headers) > 1:  # a crash lists the runtime's goroutines too, each time in a new state
        trace = trace[: headers[1]].rstrip() + "\n\n(other goroutines left out)\n"
    trace = _FRAME_REGISTERS.sub("", trace)
    trace = _OFFSET.sub("", trace)
    trace = _REGISTER.sub(r"\g<name>0x?", _ADDRESS.sub("0x?", trace))
    return text[: start.start()] + _GOROUTINE.sub("goroutine N", trace)


def settle(results: list[RunResult], test: bool) -> RunResult:
    """One verdict from runs made at once. Tests that pass in one run only, or a program whose
    runs print differently, are left to chance: `flaky` says what differed (verdict, output,
    or only the order of the lines), `other` holds the other run's output."""
    stopped = [r for r in results if r.timed_out or r.limit]
    if stopped:  # a time or sandbox limit ended a run: that is the verdict (GO008, GO017)
        return stopped[0]
    first = results[0]
    for other in results[1:]:
        if test and other.passed != first.passed:
            failed, passed = (first, other) if other.passed else (other, first)
            return replace(failed, flaky="verdict", other=passed.output)
        if not test and _printed(other) != _printed(first):
            same = sorted(_printed(other)[0]) == sorted(_printed(first)[0])
            return replace(first, flaky="order" if same else "output", other=other.output)
    return first


def _printed(result: RunResult) -> tuple[list[str], int]:
    text = steady(result.output + result.tail)
    return [line.rstrip() for line in text.strip().splitlines()], result.code


def trusted(result: RunResult) -> bool:
    """A cached run result that may stand for new runs: a failure (no chance made it pass), or
    a pass that runs in two separate checks confirmed (see `confirm`)."""
    return not result.passed or result.confirmed


def confirm(result: RunResult, earlier: RunResult | None, test: bool) -> RunResult:
    """The verdict of this check's runs set against an earlier check's pass of the same
    snippet: when they differ, that is chance (`flaky`); when they agree, the pass is
    confirmed and may be served from the cache from now on."""
    stopped = result.timed_out or result.limit
    if earlier is None or stopped or result.flaky in ("verdict", "output"):
        return result
    both = settle([result, earlier], test)
    return replace(both, confirmed=True) if both.flaky in (None, "order") else both
