"""A rule's documentation: what it checks and why, then a failing and a passing example."""

from __future__ import annotations


def rule_doc(what: str, bad: str, good: str) -> str:
    example = "````markdown\n{}\n````\n"
    return f"{what}\n\n**Bad:**\n\n{example.format(bad)}\n**Good:**\n\n{example.format(good)}"
