"""The rule families, in report order. Registration is this explicit table: no import magic.

The table is built when first asked for (PEP 562): `coursecheck snippets` imports `rules.go`,
which imports this package, and must not pay for every other family's modules."""

from __future__ import annotations

import importlib

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


# Each family's module by its code prefix: one rule is found without importing the other
# families (`snippets` asks only about GO codes). tests/test_rule_lookup.py keeps it in step.
_MODULE_OF = {
    "EN": "encoding",
    "FM": "frontmatter",
    "RM": "numbering",
    "WK": "weeks",
    "CU": "current",
    "ST": "structure",
    "LK": "links",
    "GO": "go",
}


def rule_of(code: str) -> Rule | None:
    """The rule with this code, or None; imports only its family's module."""
    module = _MODULE_OF.get(code[:2])
    if module is None:
        return None
    family: Family = importlib.import_module(f"{__name__}.{module}").FAMILY
    return next((rule for rule in family.rules if rule.code == code), None)


def all_rules() -> dict[str, Rule]:
    families: tuple[Family, ...] = __getattr__("FAMILIES")
    return {rule.code: rule for family in families for rule in family.rules}
