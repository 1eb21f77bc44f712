"""`coursecheck snippets`: list every code block, and with --check, each one's verdict."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coursecheck.snippets.toolchain import go_version
from coursecheck.snippets.verdict import findings_of, verdict

if TYPE_CHECKING:
    from coursecheck.diagnostics import Finding
    from coursecheck.markdown import Document
    from coursecheck.snippets.extract import Block

__all__ = ["add_arguments", "go_version", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="a course, a folder of Markdown files, or files (default: .)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--check",
        action="store_true",
        help="build and run the Go snippets; print each block's verdict",
    )
    parser.add_argument("--no-cache", action="store_true", help="ignore cached results")


def run(args: argparse.Namespace) -> int:
    # Imported here: `coursecheck --version` and a warm `check` must not pay for them.
    from coursecheck.snippets.check import check_pages
    from coursecheck.snippets.extract import extract
    from coursecheck.snippets.source_files import markdown_files

    paths: list[Path] = list(args.paths) or [Path()]
    parsed = [(path, _parse(path)) for path in markdown_files(paths)]
    pages = [(path, doc) for path, doc in parsed if doc is not None]
    unreadable = len(parsed) - len(pages)
    findings: list[tuple[str, Finding]] = []
    if args.check:
        use_cache = not getattr(args, "no_cache", False)
        findings = list(check_pages(pages, lambda _: True, use_cache))
        from coursecheck.snippets.sandbox import take_warnings

        for warning in take_warnings():
            print(f"coursecheck: warning: {warning}", file=sys.stderr)
    by_path: dict[Path, list[tuple[str, Finding]]] = {}
    for hit in findings:
        by_path.setdefault(hit[1].path, []).append(hit)
    rows = [
        _row(b, by_path.get(path, []), args.check)
        for path, doc in pages
        for b in extract(path, doc)
    ]
    if args.format == "json":
        json.dump(rows, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        for row in rows:
            _print_text(row)
    return 1 if findings or unreadable else 0


def _parse(path: Path) -> Document | None:
    """The page, or None after saying on stderr why it cannot be read (the others go on)."""
    from coursecheck.course import load_page  # read and parsed as `check` reads a page
    from coursecheck.engine import display_path

    page = load_page(path)
    if page.doc is None:
        why = page.source.read_error or page.source.decode_error
        print(f"{display_path(path)}: cannot be read: {why}", file=sys.stderr)
    return page.doc


def _row(block: Block, findings: list[tuple[str, Finding]], check: bool) -> dict[str, Any]:
    from coursecheck.engine import display_path  # paths as `check` reports them

    row: dict[str, Any] = {
        "path": display_path(block.path),
        "line": block.line,
        "first_line": block.first_line,
        "last_line": block.last_line,
        "language": block.info.lang,
        "attributes": {a.name: a.value for a in block.info.attrs},
    }
    if check:
        mine = findings_of(block, findings)
        row["verdict"] = verdict(block, mine)
        row["findings"] = [
            {"code": c, "line": f.line, "column": f.column, "message": f.message} for c, f in mine
        ]
    return row


def _print_text(row: dict[str, Any]) -> None:
    attrs = " ".join(
        k if v is None else f"{k}={json.dumps(v)}" for k, v in row["attributes"].items()
    )
    lang = row["language"] or "-"
    head = f"{row['path']}:{row['line']}: {lang} lines {row['first_line']}-{row['last_line']}"
    head += f" {attrs}" if attrs else ""
    head += f": {row['verdict']}" if "verdict" in row else ""
    print(head)
    for f in row.get("findings", []):
        message = f["message"].replace("\n", "\n        ")
        print(f"    {row['path']}:{f['line']}:{f['column']}: {f['code']} {message}")
