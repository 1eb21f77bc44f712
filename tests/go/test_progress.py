"""No silence longer than 10 seconds: while Go snippets build, stderr says what is running.

Each test runs the real CLI as a process over a course whose snippets are not cached, with a
`go` wrapper (faultkit.wrapped_go) that makes `go build` slow, and reads stderr as it comes,
stamping each line with the time it arrived. The gaps measured are about silence, not speed:
a step sleeps far longer than the gap allowed."""

from __future__ import annotations

import itertools
import os
import pty
import re
import subprocess
import sys
import time
from pathlib import Path

from faultkit import full_course, wrapped_go

from coursecheck.progress import CLEAR

SLOW_STEP = 25  # seconds the wrapped `go build` sleeps
MAX_SILENCE = 10.0
ANSI = re.compile(r"\x1b\[")


def _env(tmp_path: Path, go: Path, **more: str) -> dict[str, str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(__file__).parents[2]),
        "COURSECHECK_CACHE_DIR": str(tmp_path / "results"),
        "COURSECHECK_GO": str(go),
        **more,
    }
    for name in ("GITHUB_ACTIONS", "COURSECHECK_TIMING"):
        env.pop(name, None)
    return env


def _slow_go(tmp_path: Path, seconds: int) -> Path:
    return wrapped_go(tmp_path / "goroot", f'if [ "$1" = build ]; then sleep {seconds}; fi')


def _stamped_run(
    argv: list[str], cwd: Path, env: dict[str, str]
) -> tuple[list[float], list[str], str]:
    """Run, reading stderr line by line: the times (start, each line, exit), the lines, stdout."""
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "coursecheck", *argv],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None and proc.stdout is not None
    times, lines = [start], []
    for line in proc.stderr:
        times.append(time.monotonic())
        lines.append(line)
    stdout = proc.stdout.read()
    proc.wait(timeout=600)
    times.append(time.monotonic())
    return times, lines, stdout


def test_a_piped_run_is_never_silent_for_10_seconds(tmp_path: Path) -> None:
    course = full_course(tmp_path / "course")
    go = _slow_go(tmp_path, SLOW_STEP)
    times, lines, stdout = _stamped_run(["check", str(course)], tmp_path, _env(tmp_path, go))
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert times[-1] - times[0] > SLOW_STEP  # the slow step did run
    assert max(gaps) < MAX_SILENCE, (gaps, lines)
    text = "".join(lines)
    assert not ANSI.search(text) and "\r" not in text  # plain lines: no animation in a log
    assert "coursecheck: building 3 Go snippet(s)\n" in lines
    assert "coursecheck: compiling and linking the programs\n" in lines
    assert any(ln.startswith("coursecheck: still compiling and linking") for ln in lines)
    # stdout is the report alone, as a quiet run with a fast go writes it
    quiet = subprocess.run(
        [sys.executable, "-m", "coursecheck", "check", str(course), "--quiet"],
        cwd=tmp_path,
        env=_env(tmp_path, go, COURSECHECK_CACHE_DIR=str(tmp_path / "quiet-results")),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert (quiet.stdout, quiet.stderr) == (stdout, "")
    assert "GO001" in stdout


def test_the_first_run_on_a_machine_says_it_compiles_the_standard_library(tmp_path: Path) -> None:
    course = full_course(tmp_path / "course")
    go = wrapped_go(
        tmp_path / "goroot", 'if [ "$1" = build ]; then echo "no go today" >&2; exit 1; fi'
    )
    fresh = tmp_path / "user-go-cache"  # no go-build inside: nothing compiled yet
    env = _env(tmp_path, go, COURSECHECK_GOCACHE=str(fresh))
    _, lines, stdout = _stamped_run(["check", str(course)], tmp_path, env)
    notes = [ln for ln in lines if "compiles Go's standard library" in ln]
    assert len(notes) == 1 and str(fresh) in notes[0], lines
    # the error stays one line, the last one, after the progress
    assert lines[-1].startswith("coursecheck: error: cannot build coursecheck's Go helper")
    assert [ln for ln in lines if "error" in ln] == [lines[-1]] and stdout == ""


def test_a_terminal_gets_one_live_line_and_stdout_the_report(tmp_path: Path) -> None:
    course = full_course(tmp_path / "course")
    go = _slow_go(tmp_path, 3)
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "coursecheck", "check", str(course)],
        cwd=tmp_path,
        env=_env(tmp_path, go, TERM="xterm"),
        stdout=subprocess.PIPE,
        stderr=slave,
        text=True,
    )
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    stdout, _ = proc.communicate(timeout=600)
    os.close(master)
    screen = shown.decode()
    frames = set(re.findall(r"compiling and linking the programs \((\d+) s\)", screen))
    assert len(frames) >= 2, screen  # redrawn while the step runs, its seconds counting
    assert "still" not in screen  # the heartbeat is for logs
    assert screen.endswith(CLEAR)  # the live line is gone when the check ends
    assert CLEAR not in stdout and "GO001" in stdout


def test_quiet_says_nothing_while_snippets_build(tmp_path: Path) -> None:
    course = full_course(tmp_path / "course")
    go = _slow_go(tmp_path, 7)
    _, lines, stdout = _stamped_run(["check", "--quiet", str(course)], tmp_path, _env(tmp_path, go))
    assert lines == [] and "GO001" in stdout


def test_a_closed_stderr_costs_the_progress_not_the_check(tmp_path: Path) -> None:
    course = full_course(tmp_path / "course")
    go = _slow_go(tmp_path, 0)
    done = subprocess.run(
        [sys.executable, "-m", "coursecheck", "check", str(course)],
        cwd=tmp_path,
        env=_env(tmp_path, go),
        stdout=subprocess.PIPE,
        text=True,
        timeout=600,
        preexec_fn=lambda: os.close(2),
    )
    assert done.returncode == 1 and "GO001" in done.stdout, done.stdout
