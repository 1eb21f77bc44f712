"""A pydantic validation error in the author's words: where (`week 2`, not `weeks.1`), what is
wrong with the value, and how to write it; never a regex or the validator's own terms."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pydantic_core import ErrorDetails
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from coursecheck.hints import did_you_mean

QUOTED_RE = re.compile(r"'([^']*)'")
NUMBER_RE = re.compile(r"^\s*(\d+)\b")
# What a value constrained by a pattern looks like, by its key (coursecheck/models.py).
FORMS = {
    "go_version": 'a Go release written "1.NN" in quotes, such as "1.22"',
    "tags": "a tag of lower-case letters, digits and '-', such as zero-values",
}


def where(location: Sequence[int | str]) -> str:
    """`weeks.1.first_day` as `week 2: first_day`: list items counted from 1, as authors do."""
    words: list[str] = []
    for part in location:
        if isinstance(part, int) and words:
            words[-1] = f"{words[-1].removesuffix('s')} {part + 1}"
        else:
            words.append(str(part))
    return ": ".join(words)


def value_words(error: ErrorDetails) -> str:
    """What is wrong with the value, and the way to write it when that is known."""
    got, kind = error.get("input"), error["type"]
    ctx = error.get("ctx") or {}
    field = next((str(p) for p in reversed(error["loc"]) if isinstance(p, str)), "")
    if kind in ("literal_error", "enum"):
        choices = QUOTED_RE.findall(str(ctx.get("expected", "")))
        return f"{got!r} is not one of {ctx.get('expected', '')}{did_you_mean(str(got), choices)}"
    if kind == "string_pattern_mismatch":
        return f"{got!r} is not {FORMS.get(field, 'written in the form this key takes')}"
    if kind == "list_type" and isinstance(got, str):
        items = ", ".join(item.strip() for item in got.split(",") if item.strip())
        return f"{got!r} is one value, not a list; write the list in brackets: [{items}]"
    if kind in ("int_parsing", "int_type") and not isinstance(got, (dict, list)):
        number = NUMBER_RE.match(str(got))
        alone = f"; write the number alone: {number[1]}" if number else ""
        return f"{got!r} is not a whole number{alone}"
    if kind == "string_type" and isinstance(got, (int, float)):
        return f'{got!r} is read as a number, not text; put it in quotes: "{got}"'
    shown = f" (got {got!r})" if not isinstance(got, (dict, list)) else ""
    return f"{error['msg'].removeprefix('Value error, ')}{shown}"


def value_position(data: Any, location: Sequence[int | str]) -> tuple[int, int] | None:
    """1-based (line, column) of the value a location names, when the YAML holds it."""
    node, position = data, None
    for part in location:
        if isinstance(node, CommentedMap) and part in node:
            line, column = node.lc.value(part)
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            line, column = node.lc.item(part)
        else:
            return None
        node, position = node[part], (line + 1, column + 1)
    return position
