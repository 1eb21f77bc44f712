"""`--format github`: annotations on the pull request's lines and the report in the job summary.

Every piece of course text (paths, messages) is escaped before it reaches the log, so no
heading, code block or message in a module can ever become a workflow command.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from coursecheck.diagnostics import Diagnostic, Severity
from coursecheck.formatters.paths import display_path, location
from coursecheck.formatters.report import Report, plural
from coursecheck.formatters.text import summary_line

# GitHub shows at most ten annotations of each kind per step and silently drops the rest.
ANNOTATION_LIMIT = 10

_DATA_ESCAPES = {"%": "%25", "\r": "%0D", "\n": "%0A"}
_PROPERTY_ESCAPES = {**_DATA_ESCAPES, ":": "%3A", ",": "%2C"}


def escape_data(text: str) -> str:
    return "".join(_DATA_ESCAPES.get(char, char) for char in text)


def escape_property(text: str) -> str:
    return "".join(_PROPERTY_ESCAPES.get(char, char) for char in text)


def render(report: Report) -> str:
    annotated: list[Diagnostic] = []
    rest: list[Diagnostic] = []
    seen: Counter[Severity] = Counter()
    for d in report.diagnostics:
        seen[d.severity] += 1
        (annotated if seen[d.severity] <= ANNOTATION_LIMIT else rest).append(d)
    lines = [annotation(d) for d in annotated]
    if rest:
        lines.append(
            f"{plural(len(rest), 'more finding')} not annotated "
            f"(GitHub shows {ANNOTATION_LIMIT} of each kind per step):"
        )
        lines += _inert([f"{location(d)}: {d.code} {d.message}" for d in rest])
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def annotation(d: Diagnostic) -> str:
    properties = {"file": display_path(d.path), "line": str(d.line), "endLine": str(d.end_line)}
    properties["col"] = str(d.column)
    # Columns only mean something on a one-line range; GitHub ignores them otherwise.
    if d.end_line == d.line and d.end_column > d.column:
        properties["endColumn"] = str(d.end_column)
    properties["title"] = f"{d.code} ({d.name})"
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{d.severity.value} {props}::{escape_data(d.message)}"


def _inert(lines: list[str]) -> list[str]:
    """Plain lines of course text, inside a stop-commands block so the runner parses none.

    Escaping CR and LF keeps each line one line; stop-commands also disarms what escaping
    cannot (a path starting with `::`, the runner's legacy `##[command]` syntax). The token
    is a hash of the text it guards, so the text cannot contain it and the output stays
    reproducible.
    """
    escaped = [escape_data(line) for line in lines]
    token = "coursecheck-" + hashlib.sha256("\n".join(escaped).encode()).hexdigest()[:32]
    return [f"::stop-commands::{token}", *escaped, f"::{token}::"]
