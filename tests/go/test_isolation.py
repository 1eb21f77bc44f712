"""One snippet never fails another: a batch-breaking snippet is found by building suspects
apart, and costs only its own verdict."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CheckText

from coursecheck.snippets.isolate import Outcome, attribute_failures

GOOD = "```go\nfmt.Println({i})\n```\n\n```output\n{i}\n```\n"
WRONG = "```go\nfmt.Println(7)\n```\n\n```output\n8\n```\n"  # a real failure, elsewhere
# Each passes the type check, then breaks the shared binary where go build names no unit.
BREAKERS = {
    "linkname": (
        '```go\npackage main\n\nimport _ "unsafe"\n\n'
        "//go:linkname nothere runtime.doesNotExistAnywhere\nfunc nothere()\n\n"
        "func main() { nothere() }\n```\n\n```output\nx\n```\n"
    ),
    "build-constraint": (
        '```go\n//go:build ignore\n\npackage main\n\nimport "fmt"\n\n'
        "func main() { fmt.Println(1) }\n```\n\n```output\n1\n```\n"
    ),
}


def _page(breaker: str, good: int = 6) -> str:
    blocks = [GOOD.format(i=i) for i in range(good)]
    blocks.insert(good // 2, breaker)
    return "\n".join([*blocks, WRONG])


@pytest.mark.parametrize("name", sorted(BREAKERS))
def test_a_batch_breaking_snippet_costs_only_its_own_verdict(
    check_text: CheckText, tmp_path: Path, name: str
) -> None:
    text = _page(BREAKERS[name])
    breaker_line = text.index(BREAKERS[name])
    line = text[:breaker_line].count("\n") + 1
    wrong_output = text.count("\n", 0, text.index("```output\n8")) + 2
    assert check_text(tmp_path, text) == [("GO001", line, 1), ("GO004", wrong_output, 1)]


def _fails_when(culprits: set[str], log: list[list[str]]) -> Callable[[list[str]], Outcome]:
    def attempt(group: list[str]) -> Outcome:
        log.append(group)
        return Outcome({}, "it broke") if culprits & set(group) else Outcome({})

    return attempt


IDS = [f"u{i:02d}" for i in range(16)]


def test_a_batch_that_passes_costs_one_attempt() -> None:
    log: list[list[str]] = []
    assert attribute_failures(IDS, _fails_when(set(), log)) == {}
    assert log == [IDS]


@pytest.mark.parametrize("culprits", [{"u00"}, {"u09"}, {"u15"}, {"u03", "u12"}])
def test_blind_failures_are_bisected_to_their_culprits(culprits: set[str]) -> None:
    log: list[list[str]] = []
    found = attribute_failures(IDS, _fails_when(culprits, log))
    assert found == dict.fromkeys(culprits, "it broke")
    assert len(log) <= 1 + 2 * 4 * len(culprits)  # about 2*log2(16) per culprit


def test_named_units_are_set_apart_and_the_rest_tried_again() -> None:
    log: list[list[str]] = []

    def attempt(group: list[str]) -> Outcome:
        log.append(group)
        named = {"u04": "u04 is wrong"} if "u04" in group else {}
        return Outcome(named, "the others were not built" if named else None)

    assert attribute_failures(IDS, attempt) == {"u04": "u04 is wrong"}
    assert log == [IDS, [i for i in IDS if i != "u04"]]


def test_suspects_are_tried_alone_first_and_blamed_only_if_they_fail_alone() -> None:
    log: list[list[str]] = []

    def attempt(group: list[str]) -> Outcome:
        log.append(group)
        if "u07" in group:  # u07's error text names an innocent unit, u01
            return Outcome({}, "undefined: cc/u01.Main", ["u01", "u07"])
        return Outcome({})

    assert attribute_failures(IDS, attempt) == {"u07": "undefined: cc/u01.Main"}
    assert log[1:] == [["u07"], ["u01"], [i for i in IDS if i not in ("u01", "u07")]]


def test_a_failure_no_unit_causes_alone_blames_nobody() -> None:
    def attempt(group: list[str]) -> Outcome:
        return Outcome({}, "clash") if {"u02", "u13"} <= set(group) else Outcome({})

    assert attribute_failures(IDS, attempt) == {}
