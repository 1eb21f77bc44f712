"""rules.rule_of finds one rule by importing only its family: it must find every rule the
registry has, and nothing else."""

from __future__ import annotations

from coursecheck.rules import FAMILIES, all_rules, rule_of


def test_every_registered_rule_is_found_by_its_code() -> None:
    for code, rule in all_rules().items():
        assert rule_of(code) is rule, code


def test_every_family_prefix_is_in_the_lookup_table() -> None:
    for family in FAMILIES:
        assert family.rules, family.prefix
        assert rule_of(family.rules[0].code) is family.rules[0], family.prefix


def test_codes_of_no_rule_are_none() -> None:
    assert rule_of("GO999") is None
    assert rule_of("ZZ001") is None
    assert rule_of("") is None
