"""Child processes with a time limit, killed with their whole process group, output capped."""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import resource
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from io import BufferedReader
from pathlib import Path
from typing import Any, cast

from coursecheck.errors import FatalError

OUTPUT_CAP = 1 << 20  # bytes of a snippet's output that are kept and compared
TAIL_CAP = 64 << 10  # bytes kept from the end of an output longer than OUTPUT_CAP
FILE_CAP = 4 * OUTPUT_CAP  # bytes a snippet may write to any file, its output included


@dataclass(frozen=True)
class Completed:
    returncode: int
    stdout: str
    stderr: str
    timed_out: bool = False
    truncated: bool = False  # output went past OUTPUT_CAP: stdout is its head
    tail: str = ""  # when truncated: the last TAIL_CAP bytes of the output
    limit: str | None = None  # a sandbox limit that ended the run ("memory", "processes", ...)

    @property
    def killed_by(self) -> int | None:
        """The signal that ended the process, if one did."""
        return -self.returncode if self.returncode < 0 else None


@cache
def _unshare() -> tuple[str, ...]:
    """`unshare -rn` cuts a run off the network where the kernel allows user namespaces."""
    tool = shutil.which("unshare")
    if tool is None:
        return ()
    try:
        ok = subprocess.run([tool, "-rn", "true"], capture_output=True, timeout=5).returncode == 0
    except (OSError, subprocess.SubprocessError):
        ok = False
    return (tool, "-rn") if ok else ()


# In a new user and mount namespace: keep `writable` writable, make the rest of / read-only,
# then run the program from it (`cd` again: the old working directory is on the read-only
# mount). Mounts other than / (tmpfs and the like) keep their own flags.
READONLY_ROOT = (
    'mount --bind "$1" "$1" && mount -o remount,bind,ro / && cd "$1" && shift && exec "$@"'
)


@cache
def readonly_root() -> bool:
    """Whether this machine lets a run see / read-only (user and mount namespaces allowed)."""
    base = _unshare()
    if not base:
        return False
    with tempfile.TemporaryDirectory() as probe:
        try:
            argv = [base[0], "-rnm", "sh", "-c", READONLY_ROOT, "sh", probe, "true"]
            return subprocess.run(argv, capture_output=True, timeout=5).returncode == 0
        except (OSError, subprocess.SubprocessError):
            return False


def _isolation(writable: Path | None) -> tuple[str, ...]:
    base = _unshare()
    if base and writable is not None and readonly_root():
        return (base[0], "-rnm", "sh", "-c", READONLY_ROOT, "sh", str(writable))
    return base


def _no_core() -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _snippet_limits() -> None:
    # Runs in the child: output goes to a file, so a runaway writer meets RLIMIT_FSIZE
    # (SIGXFSZ) instead of filling our memory through a pipe.
    _no_core()
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_CAP, FILE_CAP))


