"""What the snippet pipeline says while it works (progress, how long each toolchain stage
took), as data. The pipeline emits; the command line listens and decides what to show: only
it prints."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Building:
    """Snippets the cache could not answer are about to be built."""

    snippets: int


@dataclass(frozen=True)
class StageTimed:
    """A toolchain stage of the run finished (the benchmarks read these)."""

    stage: str
    seconds: float


@dataclass(frozen=True)
class StageStarted:
    """A toolchain stage of the run begins (its name as in StageTimed)."""

    stage: str


@dataclass(frozen=True)
class Ran:
    """Runs of programs and test binaries finished so far in the current stage, of `total`."""

    done: int
    total: int


@dataclass(frozen=True)
class FirstRun:
    """Go's build cache for this toolchain is empty: the standard library is compiled first,
    into `cache`, once for every folder of the user."""

    cache: Path


Event = Building | StageTimed | StageStarted | Ran | FirstRun
Listener = Callable[[Event], None]
_listeners: list[Listener] = []


def emit(event: Event) -> None:
    for listener in list(_listeners):
        listener(event)


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    """Send the events emitted inside the block to `listener`."""
    _listeners.append(listener)
    try:
        yield
    finally:
        _listeners.remove(listener)


@contextmanager
def timed(stage: str) -> Iterator[None]:
    emit(StageStarted(stage))
    start = time.perf_counter()
    try:
        yield
    finally:
        emit(StageTimed(stage, time.perf_counter() - start))
