"""Which Markdown files a PATH argument names: a file, or the Markdown pages under a folder,
listed as the course model lists a course's pages (`coursecheck.course.markdown_under`)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from coursecheck.course import markdown_under
from coursecheck.errors import FatalError


def markdown_files(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found += [p for p in markdown_under(path, _glob) if p.is_file()]
        else:
            raise FatalError(f"{path}: no such file or folder")
    return list(dict.fromkeys(found))


def _glob(folder: Path, pattern: str) -> list[Path]:
    return sorted(folder.glob(pattern))
