"""Every look at the file system the course model and the rules make, recorded with a stamp.

The whole-run cache (cache/whole_run.py) stores the observations with a run's result and, on a
hit, makes each one again: a result is reused only while everything it was computed from is
unchanged, a file outside the course that a link points at included. So the model and the
rules never touch the file system themselves (tests/cache/test_whole_run.py checks the rules'
source); they ask `course.files`, an instance of `Reads`.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from pathlib import Path

from coursecheck.source import SourceFile, read_source

Reader = Callable[[Path], SourceFile]
Observation = tuple[str, str, str]  # (kind of look, path, what was seen)
UNSETTLED = "unsettled"  # see Reads.unsettled: never still true


class Reads:
    def __init__(self, read: Reader = read_source) -> None:
        self._read = read
        self._seen: dict[tuple[str, str], str] = {}

    def read(self, path: Path) -> SourceFile:
        source = self._read(path)
        self._note("read", path, content_stamp(source))
        return source

    def kind(self, path: Path) -> str:
        """One of file, dir, missing, other (symlinks followed)."""
        return self._note("kind", path, kind_of(path))

    def is_file(self, path: Path) -> bool:
        return self.kind(path) == "file"

    def is_dir(self, path: Path) -> bool:
        return self.kind(path) == "dir"

    def exists(self, path: Path) -> bool:
        return self.kind(path) != "missing"

    def glob(self, folder: Path, pattern: str) -> list[Path]:
        found = sorted(folder.glob(pattern))
        self._note(f"glob {pattern}", folder, listing_stamp(found))
        return found

    def real(self, path: Path) -> str:
        """The path with symlinks resolved, normalized for comparison."""
        return self._note("real", path, real_of(path))

    def unsettled(self, what: str) -> None:
        """A result of this run that the next run must compute again (a pass that chance may
        have given, say): noted as a look no later run can repeat, so the whole-run cache
        never serves this run."""
        self._note(UNSETTLED, Path(what), "")

    def observations(self) -> list[Observation]:
        return [(kind, path, seen) for (kind, path), seen in sorted(self._seen.items())]

    def _note(self, kind: str, path: Path, seen: str) -> str:
        self._seen[(kind, os.fsdecode(path))] = seen
        return seen


def still_true(observation: Observation) -> bool:
    """Whether looking again now sees what was seen then."""
    kind, name, seen = observation
    path = Path(name)
    if kind == "read":
        return content_stamp(read_source(path)) == seen
    if kind == "kind":
        return kind_of(path) == seen
    if kind == "real":
        return real_of(path) == seen
    if kind.startswith("glob "):
        return listing_stamp(sorted(path.glob(kind.removeprefix("glob ")))) == seen
    return False  # unsettled, or an observation this version does not know: never trust it


def content_stamp(source: SourceFile) -> str:
    problem = source.read_error or ""
    return hashlib.sha256(source.raw).hexdigest() + (f" {problem}" if problem else "")


def kind_of(path: Path) -> str:
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):  # missing, a loop, no permission, a NUL in the name
        return "missing"
    return "dir" if stat.S_ISDIR(mode) else "file" if stat.S_ISREG(mode) else "other"


def real_of(path: Path) -> str:
    # realpath, not Path.resolve: on Python 3.11 resolve raises on a symlink loop in the course.
    try:
        real = os.path.realpath(path)
    except ValueError:  # a NUL in the name (a link to `x%00y.md`): no such file to resolve
        real = os.path.normpath(path.absolute())
    return os.path.normcase(real)


def within(top: str | Path, path: str | Path) -> bool:
    """Whether `path` is `top` or under it, both absolute; compares the strings only."""
    try:
        return os.path.commonpath([top, path]) == os.fspath(top)
    except ValueError:  # another drive on Windows
        return False


def listing_stamp(paths: list[Path]) -> str:
    return hashlib.sha256(
        "\0".join(os.fsdecode(p) for p in paths).encode("utf-8", "surrogateescape")
    ).hexdigest()
