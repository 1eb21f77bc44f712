"""The book-like corpus: every block's verdict, strict and lenient, is the one written next to
it (see bookexpect.py). One real `coursecheck snippets --check --format json` run per mode
over all pages, with the pinned Go toolchain."""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest
from bookexpect import MODES, Comment, Row, comments, owner

HERE = Path(__file__).resolve().parent
PAGES = sorted(HERE.glob("*.md"))
Answers = dict[str, list[Row]]


def blocks_of(report: Any) -> list[Row]:
    """The rows of a JSON report: a list of blocks, or an object holding them."""
    rows = report["blocks"] if isinstance(report, dict) else report
    assert isinstance(rows, list), f"unexpected report: {str(report)[:200]}"
    return rows


@pytest.fixture(scope="module")
def answers(tmp_path_factory: pytest.TempPathFactory) -> Answers:
    """mode -> the JSON rows of one `snippets --check` over the whole corpus in that mode, run
    on a byte-for-byte copy of the pages (CRLF kept) with a cache of its own."""
    assert platform.system() == "Linux", (
        "tests/books/07-platforms.md expects the checking machine to be Linux (its Windows and "
        "darwin blocks are the ones skipped)"
    )
    book = tmp_path_factory.mktemp("book")
    for page in PAGES:
        shutil.copyfile(page, book / page.name)
    env = {**os.environ, "COURSECHECK_CACHE_DIR": str(book.parent / "cache")}
    out = {}
    for mode in MODES:
        argv = [sys.executable, "-m", "coursecheck", "snippets", ".", "--check", "--format", "json"]
        proc = subprocess.run(
            [*argv, "--lenient"] if mode == "lenient" else argv,
            cwd=book,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        assert proc.returncode in (0, 1), f"{mode}: exit {proc.returncode}: {proc.stderr}"
        out[mode] = blocks_of(json.loads(proc.stdout))
    return out


def pairs(page: Path, rows: list[Row]) -> tuple[dict[int, Row], list[str]]:
    """comment line -> the row of the block it describes; and the blocks without a comment."""
    found = comments(page)
    lines = page.read_bytes().decode("utf-8").splitlines()
    paired: dict[int, Row] = {}
    orphans = []
    for row in (r for r in rows if r["path"] == page.name):
        comment = owner(row["line"], lines, found)
        if comment is None or comment.line in paired:
            orphans.append(
                f"{page.name}:{row['line']}: a block without an expect comment of its own"
            )
        else:
            paired[comment.line] = row
    return paired, orphans


def test_every_block_has_one_expectation_and_every_expectation_a_block(
    answers: Answers,
) -> None:
    problems = []
    for page in PAGES:
        paired, orphans = pairs(page, answers["strict"])
        problems += orphans
        problems += [
            f"{page.name}:{c.line}: an expect comment with no block after it"
            for c in comments(page)
            if c.line not in paired and not c.may_be_missing()
        ]
    assert not problems, "\n".join(problems)


def test_the_same_blocks_are_listed_in_both_modes(answers: Answers) -> None:
    def where(mode: str) -> list[tuple[str, int]]:
        return [(r["path"], r["line"]) for r in answers[mode]]

    assert where("strict") == where("lenient")
    assert {page.name for page in PAGES} <= {path for path, _ in where("strict")}


@pytest.mark.parametrize("mode", MODES)
def test_every_verdict_is_the_expected_one(mode: str, answers: Answers) -> None:
    problems, pending = [], []
    for page in PAGES:
        paired, _ = pairs(page, answers[mode])
        for comment in comments(page):
            row = paired.get(comment.line)
            where = f"{page.name}:{row['line'] if row else comment.line}: {mode}:"
            problem = comment.modes[mode].problem(row)
            if problem is None:
                continue
            until = comment.now.get(mode)
            if until is not None and until.problem(row) is None:
                pending.append(f"{where} {comment.modes[mode]} once {comment.by} lands")
            else:
                problems.append(f"{where} {problem}{_also(comment, mode)}")
    if pending:
        warnings.warn(f"{len(pending)} pending block(s):\n" + "\n".join(pending), stacklevel=1)
    assert not problems, f"{len(problems)} block(s) differ:\n" + "\n".join(problems)


def _also(comment: Comment, mode: str) -> str:
    until = comment.now.get(mode)
    return f" (or, until {comment.by} lands, {until})" if until else ""


def test_the_windows_page_really_has_crlf_line_endings() -> None:
    raw = (HERE / "10-crlf-windows.md").read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n") > 10
