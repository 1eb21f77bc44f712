"""The snippet pipeline's progress on stderr, so a long run is never silent: on a terminal one
live line (what is running, n of N, seconds), elsewhere (a pipe, CI logs, pre-commit) plain
lines at each stage and a heartbeat while a stage runs. stdout stays the report."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from coursecheck.errors import printable
from coursecheck.snippets import events

HEARTBEAT = 5.0  # seconds of silence after which a plain line says what is still running
SAY_AFTER = 1.0  # seconds a stage runs before a plain line names it
FRAME = 0.2  # seconds between redraws of the live line
SPINNER = "|/-\\"
CLEAR = "\r\x1b[K"  # back to the start of the line, erase it
LABELS = {
    "helper build": "building coursecheck's Go helper",
    "helper": "type-checking {snippets} Go snippet(s)",
    "go vet": "running go vet",
    "go build": "compiling and linking the programs",
    "runs": "running the programs",
    "go test": "building and running the tests",
}


class Display:
    """Renders events; a ticker thread redraws the live line, or writes the heartbeat."""

    def __init__(self, stream: TextIO, live: bool, timings: bool = False) -> None:
        self.stream, self.live, self.timings = stream, live, timings
        self.lock = threading.Lock()
        self.snippets = 0
        self.label = ""  # the stage running, as the user reads it; "" before the first
        self.started = self.last_line = time.monotonic()
        self.runs: tuple[int, int] | None = None
        self.said = False  # the running stage has had its plain line
        self.shown = False  # the live line is on screen
        self.stop = threading.Event()
        self.ticker = threading.Thread(target=self._tick, name="coursecheck-progress", daemon=True)

    def __call__(self, event: events.Event) -> None:
        with self.lock:
            self._handle(event)

    def _handle(self, event: events.Event) -> None:
        if isinstance(event, events.StageTimed):
            self.label = ""  # between stages there is nothing to name
            self._erase()
            if self.timings:
                self._line(f"timing: {event.stage} {event.seconds:.3f}s")
        elif isinstance(event, events.Building):
            self.snippets = event.snippets
            self._line(f"coursecheck: building {event.snippets} Go snippet(s)")
            if not self.ticker.is_alive():
                self.ticker.start()
        elif isinstance(event, events.FirstRun):
            self._line(
                "coursecheck: the first run with this Go toolchain on this machine compiles Go's "
                f"standard library into {printable(str(event.cache))} (once: every folder "
                "shares it; a minute or more on a busy machine)"
            )
        elif isinstance(event, events.StageStarted):
            template = LABELS.get(event.stage, event.stage)
            self.label, self.runs = template.format(snippets=self.snippets), None
            self.started, self.said = time.monotonic(), False
        elif isinstance(event, events.Ran):
            self.runs = (event.done, event.total)
        self._draw()

    def _status(self) -> str:
        seconds = time.monotonic() - self.started
        count = f" {self.runs[0]}/{self.runs[1]} runs" if self.runs else ""
        return f"{self.label}{count} ({seconds:.0f} s)"

    def _line(self, text: str) -> None:
        """A permanent line, above the live one."""
        self._write((CLEAR if self.shown else "") + text + "\n")
        self.shown = False
        self.last_line = time.monotonic()

    def _draw(self) -> None:
        if self.live and self.label:
            spin = SPINNER[int(time.monotonic() / FRAME) % len(SPINNER)]
            self._write(f"{CLEAR}coursecheck: {spin} {self._status()}")
            self.shown = True

    def _tick(self) -> None:
        while not self.stop.wait(FRAME if self.live else SAY_AFTER / 2):
            with self.lock:
                if self.live:
                    self._draw()
                elif self.label:
                    self._heartbeat(time.monotonic())

    def _heartbeat(self, now: float) -> None:
        """A stage's line once it has run a while (most take a blink and are not worth a
        line), then a line whenever the log has been quiet for HEARTBEAT seconds."""
        if not self.said and now - self.started >= SAY_AFTER:
            self._line(f"coursecheck: {self.label}")
            self.said = True
        elif now - self.last_line >= HEARTBEAT:
            self._line(f"coursecheck: still {self._status()}")

    def close(self) -> None:
        self.stop.set()
        if self.ticker.is_alive():
            self.ticker.join()
        with self.lock:
            self._erase()

    def _erase(self) -> None:
        if self.shown:
            self._write(CLEAR)
            self.shown = False

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # stderr closed (`2>&1 | head`): the check goes on
            self.live = False


@contextmanager
def shown(stream: TextIO | None, quiet: bool) -> Iterator[None]:
    """Show the pipeline's events on `stream` while the block runs; `quiet` shows none but
    the stage timings COURSECHECK_TIMING=1 asks for (the benchmarks read them). No stream
    (Python's sys.stderr when the process started with stderr closed): nothing is shown."""
    if stream is None:
        yield
        return
    timings = bool(os.environ.get("COURSECHECK_TIMING"))
    live = stream.isatty() and os.environ.get("TERM") != "dumb"
    display = Display(stream, live and not quiet, timings)
    listener = _timings_only(display) if quiet else display
    with events.listening(listener):
        try:
            yield
        finally:
            display.close()


def _timings_only(display: Display) -> events.Listener:
    def listen(event: events.Event) -> None:
        if isinstance(event, events.StageTimed):
            display(event)

    return listen
