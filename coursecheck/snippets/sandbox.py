"""The snippet sandbox: the gojail launcher (built once per toolchain), whether it works on
this machine (probed once per process), and what to do when it does not (the policy)."""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import ClassVar

from coursecheck.cache.folder import atomic_write
from coursecheck.cache.peruser import toolchain_cache
from coursecheck.config import SANDBOX_POLICIES as POLICIES
from coursecheck.errors import FatalError
from coursecheck.runsetup import SANDBOX_ENV_VAR as POLICY_VAR
from coursecheck.runsetup import in_ci
from coursecheck.snippets import proc
from coursecheck.snippets.toolchain import Go, hermetic_env, require_go

SOURCES = (
    "main.go",
    "root.go",
    "filter.go",
    "seccomp_amd64.go",
    "seccomp_arm64.go",
    "seccomp_other.go",
)
REMEDY = (
    "allow unprivileged user namespaces (on Ubuntu 24.04: "
    "`sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`), or accept running "
    'snippets unsandboxed with sandbox = "optional" in [tool.coursecheck] '
    "(or COURSECHECK_SANDBOX=optional)"
)


@dataclass(frozen=True)
class Probe:
    launcher: Path | None  # None: the sandbox cannot be built here
    reason: str = ""


class _Once:
    """The probe's answer and the warning, once per process (runs start from two threads)."""

    lock: ClassVar[threading.Lock] = threading.Lock()
    probe: ClassVar[Probe | None] = None
    warned: ClassVar[bool] = False
    pending: ClassVar[list[str]] = []


def policy() -> str:
    value = os.environ.get(POLICY_VAR, "auto").strip().lower() or "auto"
    if value not in POLICIES:
        raise FatalError(f"{POLICY_VAR}={value!r}: expected one of {', '.join(POLICIES)}")
    return value


def launcher() -> Path | None:
    """The launcher to run snippets through, or None to fall back to weaker isolation (after
    a one-time warning). Raises FatalError where the policy demands the sandbox."""
    with _Once.lock:
        if _Once.probe is None:
            _Once.probe = _probe()
        found = _Once.probe
    if found.launcher is not None:
        return found.launcher
    if required():
        why = "under CI" if policy() == "auto" else 'with sandbox = "required"'
        raise FatalError(
            f"the snippet sandbox cannot be built here ({found.reason}); {why} coursecheck "
            f"refuses to run untrusted snippets without it: {REMEDY}"
        )
    with _Once.lock:
        if not _Once.warned:
            _Once.warned = True
            _Once.pending.append(
                f"the snippet sandbox cannot be built here ({found.reason}); snippets run "
                f"{proc.fallback_isolation()}. To fix: {REMEDY.split(', or accept')[0]}"
            )
    return None


def required() -> bool:
    rule = policy()
    return rule == "required" or (rule == "auto" and in_ci())


def isolation() -> str:
    """What a result of this run is guaranteed to have been produced under, for the caches'
    keys: a result that may have run unsandboxed never serves a run that requires the sandbox.
    Decided by the policy, not by probing, so a warm run starts no process."""
    return "sandboxed" if required() else "sandboxed or not"


def take_warnings() -> list[str]:
    """The warnings not yet shown: the CLI prints them once."""
    with _Once.lock:
        taken = list(_Once.pending)
        _Once.pending.clear()
        return taken


def _probe() -> Probe:
    if sys.platform != "linux":
        return Probe(None, f"there is no sandbox on {sys.platform}, only on Linux")
    try:
        binary = _find_launcher()
    except FatalError as exc:
        return Probe(None, _one_line(f"the launcher cannot be built: {exc}"))
    with tempfile.TemporaryDirectory(prefix="coursecheck-probe-") as scratch:
        try:
            done = proc.run_snippet(
                [str(binary), "-selftest"],
                binaries=binary.parent,
                scratch=Path(scratch),
                env={"PATH": "/usr/bin:/bin"},
                timeout=30.0,
                jail=binary,
            )
        except proc.SandboxError as exc:
            reason = str(exc).removeprefix("the snippet sandbox failed: ")
            return Probe(None, _one_line(_explained(reason)))
    if done.returncode == 0 and done.stdout.strip() == "contained":
        return Probe(binary)
    said = done.stdout.strip().splitlines()
    return Probe(None, _one_line(f"its self-test failed: {said[-1] if said else done.returncode}"))


def _explained(reason: str) -> str:
    """The kernel says ENOSPC when no user namespace may be made: say what that means."""
    if "no space left on device" in reason:
        return (
            f"{reason}: user namespaces are switched off or used up "
            "(sysctl user.max_user_namespaces)"
        )
    return reason


def _one_line(text: str, limit: int = 300) -> str:
    """A reason fit for the one line of an exit-2 message or a warning."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _find_launcher() -> Path:
    return ensure_launcher(require_go(), toolchain_cache())


def launcher_sources() -> dict[str, str]:
    folder = resources.files("coursecheck.snippets") / "gojail"
    return {name: (folder / name).read_text("utf-8") for name in SOURCES}


def ensure_launcher(go: Go, cache: Path) -> Path:
    """Build gojail with the pinned go (standard library only) into the toolchain cache. It
    sits alone in its folder: the probe mounts that folder as the program's."""
    text = "\0".join([go.version, *launcher_sources().values()])
    binary = cache / "gojail" / hashlib.sha256(text.encode()).hexdigest()[:16] / "gojail"
    if binary.is_file():
        return binary
    (cache / "tmp").mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache / "tmp") as tmp:
        src = Path(tmp)
        for name, source in launcher_sources().items():
            (src / name).write_text(source, encoding="utf-8")
        (src / "go.mod").write_text(f"module gojail\n\ngo {go.language}\n", encoding="utf-8")
        env = hermetic_env(go, cache, cache / "tmp")  # not src: go ignores go.mod in TMPDIR
        out = src / "gojail"
        done = proc.run(
            [str(go.binary), "build", "-o", str(out), "."], cwd=src, env=env, timeout=300.0
        )
        if done.returncode != 0:
            raise FatalError(f"cannot build the sandbox launcher with {go.binary}:\n{done.stderr}")
        # Executable before the rename: a process racing this build runs it as it appears.
        atomic_write(binary, out.read_bytes(), mode=0o755)
    return binary
