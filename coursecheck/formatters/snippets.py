"""`coursecheck snippets` output: one line per block (and its findings) then the counts, or one
JSON object with the same (`blocks`, `summary`)."""

from __future__ import annotations

import json
from typing import Any

from coursecheck.diagnostics import Hit, Severity
from coursecheck.formatters.paths import display_path
from coursecheck.formatters.report import plural
from coursecheck.snippets.listing import Listing, Row
from coursecheck.snippets.summary import RuleCount, Summary

JSON_VERSION = 1  # of the object below: bumped only if a key changes meaning or goes


def render_json(listing: Listing) -> str:
    document = {
        "version": JSON_VERSION,
        "blocks": [_object(row) for row in listing.rows],
        "summary": _summary(listing.summary),
    }
    return json.dumps(document, indent=2) + "\n"


def render_text(listing: Listing) -> str:
    """The blocks, the findings no block owns, then a blank line and the counts."""
    listed = "".join(_text(_object(row)) for row in listing.rows) + render_loose(listing.loose)
    return listed + ("\n" if listed else "") + summary_text(listing.summary)


def _summary(summary: Summary) -> dict[str, Any]:
    shown: dict[str, Any] = {"files": summary.files, "blocks": summary.blocks}
    if summary.verdicts is not None:  # checked
        shown["verdicts"] = summary.verdicts
        shown["rules"] = {r.code: r.count for r in summary.rules}
        shown["errors"] = summary.errors
        shown["warnings"] = summary.warnings
    return shown


def summary_text(summary: Summary) -> str:
    """`12 blocks in 3 files: 9 ok, 1 elided, 2 fail`, then, when there are findings,
    `rules: 1 GO001 build-error, 1 GO003 gofmt (warning)`."""
    line = f"{plural(summary.blocks, 'block')} in {plural(summary.files, 'file')}"
    if summary.verdicts:  # checked, and there are blocks
        line += ": " + ", ".join(f"{n} {verdict}" for verdict, n in summary.verdicts.items())
    lines = [line]
    if summary.rules:
        lines.append("rules: " + ", ".join(map(_rule_count, summary.rules)))
    return "".join(f"{text}\n" for text in lines)


def _rule_count(rule: RuleCount) -> str:
    warning = " (warning)" if rule.severity is Severity.WARNING else ""
    return f"{rule.count} {rule.code} {rule.name}{warning}"


def _object(row: Row) -> dict[str, Any]:
    block = row.block
    found: dict[str, Any] = {
        "path": display_path(block.path),
        "line": block.line,
        "first_line": block.first_line,
        "last_line": block.last_line,
        "language": block.info.lang,
        "attributes": {a.name: a.value for a in block.info.attrs},
    }
    if row.verdict is not None:
        found["verdict"] = row.verdict
        if row.reason:
            found["reason"] = row.reason
        found["findings"] = [
            {"code": c, "line": f.line, "column": f.column, "message": f.message}
            for c, f in row.findings
        ]
    return found


def _text(row: dict[str, Any]) -> str:
    attrs = " ".join(
        k if v is None else f"{k}={json.dumps(v)}" for k, v in row["attributes"].items()
    )
    lang = row["language"] or "-"
    head = f"{row['path']}:{row['line']}: {lang} lines {row['first_line']}-{row['last_line']}"
    head += f" {attrs}" if attrs else ""
    head += f": {row['verdict']}" if "verdict" in row else ""
    head += f" ({row['reason']})" if "reason" in row else ""
    lines = [head]
    for f in row.get("findings", []):
        message = f["message"].replace("\n", "\n        ")
        lines.append(f"    {row['path']}:{f['line']}:{f['column']}: {f['code']} {message}")
    return "".join(line + "\n" for line in lines)


def render_loose(hits: list[Hit]) -> str:
    """Findings no block owns, under a line that says so: a failing `--check` always shows why."""
    if not hits:
        return ""
    lines = ["not on any block:"] + [
        f"    {display_path(f.path)}:{f.line}:{f.column}: {code} {f.message}" for code, f in hits
    ]
    return "".join(line + "\n" for line in lines)
