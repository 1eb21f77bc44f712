"""A file's path as the user wrote it in patterns and sees it in reports: relative to the
working directory, with `/`."""

from __future__ import annotations

import os
from pathlib import Path


def relative_posix(path: Path, start: Path | None = None) -> str:
    try:
        relative = os.path.relpath(path, start)
    except ValueError:  # another drive on Windows
        relative = str(path)
    return Path(relative).as_posix()
