"""Which Markdown files a PATH argument names: a file, or every .md under a folder."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from coursecheck.errors import FatalError

SUFFIXES = (".md", ".markdown")


def markdown_files(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            raise FatalError(f"{path}: no such file or folder")
    return list(dict.fromkeys(found))
