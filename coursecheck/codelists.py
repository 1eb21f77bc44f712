"""Rule codes as users write them, read one way wherever they are written: `--select` and
`--ignore`, `[tool.coursecheck]`, and inline `ignore[...]`.

A word is a code or a family prefix in any case (`go001`, `lk`), or a rule's name (`build-error`,
`Build_Error`); it is read as the code prefix the filters match. A word that names nothing gets a
did-you-mean over every code and name, and its message says where it was written."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from coursecheck.errors import FatalError
from coursecheck.hints import did_you_mean

CODE_SHAPE = re.compile(r"[A-Za-z]{2}\d{0,3}")  # a code or a prefix of one: LK, GO01, ST004


def canonical(word: str) -> str | None:
    """The code prefix `word` stands for, or None when it names no rule."""
    codes, by_name = _known()
    written = word.strip()
    if CODE_SHAPE.fullmatch(written) and any(c.startswith(written.upper()) for c in codes):
        return written.upper()
    return by_name.get(_name_key(written))


def hint(word: str) -> str:
    """`; did you mean 'LK'?` over every code, family prefix and rule name, or nothing."""
    codes, by_name = _known()
    families = sorted({code[:2] for code in codes})
    names = sorted(by_name)  # the names as rules spell them: kebab-case
    return did_you_mean(word.strip(), [*families, *sorted(codes), *names])


def parse(words: Iterable[str], where: str) -> tuple[str, ...]:
    """Each word as its code prefix; FatalError (exit 2) at the first that names no rule."""
    found = []
    for word in words:
        code = canonical(word)
        if code is None:
            raise FatalError(
                f"unknown rule code, prefix or name {word!r} in {where}; "
                f"`coursecheck rules` lists them{hint(word)}"
            )
        found.append(code)
    return tuple(found)


@functools.cache
def _known() -> tuple[frozenset[str], dict[str, str]]:
    from coursecheck.rules import all_rules  # the registry imports every rule module

    rules = all_rules()
    return frozenset(rules), {_name_key(rule.name): code for code, rule in rules.items()}


def _name_key(name: str) -> str:
    return name.casefold().replace("_", "-").replace(" ", "-")
