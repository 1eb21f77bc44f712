"""What the command line narrows a run to: code prefixes (`--select lk,GO`) and the files named."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from coursecheck.diagnostics import Diagnostic
from coursecheck.paths import relative_posix


def code_list(text: str) -> list[str]:
    """`LK,GO`, `lk go` or `LK`: the prefixes, upper-cased as every code is written."""
    codes = [part.strip().upper() for part in text.replace(",", " ").split()]
    if not codes:
        raise argparse.ArgumentTypeError(f"{text!r} names no code prefix")
    return codes


def only_in(diagnostics: Sequence[Diagnostic], files: Sequence[Path]) -> list[Diagnostic]:
    """The findings in the named files, as ruff limits its report to the paths it is given."""
    wanted = {relative_posix(file) for file in files}
    return [d for d in diagnostics if relative_posix(d.path) in wanted]
