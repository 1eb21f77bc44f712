"""The rule families, in report order. Registration is this explicit table: no import magic."""

from __future__ import annotations

from coursecheck.rules import encoding, frontmatter
from coursecheck.rules.base import Family, Rule

FAMILIES: tuple[Family, ...] = (
    encoding.FAMILY,
    frontmatter.FAMILY,
)


def all_rules() -> dict[str, Rule]:
    return {rule.code: rule for family in FAMILIES for rule in family.rules}
