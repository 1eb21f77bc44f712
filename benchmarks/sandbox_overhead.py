"""What the sandbox costs per run: 200 runs of a tiny Go program through each path.

- gojail: `proc.run_snippet` as the engine calls it (user, mount, PID, network, IPC, UTS
  namespaces, a root built from nothing, seccomp, rlimits; three execs of the launcher);
- old: the previous isolation (`unshare -rnm` and a read-only bind of /, through `proc.run`);
- bare: the program started directly, no isolation (the floor).

Run it with `PYTHONPATH=. python -m benchmarks.sandbox_overhead [--runs N]`; it prints a
Markdown table and the ratio gojail / old.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from coursecheck.cache.peruser import toolchain_cache
from coursecheck.snippets import proc, sandbox
from coursecheck.snippets.toolchain import hermetic_env, require_go

HELLO = 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n'


def build(folder: Path) -> Path:
    go = require_go()
    src, binaries = folder / "src", folder / "bin"
    src.mkdir()
    binaries.mkdir()
    (src / "main.go").write_text(HELLO, encoding="utf-8")
    (src / "go.mod").write_text(f"module hello\n\ngo {go.language}\n", encoding="utf-8")
    env = hermetic_env(go, toolchain_cache(), folder)
    out = binaries / "hello"
    subprocess.run([str(go.binary), "build", "-o", str(out), "."], cwd=src, env=env, check=True)
    return out


def per_run(runs: int, one: Callable[[], str]) -> float:
    assert one().strip() == "hello"  # warm, and a check that the path works at all
    start = time.perf_counter()
    for _ in range(runs):
        one()
    return (time.perf_counter() - start) / runs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="sandbox-bench-") as tmp:
        folder = Path(tmp)
        hello = build(folder)
        scratch = folder / "scratch"
        scratch.mkdir()
        env = {"PATH": "/usr/bin:/bin", "HOME": str(scratch), "TMPDIR": str(scratch)}
        jail = sandbox.launcher()
        if jail is None:
            raise SystemExit("the sandbox cannot be built here: nothing to measure")

        def gojail() -> str:
            argv = [str(hello)]
            return proc.run_snippet(
                argv, binaries=hello.parent, scratch=scratch, env=env, timeout=30
            ).stdout

        def old() -> str:
            out = folder / "out.txt"
            return proc.run(
                [str(hello)],
                cwd=scratch,
                env=env,
                timeout=30,
                isolate=True,
                output_file=out,
                writable=scratch,
            ).stdout

        def bare() -> str:
            return subprocess.run([str(hello)], env=env, capture_output=True, text=True).stdout

        if not proc.readonly_root():
            raise SystemExit("the old isolation (unshare -rnm) does not work here")
        times = {
            name: per_run(runs, fn)
            for name, fn in (("gojail", gojail), ("old", old), ("bare", bare))
        }
    print(f"| path | per run ({runs} runs) |\n| --- | ---: |")
    for name, seconds in times.items():
        print(f"| {name} | {seconds * 1000:.1f} ms |")
    print(
        f"\ngojail / old: {times['gojail'] / times['old']:.2f}x; "
        f"gojail - bare: {(times['gojail'] - times['bare']) * 1000:.1f} ms per run"
    )


if __name__ == "__main__":
    main()
