"""The rule families, in report order. Registration is this explicit table: no import magic."""

from __future__ import annotations

from coursecheck.rules import (
    current,
    encoding,
    frontmatter,
    go,
    links,
    numbering,
    structure,
    weeks,
)
from coursecheck.rules.base import Family, Rule

FAMILIES: tuple[Family, ...] = (
    encoding.FAMILY,
    frontmatter.FAMILY,
    numbering.FAMILY,
    weeks.FAMILY,
    current.FAMILY,
    structure.FAMILY,
    links.FAMILY,
    go.FAMILY,
)


def all_rules() -> dict[str, Rule]:
    return {rule.code: rule for family in FAMILIES for rule in family.rules}
