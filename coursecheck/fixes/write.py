"""Writing a set of files all or nothing, as far as a file system allows.

Every new content goes to a temporary file beside its target first (same folder, so the final
rename never crosses a file system); only when all of them are on disk are they renamed over
their targets. A reader never sees a truncated file, and a failure before the renames leaves
every target as it was.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

DEFAULT_MODE = 0o644


def write_atomically(files: dict[Path, bytes]) -> None:
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            staged.append((_stage(path, data), path))
        for temp, path in staged:
            temp.replace(path)
    finally:
        for temp, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()


def _stage(path: Path, data: bytes) -> Path:
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); the course file keeps the mode it had.
        temp.chmod(_mode(path))
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def _mode(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return DEFAULT_MODE & ~umask
