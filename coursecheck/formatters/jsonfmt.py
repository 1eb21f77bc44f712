"""`--format json`: a versioned contract other tools parse (see README, "JSON report")."""

from __future__ import annotations

import json

from coursecheck import __version__
from coursecheck.formatters.paths import display_path
from coursecheck.formatters.report import Report, rule_counts

SCHEMA_VERSION = 1


def render(report: Report) -> str:
    document = {
        "version": SCHEMA_VERSION,
        "tool": {"name": "coursecheck", "version": __version__},
        "diagnostics": [
            {
                "path": display_path(d.path),
                "line": d.line,
                "column": d.column,
                "end_line": d.end_line,
                "end_column": d.end_column,
                "code": d.code,
                "name": d.name,
                "severity": d.severity.value,
                "message": d.message,
                "fixable": d.fixable,
            }
            for d in report.diagnostics
        ],
        "summary": report.summary(),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def statistics(report: Report) -> str:
    rows = [
        {
            "code": code,
            "name": report.rules[code].name,
            "count": count,
            "fixable": report.rules[code].fixable,
        }
        for code, count in rule_counts(report)
    ]
    return json.dumps(rows, indent=2) + "\n"
