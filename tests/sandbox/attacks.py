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

CLEAN = Path(__file__).resolve().parents[1] / "fixtures" / "clean"
PAGE = "days/day-03-slices-maps.md"
ANCHOR = "The slice header is three words: a pointer, a length and a capacity.\n"
SECRET_VAR = "COURSECHECK_ATTACK_SECRET"
CLI_TIMEOUT = 300.0  # a hang of the gate is a failure, not a stuck test run


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
        page = self.root / PAGE
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace(ANCHOR, ANCHOR + "\n" + "\n".join(blocks)), "utf-8")
        return cli(self.root, env or {}, self.secret, prefix)

    def go_string(self, path: Path | str) -> str:
        return json.dumps(str(path))  # a JSON string is a valid Go string literal


def cli(root: Path, env: dict[str, str], secret: str, prefix: tuple[str, ...] = ()) -> Run:
    full = {**os.environ, SECRET_VAR: secret, **env}
    for name in ("CI", "GITHUB_ACTIONS", "PRE_COMMIT", "COURSECHECK_SANDBOX"):
        if name not in env:
            full.pop(name, None)
    argv = [*prefix, sys.executable, "-m", "coursecheck", "check", "--no-cache", "."]
    done = subprocess.run(
        argv, cwd=root, env=full, capture_output=True, text=True, timeout=CLI_TIMEOUT
    )
    return Run(done.returncode, done.stdout, done.stderr)


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
