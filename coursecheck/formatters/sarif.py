"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from coursecheck import __version__
from coursecheck.diagnostics import Diagnostic
from coursecheck.formatters.paths import display_path
from coursecheck.formatters.report import Report

if TYPE_CHECKING:
    from coursecheck.rules.base import Rule

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"


def render(report: Report) -> str:
    rules = sorted(report.rules.values(), key=lambda r: r.code)
    index = {rule.code: i for i, rule in enumerate(rules)}
    run = {
        "tool": {
            "driver": {
                "name": "coursecheck",
                "version": __version__,
                "rules": [_descriptor(rule) for rule in rules],
            }
        },
        # Our columns count characters, not SARIF's default UTF-16 code units.
        "columnKind": "unicodeCodePoints",
        "results": [_result(d, index[d.code]) for d in report.diagnostics],
    }
    document = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": _first_paragraph(rule.doc) or rule.summary},
        "help": {"text": rule.doc, "markdown": rule.doc},
        "defaultConfiguration": {"level": rule.severity.value},
        "properties": {"fixable": rule.fixable, "tags": [rule.code[:2]]},
    }


def _first_paragraph(doc: str) -> str:
    return " ".join(doc.strip().split("\n\n")[0].split())


def _result(d: Diagnostic, rule_index: int) -> dict[str, Any]:
    region = {"startLine": d.line, "startColumn": d.column}
    # A range that ends where it starts is a point: SARIF would read it as empty, so omit it.
    if (d.end_line, d.end_column) > (d.line, d.column):
        region |= {"endLine": d.end_line, "endColumn": d.end_column}
    return {
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": d.severity.value,
        "message": {"text": d.message},
        "locations": [
            {
                "physicalLocation": {
                    # Paths are relative to the working directory: the repository root in CI.
                    "artifactLocation": {
                        "uri": quote(display_path(d.path)),
                        "uriBaseId": "%SRCROOT%",
                    },
                    "region": region,
                }
            }
        ],
        "properties": {"fixable": d.fixable},
    }
