"""proc.run_snippet directly: the CPU limit, which the CLI's runs (CPU time equal to their time
limit) rarely reach before the wall clock; what is not a limit; /tmp and the scratch folder;
launchers that fail."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from coursecheck.cache.peruser import toolchain_cache
from coursecheck.snippets import proc, sandbox
from coursecheck.snippets.toolchain import hermetic_env, require_go

SPIN = """package main

import "os"

func main() {
	if len(os.Args) > 1 && os.Args[1] == "files" {
		if os.WriteFile("/tmp/a", nil, 0o644) != nil || os.WriteFile("b", nil, 0o644) != nil {
			os.Exit(2)
		}
		names, _ := os.ReadDir(".")
		for _, name := range names {
			os.Stdout.WriteString(name.Name() + "\\n")
		}
		return
	}
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


def test_tmp_is_the_scratch_folder_wherever_it_lies(tmp_path: Path) -> None:
    """Under /tmp (pytest's folders) the scratch folder is a folder of the /tmp tmpfs; elsewhere
    the tmpfs is bound at its path: /tmp and the working directory are writable either way."""
    spin = _build(tmp_path)
    inside = tmp_path / "scratch"
    inside.mkdir()
    with tempfile.TemporaryDirectory(dir="/var/tmp") as outside:
        listings = [_files(spin, scratch) for scratch in (inside, Path(outside))]
    assert listings[0] == {"b"}  # a folder of /tmp: /tmp/a lies beside it
    assert {"a", "b"} <= listings[1]  # /tmp itself (and the folders holding the program's mount)


def _files(spin: Path, scratch: Path) -> set[str]:
    done = proc.run_snippet(
        [str(spin), "files"], binaries=spin.parent, scratch=scratch, env={}, timeout=60
    )
    assert done.returncode == 0, done.stdout
    assert list(scratch.iterdir()) == []  # nothing reached the host's folder
    return set(done.stdout.split())


def test_a_launcher_that_cannot_start_is_a_sandbox_error(tmp_path: Path) -> None:
    with pytest.raises(proc.SandboxError, match="cannot start the sandbox launcher"):
        proc.run_snippet(
            ["/bin/true"],
            binaries=tmp_path,
            scratch=tmp_path,
            env={},
            timeout=10,
            jail=tmp_path / "no-such-launcher",
        )


def test_a_sandbox_the_launcher_cannot_build_is_a_sandbox_error(tmp_path: Path) -> None:
    spin = _build(tmp_path)
    jail = sandbox.launcher()
    assert jail is not None, "the sandbox cannot be built here: see docs/sandbox.md"
    nested = spin.parent / "scratch"  # inside the program's folder: refused
    nested.mkdir()
    with pytest.raises(proc.SandboxError, match="must not lie inside each other"):
        proc.run_snippet([str(spin)], binaries=spin.parent, scratch=nested, env={}, timeout=10)
