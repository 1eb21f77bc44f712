"""The Go helper: built once per toolchain by the pinned go, cached, then asked in one call."""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from importlib import resources
from pathlib import Path

from coursecheck.cache.folder import atomic_write
from coursecheck.cache.peruser import toolchain_cache
from coursecheck.errors import FatalError
from coursecheck.snippets import proc
from coursecheck.snippets.faults import Fault, signal_name, step_timeout, tool_step
from coursecheck.snippets.isolate import Outcome, attribute_failures
from coursecheck.snippets.results import CheckResult, VirtualHit, check_result
from coursecheck.snippets.shapes import check_result_shape
from coursecheck.snippets.toolchain import Go, hermetic_env, require_go
from coursecheck.snippets.units import Member, member_json

BUILD_TIMEOUT = 300.0


SOURCES = (
    "main.go",
    "gofmt.go",
    "vet.go",
    "novet.go",
    "mapprint.go",
    "initrule.go",
    "mapeffects.go",
    "versions.go",  # snippets true to the Go version they claim
    "stdversion.go",
    "stdversion_novet.go",
    "wrapping.go",  # fragment wrapping as exact as Go
    "lenient.go",  # Markdown not written for coursecheck (snippets --lenient)
)


def helper_sources() -> dict[str, str]:
    folder = resources.files("coursecheck.snippets") / "gohelper"
    return {name: (folder / name).read_text("utf-8") for name in SOURCES}


def helper_hash(go: Go) -> str:
    text = "\0".join([go.version, *helper_sources().values()])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _prepare(src: Path, go: Go) -> list[str]:
    """Write the helper's module; vet's analyzers come from the toolchain's own cmd/vendor."""
    for name, text in helper_sources().items():
        (src / name).write_text(text, encoding="utf-8")
    cmd = go.goroot / "src" / "cmd"
    if (cmd / "vendor" / "golang.org" / "x" / "tools" / "go" / "analysis").is_dir():
        shutil.copytree(cmd / "vendor", src / "vendor")
        gomod = (
            (cmd / "go.mod").read_text(encoding="utf-8").replace("module cmd", "module cchelper")
        )
        (src / "go.mod").write_text(gomod, encoding="utf-8")
        return ["-mod=vendor"]
    (src / "go.mod").write_text(f"module cchelper\n\ngo {go.language}\n", encoding="utf-8")
    return ["-tags=novet"]


def ensure_helper(go: Go, cache: Path, env: dict[str, str]) -> Path:
    binary = cache / "helper" / helper_hash(go) / "cchelper"
    if binary.is_file():
        return binary
    with tempfile.TemporaryDirectory(dir=_mkdir(cache / "tmp")) as tmp:
        src = Path(tmp)
        flags = _prepare(src, go)
        done = tool_step(
            "the build of coursecheck's Go helper",
            step_timeout(BUILD_TIMEOUT),
            lambda limit: proc.run(
                [str(go.binary), "build", *flags, "-o", str(src / "cchelper"), "."],
                cwd=src,
                env=env,
                timeout=limit,
            ),
        )
        if done.returncode != 0:
            raise FatalError(
                f"cannot build coursecheck's Go helper with {go.binary} "
                "(run again with --verbose to see why)",
                done.stderr,
            )
        # Executable before the rename: a process racing this build runs it as it appears.
        atomic_write(binary, (src / "cchelper").read_bytes(), mode=0o755)
    return binary


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


FORMAT_TIMEOUT = 60.0


def gofmt_texts(sources: list[str]) -> list[str | None]:
    """Each source as gofmt writes it, None where it does not parse: the helper's go/format,
    the very gofmt that GO003 checks with, so the fix writes what the check wants."""
    go = require_go()
    cache = toolchain_cache()
    with tempfile.TemporaryDirectory(dir=_mkdir(cache / "tmp")) as tmp:
        env = hermetic_env(go, cache, Path(tmp))
        binary = ensure_helper(go, cache, env)
        request = json.dumps({"format": sources})
        done = tool_step(
            "coursecheck's Go helper",
            step_timeout(FORMAT_TIMEOUT),
            lambda limit: proc.run(
                [str(binary)], cwd=Path(tmp), env=env, timeout=limit, stdin=request
            ),
            _helper_fault,
        )
    texts = _formatted(done.stdout, len(sources))
    if done.returncode != 0 or texts is None:
        raise Fault("coursecheck's Go helper", "it gave no formatted text", _crash_text(done))
    return texts


def _formatted(stdout: str, count: int) -> list[str | None] | None:
    try:
        texts = json.loads(stdout)
    except ValueError:
        return None
    whole = isinstance(texts, list) and len(texts) == count
    return texts if whole and all(t is None or isinstance(t, str) for t in texts) else None


HELPER_FAULT = 3  # the helper's exit status when the toolchain or the machine failed it
CRASH = "crash"  # the kind of the finding a unit gets when it alone crashes the helper


@dataclass(frozen=True)
class UnitRequest:
    """A unit as the helper sees it (Unit in gohelper/main.go)."""

    id: str
    members: tuple[Member, ...]
    runnable: bool  # a package the shared binary imports: the helper writes it (mux, write)
    go_version: str = ""  # the release its page claims (snippets/versions.py)
    claimed_by: str = ""
    lenient: bool = False  # the last member is checked against the others (lenient.go)
    ahead: int = 0  # lenient: how many members come from further on the page


