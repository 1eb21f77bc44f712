"""A misspelt `output` fence after a Go snippet (```outptu): read as some other language, the
output would never be compared, without a word. Said as GO010, with the word it nearly spells."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

from coursecheck.diagnostics import Finding
from coursecheck.hints import edits
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
