"""Finding the course the way git and ruff find their roots: from where the user stands (or
the path they gave) up through the parent folders to the first `course.yaml`."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from coursecheck.config import Config
from coursecheck.errors import FatalError
from coursecheck.hints import closest

MANIFEST = "course.yaml"
# What marks a project's top, as ruff and git find theirs: the cache folder goes there.
PROJECT_MARKERS = ("pyproject.toml", ".git")


@dataclass(frozen=True)
class Found:
    root: Path
    only: tuple[Path, ...] = ()  # files named on the command line: findings are limited to them
    note: str | None = None  # how the course was found, when it is not where the user pointed


def find_course(paths: Sequence[str], config: Config) -> Found:
    """The one course the paths belong to (none given: the one around the working directory)."""
    if not paths:
        return _around_cwd(config)
    found = [_from_path(Path(p)) for p in paths]
    roots = {f.root.resolve() for f in found}
    if len(roots) > 1:
        raise FatalError(
            f"{paths[0]} and {paths[1]} belong to different courses; check one course at a time"
        )
    only = tuple(p for f in found for p in f.only)
    if len(found) > 1 and len(only) < len(found):
        only = ()  # a whole course and one of its files: the whole course
    note = found[0].note if len(found) == 1 else None
    return Found(found[0].root, only, note)


def _around_cwd(config: Config) -> Found:
    configured = Path(config.course)
    try:
        if (configured / MANIFEST).is_file():
            return Found(configured)
    except OSError as exc:
        where = f"{config.source}: [tool.coursecheck] course = " if config.source else ""
        message = f"{where}{shown(configured)}: not a course folder: {exc.strerror}"
        raise FatalError(message) from exc
    here = Path.cwd()
    above = _walk_up(here)
    if above is not None:
        root = Path(os.path.relpath(above))
        note = f"checking the course at {_folder(root)} (the nearest {MANIFEST} above here)"
        return Found(root, (), None if above == here else note)
    if config.source is not None and _is_course(config.source.parent / config.course):
        return Found(config.source.parent / config.course)
    said, near = _configured(config)
    advice = (
        f"did you mean course = {near!r}?"
        if near
        else "run coursecheck inside a course or name it: coursecheck check PATH"
    )
    raise FatalError(
        f"no course here: no {configured / MANIFEST}{said}, and no {MANIFEST} in this folder or "
        f"the folders above it; {advice}"
    )


def _configured(config: Config) -> tuple[str, str | None]:
    """Where a course name that is no course came from, and the course folder it nearly names."""
    if config.source is None or config.course == Config().course:
        return "", None
    base = config.source.parent
    courses = [entry.name for entry in _entries(base) if _is_course(base / entry.name)]
    key_of = shown(Path(os.path.relpath(config.source)))
    return f" (the `course` key of {key_of})", closest(config.course, courses)


def _from_path(path: Path) -> Found:
    if _is_course(path):
        return Found(path)
    if not _exists(path):
        near = closest(path.name, [entry.name for entry in _entries(path.parent)])
        hint = f"; did you mean {(path.parent / near).as_posix()}?" if near else ""
        raise FatalError(f"{shown(path)}: no such file or folder{hint}")
    folder = path if path.is_dir() else path.parent
    above = _walk_up(folder.resolve())
    if above is None:
        raise FatalError(
            f"{path}: not inside a course: no {MANIFEST} in {_folder(folder)} or the folders "
            "above it"
        )
    root = Path(os.path.relpath(above))
    note = f"checking the course at {_folder(root)} (found from {path})"
    return Found(root, () if path.is_dir() else (path,), note)


def course_around(path: Path) -> Path | None:
    """The course folder a Markdown file or folder lies in, if any (no course: None)."""
    try:
        return _walk_up(path.resolve().parent if path.is_file() else path.resolve())
    except FatalError:
        return None


def project_root(course: Path) -> Path:
    """Where a course's project keeps its cache folder: the nearest folder from the course up
    that holds pyproject.toml or .git (ruff keeps .ruff_cache beside its pyproject.toml), else
    the course folder itself, the one holding course.yaml. The same from any working folder."""
    start = Path(os.path.normpath(course.absolute()))
    return _marked(start) or start


def project_root_of(path: Path) -> Path:
    """The project of Markdown that `snippets PATH` reads: its course's when PATH lies in a
    course; else the nearest folder from PATH up holding pyproject.toml or .git; else the
    working directory (a book with neither has no top to find)."""
    course = course_around(path)
    if course is not None:
        return project_root(course)
    start = Path(os.path.normpath(path.absolute()))
    start = start if _is_dir(start) else start.parent
    return _marked(start) or Path.cwd()


def _marked(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if any(_exists(folder / marker) for marker in PROJECT_MARKERS):
            return folder
    return None


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _walk_up(start: Path) -> Path | None:
    return next((folder for folder in [start, *start.parents] if _is_course(folder)), None)


def _is_course(folder: Path) -> bool:
    try:
        return (folder / MANIFEST).is_file()
    except OSError as exc:  # a name too long for the file system, a folder we may not read
        raise FatalError(f"{shown(folder)}: not a course folder: {exc.strerror}") from exc


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:
        return False


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:  # no such folder, or one we may not read: no names to suggest
        return []


def _folder(path: Path) -> str:
    text = path.as_posix()
    return "./" if text == "." else text.rstrip("/") + "/"


def shown(path: Path, limit: int = 80) -> str:
    """A path fit for a one-line message: the start of a very long one, and its length."""
    text = str(path)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"
