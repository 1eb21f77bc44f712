"""The toolchain calls of one run: one vet, one build, parallel runs, one go test."""

from __future__ import annotations

import itertools
import json
import re
import secrets
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from coursecheck.snippets import proc
from coursecheck.snippets.chance import settle
from coursecheck.snippets.events import Ran, emit
from coursecheck.snippets.faults import Fault, step_timeout, tool_step
from coursecheck.snippets.isolate import Bisection, Outcome
from coursecheck.snippets.mux import PROBE, PROBED, write_mux
from coursecheck.snippets.results import HeldTests, RunResult, VetHits, VirtualHit
from coursecheck.snippets.toolchain import Go

MODULE = "cc"
MUX_PACKAGE = "mai_"  # the helper renames package main of a shared-binary unit to this
WORKERS = 2
_POSN = re.compile(r"/coursecheck/(?P<file>[msg]\d*):(?P<line>\d+):(?P<col>\d+)")
_ERROR_LINE = re.compile(r":\d+:\d+: ")  # file:line:col: message


@dataclass(frozen=True)
class Workspace:
    """The generated module: one package per unit, plus the shared runner binary."""

    root: Path
    go: Go
    env: dict[str, str]
    # unit id -> the GODEBUG defaults of the release it claims (versions.godebug): every unit
    # is built in this one module, whose `go` line is the toolchain's.
    godebug: Mapping[str, str] = field(default_factory=dict)

    def go_cmd(self, *args: str, timeout: float) -> proc.Completed:
        return proc.run([str(self.go.binary), *args], cwd=self.root, env=self.env, timeout=timeout)


def vet(ws: Workspace, ids: list[str]) -> dict[str, VetHits]:
    if not ids:
        return {}
    done = tool_step(
        "`go vet`",
        step_timeout(60.0 + len(ids)),
        lambda limit: ws.go_cmd("vet", "-json", *(f"./{i}" for i in ids), timeout=limit),
    )
    found: dict[str, list[VirtualHit]] = {i: [] for i in ids}
    for pkg, analyzers in _json_objects(done.stdout + "\n" + done.stderr):
        named = _UNIT_ID.search(pkg.rsplit("/", 1)[-1])  # cc/u1, cc/u1_test, cc/u1 [cc/u1.test]
        unit = named.group() if named else ""
        if unit not in found:
            continue
        for analyzer, diagnostics in analyzers.items():
            for d in diagnostics if isinstance(diagnostics, list) else []:
                found[unit].append(
                    _virtual(str(d.get("posn", "")), f"{d.get('message', '')} ({analyzer})")
                )
    for unit, hit in _build_errors(done.stdout + "\n" + done.stderr):
        if unit in found:
            found[unit].append(hit)
    return {unit: tuple(hits) for unit, hits in found.items()}


def _build_errors(text: str) -> Iterable[tuple[str, VirtualHit]]:
    """What `go vet -json` says in plain text: a package it could not load or type-check
    (an external _test package is type-checked only here), under its `# cc/u..._test` header.
    Dropped, they left a block that does not build reported `ok`."""
    unit = ""
    for line in text.splitlines():
        if line.startswith("#"):
            named = _UNIT_ID.search(line)
            unit = named.group() if named else ""
            continue
        message = line.removeprefix("vet: ").strip()
        named = _UNIT_ID.search(message)
        owner = named.group() if named else unit
        if not owner or message.startswith("{") or not _ERROR_LINE.search(message):
            continue
        where = _POSN.search(message)
        text_after = _ERROR_LINE.split(message, maxsplit=1)[-1].strip()
        if where:
            hit = VirtualHit(where["file"], int(where["line"]), int(where["col"]), text_after)
        else:
            hit = VirtualHit(msg=text_after)
        yield owner, replace(hit, kind="type")


def _json_objects(text: str) -> Iterable[tuple[str, dict[str, Any]]]:
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    decoder, at = json.JSONDecoder(), 0
    while (start := body.find("{", at)) >= 0:
        try:
            value, at = decoder.raw_decode(body, start)
        except ValueError:
            at = start + 1
            continue
        if isinstance(value, dict):
            yield from ((k, v) for k, v in value.items() if isinstance(v, dict))


def _virtual(posn: str, msg: str) -> VirtualHit:
    m = _POSN.search(posn)
    if not m:
        return VirtualHit(msg=msg)
    return VirtualHit(m["file"], int(m["line"]), int(m["col"]), msg)


@dataclass(frozen=True)
class Built:
    """The runnable units once built: their errors, and which shared binary holds each."""

    errors: dict[str, str]  # unit id -> its build error
    binary: dict[str, str]  # unit id of a shared binary -> that binary's name in bin/


