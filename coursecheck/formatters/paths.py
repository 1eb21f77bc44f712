"""Display strings for paths: made here, at the output boundary, never in the data."""

from __future__ import annotations

import os
from pathlib import Path

from coursecheck.diagnostics import Diagnostic
from coursecheck.paths import relative_posix


def display_path(path: Path) -> str:
    """Relative to the working directory, with `/`, as every format reports it."""
    # A file name that is not UTF-8 holds surrogate escapes, which no output can encode:
    # its undecodable bytes are shown as \xff.
    return os.fsencode(relative_posix(path)).decode("utf-8", "backslashreplace")


def location(d: Diagnostic) -> str:
    """`path:line:col`, the clickable place every text format starts a finding with."""
    return f"{display_path(d.path)}:{d.line}:{d.column}"
