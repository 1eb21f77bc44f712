"""Did you mean: the names near enough to suggest, and the ones that are not."""

from __future__ import annotations

import pytest

from coursecheck.hints import closest


@pytest.mark.parametrize(
    ("word", "choices", "meant"),
    [
        pytest.param("no-run", ["no_run", "ignore"], "no_run", id="dash-for-underscore"),
        pytest.param("NORUN", ["no_run", "ignore"], "no_run", id="case-and-missing-underscore"),
        pytest.param("LK01", ["LK001", "LK010"], "LK001", id="code-missing-a-zero"),
        pytest.param("EN9", ["EN001", "EN005"], None, id="no-such-code"),
        pytest.param("colour", ["check", "rules"], None, id="nothing-near"),
    ],
)
def test_closest(word: str, choices: list[str], meant: str | None) -> None:
    assert closest(word, choices) == meant
