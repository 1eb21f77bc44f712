"""The default format: `path:line:col: CODE message`, grouped by file, with a summary line."""

from __future__ import annotations

from itertools import groupby

from coursecheck.diagnostics import Diagnostic
from coursecheck.formatters.paths import display_path, location
from coursecheck.formatters.report import Report, plural, rule_counts

BOLD, RED, YELLOW, CYAN, DIM, RESET = (
    "\x1b[1m",
    "\x1b[31m",
    "\x1b[33m",
    "\x1b[36m",
    "\x1b[2m",
    "\x1b[0m",
)


def render(report: Report) -> str:
    blocks = [
        "\n".join(_line(d, report.color) for d in group)
        for _, group in groupby(report.diagnostics, key=lambda d: d.path)
    ]
    body = "\n\n".join(blocks)
    return (body + "\n\n" if body else "") + summary_line(report) + "\n"


def _line(d: Diagnostic, color: bool) -> str:
    fix = " [*]" if d.fixable else ""
    if not color:
        return f"{location(d)}: {d.code}{fix} {d.message}"
    tint = RED if d.is_error else YELLOW
    path = display_path(d.path)
    return (
        f"{BOLD}{path}{RESET}{CYAN}:{RESET}{d.line}{CYAN}:{RESET}{d.column}{CYAN}:{RESET} "
        f"{tint}{BOLD}{d.code}{RESET}{CYAN}{fix}{RESET} {d.message}"
    )


def summary_line(report: Report) -> str:
    checked = plural(report.files_checked, "file")
    if not report.diagnostics and report.elsewhere:  # "All checks passed!" and exit 1: no
        more = plural(report.elsewhere, "more finding")
        return f"No findings in the {checked} checked ({more} elsewhere in the course)"
    if not report.diagnostics:
        return f"All checks passed! ({checked} checked)"
    counts = [plural(report.errors, "error")] if report.errors else []
    counts += [plural(report.warnings, "warning")] if report.warnings else []
    line = f"Found {' and '.join(counts)} in {plural(report.files_with_findings, 'file')}."
    if report.fixable:
        line += f" ({report.fixable} fixable with --fix)"
    return line


def statistics(report: Report) -> str:
    lines = []
    for code, count in rule_counts(report):
        rule = report.rules[code]
        lines.append(f"{count:>5}\t{code}\t{'[*] ' if rule.fixable else ''}{rule.name}\n")
    return "".join(lines)
