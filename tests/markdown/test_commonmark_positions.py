"""Block positions proven against a CommonMark reference parser (markdown-it-py).

Every block mistune finds (paragraphs, ATX and setext headings, fenced and indented code,
block quotes, lists and their items, HTML blocks, thematic breaks) must start on the line
where CommonMark starts it. Compared on the 652 examples of the CommonMark spec and on
generated book-like documents.

Where mistune cuts the blocks differently from CommonMark (a parser difference, not a
position one) lines cannot be compared block for block. The outlines compare kind, nesting
and size (lines of text or code), so a difference in where blocks end shows too. Known
differences, each pinned by `test_known_structure_differences`:

- a tab after a block quote's marker and spaces: CommonMark counts it to the next tab stop
  of the line, mistune from the quote's text (`>   <tab>code` is code, mistune a paragraph);
- a setext underline on a lazy continuation line: CommonMark keeps it as paragraph text,
  mistune makes a heading;
- an empty list item followed by two blank lines: CommonMark ends the list, mistune goes on.

The `plain` documents leave those out, and there the outlines must be equal. The full
generator adds them: where both parsers cut the same blocks their lines agree, and every
block's (line, column) points at its own text in the source whatever the parsers' cut.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from blockgen import document
from blockmap import commonmark_outline, misplaced, mistune_outline
from hypothesis import HealthCheck, given, settings

SPEC = json.loads((Path(__file__).parent / "commonmark-spec-0.31.2.json").read_text())
# Derandomized and without a database: every run checks the same documents. Drawing them is
# the slow part (about 0.1 s each); a long run on demand:
#     COURSECHECK_POSITION_EXAMPLES=5000 .venv/bin/pytest tests/markdown -k documents
GENERATED = settings(
    max_examples=int(os.environ.get("COURSECHECK_POSITION_EXAMPLES", "60")),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("example", SPEC, ids=lambda e: f"{e['example']}-{e['section']}")
def test_spec_example(example: dict[str, Any]) -> None:
    mine, reference = mistune_outline(example["markdown"]), commonmark_outline(example["markdown"])
    assert mine.shape == reference.shape, "mistune cuts the blocks differently"
    assert mine.mismatches(reference) == []


@GENERATED
@given(document(plain=True))
def test_plain_documents(text: str) -> None:
    mine, reference = mistune_outline(text), commonmark_outline(text)
    assert mine.shape == reference.shape, "mistune cuts the blocks differently"
    assert mine.mismatches(reference) == []
    assert misplaced(text) == []


@GENERATED
@given(document())
def test_documents_with_tabs_and_lazy_lines(text: str) -> None:
    mine, reference = mistune_outline(text), commonmark_outline(text)
    if mine.shape == reference.shape:
        assert mine.mismatches(reference) == []
    assert misplaced(text) == []


@pytest.mark.parametrize(
    "text",
    [">   \tcode\n", "- a\n==\n", "-\n\n\n-\n"],
    ids=["tab-after-quote-marker", "lazy-setext-underline", "empty-item-two-blank-lines"],
)
def test_known_structure_differences(text: str) -> None:
    # When one of these starts to agree, mistune changed: take it out of the docstring and
    # let `plain` documents have it.
    assert mistune_outline(text).shape != commonmark_outline(text).shape
    assert misplaced(text) == []
