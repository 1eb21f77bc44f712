"""Attacks on the snippet sandbox: each a real Go snippet in a fixture course, checked by the
real CLI in a child process. Every write an attack tries targets a folder the test owns."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from progresslines import without_progress

CLEAN = Path(__file__).resolve().parents[1] / "fixtures" / "clean"
PAGE = "days/day-03-slices-maps.md"
ANCHOR = "The slice header is three words: a pointer, a length and a capacity.\n"
SECRET_VAR = "COURSECHECK_ATTACK_SECRET"
POLICY_VAR = "COURSECHECK_SANDBOX"
AUTO = {POLICY_VAR: ""}  # unset: [tool.coursecheck] sandbox, else "auto", decides
CLI_TIMEOUT = 300.0  # a hang of the gate is a failure, not a stuck test run
PROGRAM = "package main\n\nimport (\n{imports}\n)\n\n{body}\n"


def program(imports: str, body: str) -> str:
    """A gofmt-clean Go file of package main: `imports` space-separated, `body` tab-indented."""
    lines = "\n".join(f'\t"{name}"' for name in imports.split())
    return PROGRAM.format(imports=lines, body=body.strip("\n"))


@dataclass(frozen=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def text(self) -> str:
        return self.stdout + self.stderr


@dataclass(frozen=True)
class Attack:
    """A course on disk, a folder the attack aims its writes at, and a secret to leak."""

    root: Path
    target: Path  # owned by the test: no attack write may land here
    secret: str

    def snippet(self, code: str, output: str | None = "blocked", info: str = "go") -> str:
        block = f"```{info}\n{code.strip()}\n```\n"
        return block + (f"\n```output\n{output}\n```\n" if output is not None else "")

    def check(
        self, *blocks: str, env: dict[str, str] | None = None, prefix: tuple[str, ...] = ()
    ) -> Run:
        self.write(blocks)
        return cli(self.root, env or {}, self.secret, prefix)

    def start(self, *blocks: str) -> subprocess.Popen[bytes]:
        """The CLI started on the page, not waited for."""
        self.write(blocks)
        argv, env = cli_command(self.secret, {})
        return subprocess.Popen(
            argv, cwd=self.root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    def write(self, blocks: tuple[str, ...]) -> None:
        page = self.root / PAGE
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace(ANCHOR, ANCHOR + "\n" + "\n".join(blocks)), "utf-8")

    def go_string(self, path: Path | str) -> str:
        return json.dumps(str(path))  # a JSON string is a valid Go string literal


def cli_command(secret: str, env: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """`coursecheck check` of the working directory, with a secret in its environment and
    none of the variables that change its behaviour unless `env` sets them. The sandbox is
    required unless `env` says otherwise: where it cannot be built, an attack must not run
    unsandboxed on a developer's machine (the CLI exits 2 and the test fails, saying why)."""
    full = {**os.environ, SECRET_VAR: secret, POLICY_VAR: "required", **env}
    for name in ("CI", "GITHUB_ACTIONS", "PRE_COMMIT"):
        if name not in env:
            full.pop(name, None)
    return [sys.executable, "-m", "coursecheck", "check", "--no-cache", "."], full


def cli(root: Path, env: dict[str, str], secret: str, prefix: tuple[str, ...] = ()) -> Run:
    argv, full = cli_command(secret, env)
    done = subprocess.run(
        [*prefix, *argv], cwd=root, env=full, capture_output=True, text=True, timeout=CLI_TIMEOUT
    )
    return Run(
        done.returncode, done.stdout, "".join(f"{ln}\n" for ln in without_progress(done.stderr))
    )


def new_attack(tmp_path: Path) -> Attack:
    root = tmp_path / "course"
    shutil.copytree(CLEAN, root)
    (root / "expected.toml").unlink(missing_ok=True)
    target = tmp_path / "target"
    target.mkdir()
    return Attack(root, target, f"secret-{uuid.uuid4().hex}")


def require(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        pytest.fail(f"this test needs `{tool}` (util-linux): apt-get install util-linux")
    return found
