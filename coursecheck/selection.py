"""What the command line narrows a run to: code prefixes (`--select lk,GO`) and the files named."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from coursecheck.diagnostics import Diagnostic


def code_list(text: str) -> list[str]:
    """`LK,GO`, `lk go` or `LK`: the prefixes, upper-cased as every code is written."""
    codes = [part.strip().upper() for part in text.replace(",", " ").split()]
    if not codes:
        raise argparse.ArgumentTypeError(f"{text!r} names no code prefix")
    return codes


def only_in(diagnostics: Sequence[Diagnostic], files: Sequence[Path]) -> list[Diagnostic]:
    """The findings in the named files, as ruff limits its report to the paths it is given."""
    from coursecheck.engine import display_path  # loads the rules: only when files are named

    wanted = {display_path(file) for file in files}
    return [d for d in diagnostics if d.path in wanted]