def run(
    args: Sequence[str],
    *,
    cwd: Path,
    env: dict[str, str],
    timeout: float,
    stdin: str | None = None,
    isolate: bool = False,
    output_file: Path | None = None,
    writable: Path | None = None,
) -> Completed:
    """Run a tool (output through pipes) or, with output_file, a snippet (output capped).
    `isolate` cuts the network; with `writable`, only that folder can be written to."""
    argv = [*(_isolation(writable) if isolate else ()), *args]
    sink = output_file.open("wb") if output_file else None
    proc = subprocess.Popen(
        argv,
        cwd=cwd,
        env=env,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=sink or subprocess.PIPE,
        stderr=subprocess.STDOUT if sink else subprocess.PIPE,
        start_new_session=True,
        preexec_fn=_snippet_limits if sink else _no_core,
    )
    try:
        out, err = proc.communicate(stdin.encode() if stdin is not None else None, timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        _kill(proc)
        out, err = proc.communicate()
        timed_out = True
    except BaseException:  # Ctrl-C: leave no snippet or compiler running behind us
        _kill(proc)
        raise
    if sink and output_file:
        sink.close()
        with output_file.open("rb") as handle:
            out = handle.read(OUTPUT_CAP + 1)
    truncated = len(out or b"") > OUTPUT_CAP or proc.returncode == -signal.SIGXFSZ
    return Completed(
        proc.returncode,
        (out or b"")[:OUTPUT_CAP].decode("utf-8", "replace"),
        (err or b"").decode("utf-8", "replace"),
        timed_out,
        truncated,
    )


def _kill(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


@dataclass(frozen=True)
class Limits:
    """Per-process limits of a snippet run (rlimits set by the launcher)."""

    memory: int = 512 << 20  # RLIMIT_DATA: Go's heap; address-space reservations are free
    processes: int = 128  # RLIMIT_NPROC: tasks, threads included
    file_size: int = FILE_CAP  # RLIMIT_FSIZE
    cpu: int = 60  # RLIMIT_CPU seconds
    open_files: int = 256  # RLIMIT_NOFILE
    scratch: int = 64 << 20  # size of the scratch tmpfs (cwd and /tmp)

    def flags(self) -> list[str]:
        return [
            f"-mem={self.memory}",
            f"-nproc={self.processes}",
            f"-fsize={self.file_size}",
            f"-cpu={self.cpu}",
            f"-nofile={self.open_files}",
            f"-tmpfs={self.scratch}",
        ]


class SandboxError(FatalError):
    """The launcher could not build the sandbox for a run."""


def run_snippet(
    argv: Sequence[str],
    *,
    binaries: Path,
    scratch: Path,
    env: dict[str, str],
    timeout: float,
    limits: Limits | None = None,
    jail: Path | None = None,
) -> Completed:
    """Run a built snippet program or test binary (argv[0] lies in `binaries`) in the sandbox.

    `scratch` names its working directory, a fresh tmpfs inside the sandbox and the only place
    it may write. Output (stdout and stderr merged) comes through a pipe: the first OUTPUT_CAP
    bytes and the last TAIL_CAP bytes are kept, the rest is read and dropped, so a long output
    never decides a verdict. `jail` names the launcher (default: the sandbox's, per policy).
    """
    limits = limits or Limits(cpu=max(1, math.ceil(timeout)))
    if jail is None:
        from coursecheck.snippets import sandbox  # it builds the launcher with run()

        jail = sandbox.launcher()
    if jail is None:
        fallback = [*_isolation(scratch), *argv]
        done = _piped(fallback, scratch, env, timeout, lambda: _fallback_limits(limits))
        return replace(done, limit=_limit_hit(done.returncode, {}, done, limits))
    status_read, status_write = os.pipe()
    try:
        launch = [str(jail), f"-status={status_write}", f"-parent={os.getpid()}"]
        launch += limits.flags()
        launch += ["-bin", str(binaries), "-scratch", str(scratch), "--", *argv]
        try:
            done = _piped(launch, scratch, env, timeout, None, (status_write,), status_write)
        except OSError as exc:
            raise SandboxError(f"cannot start the sandbox launcher {jail}: {exc}") from exc
        status = _read_status(status_read)
    finally:
        os.close(status_read)
    if status.get("error"):
        raise SandboxError(f"the snippet sandbox failed: {status['error']}")
    code = -int(status["signal"]) if status.get("signal") else int(status.get("code", 0))
    if not status:  # killed before init reported (the wall-time limit)
        code = done.returncode
    return replace(done, returncode=code, limit=_limit_hit(code, status, done, limits))


def fallback_isolation() -> str:
    """What a run gets without the sandbox, for the warning that says so."""
    if _unshare() and readonly_root():
        return "with / read-only and no network, but no PID namespace nor process limit"
    if _unshare():
        return "without network but with the whole file system writable"
    return "with no isolation at all (only time, output, file-size and memory limits)"


def _fallback_limits(limits: Limits) -> None:
    _no_core()
    for resource_id, value in (
        (resource.RLIMIT_FSIZE, limits.file_size),
        (resource.RLIMIT_DATA, limits.memory),
        (resource.RLIMIT_NOFILE, limits.open_files),
    ):
        resource.setrlimit(resource_id, (value, value))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu, limits.cpu + 1))


