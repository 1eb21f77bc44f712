"""The rule families, in report order. Registration is this explicit table: no import magic.

The table is built when first asked for (PEP 562): `coursecheck snippets` imports `rules.go`,
which imports this package, and must not pay for every other family's modules."""

from __future__ import annotations

from coursecheck.rules.base import Family, Rule


def _families() -> tuple[Family, ...]:
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

    return (
        encoding.FAMILY,
        frontmatter.FAMILY,
        numbering.FAMILY,
        weeks.FAMILY,
        current.FAMILY,
        structure.FAMILY,
        links.FAMILY,
        go.FAMILY,
    )


def __getattr__(name: str) -> tuple[Family, ...]:
    if name != "FAMILIES":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    families = _families()
    globals()["FAMILIES"] = families  # asked once: later lookups find the attribute itself
    return families


FAMILIES: tuple[Family, ...]  # built by __getattr__ on first use


def all_rules() -> dict[str, Rule]:
    families: tuple[Family, ...] = __getattr__("FAMILIES")
    return {rule.code: rule for family in families for rule in family.rules}
