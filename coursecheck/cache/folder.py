"""The cache folder and atomic writes to it.

The folder is `.coursecheck_cache/` at the project root the run found (discover.project_root:
beside pyproject.toml or .git, else in the course folder), so a run from a subfolder uses the
same cache as a run from the top; $COURSECHECK_CACHE_DIR overrides it. Until a command has
found its project (`use_project`), the working directory stands in.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

ENV = "COURSECHECK_CACHE_DIR"
TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This folder is coursecheck's cache.\n"


FOLDER = ".coursecheck_cache"


class _Project:
    """The project root of this process's run: one command, one project."""

    root: Path | None = None


def use_project(root: Path | None) -> None:
    """Put the cache folder at `root` (None: back to the working directory)."""
    _Project.root = root


def _root() -> Path:
    explicit = os.environ.get(ENV)
    if explicit:
        return Path(explicit)
    return _Project.root / FOLDER if _Project.root is not None else Path(FOLDER)


def cache_root() -> Path:
    root = _root()
    if not (root / "CACHEDIR.TAG").is_file():
        try:
            root.mkdir(parents=True, exist_ok=True)
            atomic_write(root / "CACHEDIR.TAG", TAG.encode())
            atomic_write(root / ".gitignore", b"*\n")
        except OSError as exc:
            unwritable(exc)
    return root


def unwritable(exc: OSError) -> None:
    """A cache that cannot be written costs speed, never a verdict: the CLI warns once."""
    logging.getLogger("coursecheck").warning(
        "cannot write the cache in %s (%s): results are correct but not kept",
        _root(),
        exc.strerror or exc,
    )


def atomic_write(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write to a temporary file beside `path` (mode 0600 unless `mode`), then rename: readers
    never see half a file, nor a file without its mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if mode is not None:
            Path(temp).chmod(mode)
        Path(temp).replace(path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
