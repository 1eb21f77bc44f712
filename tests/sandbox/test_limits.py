"""proc.run_snippet with limits of its own: the CPU limit, which the CLI's runs (CPU time equal
to their time limit) rarely reach before the wall clock, and what is not a limit."""

from __future__ import annotations

from pathlib import Path

from coursecheck.snippets import proc
from coursecheck.snippets.cache import toolchain_cache
from coursecheck.snippets.toolchain import hermetic_env, require_go

SPIN = """package main

import "os"

func main() {
	if len(os.Args) > 1 {
		os.Stdout.WriteString("failing on purpose\\n")
		os.Exit(1)
	}
	for i := 0; i < 3; i++ {
		go func() {
			for {
			}
		}()
	}
	for {
	}
}
"""


def _build(tmp_path: Path) -> Path:
    go = require_go()
    src, binaries = tmp_path / "src", tmp_path / "bin"
    src.mkdir()
    binaries.mkdir()
    (src / "main.go").write_text(SPIN, encoding="utf-8")
    (src / "go.mod").write_text(f"module spin\n\ngo {go.language}\n", encoding="utf-8")
    env = hermetic_env(go, toolchain_cache(), tmp_path)  # the session's shared Go cache
    done = proc.run(
        [str(go.binary), "build", "-o", str(binaries / "spin"), "."],
        cwd=src,
        env=env,
        timeout=300.0,
    )
    assert done.returncode == 0, done.stderr
    return binaries / "spin"


def test_a_program_burning_cpu_on_every_core_meets_the_cpu_limit(tmp_path: Path) -> None:
    spin = _build(tmp_path)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    done = proc.run_snippet(
        [str(spin)],
        binaries=spin.parent,
        scratch=scratch,
        env={},
        timeout=120.0,
        limits=proc.Limits(cpu=1),
    )
    assert (done.timed_out, done.killed_by, done.limit) == (False, 9, "cpu")


def test_a_program_that_just_fails_hit_no_limit(tmp_path: Path) -> None:
    spin = _build(tmp_path)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    done = proc.run_snippet(
        [str(spin), "fail"], binaries=spin.parent, scratch=scratch, env={}, timeout=120.0
    )
    assert (done.returncode, done.stdout, done.limit) == (1, "failing on purpose\n", None)
