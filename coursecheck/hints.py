"""Did you mean ...? for a name that is nearly one of a known set (rustc and git do this)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

CUTOFF = 0.6
SHORT_CODE_RE = re.compile(r"([A-Za-z]{2})0*(\d{1,3})")  # LK01, go4: a code missing its zeros


def closest(word: str, choices: Iterable[str], cutoff: float = CUTOFF) -> str | None:
    """The known name nearest to `word`, ignoring case and `-`/`_`, if any is near enough."""
    by_key: dict[str, str] = {}
    for choice in choices:
        by_key.setdefault(_key(choice), choice)
    if _key(word) in by_key:
        return by_key[_key(word)]
    if SHORT_CODE_RE.fullmatch(word):  # EN9 is no typo of EN001: codes are not near by spelling
        return None
    near = difflib.get_close_matches(_key(word), list(by_key), n=1, cutoff=cutoff)
    return by_key[near[0]] if near else None


def did_you_mean(word: str, choices: Iterable[str], quote: str = "'{}'") -> str:
    """`; did you mean 'x'?` to append to a message, or nothing."""
    match = closest(word, choices)
    return "" if match is None or match == word else f"; did you mean {quote.format(match)}?"


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


def _key(name: str) -> str:
    code = SHORT_CODE_RE.fullmatch(name)
    if code is not None:
        return f"{code[1]}{int(code[2]):03d}".casefold()
    return name.casefold().replace("-", "_")
