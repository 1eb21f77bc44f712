"""`--diff`: what `--fix` would change, as a unified diff per file."""

from __future__ import annotations

import difflib
from pathlib import Path

from coursecheck.formatters.paths import display_path

BOM = "\ufeff"


def unified_diff(path: Path, before: bytes, after: bytes) -> str:
    name = display_path(path)
    old = _lines(before)
    new = _lines(after)
    return "".join(difflib.unified_diff(old, new, f"a/{name}", f"b/{name}"))


def _lines(data: bytes) -> list[str]:
    # Endings and a BOM stay visible: a diff that only changes them must not look empty.
    text = data.decode("utf-8", errors="replace")
    lines = text.split("\n")
    shown = [line.replace("\r", "\\r") + "\n" for line in lines[:-1]]
    if lines[-1]:
        shown.append(lines[-1] + "\n\\ No newline at end of file\n")
    if shown and shown[0].startswith(BOM):
        shown[0] = "<BOM>" + shown[0].removeprefix(BOM)
    return shown
