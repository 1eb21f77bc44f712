"""The model's pure parts, one line per case: the longest ascending run, and link targets."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursecheck.linkpaths import link_target
from coursecheck.ordering import longest_increasing

TOP, BASE = Path("/repo"), Path("/repo/course")


@pytest.mark.parametrize(
    ("values", "kept"),
    [
        ([], set()),
        ([1, 2, 3], {0, 1, 2}),
        ([31, 1, 2, 3], {1, 2, 3}),  # Day 31 moved to the top: one misplaced day, not thirty
        ([1, 3, 2, 4], {0, 1, 3}),  # two swapped: the first stays in place, the second moves
        ([3, 2, 1], {0}),
        ([1, 1, 2], {0, 2}),  # strictly increasing: a repeat is out of the run
    ],
)
def test_longest_increasing(values: list[int], kept: set[int]) -> None:
    assert longest_increasing(values) == kept


@pytest.mark.parametrize(
    ("url", "target", "fragment"),
    [
        ("days/day-01.md", BASE / "days/day-01.md", ""),
        ("day-01.md#setup", BASE / "day-01.md", "setup"),
        ("#setup", BASE, "setup"),
        ("/docs/guide.md", TOP / "docs/guide.md", ""),
        ("a%20b.md?plain=1#x%20y", BASE / "a b.md", "x y"),
        ("../README.md", BASE / "../README.md", ""),
    ],
)
def test_link_target(url: str, target: Path, fragment: str) -> None:
    assert link_target(TOP, BASE, url) == (target, fragment)
