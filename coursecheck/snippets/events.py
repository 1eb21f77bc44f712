"""What the snippet pipeline says while it works (progress, how long each toolchain stage
took), as data. The pipeline emits; the command line listens and decides what to show: only
it prints."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Building:
    """Snippets the cache could not answer are about to be built."""

    snippets: int


@dataclass(frozen=True)
class StageTimed:
    """A toolchain stage of the run finished (the benchmarks read these)."""

    stage: str
    seconds: float


Event = Building | StageTimed
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
    start = time.perf_counter()
    try:
        yield
    finally:
        emit(StageTimed(stage, time.perf_counter() - start))
