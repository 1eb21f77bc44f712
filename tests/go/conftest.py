"""The GO tests use the real toolchain and one Go cache shared by every test of the session."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from coursecheck.markdown import parse_markdown
from coursecheck.snippets.check import check_pages

Hits = list[tuple[str, int, int]]


CheckText = Callable[..., Hits]


@pytest.fixture(scope="session")
def check_text() -> CheckText:
    """Write a page, check it with every GO code selected, return sorted (code, line, col)."""
    return _check_text


def _check_text(tmp_path: Path, text: str, name: str = "page.md", use_cache: bool = True) -> Hits:
    path = tmp_path / name
    path.write_bytes(text.encode())
    doc = parse_markdown(path.read_text(encoding="utf-8"))
    with cache_in(tmp_path / ".coursecheck_cache"):
        hits = list(check_pages([(path, doc)], lambda _: True, use_cache))
    return sorted((code, f.line, f.column) for code, f in hits)


@contextlib.contextmanager
def cache_in(folder: Path) -> Iterator[None]:
    old = os.environ.get("COURSECHECK_CACHE_DIR")
    os.environ["COURSECHECK_CACHE_DIR"] = str(folder)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("COURSECHECK_CACHE_DIR", None)
        else:
            os.environ["COURSECHECK_CACHE_DIR"] = old
