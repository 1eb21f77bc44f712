"""The README's rules table, rendered from the rule registry so the two cannot drift.

`python -m coursecheck.docs` rewrites the table between the markers in README.md;
`--check` only reports whether it is out of date (exit 1), as a test and CI do. The command's
arguments and messages are in `docs_cli.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
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


def refreshed(readme: Path) -> tuple[str, str]:
    """The README's text as it is, and with the current table (OSError, ValueError)."""
    current = readme.read_text(encoding="utf-8")
    return current, with_table(current, rules_table())


if __name__ == "__main__":
    from coursecheck.docs_cli import main

    raise SystemExit(main())
