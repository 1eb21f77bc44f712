"""The helper's request: each distinct member once, units referring to it by index.

A lenient unit carries its page's other blocks, so without the table a page of n blocks sent
about n*n/2 copies of its code to the helper."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from coursecheck.cache.peruser import toolchain_cache
from coursecheck.snippets import proc
from coursecheck.snippets.helper import HelperRequest, UnitRequest, ensure_helper
from coursecheck.snippets.toolchain import hermetic_env, require_go
from coursecheck.snippets.units import Member

FIRST = Member("type T struct{}", "", False)
SECOND = Member("func (T) M() {}", "", False)
THIRD = Member("var _ = T{}", "", False)


def _request(root: Path, units: tuple[UnitRequest, ...]) -> HelperRequest:
    return HelperRequest(root, "m", "go1.22", False, 60.0, 60.0, units)


def _page_units() -> tuple[UnitRequest, ...]:
    """A page of three blocks checked leniently: each unit holds the page's earlier blocks."""
    chains = [(FIRST,), (FIRST, SECOND), (FIRST, SECOND, THIRD)]
    return tuple(UnitRequest(f"u{i}", c, False, lenient=True) for i, c in enumerate(chains))


def test_each_distinct_member_is_sent_once() -> None:
    sent = json.loads(_request(Path("/tmp/r"), _page_units()).to_json())
    table = sent["members"]
    assert [m["code"] for m in table] == [FIRST.code, SECOND.code, THIRD.code]
    assert [u["refs"] for u in sent["units"]] == [[0], [0, 1], [0, 1, 2]]
    assert all("members" not in u for u in sent["units"])


def test_units_get_their_members_back_in_order() -> None:
    units = _page_units()
    sent = json.loads(_request(Path("/tmp/r"), units).to_json())
    for unit, asked in zip(units, sent["units"], strict=True):
        got = [Member(**sent["members"][i]) for i in asked["refs"]]
        assert got == list(unit.members)


def test_the_helper_refuses_a_member_out_of_the_table() -> None:
    go = require_go()
    cache = toolchain_cache()
    cache.joinpath("tmp").mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache / "tmp") as tmp:
        env = hermetic_env(go, cache, Path(tmp))
        binary = ensure_helper(go, cache, env)
        sent = json.loads(_request(Path(tmp), _page_units()).to_json())
        sent["units"][2]["refs"] = [0, 1, 3]  # the table holds three members
        done = proc.run([str(binary)], cwd=Path(tmp), env=env, timeout=60.0, stdin=json.dumps(sent))
    assert done.returncode == 2
    assert "cchelper: bad request: unit u2: member 3 out of range" in done.stderr