@dataclass(frozen=True)
class HelperRequest:
    """What the helper is asked to check (Request in gohelper/main.go)."""

    root: Path  # the generated module
    module: str
    go_version: str
    vet: bool
    list_timeout: float
    unit_timeout: float
    units: tuple[UnitRequest, ...]

    def only(self, units: Iterable[UnitRequest]) -> HelperRequest:
        return replace(self, units=tuple(units))

    def to_json(self) -> str:
        # Each distinct member is sent once: a lenient unit carries its page's other blocks,
        # so the same blocks recur across a page's units (Request.Members in main.go).
        table: dict[Member, int] = {}
        units = [
            {
                "id": u.id,
                "mux": u.runnable,
                "write": u.runnable,
                "refs": [table.setdefault(m, len(table)) for m in u.members],
                "go_version": u.go_version,
                "claimed_by": u.claimed_by,
                "lenient": u.lenient,
                "ahead": u.ahead,
            }
            for u in self.units
        ]
        members = [member_json(m) for m in table]
        head = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "units"}
        return json.dumps(head | {"root": str(self.root), "units": units, "members": members})


# A program that takes the helper's every step: inferred import, go list, type-check.
_CONTROL = UnitRequest("ucontrol", (Member('fmt.Println("control")', "", False),), False)


def call_helper(
    binary: Path, request: HelperRequest, cwd: Path, env: dict[str, str], timeout: float
) -> list[CheckResult]:
    """One result per unit of the request, in order.

    When the helper crashes (a fatal error in go/types is not recoverable in Go), the units
    are bisected over more calls: a unit that crashes it alone, twice, gets a crash finding
    and the others their true verdicts, provided the helper still checks an empty program."""
    by_id = {unit.id: unit for unit in request.units}
    results: dict[str, CheckResult] = {}

    def attempt(group: list[str]) -> Outcome:
        asked = request.only(by_id[i] for i in group)
        crash = _call(binary, asked, cwd, env, timeout, results)
        if crash is not None and len(group) == 1:  # a crash of one unit must happen again
            crash = _call(binary, asked, cwd, env, timeout, results)
        return Outcome({}) if crash is None else Outcome({}, crash, _last_checked(crash))

    crashes = attribute_failures(list(by_id), attempt)
    if crashes:
        control = _call(binary, request.only([_CONTROL]), cwd, env, timeout, {})
        if control is not None:
            raise Fault("coursecheck's Go helper", "it crashes even on an empty program", control)
    return [results.get(i) or _crashed(i, crashes[i]) for i in by_id]


def _call(
    binary: Path,
    request: HelperRequest,
    cwd: Path,
    env: dict[str, str],
    timeout: float,
    results: dict[str, CheckResult],
) -> str | None:
    """Ask the helper; store its results and return None, or return how it crashed."""

    def run(limit: float) -> proc.Completed:
        return proc.run([str(binary)], cwd=cwd, env=env, timeout=limit, stdin=request.to_json())

    done = tool_step("coursecheck's Go helper", timeout, run, _helper_fault)
    checked = _parse(done.stdout, [u.id for u in request.units])
    if done.returncode != 0 or checked is None:
        return _crash_text(done)
    results.update((r.id, r) for r in checked)
    return None


def _helper_fault(done: proc.Completed, limit: float) -> str | None:
    """A time limit or a fault the helper reports (go list failed, say); a crash is not."""
    if done.timed_out:
        return f"it ran longer than its limit of {limit:g}s"
    if done.returncode == HELPER_FAULT:
        said = [ln for ln in done.stderr.splitlines() if ln.startswith(_FAULT_PREFIX)]
        return said[-1].removeprefix(_FAULT_PREFIX) if said else "it reported a fault"
    return None


_FAULT_PREFIX = "cchelper: fault: "
_PROGRESS = "cchelper: checking "


def _parse(stdout: str, ids: list[str]) -> list[CheckResult] | None:
    """The helper's results when they are whole: one well-formed result per unit asked."""
    try:
        results = json.loads(stdout)
    except ValueError:
        return None
    if (
        not isinstance(results, list)
        or [r.get("id") if isinstance(r, dict) else None for r in results] != ids
    ):
        return None
    if not all(check_result_shape(r) for r in results):
        return None
    return [check_result(r) for r in results]


def _crash_text(done: proc.Completed) -> str:
    """How the helper crashed, its last progress line (the unit it was on) first."""
    lines = done.stderr.splitlines()
    progress = [ln for ln in lines if ln.startswith(_PROGRESS)][-1:]
    said = [ln for ln in lines if ln.strip() and not ln.startswith(_PROGRESS)]
    said = [ln for ln in said if ln.startswith(("fatal error:", "panic:"))] or said
    how = f"killed by {signal_name(done.killed_by)}" if done.killed_by else ""
    return "\n".join([*progress, *([how] if how else []), *said[:10]])


def _last_checked(crash: str) -> list[str]:
    first = crash.split("\n", 1)[0]
    return [first.removeprefix(_PROGRESS).strip()] if first.startswith(_PROGRESS) else []


def _crashed(unit_id: str, crash: str) -> CheckResult:
    said = [ln for ln in crash.splitlines() if not ln.startswith(_PROGRESS)]
    message = (
        f"coursecheck's Go checker crashed on this snippet ({said[0] if said else 'no output'})"
    )
    finding = VirtualHit(msg=message, kind=CRASH)
    return CheckResult(unit_id, False, (finding,), type_errors=1, crashed=True)
