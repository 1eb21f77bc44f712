"""The cache folder (`.coursecheck_cache/`, or $COURSECHECK_CACHE_DIR) and atomic writes to it."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

ENV = "COURSECHECK_CACHE_DIR"
TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This folder is coursecheck's cache.\n"


def _root() -> Path:
    return Path(os.environ.get(ENV) or ".coursecheck_cache")


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
