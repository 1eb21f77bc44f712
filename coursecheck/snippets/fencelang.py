"""A misspelt `output` fence after a Go snippet (```outptu): read as some other language, the
output would never be compared, without a word. Said as GO010, with the word it nearly spells."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

from coursecheck.diagnostics import Finding
from coursecheck.markdown import Document
from coursecheck.snippets import codes
from coursecheck.snippets.extract import extract

OUTPUT = "output"
MAX_EDITS = 2  # ouput, outpt, outptu; not `text` or `stdout`
MIN_LENGTH = 4


def misspelt_outputs(path: Path, doc: Document) -> Iterator[tuple[str, Finding]]:
    blocks = extract(path, doc)
    for before, block in itertools.pairwise(blocks):
        lang = block.info.lang
        if before.is_go and block.after_code and _near_output(lang):
            message = (
                f"fence language {lang!r} after a Go snippet is not read as its output, so the "
                f"output is never compared; did you mean {OUTPUT!r}?"
            )
            yield codes.BAD_ATTRIBUTE, Finding(path, block.line, block.info_column, message)


def _near_output(lang: str) -> bool:
    word = lang.casefold()
    return len(word) >= MIN_LENGTH and 0 < edits(word, OUTPUT) <= MAX_EDITS


def edits(a: str, b: str) -> int:
    """Edit distance, a swap of two neighbours counting as one edit (`outptu`)."""
    rows = [list(range(len(b) + 1))]
    for i, x in enumerate(a, 1):
        row = [i]
        for j, y in enumerate(b, 1):
            row.append(min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (x != y)))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]
