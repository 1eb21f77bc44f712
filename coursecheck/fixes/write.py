"""Writing a set of files all or nothing, as far as a file system allows.

Every new content goes to a temporary file beside its target first (same folder, so the final
rename never crosses a file system); only when all of them are on disk are they renamed over
their targets. A reader never sees a truncated file, and a failure before the renames leaves
every target as it was.

Each file is written at its real location, symlinks resolved (a symlink stays a symlink), and
only inside the folder it belongs to: a course whose `days/` is a symlink to elsewhere is not
a way to write elsewhere. A target outside is refused before anything is written, and so is
a read-only file (a rename would replace it regardless). Every failure is one FatalError that
names the file, never a traceback.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from coursecheck.errors import FatalError
from coursecheck.reads import within

DEFAULT_MODE = 0o644


def write_atomically(files: dict[Path, bytes], inside: Path | tuple[Path, ...]) -> None:
    """FatalError, and nothing written, when a file's real location is outside `inside` (one
    folder, or any of several), when a file is read-only, or when a temporary file cannot be
    made beside one; FatalError naming the file if a rename fails."""
    # Written at the real location; named in errors as the caller named it.
    targets = {path: (real_inside(path, inside), data) for path, data in files.items()}
    for path, (real, _) in targets.items():
        refuse_read_only(real, path)
    staged: list[tuple[Path, Path, Path]] = []
    try:
        for path, (real, data) in targets.items():
            staged.append((_staged(real, data, path), real, path))
        for temp, real, path in staged:
            try:
                temp.replace(real)
            except OSError as exc:
                raise FatalError(f"cannot write {path}: {exc.strerror or exc}") from exc
    finally:
        for temp, _, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()


def write_report(path: Path, data: bytes) -> None:
    """A report (`--output-file`), written atomically at `path` itself: a symlink found there
    (a pull request may commit one where CI writes its report) is replaced, never followed.
    A folder named inside the working directory must also lie inside it once resolved."""
    here = os.path.realpath(Path.cwd())
    folder = os.path.normpath(Path.cwd() / path.parent)  # as named, symlinks not followed
    real = os.path.realpath(folder)
    if within(here, folder) and not within(here, real):
        raise FatalError(
            f"cannot write {path}: its folder leads outside the working directory through a "
            f"symlink (to {real})"
        )
    target = Path(real) / path.name
    if not path.name or (target.is_dir() and not target.is_symlink()):
        raise FatalError(f"cannot write {path}: it is a folder")
    temp = _stage(target, data)
    try:
        temp.replace(target)  # rename replaces a symlink itself, not what it points to
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def real_inside(path: Path, inside: Path | tuple[Path, ...]) -> Path:
    real = Path(os.path.realpath(path))
    folders = inside if isinstance(inside, tuple) else (inside,)
    if not any(within(os.path.realpath(folder), real) for folder in folders):
        where = (
            f"the course folder {inside}"
            if isinstance(inside, Path)
            else "the folders named: " + ", ".join(map(str, folders))
        )
        raise FatalError(
            f"{path}: refusing to write outside {where}: through a symlink it is {real}"
        )
    return real


def refuse_read_only(real: Path, named: Path) -> None:
    """A file without write permission was protected on purpose: replacing it by a rename
    (which only needs the folder to be writable, and root may always do) would ignore that."""
    try:
        mode = real.stat().st_mode
    except FileNotFoundError:
        return  # a new file
    if not mode & 0o222 or not os.access(real, os.W_OK):
        raise FatalError(f"cannot write {named}: the file is read-only")


def _staged(real: Path, data: bytes, named: Path) -> Path:
    try:
        return _stage(real, data)
    except OSError as exc:  # a read-only or missing folder, a full disk
        raise FatalError(f"cannot write {named}: {exc.strerror or exc}") from exc


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
    with contextlib.suppress(FileNotFoundError):
        mode = path.lstat().st_mode  # a symlink to be replaced lends no mode of its target
        if not stat.S_ISLNK(mode):
            return stat.S_IMODE(mode)
    umask = os.umask(0)
    os.umask(umask)
    return DEFAULT_MODE & ~umask
