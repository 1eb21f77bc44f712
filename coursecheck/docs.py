"""The README's rules table, rendered from the rule registry so the two cannot drift.

`python -m coursecheck.docs` rewrites the table between the markers in README.md;
`--check` only reports whether it is out of date (exit 1), as a test and CI do.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from coursecheck.rules import FAMILIES
from coursecheck.rules.base import Family

BEGIN = "<!-- rules-table -->"
END = "<!-- /rules-table -->"


def rules_table(families: Iterable[Family] = FAMILIES) -> str:
    rows = ["| Code | Name | Fix | What it checks |", "| --- | --- | :-: | --- |"]
    for family in families:
        for rule in family.rules:
            fix = "[*]" if rule.fixable else ""
            summary = rule.summary.replace("|", "\\|")
            rows.append(f"| `{rule.code}` | `{rule.name}` | {fix} | {summary} |")
    return "\n".join(rows) + "\n"


def with_table(readme: str, table: str) -> str:
    """The README with the table between the markers replaced (END added if missing)."""
    head, found, rest = readme.partition(BEGIN)
    if not found:
        raise ValueError(f"README has no {BEGIN} marker")
    _, found_end, tail = rest.partition(END)
    if not found_end:  # the first run: the table goes right after the marker
        tail = rest
    ending = tail if tail.strip() else "\n"
    return f"{head}{BEGIN}\n\n{table}\n{END}{ending}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursecheck.docs")
    parser.add_argument("readme", nargs="?", type=Path, default=Path("README.md"))
    parser.add_argument("--check", action="store_true", help="exit 1 if the table is stale")
    args = parser.parse_args(argv)
    try:
        current = args.readme.read_text(encoding="utf-8")
        wanted = with_table(current, rules_table())
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


if __name__ == "__main__":
    raise SystemExit(main())
