"""`--format junit`: JUnit XML, one test suite per file, one test case per finding.

Errors are failures; warnings pass (as the exit code does) and carry their text in
`system-out`. A clean run is one passing test case, so CI test reporters show a green run.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import groupby

from coursecheck.diagnostics import Diagnostic
from coursecheck.formatters.paths import display_path, location
from coursecheck.formatters.report import Report

# XML 1.0 cannot carry these characters even as references: NUL, most C0 controls, surrogates.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def render(report: Report) -> str:
    root = _element("testsuites", name="coursecheck", **_counts(report.diagnostics))
    for path, group in groupby(report.diagnostics, key=lambda d: d.path):
        diagnostics = list(group)
        suite = _element("testsuite", name=display_path(path), **_counts(diagnostics))
        suite.extend(_case(d) for d in diagnostics)
        root.append(suite)
    if not report.diagnostics:
        suite = _element("testsuite", name="coursecheck", **_counts([]))
        suite.append(_element("testcase", name="all checks passed", classname="coursecheck"))
        root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _counts(diagnostics: list[Diagnostic]) -> dict[str, str]:
    tests = max(len(diagnostics), 1)
    failures = sum(d.is_error for d in diagnostics)
    return {"tests": str(tests), "failures": str(failures), "errors": "0", "skipped": "0"}


def _case(d: Diagnostic) -> ET.Element:
    case = _element(
        "testcase",
        name=f"{d.code} ({d.name}) at {d.line}:{d.column}",
        classname=display_path(d.path),
        file=display_path(d.path),
        line=str(d.line),
    )
    text = f"{location(d)}: {d.code} {d.message}"
    if d.is_error:
        case.append(_element("failure", text, type=d.code, message=d.message))
    else:
        case.append(_element("system-out", f"warning: {text}"))
    return case


def _element(tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.Element(tag, {key: xml_safe(value) for key, value in attributes.items()})
    if text is not None:
        element.text = xml_safe(text)
    return element
