"""The configuration file: `[tool.coursecheck]` in pyproject.toml, parsed into a `Config` (which
rules run, where, how severe). Finding the course and applying `go`/`sandbox` is `runsetup.py`."""

from __future__ import annotations

import fnmatch
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coursecheck.diagnostics import Severity
from coursecheck.errors import FatalError
from coursecheck.hints import did_you_mean
from coursecheck.paths import relative_posix

KEYS = {"course", "select", "ignore", "per-file-ignores", "severity", "go", "sandbox", "lenient"}
# "auto": the sandbox is required under CI, locally a weaker isolation may stand in (with a
# warning); "required": always; "optional": runs without it are allowed, even under CI.
SANDBOX_POLICIES = ("auto", "required", "optional")


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ("",)
    ignore: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    severity: dict[str, Severity] = field(default_factory=dict)
    course: str = "course"
    go: str | None = None
    source: Path | None = None
    sandbox: str | None = None
    # `check FILE`: only these files (as reports write them) are reported. The engine must know,
    # so that a finding whose root cause lies in another file says so (cascade.py).
    only: tuple[str, ...] = ()
    # `snippets --check` in lenient mode (snippets/lenient.py); `check` is always strict.
    lenient: bool = False

    def is_selected(self, code: str) -> bool:
        """Longest matching prefix wins, as in flake8 and ruff; a tie goes to ignore."""
        chosen = _longest(code, self.select)
        ignored = _longest(code, self.ignore)
        return chosen >= 0 and chosen > ignored

    def is_ignored_in(self, code: str, path: Path) -> bool:
        """Per-file patterns match the path relative to the folder of the pyproject.toml that
        holds them (the working directory when there is none), with `/`: the same file gets
        the same verdict from whichever folder coursecheck runs."""
        if self.only and relative_posix(path) not in self.only:
            return True
        shown = relative_posix(path, self.source.parent if self.source else None)
        return any(
            fnmatch.fnmatch(shown, pattern) and any(code.startswith(p) for p in prefixes)
            for pattern, prefixes in self.per_file_ignores.items()
        )

    def severity_of(self, code: str, default: Severity) -> Severity:
        matches = [p for p in self.severity if code.startswith(p)]
        return self.severity[max(matches, key=len)] if matches else default

    def unknown_prefixes(self, codes: Iterable[str]) -> list[str]:
        """Prefixes that match no rule: `--select en` or a typo would otherwise silently
        turn every check off and report "All checks passed!"."""
        known = list(codes)
        per_file = (p for prefixes in self.per_file_ignores.values() for p in prefixes)
        written = {*self.select, *self.ignore, *self.severity, *per_file}
        return sorted(p for p in written if not any(code.startswith(p) for code in known))

    def with_cli(self, select: list[str] | None, ignore: list[str] | None) -> Config:
        return Config(
            tuple(select) if select else self.select,
            self.ignore + tuple(ignore or ()),
            self.per_file_ignores,
            self.severity,
            self.course,
            self.go,
            self.source,
            self.sandbox,
            lenient=self.lenient,
        )


def _longest(code: str, prefixes: tuple[str, ...]) -> int:
    return max((len(p) for p in prefixes if code.startswith(p)), default=-1)


def find_pyproject(start: Path) -> Path | None:
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(pyproject: Path | None) -> Config:
    if pyproject is None:
        return Config()
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise FatalError(f"{pyproject}: cannot read configuration: {exc}") from exc
    except RecursionError as exc:  # tomllib recurses once per level of nesting
        raise FatalError(
            f"{pyproject}: cannot read configuration: arrays or inline tables nest too deeply"
        ) from exc
    table = data.get("tool", {}).get("coursecheck")
    if table is None:
        return Config(source=None)
    return _parse(table, pyproject)


def _parse(table: Any, where: Path) -> Config:
    if not isinstance(table, dict):
        raise FatalError(f"{where}: [tool.coursecheck] must be a table")
    unknown = sorted(set(table) - KEYS)
    if unknown:
        hint = did_you_mean(unknown[0], sorted(KEYS)) or f"; known keys: {', '.join(sorted(KEYS))}"
        raise FatalError(f"{where}: unknown key {unknown[0]!r} in [tool.coursecheck]{hint}")
    return Config(
        select=_codes(table.get("select", [""]), "select", where) or ("",),
        ignore=_codes(table.get("ignore", []), "ignore", where),
        per_file_ignores={
            str(k): _codes(v, f"per-file-ignores.{k}", where)
            for k, v in _table(table.get("per-file-ignores", {}), "per-file-ignores", where).items()
        },
        severity=_severities(_table(table.get("severity", {}), "severity", where), where),
        course=_string(table.get("course", "course"), "course", where),
        go=_string(table["go"], "go", where) if "go" in table else None,
        source=where,
        sandbox=_sandbox(table["sandbox"], where) if "sandbox" in table else None,
        lenient=_flag(table.get("lenient", False), "lenient", where),
    )


def _codes(value: Any, key: str, where: Path) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FatalError(f"{where}: [tool.coursecheck] {key} must be a list of code prefixes")
    if value == [""]:  # the default selection: every rule
        return ("",)
    from coursecheck import codelists  # reads the rule registry: not at import time

    return codelists.parse(value, f"{relative_posix(where)} [tool.coursecheck] {key}")


def _table(value: Any, key: str, where: Path) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise FatalError(f"{where}: [tool.coursecheck] {key} must be a table")
    return value


def _string(value: Any, key: str, where: Path) -> str:
    if not isinstance(value, str):
        raise FatalError(f"{where}: [tool.coursecheck] {key} must be a string")
    return value


def _flag(value: Any, key: str, where: Path) -> bool:
    if not isinstance(value, bool):
        raise FatalError(f"{where}: [tool.coursecheck] {key} must be true or false")
    return value


def _severities(table: dict[str, Any], where: Path) -> dict[str, Severity]:
    """Keys read like `select`'s words (codes, prefixes, names, any case), values checked."""
    from coursecheck import codelists  # reads the rule registry: not at import time

    severities = {str(k): _severity(v, k, where) for k, v in table.items()}
    codes = codelists.parse(severities, f"{relative_posix(where)} [tool.coursecheck] severity")
    return dict(zip(codes, severities.values(), strict=True))


def _severity(value: Any, key: str, where: Path) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        raise FatalError(
            f"{where}: [tool.coursecheck] severity.{key} must be 'error' or 'warning'"
        ) from None


def _sandbox(value: Any, where: Path) -> str:
    if value not in SANDBOX_POLICIES:
        raise FatalError(
            f"{where}: [tool.coursecheck] sandbox must be one of "
            + ", ".join(f"{p!r}" for p in SANDBOX_POLICIES)
        )
    return str(value)