def build_runner(
    ws: Workspace, runs: list[str], tests: dict[str, HeldTests], standalone: list[str]
) -> Built:
    """Build every runnable unit in one call, then probe the shared binary's initialisation.

    A failure the build output does not pin on a unit (the shared binary's link, say) is
    narrowed down to the units that fail alone, so one bad snippet cannot fail them all. Units
    that build alone but not together (a clash in the link), or whose initialisation changes
    the shared binary (the probe fails), are split into several shared binaries, down to a
    binary of its own for a unit that needs one."""

    def attempt(group: list[str]) -> Outcome:
        chosen = set(group)
        return _build_once(
            ws,
            [i for i in runs if i in chosen],
            {i: t for i, t in tests.items() if i in chosen},
            [i for i in standalone if i in chosen],
        )

    ids = [*runs, *tests, *standalone]
    bisection = Bisection(attempt)
    errors = _confirmed(ws, bisection.run(ids), "`go build` of the snippets", attempt, test=False)
    clean = [i for i in ids if i not in errors]
    shared = [i for i in [*runs, *tests] if i in clean]
    if bisection.passed == clean and (not shared or _probe(ws, MUX)):
        return Built(errors, dict.fromkeys(shared, MUX))
    alone = [i for i in standalone if i in clean]
    leftover = attempt(alone)  # each its own binary: they cannot clash
    if leftover.named or leftover.blind is not None:
        raise Fault(
            "the build of the snippets",
            "it fails, but no snippet fails alone",
            leftover.blind or "\n".join(leftover.named.values()),
        )
    binary, split_errors = _split(ws, [i for i in runs if i in shared], tests, shared)
    return Built(errors | split_errors, binary)


