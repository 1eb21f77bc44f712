"""YAML slips in plain words, at the line that causes them (the parser says where it gave up)."""

from __future__ import annotations

import pytest

from coursecheck.yamldoc import load_yaml


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        pytest.param(
            'day: 1\ntitle: "First Steps\nweek: 1\n',
            (2, 8),
            'the quote " opened here is never closed; end the value with " on the same line',
            id="unclosed-quote",
        ),
        pytest.param(
            "day: 1\ntags:\n\t- a\nweek: 1\n",
            (3, 1),
            "a tab indents this line; YAML indents with spaces only",
            id="tab-indentation",
        ),
        pytest.param(
            'day: 1\ntitle "First"\nweek: 1\n',
            (2, 1),
            "'title \"First\"' is not 'key: value': the ':' after the key is missing",
            id="missing-colon",
        ),
        pytest.param(
            "day: 1\nweek: 1\nstatus published\n",
            (3, 1),
            "'status published' is not 'key: value': the ':' after the key is missing",
            id="missing-colon-last-line",
        ),
        pytest.param(
            "day:1\nweek: 1\n",
            (1, 1),
            "'day:1' is not 'key: value': a key needs ': ' (a colon, then a space) after it",
            id="no-space-after-colon",
        ),
        pytest.param(
            "day: 1\nweek: 1\nday: 2\n",
            (3, 1),
            "duplicate key 'day': set to '1' above and to '2' here; keep one",
            id="duplicate-key",
        ),
        pytest.param(
            "day: 1\ntags: [a, b\nweek: 1\n",
            (2, 7),
            "the [ opened here is never closed; end it with ] on the same line",
            id="unclosed-bracket",
        ),
        pytest.param(
            "day: 1\n  week: 1\n",
            (2, 3),
            "this line is indented under 'day: 1', which already has a value; keys of one "
            "mapping start in the same column",
            id="indented-under-a-value",
        ),
        pytest.param(
            "weeks:\n  - number: 1\n   title: x\n",
            (3, 4),
            "this line's indentation matches no key above it; keys of one mapping start in the "
            "same column",
            id="indentation-between-keys",
        ),
        pytest.param(
            "day: 1\ntitle: Go: the basics\n",
            (2, 8),
            "a value that holds ': ' must be quoted: title: \"Go: the basics\"",
            id="colon-in-value",
        ),
        pytest.param(
            'title: "Go" basics\n',
            (1, 13),
            "text follows the closing quote; put the whole value inside the quotes",
            id="text-after-quote",
        ),
        pytest.param(
            "day: 1\ntitle: `main`\n",
            (2, 8),
            "a value cannot start with `; put the value in quotes",
            id="backtick-value",
        ),
        pytest.param(
            'day: 1\ntitle: "Defer LIFO\nweek: 1\ngo: "1.24"\n',
            (2, 8),
            'the quote " opened here is never closed; end the value with " on the same line',
            id="unclosed-quote-closed-by-a-later-line",
        ),
        pytest.param(
            "title: 'Defer's LIFO'\n",
            (1, 14),
            "an apostrophe ends a '...' value: write it twice ('') or put the value in double "
            "quotes",
            id="apostrophe-in-single-quotes",
        ),
        pytest.param(
            "tags: [defer, panic,, recover]\n",
            (1, 21),
            "two commas in a row: an item is missing between them; remove one comma",
            id="two-commas",
        ),
        pytest.param(
            "summary: >-x\n  text\n",
            (1, 12),
            "only '-', '+' or an indentation digit may follow '>' or '|' on its line; the text "
            "goes on the lines below, indented",
            id="block-scalar-indicator",
        ),
        pytest.param(
            "day: 1\nweek: 2:\n",
            (2, 7),
            "the value '2:' ends with a stray ':'; remove it",
            id="trailing-colon",
        ),
    ],
)
def test_slip_in_plain_words(text: str, where: tuple[int, int], message: str) -> None:
    problem = load_yaml(text).problem
    assert problem is not None
    assert ((problem.line, problem.column), problem.message) == (where, message)
