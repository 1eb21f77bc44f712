"""Splitting a module into its YAML front matter and its Markdown body."""

from __future__ import annotations

from dataclasses import dataclass

FENCE = "---"


@dataclass(frozen=True)
class Split:
    yaml: str | None  # None when the file has no front matter block
    yaml_first_line: int  # document line of the YAML's first line (1-based)
    body_first_line: int
    unclosed: bool = False


def split_front_matter(text: str) -> Split:
    lines = text.split("\n")
    if not lines or lines[0].rstrip("\r").rstrip() != FENCE:
        return Split(None, 1, 1)
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r").rstrip() in (FENCE, "..."):
            return Split("\n".join(lines[1:index]), 2, index + 2)
    return Split("\n".join(lines[1:]), 2, len(lines) + 1, unclosed=True)


def blank_front_matter(text: str, split: Split) -> str:
    """The text with the front matter blanked out, so Markdown lines keep their numbers."""
    if split.yaml is None:
        return text
    lines = text.split("\n")
    keep = split.body_first_line - 1
    return "\n" * keep + "\n".join(lines[keep:])
