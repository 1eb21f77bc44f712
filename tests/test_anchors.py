"""GitHub's heading anchors: one line per heading, and the numbering of repeated ones."""

from __future__ import annotations

import pytest

from coursecheck.anchors import anchors, slugify
from coursecheck.markdown import parse_markdown


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        ("Under the Hood", "under-the-hood"),
        ("Decoupling vs. Complexity", "decoupling-vs-complexity"),
        ("🛠 Project Philosophy", "-project-philosophy"),
        ("Packages & `go mod`: Versioning", "packages--go-mod-versioning"),
        ("snake_case and kebab-case", "snake_case-and-kebab-case"),
        ("Ünïcode Straße", "ünïcode-straße"),
    ],
)
def test_github_slugs(heading: str, slug: str) -> None:
    assert slugify(heading) == slug


def test_repeated_headings_are_numbered() -> None:
    doc = parse_markdown("# A\n\n## Note\n\n## Note\n\n## Note-1\n\n## Note\n")
    assert anchors(doc) == ["a", "note", "note-1", "note-1-1", "note-2"]
