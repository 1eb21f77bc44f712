"""The Go release a snippet is checked against: the block's `go_version` attribute, else its
page's claim (the module's front matter, else the manifest's floor)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from coursecheck.cache.identity import digest
from coursecheck.diagnostics import Finding
from coursecheck.snippets import codes
from coursecheck.snippets.extract import Block

if TYPE_CHECKING:  # plan validates blocks with this module
    from coursecheck.snippets.results import CheckResult
    from coursecheck.snippets.units import Unit

ATTRIBUTE = "go_version"
VERSION = re.compile(r"1\.\d+(?:\.\d+)?")
# A setting of the toolchain's GODEBUG table (src/internal/godebugs/table.go) that changed
# its default at a release: {Name: "httpmuxgo121", Package: "net/http", Changed: 22, Old: "1"}.
_SETTING = re.compile(r'\{Name: "(\w+)",[^\n}]*?Changed: (\d+), Old: "([^"]+)"')


@dataclass(frozen=True)
class Claim:
    version: str  # as written: 1.22 or 1.22.3
    by: str  # who claims it, for the finding: "the module's go_version"
    # A module's own claim: where it is written, and the course's floor under it (GO024).
    where: tuple[int, int] | None = field(default=None, compare=False)
    floor: str | None = field(default=None, compare=False)


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


def godebug(goroot: Path, claim: str) -> str:
    """The GODEBUG a program built by a module claiming `claim` (go1.21) runs with by default:
    the old value of every setting whose default changed after it, as the go command derives
    them from a main module's `go` line. Empty without a claim or without the table."""
    try:
        table = (goroot / "src" / "internal" / "godebugs" / "table.go").read_text("utf-8")
    except OSError:
        return ""  # a toolchain without its sources: the toolchain's defaults (documented)
    claimed = language(claim.removeprefix("go"))
    return ",".join(
        f"{name}={old}"
        for name, changed, old in _SETTING.findall(table)
        if claim and claimed < (1, int(changed))
    )


def validate(block: Block) -> Iterator[tuple[str, Finding]]:
    attr = block.info.get(ATTRIBUTE)
    if attr is not None and not parse(attr.value or ""):
        column = block.info_column + attr.offset
        message = "go_version wants a Go release such as 1.22"
        yield codes.BAD_ATTRIBUTE, Finding(block.path, block.line, column, message)


def overclaims(
    units: list[Unit], check_of: Callable[[Unit], CheckResult | None], claims: Mapping[Path, Claim]
) -> Iterator[tuple[str, Finding]]:
    """GO024: a module claiming a newer Go than its snippets need, and than the floor. A page
    with a snippet that did not build (compile_fail aside) is left out: what that one needs
    is not known."""
    needs: dict[Path, tuple[int, int] | None] = {}
    for unit in units:
        if unit.last.info.has("compile_fail"):
            continue  # it fails to build on purpose: what it needs is beside the point
        check, path = check_of(unit), unit.last.path
        need = check.needs if check is not None else ""
        known = needs.get(path, (1, 0)) if need.startswith("go") else None
        needs[path] = max(known, language(need[2:])) if known is not None else None
    for path, claim in sorted(claims.items()):
        floor = language(claim.floor or "1.0")
        needed = needs.get(path, floor)
        if claim.where is None or needed is None or language(claim.version) <= max(needed, floor):
            continue
        if needed <= floor:
            why = f"nothing in its snippets needs more than the course's floor {claim.floor}"
        else:
            why = f"its snippets need {needed[0]}.{needed[1]}"
        message = f"go_version {claim.version} is higher than the module needs: {why}"
        yield codes.OVERCLAIM, Finding(path, *claim.where, message)
