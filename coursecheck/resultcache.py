"""Whole-run results keyed by everything that can change them: an unchanged course is not
even parsed again. The key covers every file under the course folder (content of text files,
size and mtime of others), the configuration, the working directory (paths are reported
relative to it), the environment that picks the Go toolchain, and coursecheck's version."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import stat
from dataclasses import asdict
from pathlib import Path

from coursecheck import __version__
from coursecheck.cachedir import atomic_write, cache_root, unwritable
from coursecheck.config import Config
from coursecheck.diagnostics import Diagnostic, Severity

HASHED_SUFFIXES = {".md", ".yaml", ".yml", ".toml", ".json"}
MAX_HASHED_BYTES = 4 * 1024 * 1024
TRANSIENT_CODES = {"GO008"}


def run_key(root: Path, config: Config) -> str:
    digest = hashlib.sha256()
    settings = (
        __version__,
        str(Path.cwd()),
        repr(config),
        os.environ.get("COURSECHECK_GO", ""),
        _toolchain_stamp(),
        _own_code_stamp(),
    )
    digest.update(repr(settings).encode())
    for path in _files(root):
        digest.update(str(path).encode() + b"\0")
        digest.update(_file_stamp(path))
    return digest.hexdigest()


def _file_stamp(path: Path) -> bytes:
    try:
        info = path.stat()
        regular = stat.S_ISREG(info.st_mode)  # never read a named pipe: it would block
        if regular and path.suffix in HASHED_SUFFIXES and info.st_size <= MAX_HASHED_BYTES:
            return hashlib.sha256(path.read_bytes()).digest()
        return f"{info.st_mode}:{info.st_size}:{info.st_mtime_ns}".encode()
    except OSError as exc:
        # A broken symlink or a loop is an EN001 finding for the rules, not a crash of the key.
        return f"unreadable:{exc.errno}".encode()


def _toolchain_stamp() -> str:
    """The pinned toolchain's version file, read without starting Go."""
    spec = importlib.util.find_spec("go")
    if spec is None or spec.origin is None:
        return ""
    try:
        return (Path(spec.origin).parent / "VERSION").read_text(encoding="utf-8")
    except OSError:
        return ""


def _own_code_stamp() -> str:
    """coursecheck's own files: a changed rule in a development checkout invalidates results."""
    package = Path(__file__).parent
    stats = (p.stat() for p in sorted(package.rglob("*")) if p.suffix in (".py", ".go"))
    return ",".join(f"{s.st_size}:{s.st_mtime_ns}" for s in stats)


def _files(root: Path) -> list[Path]:
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".coursecheck_cache"))
        found += [Path(folder, name) for name in sorted(files)]
    return found


def load(key: str) -> tuple[list[Diagnostic], int] | None:
    path = cache_root() / "results" / f"{key}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        diagnostics = [
            Diagnostic(**{**d, "severity": Severity(d["severity"])}) for d in data["diagnostics"]
        ]
        return diagnostics, int(data["files_checked"])
    except (OSError, ValueError, KeyError, TypeError):
        return None  # absent or corrupt: recompute


def store(key: str, diagnostics: list[Diagnostic], files_checked: int) -> None:
    if any(d.code in TRANSIENT_CODES for d in diagnostics):
        return  # a timeout may be the machine's load, not the course: try again next run
    data = {"diagnostics": [asdict(d) for d in diagnostics], "files_checked": files_checked}
    try:  # a read-only cache costs speed, never the result
        atomic_write(cache_root() / "results" / f"{key}.json", json.dumps(data).encode())
    except OSError as exc:
        unwritable(exc)
