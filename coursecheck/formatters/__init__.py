"""The output formats, by name. `--format` choices are built from this table."""

from __future__ import annotations

from collections.abc import Callable

from coursecheck.formatters import github, jsonfmt, junit, sarif, text
from coursecheck.formatters.report import Report

Formatter = Callable[[Report], str]

FORMATTERS: dict[str, Formatter] = {
    "text": text.render,
    "json": jsonfmt.render,
    "github": github.render,
    "sarif": sarif.render,
    "junit": junit.render,
}
