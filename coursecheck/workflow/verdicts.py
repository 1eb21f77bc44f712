"""Each day's code blocks counted by language and, for Go, by verdict: the `status` column.

The verdicts come from the engine running the GO family as `check` runs it (through its result
cache, so a course `coursecheck check` has seen starts no Go process), and the findings are kept
or dropped by the same filters: the configuration's selection, per-file ignores and inline
suppressions. Otherwise `status` could call a snippet failing that the gate lets through.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from coursecheck.config import Config
from coursecheck.course import Course
from coursecheck.diagnostics import Hit
from coursecheck.engine import Engine
from coursecheck.rules.go import FAMILY as GO
from coursecheck.snippets.extract import Block, extract
from coursecheck.snippets.verdict import FAIL, IGNORED, OK, OUTPUT, SKIPPED, findings_of
from coursecheck.snippets.verdict import verdict as verdict_of

Tally = Counter[tuple[str, str]]  # (language, verdict) -> blocks; verdict "" when not judged
ORDER = (OK, FAIL, IGNORED)
NONE = "none"


def day_tallies(course: Course, config: Config | None) -> dict[Path, Tally]:
    """Per module; `config` None counts the blocks without building anything."""
    blocks = {m.path: extract(m.path, m.doc) for m in course.modules if m.doc is not None}
    hits: list[Hit] | None = None
    if config is not None and any(config.is_selected(rule.code) for rule in GO.rules):
        engine = Engine([GO], config)
        hits = engine.findings(course, engine.filters(course))
    return {path: tally(found, hits) for path, found in blocks.items()}


def tally(blocks: list[Block], hits: list[Hit] | None) -> Tally:
    """Fenced blocks only; an output block counts with the snippet it belongs to."""
    attached = {b.output.line for b in blocks if b.output is not None}
    counted: Tally = Counter()
    for block in blocks:
        if not block.fenced or block.line in attached:
            continue
        judged = "" if hits is None else verdict_of(block, findings_of(block, hits))
        if block.info.is_output and judged in ("", OUTPUT):
            continue  # the expected output of the code block before it, not a snippet
        counted[language(block), "" if judged == SKIPPED else judged] += 1
    return counted


def language(block: Block) -> str:
    return "go" if block.is_go else (block.info.lang.lower() or "plain")


def describe(counted: Tally) -> str:
    """`go 5 ok, 1 fail, 1 ignored; sh 1`: the most used language first."""
    per_language: dict[str, Counter[str]] = {}
    for (lang, judged), n in counted.items():
        per_language.setdefault(lang, Counter())[judged] += n
    ranked = sorted(per_language.items(), key=lambda item: (-item[1].total(), item[0]))
    return "; ".join(_one_language(lang, verdicts) for lang, verdicts in ranked) or NONE


def _one_language(lang: str, verdicts: Counter[str]) -> str:
    if set(verdicts) == {""}:
        return f"{lang} {verdicts['']}"
    order = [*ORDER, *sorted(set(verdicts) - set(ORDER))]
    shown = [f"{verdicts[v]} {v or 'unjudged'}" for v in order if verdicts[v]]
    return f"{lang} " + ", ".join(shown)