def _piped(
    argv: Sequence[str],
    cwd: Path,
    env: dict[str, str],
    timeout: float,
    preexec: Callable[[], None] | None,
    pass_fds: tuple[int, ...] = (),
    close_after_start: int | None = None,
) -> Completed:
    try:
        proc = subprocess.Popen(
            argv,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=preexec,
            pass_fds=pass_fds,
        )
    finally:
        if close_after_start is not None:
            os.close(close_after_start)  # the launcher holds it now: EOF when it exits
    assert proc.stdout is not None
    reader = _CappedReader(cast(BufferedReader, proc.stdout))
    reader.start()
    # A timer kills at the limit while wait() blocks: Popen.wait(timeout) polls with growing
    # sleeps, which would add milliseconds to every short run.
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        _kill(proc)

    timer = threading.Timer(timeout, expire)
    timer.start()
    try:
        proc.wait()
    except BaseException:
        _kill(proc)
        raise
    finally:
        timer.cancel()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # nothing the snippet started outlives it
        reader.join(5.0)
    head, tail, total = reader.result()
    return Completed(
        proc.returncode,
        head.decode("utf-8", "replace"),
        "",
        expired.is_set(),
        total > OUTPUT_CAP,
        tail.decode("utf-8", "replace") if total > OUTPUT_CAP else "",
    )


def _read_status(fd: int) -> dict[str, Any]:
    chunks = []
    while chunk := os.read(fd, 4096):
        chunks.append(chunk)
        if sum(map(len, chunks)) > 1 << 16:
            break
    for line in b"".join(chunks).decode("utf-8", "replace").splitlines():
        with contextlib.suppress(ValueError):
            value = json.loads(line)
            if isinstance(value, dict):
                return value
    return {}


# What Go prints, lowercased, when a limit stops it (the launcher's rlimits cause these).
_LIMIT_TEXT = (
    ("memory", ("out of memory", "cannot allocate memory")),
    ("processes", ("resource temporarily unavailable", "failed to create new os thread")),
    ("open-files", ("too many open files",)),
    ("file-size", ("file too large",)),
    ("disk", ("no space left on device",)),
)


# The sandbox's filter denies every new process (fork, vfork, clone of a process): what Go's
# os/exec and syscall.ForkExec say then.
_SPAWN_DENIED = re.compile(r"fork/exec [^\n]*: operation not permitted")


# The Go runtime faulting in its own code (a program's faults are panics: "panic: runtime error").
# Under the sandbox's RLIMIT_DATA it happens when an allocation the limit refused leaves the
# garbage collector short (seen in runtime.(*spanQueue).tryDrain); how it prints varies from run
# to run, so read as anything but the memory limit it would be a GO016 "prints differently".
_RUNTIME_FAULT = re.compile(
    r"^(?:SIGSEGV: segmentation violation|fatal error: unexpected signal during runtime execution)",
    re.MULTILINE,
)
GO_CRASH = 2  # the exit status of a Go program the runtime ends (panic, fatal error)


def _limit_hit(code: int, status: dict[str, Any], done: Completed, limits: Limits) -> str | None:
    """Which limit ended a failed run, if one did (the wall-time limit is `timed_out`)."""
    if code == 0 or done.timed_out:
        return None
    if code in (-signal.SIGXCPU, -signal.SIGKILL) and float(status.get("cpu", 0)) >= limits.cpu:
        return "cpu"
    if code == -signal.SIGXFSZ:
        return "file-size"
    text = (done.stdout + done.tail).lower()
    if code == -signal.SIGSEGV and not text.strip():
        # Go turns every fault it sees into a printed panic; a silent SIGSEGV is the kernel's,
        # sent when execve cannot map the program's data (global variables) under RLIMIT_DATA.
        return "memory"
    if code == GO_CRASH and _RUNTIME_FAULT.search(done.stdout + done.tail) and "panic:" not in text:
        return "memory"
    if _SPAWN_DENIED.search(text):
        return "new-process"
    return next((name for name, marks in _LIMIT_TEXT if any(m in text for m in marks)), None)


class _CappedReader(threading.Thread):
    """Drains a pipe, keeping its head and tail: a runaway writer costs no memory."""

    def __init__(self, pipe: BufferedReader) -> None:
        super().__init__(daemon=True)
        self.pipe = pipe
        self.head = bytearray()
        self.tail = bytearray()
        self.total = 0

    def run(self) -> None:
        with self.pipe:
            while chunk := self.pipe.read1(1 << 16):
                self.total += len(chunk)
                room = OUTPUT_CAP - len(self.head)
                if room > 0:
                    self.head += chunk[:room]
                self.tail = (self.tail + chunk)[-TAIL_CAP:]

    def result(self) -> tuple[bytes, bytes, int]:
        return bytes(self.head), bytes(self.tail), self.total
