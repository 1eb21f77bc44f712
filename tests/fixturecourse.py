"""The acceptance fixtures: the base courses, one overlay per case, and their expected runs.

A case directory holds `expected.toml` and the files that differ from its base course
(`fixtures/clean/` unless it names another); at test time the base is copied, the files of the
cases it names under `layers` and then its own are laid over it and the paths it lists under
`delete` are removed, so every case is a real course on disk (tests/fixtures/README.md).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from progresslines import without_progress

from coursecheck.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CLEAN = FIXTURES / "clean"
MINI = FIXTURES / "mini"
# The courses a case can start from: `none` is an empty folder (a case that builds its own).
BASES: dict[str, Path | None] = {"clean": CLEAN, "mini": MINI, "none": None}
ROOT_TOKEN = "<root>"  # the run folder's absolute path, as a case records it
CASES = FIXTURES / "cases"
EXPECTED = "expected.toml"
UPDATE_ENV = "COURSECHECK_UPDATE_FIXTURES"
CASE_CODE_RE = re.compile(r"^(?P<code>[A-Z]{2}\d{3})-[a-z0-9-]+$")
TEXT_CODE_RE = re.compile(r"^[^\s:]+:\d+:\d+: (?P<code>[A-Z]{2}\d{3})\b", re.MULTILINE)
# Variables that change what a run prints (colour, GitHub detection, pre-commit): the fixtures
# record a plain run, so a developer's or CI's environment must not leak into them.
AMBIENT_ENV = (
    "NO_COLOR",
    "FORCE_COLOR",
    "CLICOLOR_FORCE",
    "GITHUB_ACTIONS",
    "GITHUB_STEP_SUMMARY",
    "PRE_COMMIT",
    "CI",
)


@dataclass
class Expected:
    path: Path
    description: str
    args: list[str]
    exit_code: int
    stdout: str
    stderr: str = ""
    delete: list[str] = field(default_factory=list)
    also: list[str] = field(default_factory=list)
    cwd: str = "."  # where the run starts, relative to the run folder (`days`: inside it)
    base: str = "clean"  # the course the case starts from: a key of BASES
    at: str = "."  # where the base course sits inside the run folder
    layers: list[str] = field(default_factory=list)  # cases laid over the base before this one
    env: dict[str, str] = field(default_factory=dict)  # variables set for the run
    runs: int = 1  # runs in a row, each printing the same (a warm cache must not change it)

    @classmethod
    def load(cls, path: Path) -> Expected:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
        return cls(path, **data)

    def save(self) -> None:
        lines = [f"description = {_basic(self.description)}", f"args = {_list(self.args)}"]
        lines += [f"delete = {_list(self.delete)}"] if self.delete else []
        lines += [f"also = {_list(self.also)}"] if self.also else []
        lines += [f"base = {_basic(self.base)}"] if self.base != "clean" else []
        lines += [f"at = {_basic(self.at)}"] if self.at != "." else []
        lines += [f"layers = {_list(self.layers)}"] if self.layers else []
        lines += [f"env = {_table(self.env)}"] if self.env else []
        lines += [f"cwd = {_basic(self.cwd)}"] if self.cwd != "." else []
        lines += [f"runs = {self.runs}"] if self.runs != 1 else []
        lines += [f"exit_code = {self.exit_code}", f"stdout = {_multiline(self.stdout)}"]
        lines += [f"stderr = {_multiline(self.stderr)}"] if self.stderr else []
        self.path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    @property
    def codes(self) -> set[str]:
        """The rule codes the expected output reports, text or JSON."""
        if self.stdout.lstrip().startswith("{"):
            return {d["code"] for d in json.loads(self.stdout)["diagnostics"]}
        return {m["code"] for m in TEXT_CODE_RE.finditer(self.stdout)}


def _basic(text: str) -> str:
    # A JSON string is a valid TOML basic string (same escapes) once DEL is escaped too.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _list(items: list[str]) -> str:
    return "[" + ", ".join(_basic(item) for item in items) + "]"


def _table(items: dict[str, str]) -> str:
    return "{ " + ", ".join(f"{_basic(k)} = {_basic(v)}" for k, v in items.items()) + " }"


def _multiline(text: str) -> str:
    """A multi-line literal string when the text allows it, so expected output reads as is."""
    plain = all(c in "\n\t" or (c >= " " and c != "\x7f") for c in text)
    if plain and "'''" not in text and text.endswith("\n"):
        return "'''\n" + text + "'''"
    return _basic(text)


def case_dirs() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if (p / EXPECTED).is_file())


def case_code(case: Path) -> str | None:
    m = CASE_CODE_RE.match(case.name)
    return m["code"] if m else None


def materialize(case: Path | None, dest: Path, plain: Path = CLEAN) -> Path:
    """The case's run folder at `dest`: its base course (at `at`), the files of its layers and
    its own laid over it, its deletions made. No case: the `plain` base course as it is."""
    expected = Expected.load(case / EXPECTED) if case else None
    base = BASES[expected.base] if expected else plain
    if base is None:
        dest.mkdir(parents=True)
    else:
        shutil.copytree(
            base,
            dest / (expected.at if expected else "."),
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns(EXPECTED),
        )
    if case is None or expected is None:
        return dest
    for layer in [CASES / name for name in expected.layers] + [case]:
        _lay(layer, dest)
    return dest


def _lay(case: Path, dest: Path) -> None:
    """The case's files over `dest` (replacing or adding), then its deletions."""
    for source in sorted(case.rglob("*")):
        relative = source.relative_to(case)
        if source.is_dir() or relative == Path(EXPECTED):
            continue
        (dest / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, dest / relative)
    for name in Expected.load(case / EXPECTED).delete:
        target = dest / name
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink()


@dataclass(frozen=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str


def run_in(
    folder: Path,
    args: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str] | None = None,
) -> Run:
    """`coursecheck ARGS` in-process with `folder` as the working directory and a plain env
    (with `env` set over it)."""
    for name in AMBIENT_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "dumb")
    for name, value in (env or {}).items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(folder)
    capsys.readouterr()
    code = main(args)
    out, err = capsys.readouterr()
    return Run(code, out, "".join(f"{line}\n" for line in without_progress(err)))


def updating() -> bool:
    return os.environ.get(UPDATE_ENV, "") not in ("", "0")
