"""Each day's code blocks counted by language and, for Go, by verdict: the `status` column.

The verdicts come from the GO snippet engine over the module pages, through its result cache
(so a course `coursecheck check` has seen starts no Go process), and the findings are kept or
dropped as `check` keeps them: the configuration's selection, per-file ignores and inline
suppressions. Otherwise `status` could call a snippet failing that the gate lets through.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from coursecheck.config import Config
from coursecheck.course import Course, Module
from coursecheck.engine import display_path
from coursecheck.rules.go import FAMILY as GO
from coursecheck.rules.goversions import page_claims
from coursecheck.snippets.check import check_pages
from coursecheck.snippets.extract import Block, extract
from coursecheck.snippets.verdict import FAIL, IGNORED, OK, OUTPUT, SKIPPED, Hit, findings_of
from coursecheck.snippets.verdict import verdict as verdict_of
from coursecheck.suppress import active_suppressions

Tally = Counter[tuple[str, str]]  # (language, verdict) -> blocks; verdict "" when not judged
ORDER = (OK, FAIL, IGNORED)
NONE = "none"


def day_tallies(course: Course, config: Config | None) -> dict[Path, Tally]:
    """Per module; `config` None counts the blocks without building anything."""
    pages = [(m.path, m.doc) for m in course.modules if m.doc is not None]
    blocks = {path: extract(path, doc) for path, doc in pages}
    hits: list[Hit] | None = None
    if config is not None and any(config.is_selected(rule.code) for rule in GO.rules):
        kept = _kept_by(config, course.modules)
        claims = page_claims(course)  # the Go release each module claims, as `check` uses
        found = check_pages(pages, config.is_selected, claims=claims)
        hits = [hit for hit in found if kept(hit)]
    return {path: tally(found, hits) for path, found in blocks.items()}


def _kept_by(config: Config, modules: list[Module]) -> Callable[[Hit], bool]:
    suppressions = {m.path: active_suppressions(m.source.lines) for m in modules}

    def kept(hit: Hit) -> bool:
        code, finding = hit
        if config.is_ignored_in(code, display_path(finding.path)):
            return False
        return not any(s.covers(code, finding.line) for s in suppressions.get(finding.path, []))

    return kept


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
