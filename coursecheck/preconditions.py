"""What a finding takes for granted, so that a finding showing it false can stand for it.

A rule names, on a Finding, the preconditions it `needs` (ST001's "the page reads as written")
and the ones it `breaks` (GO011: "from here on it does not"). `coursecheck/cascade.py` folds the
findings whose needs a reported finding breaks into that one: one mistake, one finding.
"""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass
from pathlib import Path


class Premise(enum.StrEnum):
    TEXT = "text"  # these lines of the page read as Markdown the way the author wrote them
    MODULES = "modules"  # the manifest's modules folder exists
    CHAIN = "chain"  # the `continue` chain of a block is the one its author meant
    FLOOR = "floor"  # the manifest's go_version is a release the toolchain reaches


@dataclass(frozen=True)
class Precondition:
    premise: Premise
    path: Path  # the page, or the manifest for MODULES
    first_line: int = 1
    last_line: int | None = None  # None: to the end of the file

    def overlaps(self, other: Precondition) -> bool:
        if not (
            _reaches(self.first_line, other.last_line)
            and _reaches(other.first_line, self.last_line)
        ):
            return False
        # As strings: comparing Paths costs more than everything else here (benchmarks/cascade.py).
        return self.premise == other.premise and str(self.path) == str(other.path)


def _reaches(first: int, last: int | None) -> bool:
    return last is None or first <= last


def text(path: Path, first_line: int = 1, last_line: int | None = None) -> Precondition:
    """The page's lines `first_line`..`last_line` (default: the whole page) read as written."""
    return Precondition(Premise.TEXT, _plain(path), first_line, last_line)


def modules(manifest: Path) -> Precondition:
    return Precondition(Premise.MODULES, _plain(manifest))


def chain(path: Path, line: int) -> Precondition:
    """The chain that the `continue` block opened at `line` joins is the one meant."""
    return Precondition(Premise.CHAIN, _plain(path), line, line)


def floor(manifest: Path) -> Precondition:
    """The course's floor (the manifest's go_version) is one the pinned toolchain reaches."""
    return Precondition(Premise.FLOOR, _plain(manifest))


def _plain(path: Path) -> Path:
    # A link's target may be spelt `days/../days/x.md`; the page it names is one page.
    return Path(os.path.normpath(path))
