"""COURSECHECK_TIMING=1 prints how long each toolchain stage took (for the benchmarks)."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def timing(stage: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        if os.environ.get("COURSECHECK_TIMING"):
            print(f"timing: {stage} {time.perf_counter() - start:.3f}s", file=sys.stderr)
