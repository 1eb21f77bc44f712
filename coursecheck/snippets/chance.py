"""One verdict from runs of a snippet made at once: what differs between them is chance."""

from __future__ import annotations

from typing import Any


def settle(results: list[dict[str, Any]], test: bool) -> dict[str, Any]:
    """One verdict from runs made at once. Tests that pass in one run only, or a program whose
    runs print differently, are left to chance: `flaky` says what differed (verdict, output,
    or only the order of the lines), `other` holds the other run's output."""
    stopped = [r for r in results if r["timed_out"] or r.get("limit")]
    if stopped:  # a time or sandbox limit ended a run: that is the verdict (GO008, GO017)
        return stopped[0]
    first = results[0]
    for other in results[1:]:
        if test and other["passed"] != first["passed"]:
            failed, passed = (first, other) if other["passed"] else (other, first)
            return failed | {"flaky": "verdict", "other": passed["output"]}
        if not test and _printed(other) != _printed(first):
            same = sorted(_printed(other)[0]) == sorted(_printed(first)[0])
            return first | {"flaky": "order" if same else "output", "other": other["output"]}
    return first


def _printed(result: dict[str, Any]) -> tuple[list[str], int]:
    text = result["output"] + result["tail"]
    return [line.rstrip() for line in text.strip().splitlines()], result["code"]


def cacheable(result: dict[str, Any]) -> bool:
    """A timeout may be the machine's load, and a flaky result is chance: both run again. Lines
    printed in another order are kept: a block can accept that (`output unordered`), and
    for an exact block the verdict stays GO016."""
    return not result.get("timed_out") and result.get("flaky") in (None, "order")