def _split(
    ws: Workspace, runs: list[str], tests: dict[str, HeldTests], shared: list[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """Shared binaries (mux1, mux2, ...) that each build and pass the probe, by halves."""
    binary: dict[str, str] = {}
    names = iter(f"{MUX}{n}" for n in itertools.count(1))

    def attempt(group: list[str]) -> Outcome:
        name, chosen = next(names), set(group)
        outcome = _build_once(
            ws,
            [i for i in runs if i in chosen],
            {i: tests[i] for i in group if i in tests},
            [],
            name,
        )
        if outcome.named or outcome.blind is not None:
            return outcome
        if len(group) > 1 and not _probe(ws, name):
            return Outcome({}, "the shared binary's initialisation is not inert")
        binary.update(dict.fromkeys(group, name))  # alone, a unit's init is its own business
        return outcome

    errors = Bisection(attempt).run(shared)
    return binary, errors


def _confirmed(
    ws: Workspace,
    errors: dict[str, str],
    step: str,
    attempt: Callable[[list[str]], Outcome],
    test: bool,
) -> dict[str, str]:
    """Build errors that are the snippets' own; a fault for those that may be the machine's.

    A snippet's compile errors point into its own files (the //line positions /coursecheck/..).
    An error that does not (an I/O error, a linker's complaint) is the unit's only if a
    known-good control package builds and the unit, built alone once more, fails again."""
    doubtful = [unit for unit, text in errors.items() if not _POSN.search(text)]
    if not doubtful:
        return errors
    control = _build_control(ws, test)
    if control is not None:
        raise Fault(step, f"a known-good control package does not build either: {control}")
    for unit in doubtful:
        again = attempt([unit])
        if unit not in again.named and again.blind is None:
            raise Fault(step, "a snippet failed to build once, then built", errors[unit])
    return errors


CONTROL = {
    "main.go": "package main\n\nfunc main() {}\n",
    "main_test.go": 'package main\n\nimport "testing"\n\nfunc TestControl(t *testing.T) {}\n',
}


def _build_control(ws: Workspace, test: bool) -> str | None:
    """Build (or `go test -c`) a trivial package: None when it builds, else the tool's error."""
    folder = ws.root / "control"
    folder.mkdir(exist_ok=True)
    for name, text in CONTROL.items():
        (folder / name).write_text(text, encoding="utf-8")
    verb = ["test", "-c", "-vet=off"] if test else ["build"]
    done = tool_step(
        f"`go {verb[0]}` of a control package",
        step_timeout(120.0),
        lambda limit: ws.go_cmd(
            *verb, "-o", f"{ws.root / 'control-bin'}/", "./control", timeout=limit
        ),
    )
    if done.returncode == 0:
        return None
    return next((ln.strip() for ln in done.stderr.splitlines() if ln.strip()), "it failed")


MUX = "mux"  # the shared binary, bin/mux; split ones are mux1, mux2, ...
PROBE_LIMIT = 10.0  # seconds: initialising packages takes milliseconds


def _probe(ws: Workspace, name: str) -> bool:
    """Does the shared binary reach main untouched: no exit, panic, print or hang at init?"""
    nonce = secrets.token_hex(8)
    argv = [str(ws.root / "bin" / name), PROBE, nonce]
    result = _run_one(ws, (f"{name}-probe", argv, PROBE_LIMIT, False), 0)
    return result.passed and result.output == PROBED + nonce


# Nothing inlined into the shared main: a link error then names the unit's package, not main.
NO_INLINING = (f"-gcflags={MODULE}/{MUX}...=-l",)
_UNIT_ID = re.compile(r"(?<![0-9A-Za-z])u[0-9a-f]{20}(?![0-9a-f])")  # also in cc/u1_test
_UNNAMED = "the shared binary of the snippets did not build"


def _build_once(
    ws: Workspace,
    runs: list[str],
    tests: dict[str, HeldTests],
    standalone: list[str],
    mux: str = MUX,
) -> Outcome:
    targets = [f"./{i}" for i in standalone]
    if runs or tests:
        write_mux(ws.root / mux, MODULE, runs, tests)
        targets.append(f"./{mux}")
    if not targets:
        return Outcome({})
    done = tool_step(
        "`go build` of the snippets",
        step_timeout(120.0 + 2 * len(targets)),
        lambda limit: ws.go_cmd(
            "build", *NO_INLINING, "-o", f"{ws.root}/bin/", *targets, timeout=limit
        ),
    )
    if done.returncode == 0:
        return Outcome({})
    ids = {*runs, *tests, *standalone}
    named: dict[str, str] = {}
    blind: list[str] = []
    for section in re.split(rf"^# (?={MODULE}/)", done.stderr, flags=re.MULTILINE):
        head, _, text = section.partition("\n")
        package = head.split(" ", 1)[0]
        unit = package.removeprefix(f"{MODULE}/")
        if unit in ids:
            named[unit] = text.strip()
        else:  # the shared main package, the linker, the go command itself
            lines = section.splitlines()[1 if package.startswith(MODULE + "/") else 0 :]
            blind += [ln for ln in lines if ln.strip() and not ln.startswith("# ")]
    unnamed = ids - named.keys()
    if not unnamed:
        return Outcome(named)
    why = "\n".join(blind) or _UNNAMED
    mentioned = [i for i in _UNIT_ID.findall(why) if i in unnamed]
    return Outcome(named, why, mentioned)


Run = tuple[str, str | None, float, tuple[str, ...]]  # unit, its shared binary, limit, arguments
# Each program and test runs this many times at once, so that output left to chance shows;
# a unit that reads the clock or random numbers or starts goroutines runs more often (the
# odds, measured, are in docs/authoring.md).
RUNS = 3
CHANCY_RUNS = 6
TEST_GRACE = 5.0  # seconds past -test.timeout, so the testing package names the hung test
_TIMED_OUT = "panic: test timed out"


def run_all(
    ws: Workspace, runs: list[Run], chancy: frozenset[str] = frozenset()
) -> dict[str, RunResult]:
    """Run each program (arguments empty) or test binary (test_args) RUNS times at once,
    CHANCY_RUNS times for the units in `chancy`."""
    return _run_copies(
        ws,
        [
            (unit, [*_binary(ws, unit, mux), *args], timeout, bool(args))
            for unit, mux, timeout, args in runs
        ],
        chancy,
    )


def _binary(ws: Workspace, unit: str, mux: str | None) -> list[str]:
    return [str(ws.root / "bin" / mux), unit] if mux else [str(ws.root / "bin" / unit)]


Job = tuple[str, list[str], float, bool]  # unit id, argv, limit, a test binary


def _run_copies(ws: Workspace, jobs: list[Job], chancy: frozenset[str]) -> dict[str, RunResult]:
    copies = [  # the copies of a job side by side
        (job, n) for job in jobs for n in range(CHANCY_RUNS if job[0] in chancy else RUNS)
    ]
    stopped: set[str] = set()  # units a limit stopped: that is their verdict, no more copies
    finished = itertools.count(1)  # next() is atomic: the workers share it

    def run(job: Job, copy: int) -> RunResult | None:
        if job[0] in stopped:
            return None
        result = _run_one(ws, job, copy)
        if result.timed_out or result.limit:
            stopped.add(job[0])
        emit(Ran(next(finished), len(copies)))
        return result

    with ThreadPoolExecutor(WORKERS) as pool:
        done = list(pool.map(lambda c: run(*c), copies))
    by_unit: dict[str, list[RunResult]] = {}
    for (job, _), result in zip(copies, done, strict=True):
        if result is not None:
            by_unit.setdefault(job[0], []).append(result)
    return {job[0]: settle(by_unit[job[0]], test=job[3]) for job in jobs}


def _run_one(ws: Workspace, job: Job, copy: int) -> RunResult:
    unit, argv, timeout, test = job
    scratch = ws.root / "run" / f"{unit}-{copy}"  # each copy its own: runs must not meet
    scratch.mkdir(parents=True, exist_ok=True)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(scratch), "TMPDIR": str(scratch), "GOMAXPROCS": "2"}
    if ws.godebug.get(unit):
        env["GODEBUG"] = ws.godebug[unit]
    done = proc.run_snippet(
        argv,
        binaries=Path(argv[0]).parent,
        scratch=scratch,
        env=env,
        timeout=timeout + TEST_GRACE if test else timeout,
    )
    timed_out = done.timed_out or (test and _TIMED_OUT in done.stdout + done.tail)
    return RunResult(
        passed=done.returncode == 0 and not timed_out,
        output=done.stdout,
        code=done.returncode,
        timed_out=timed_out,
        truncated=done.truncated,
        tail=done.tail,
        limit=done.limit,
    )


def run_args(test: bool, timeout: float) -> tuple[str, ...]:
    """What a program (none) or a test binary (test_args) is run with."""
    return test_args(timeout) if test else ()


def test_args(timeout: float) -> tuple[str, ...]:
    """What `go test -run=. -bench=. -benchtime=1x` passes to a test binary; as go test does,
    a call to os.Exit(0) inside a test panics instead of passing."""
    return (
        "-test.run=.",
        "-test.bench=.",
        "-test.benchtime=1x",
        f"-test.timeout={timeout:g}s",
        "-test.paniconexit0",
    )


def test_all(
    ws: Workspace, tests: list[tuple[str, float]], chancy: frozenset[str] = frozenset()
) -> dict[str, RunResult]:
    """Test units the shared binary cannot hold (TestMain, init, external tests): their test
    binaries are built in one `go test -c` outside the sandbox, then each runs in it RUNS
    times (CHANCY_RUNS for `chancy` units), with its own time limit."""
    if not tests:
        return {}
    errors = build_tests(ws, [unit for unit, _ in tests])
    results = {unit: RunResult(False, build_error=text) for unit, text in errors.items()}
    jobs: list[Job] = [
        (unit, [str(_test_binary(ws, unit)), *test_args(timeout)], timeout, True)
        for unit, timeout in tests
        if unit not in errors
    ]
    return results | _run_copies(ws, jobs, chancy)


_TEST_SECTION = re.compile(rf"^# {MODULE}/(u\w+?)(?:_test)?(?: \[[^\]\n]*\])?$", re.MULTILINE)


def build_tests(ws: Workspace, units: list[str]) -> dict[str, str]:
    """Build the test binaries into tbin/ (one `go test -c`); returns unit id -> build error.
    An error goes to the unit its `# cc/<unit>` section names; a failure that names no unit is
    narrowed down to the units that fail alone (isolate.Bisection), so none carries another's
    error."""
    errors = Bisection(lambda group: _build_tests_once(ws, group)).run(units)
    errors = _confirmed(
        ws,
        errors,
        "`go test -c` of the test snippets",
        lambda group: _build_tests_once(ws, group),
        test=True,
    )
    unbuilt = [u for u in units if u not in errors and not _test_binary(ws, u).is_file()]
    if unbuilt:  # they failed together, yet none alone
        leftover = _build_tests_once(ws, unbuilt)
        if leftover.named or leftover.blind is not None:
            raise Fault(
                "`go test -c` of the test snippets",
                "it fails, but no snippet fails alone",
                leftover.blind or "\n".join(leftover.named.values()),
            )
    return errors


def _test_binary(ws: Workspace, unit: str) -> Path:
    return ws.root / "tbin" / f"{unit}.test"


def _build_tests_once(ws: Workspace, units: list[str]) -> Outcome:
    done = tool_step(
        "`go test -c` of the test snippets",
        step_timeout(120.0 + 2 * len(units)),
        lambda limit: ws.go_cmd(
            "test",
            "-c",
            "-vet=off",
            "-o",
            f"{ws.root / 'tbin'}/",
            *(f"./{unit}" for unit in units),
            timeout=limit,
        ),
    )
    if done.returncode == 0:
        return Outcome({})
    parts = _TEST_SECTION.split(done.stderr)
    named: dict[str, str] = {}
    for unit, text in zip(parts[1::2], parts[2::2], strict=True):
        if unit in units:
            named[unit] = (named.get(unit, "") + "\n" + text.strip()).strip()
    unnamed = [u for u in units if u not in named and not _test_binary(ws, u).is_file()]
    if not unnamed:
        return Outcome(named)
    why = parts[0].strip() or done.stderr.strip() or "the test binaries did not build"
    return Outcome(named, why, [i for i in _UNIT_ID.findall(why) if i in unnamed])
