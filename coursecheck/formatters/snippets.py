"""`coursecheck snippets` output: one line per block (and its findings), or a JSON list."""

from __future__ import annotations

import json
from typing import Any

from coursecheck.diagnostics import Hit
from coursecheck.formatters.paths import display_path
from coursecheck.snippets.listing import Row


def render_json(rows: list[Row]) -> str:
    return json.dumps([_object(row) for row in rows], indent=2) + "\n"


def render_text(rows: list[Row]) -> str:
    return "".join(_text(_object(row)) for row in rows)


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
    # What the listing shows next to the block says it already: a failing block's findings
    # follow it, an output block sits under its Go block.
    shown = "reason" in row and row["verdict"] not in ("fail", "output")
    head += f" ({row['reason']})" if shown else ""
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
