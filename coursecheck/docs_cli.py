"""`python -m coursecheck.docs`: the command line of the README table generator in `docs.py`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from coursecheck.docs import refreshed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursecheck.docs")
    parser.add_argument("readme", nargs="?", type=Path, default=Path("README.md"))
    parser.add_argument("--check", action="store_true", help="exit 1 if the table is stale")
    args = parser.parse_args(argv)
    try:
        current, wanted = refreshed(args.readme)
    except (OSError, ValueError) as exc:
        print(f"coursecheck.docs: error: {exc}", file=sys.stderr)
        return 2
    if current == wanted:
        return 0
    if args.check:
        print(f"{args.readme}: rules table out of date; run `python -m coursecheck.docs`")
        return 1
    args.readme.write_text(wanted, encoding="utf-8")
    print(f"wrote {args.readme}")
    return 0
