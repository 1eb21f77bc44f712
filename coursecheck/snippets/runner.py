"""The toolchain calls of one run: one vet, one build, parallel runs, one go test."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coursecheck.snippets import proc
from coursecheck.snippets.mux import write_mux
from coursecheck.snippets.toolchain import Go

MODULE = "cc"
MUX_PACKAGE = "mai_"  # the helper renames package main of a shared-binary unit to this
WORKERS = 2
VirtualHit = dict[str, Any]  # {"file": "m0", "line": 1, "col": 1, "msg": "..."}
_POSN = re.compile(r"/coursecheck/(?P<file>[msg]\d*):(?P<line>\d+):(?P<col>\d+)")


@dataclass(frozen=True)
class Workspace:
    """The generated module: one package per unit, plus the shared runner binary."""

    root: Path
    go: Go
    env: dict[str, str]

    def go_cmd(self, *args: str, timeout: float, isolate: bool = False) -> proc.Completed:
        return proc.run(
            [str(self.go.binary), *args],
            cwd=self.root,
            env=self.env,
            timeout=timeout,
            isolate=isolate,
        )


def vet(ws: Workspace, ids: list[str]) -> dict[str, list[VirtualHit]]:
    if not ids:
        return {}
    done = ws.go_cmd("vet", "-json", *(f"./{i}" for i in ids), timeout=60.0 + len(ids))
    found: dict[str, list[VirtualHit]] = {i: [] for i in ids}
    for pkg, analyzers in _json_objects(done.stdout + "\n" + done.stderr):
        unit = pkg.rsplit("/", 1)[-1]
        for analyzer, diagnostics in analyzers.items():
            for d in diagnostics if isinstance(diagnostics, list) else []:
                found.setdefault(unit, []).append(
                    _virtual(str(d.get("posn", "")), f"{d.get('message', '')} ({analyzer})")
                )
    return found


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
        return {"file": "g", "line": 0, "col": 0, "msg": msg}
    return {"file": m["file"], "line": int(m["line"]), "col": int(m["col"]), "msg": msg}


def build_runner(
    ws: Workspace, runs: list[str], tests: dict[str, Any], standalone: list[str]
) -> dict[str, str]:
    """Build every runnable unit in one call; returns unit id -> build error text.

    When the shared binary fails to build, the units the errors name are left out and the
    rest are built once more, so one bad snippet cannot fail them all."""
    errors = _build_once(ws, runs, tests, standalone)
    named = {i: text for i, text in errors.items() if text != _UNNAMED}
    if errors and named and len(named) < len(errors):
        retry = _build_once(
            ws,
            [i for i in runs if i not in named],
            {i: t for i, t in tests.items() if i not in named},
            [i for i in standalone if i not in named],
        )
        return named | retry
    return errors


_UNNAMED = "the shared binary of the snippets did not build"


def _build_once(
    ws: Workspace, runs: list[str], tests: dict[str, Any], standalone: list[str]
) -> dict[str, str]:
    targets = [f"./{i}" for i in standalone]
    if runs or tests:
        write_mux(ws.root / "mux", MODULE, runs, tests)
        targets.append("./mux")
    if not targets:
        return {}
    done = ws.go_cmd(
        "build", "-o", str(ws.root / "bin") + "/", *targets, timeout=120.0 + 2 * len(targets)
    )
    if done.returncode == 0:
        return {}
    sections = re.split(rf"^# {MODULE}/", done.stderr, flags=re.MULTILINE)
    errors = dict.fromkeys([*runs, *tests, *standalone], _UNNAMED)
    for section in sections[1:]:
        unit, _, text = section.partition("\n")
        if unit in errors:
            errors[unit] = text.strip()
    return errors


Run = tuple[str, bool, float, tuple[str, ...]]  # unit id, in the shared binary, limit, arguments


def run_all(ws: Workspace, runs: list[Run]) -> dict[str, dict[str, Any]]:
    """Run the programs on both cores."""
    with ThreadPoolExecutor(WORKERS) as pool:
        results = pool.map(lambda r: _run_one(ws, *r), runs)
        return {run[0]: result for run, result in zip(runs, results, strict=True)}


def _run_one(
    ws: Workspace, unit: str, mux: bool, timeout: float, args: tuple[str, ...]
) -> dict[str, Any]:
    argv = [str(ws.root / "bin" / "mux"), unit] if mux else [str(ws.root / "bin" / unit)]
    argv += args
    cwd = ws.root / "run" / unit
    cwd.mkdir(parents=True, exist_ok=True)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(cwd), "TMPDIR": str(cwd), "GOMAXPROCS": "2"}
    done = proc.run_snippet(
        argv, binaries=Path(argv[0]).parent, scratch=cwd, env=env, timeout=timeout
    )
    output = done.stdout.replace(MUX_PACKAGE + ".", "main.") if mux else done.stdout
    return {
        "passed": done.returncode == 0 and not done.timed_out,
        "output": output,
        "code": done.returncode,
        "timed_out": done.timed_out,
        "truncated": done.truncated,
        "limit": done.limit,
    }


def test_args(timeout: float) -> tuple[str, ...]:
    """What `go test -run=. -bench=. -benchtime=1x` passes to a test binary."""
    return ("-test.run=.", "-test.bench=.", "-test.benchtime=1x", f"-test.timeout={timeout:g}s")


def test_all(ws: Workspace, tests: list[tuple[str, float]]) -> dict[str, dict[str, Any]]:
    """Test binaries built outside the sandbox (`go test -c`), each run inside it."""
    if not tests:
        return {}
    folder = ws.root / "bin" / "tests"
    built = ws.go_cmd(
        "test",
        "-c",
        "-vet=off",
        "-o",
        str(folder) + "/",
        *(f"./{i}" for i, _ in tests),
        timeout=120.0 + 2 * len(tests),
    )
    results: dict[str, dict[str, Any]] = {}
    for unit, limit in tests:
        binary = folder / f"{unit}.test"
        if not binary.is_file():
            results[unit] = {"passed": False, "output": built.stderr, "timed_out": built.timed_out}
            continue
        cwd = ws.root / "run" / unit
        cwd.mkdir(parents=True, exist_ok=True)
        env = {"PATH": "/usr/bin:/bin", "HOME": str(cwd), "TMPDIR": str(cwd), "GOMAXPROCS": "2"}
        argv = [str(binary), "-test.paniconexit0", *test_args(limit)]
        done = proc.run_snippet(argv, binaries=folder, scratch=cwd, env=env, timeout=limit + 5)
        results[unit] = {
            "passed": done.returncode == 0 and not done.timed_out,
            "output": done.stdout,
            "timed_out": done.timed_out or "panic: test timed out" in done.stdout,
            "limit": done.limit,
        }
    return results
