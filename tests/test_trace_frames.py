"""The generated main's frames, dropped from a crash trace: the shared binary's (mux) and the
split ones' (mux1, mux2, ... when the shared build had to be cut in halves), one line per case."""

from __future__ import annotations

import pytest

from coursecheck.snippets.trace import GENERATED_MAIN

CASES = [
    ("\tcc/mux/main.go:31 +0x1d", True),
    ("\tcc/mux1/main.go:31 +0x1d", True),
    ("\tcc/mux12/main.go:8", True),
    ("\t/tmp/run-1/mux/main.go:31 +0x1d", True),  # a build without -trimpath
    ("\t/tmp/go-build1/b001/_testmain.go:45 +0x2b", True),
    ("\tcc/muxer/main.go:31 +0x1d", False),
    ("\t/coursecheck/m0:5 +0x1d", False),
    ("main.main()", False),
]


@pytest.mark.parametrize(("line", "generated"), CASES)
def test_generated_main_frames(line: str, generated: bool) -> None:
    assert (GENERATED_MAIN.match(line) is not None) is generated
