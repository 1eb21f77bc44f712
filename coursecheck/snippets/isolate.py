"""Finding the units that break a batched step, so one bad snippet costs only its own verdict.

Batching (one type-check, one link, one test binary for many snippets) is what makes a course
fast; its risk is that one snippet's failure, reported where the tool cannot say whose it is
(the shared main package, the linker, a crashed helper), would fail every snippet of the
batch. `attribute_failures` turns such a failure back into per-unit verdicts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple


class Outcome(NamedTuple):
    """What one attempt of a batched step over some units said.

    named: errors the tool's output attributes to a unit (unit id -> error text).
    blind: the error text of a failure it attributes to no unit; None when there was none.
    suspects: units the blind text mentions; only a hint (a crafted snippet can name another
    unit in its own error), so each is tried alone before it is blamed."""

    named: dict[str, str]
    blind: str | None = None
    suspects: Sequence[str] = ()


Attempt = Callable[[list[str]], Outcome]


def attribute_failures(ids: Sequence[str], attempt: Attempt) -> dict[str, str]:
    """Each unit that makes the step fail -> its error; the others passed in some attempt.

    `attempt(group)` runs the step on exactly those units. Units it names are set apart and
    the rest is tried again; a blind failure is narrowed down (suspects alone first, then by
    halves) to the single units that fail alone, which get the blind text as their error.
    A batch that passes costs one attempt; each blind culprit about 2*log2(len(ids)) more.
    A failure that no unit causes alone blames nobody: the caller finds out when it builds
    the units that were not blamed together (see `Bisection.passed`)."""
    return Bisection(attempt).run(list(ids))


class Bisection:
    def __init__(self, attempt: Attempt) -> None:
        self.attempt = attempt
        self.found: dict[str, str] = {}
        self.passed: list[str] | None = None  # the last group that passed as a whole

    def run(self, ids: list[str]) -> dict[str, str]:
        pending = [ids]
        while pending:
            group = pending.pop()
            if group:
                pending += self._step(group)
        return self.found

    def _step(self, group: list[str]) -> list[list[str]]:
        """Try one group; return the groups still to try (the last one is tried first)."""
        outcome = self.attempt(group)
        named = {i: text for i, text in outcome.named.items() if i in group}
        self.found.update(named)
        if outcome.blind is None:  # the units it did not name passed
            if not named:
                self.passed = group
            return []
        rest = [i for i in group if i not in named]
        if named:
            return [rest]
        if len(rest) == 1:
            self.found[rest[0]] = outcome.blind
            return []
        suspects = [i for i in dict.fromkeys(outcome.suspects) if i in rest]
        if suspects and len(suspects) < len(rest):
            others = [i for i in rest if i not in suspects]
            return [others, *([s] for s in suspects)]
        half = len(rest) // 2
        return [rest[half:], rest[:half]]
