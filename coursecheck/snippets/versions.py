"""The Go release a snippet is checked against: the block's `go_version` attribute, else its
page's claim (the module's front matter, else the manifest's floor)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from coursecheck.diagnostics import Finding
from coursecheck.snippets import codes
from coursecheck.snippets.cache import digest
from coursecheck.snippets.extract import Block

if TYPE_CHECKING:  # plan validates blocks with this module
    from coursecheck.snippets.plan import Unit

ATTRIBUTE = "go_version"
VERSION = re.compile(r"1\.\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Claim:
    version: str  # as written: 1.22 or 1.22.3
    by: str  # who claims it, for the finding: "the module's go_version"


def parse(text: str) -> tuple[int, ...] | None:
    """1.22.3 -> (1, 22, 3); None when it is not a Go release."""
    return tuple(int(p) for p in text.split(".")) if VERSION.fullmatch(text) else None


def language(text: str) -> tuple[int, int]:
    """The language version a release names: 1.22.3 -> (1, 22)."""
    major, minor = (parse(text) or (0, 0))[:2]
    return major, minor


def of_block(block: Block, page: Claim | None) -> Claim | None:
    attr = block.info.get(ATTRIBUTE)
    if attr is not None and attr.value and parse(attr.value):
        return Claim(attr.value, "the block's go_version attribute")
    return page


def claimed(unit: Unit, page: Claim | None) -> Unit:
    """The unit, checked at what its last block claims; the claim is part of its cache key."""
    claim = of_block(unit.last, page)
    if claim is None:
        return unit
    key = digest(unit.key, claim.version, claim.by)
    return replace(unit, go_version=f"go{claim.version}", claimed_by=claim.by, key=key)


def validate(block: Block) -> Iterator[tuple[str, Finding]]:
    attr = block.info.get(ATTRIBUTE)
    if attr is not None and not parse(attr.value or ""):
        column = block.info_column + attr.offset
        message = "go_version wants a Go release such as 1.22"
        yield codes.BAD_ATTRIBUTE, Finding(block.path, block.line, column, message)
