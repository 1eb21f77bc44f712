"""The fixers, in the order they run: text first, then the roadmap, then what follows from it."""

from __future__ import annotations

from coursecheck.fixes import current, encoding, gofmt, roadmap
from coursecheck.fixes.base import Fixer

FIXERS: tuple[Fixer, ...] = (
    *encoding.FIXERS,
    *current.FIXERS[:1],  # the marker's form first: the other roadmap fixers keep the marker
    *roadmap.FIXERS,
    *current.FIXERS[1:],
    *gofmt.FIXERS,
)


def fixable_codes() -> set[str]:
    return {code for fixer in FIXERS for code in fixer.codes}
