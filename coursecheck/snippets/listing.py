"""`coursecheck snippets`: every code block of some Markdown pages, and with --check, each one's
verdict, from the GO rules through the same filters as `check` (configuration, suppressions)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from coursecheck.cascade import fold
from coursecheck.config import Config
from coursecheck.course import load_course, load_page
from coursecheck.diagnostics import Hit, Severity
from coursecheck.errors import FatalError
from coursecheck.filters import Filters, check_prefixes
from coursecheck.formatters.paths import display_path
from coursecheck.markdown import Document
from coursecheck.snippets.extract import Block, extract
from coursecheck.snippets.lenient import Note, of_block
from coursecheck.snippets.source_files import markdown_files
from coursecheck.snippets.summary import Summary, rule_counts, verdict_counts
from coursecheck.snippets.verdict import findings_of, judged, on_no_block
from coursecheck.snippets.versions import Claim

Page = tuple[Path, Document]


@dataclass(frozen=True)
class Row:
    block: Block
    verdict: str | None = None  # None: not checked
    findings: list[Hit] = field(default_factory=list)
    reason: str = ""  # why the verdict is not `ok`, in words


@dataclass(frozen=True)
class Listing:
    rows: list[Row]
    unreadable: list[tuple[Path, str]]  # pages that could not be read, and why
    errors: int = 0  # error-severity findings kept
    loose: list[Hit] = field(default_factory=list)  # kept findings that no row owns
    summary: Summary = field(default_factory=lambda: Summary(0, 0))

    @property
    def failed(self) -> bool:
        return bool(self.errors or self.unreadable)


def list_blocks(
    paths: list[Path], config: Config | None, use_cache: bool = True, lenient: bool = False
) -> Listing:
    """Every block of the pages under PATHS; `config` None lists them without checking.
    `lenient` (or the config's `lenient`) checks them in lenient mode (snippets/lenient.py)."""
    pages, unreadable = read_pages(markdown_files(paths))
    if config is None:
        rows = [Row(b) for path, doc in pages for b in extract(path, doc)]
        return Listing(rows, unreadable, summary=Summary(len(pages), len(rows)))
    check_prefixes(config)
    filters = Filters.of(config, pages)
    lenient = lenient or config.lenient
    notes: list[Note] | None = [] if lenient else None
    hits = kept_hits(pages, filters, use_cache, notes)
    errors = _severities(filters, lenient)
    fails = (lambda code: errors(code) is Severity.ERROR) if lenient else None
    on_page = _by_path(hits)  # a block's findings are on its own page: not every page's
    rows = [
        _checked(b, on_page.get(path, []), notes or [], fails)
        for path, doc in pages
        for b in extract(path, doc)
    ]
    loose = on_no_block((row.block for row in rows), hits)
    summary = _summary(len(pages), rows, hits, errors)
    return Listing(rows, unreadable, summary.errors, loose, summary)


def read_pages(paths: list[Path]) -> tuple[list[Page], list[tuple[Path, str]]]:
    pages: list[Page] = []
    unreadable: list[tuple[Path, str]] = []
    for path in paths:
        page = load_page(path)  # read and parsed as `check` reads a page
        if page.doc is None:
            unreadable.append((path, str(page.source.read_error or page.source.decode_error)))
        else:
            pages.append((path, page.doc))
    return pages, unreadable


def kept_hits(
    pages: list[Page], filters: Filters, use_cache: bool, notes: list[Note] | None = None
) -> list[Hit]:
    """As the engine keeps the GO family's findings: what follows from a reported root cause
    (an unclosed fence, a hijacked `continue` chain) is folded into it (cascade.py)."""
    from coursecheck.rules.go import page_findings  # heavy: only when checking

    found = list(
        page_findings(pages, filters.selected, use_cache, claims=_claims(pages), notes=notes)
    )
    folded = fold(found, filters.keeps, display_path)
    return [(code, finding) for code, finding in folded if filters.keeps(code, finding)]


def _claims(pages: list[Page]) -> dict[Path, Claim]:
    """A page of a course is checked at the Go release its module (or manifest) claims, as
    `check` checks it: the same block gets the same verdict from either command."""
    from coursecheck.discover import course_around
    from coursecheck.rules.goversions import page_claims

    claims: dict[Path, Claim] = {}
    for root in {course_around(path) for path, _ in pages}:
        try:
            course = load_course(root) if root is not None else None
        except FatalError:  # a course `check` refuses: its pages are checked without claims
            continue
        if course is not None:
            claims.update({path.resolve(): claim for path, claim in page_claims(course).items()})
    return {path: claims[path.resolve()] for path, _ in pages if path.resolve() in claims}


def _by_path(hits: list[Hit]) -> dict[Path, list[Hit]]:
    grouped: dict[Path, list[Hit]] = {}
    for hit in hits:
        grouped.setdefault(hit[1].path, []).append(hit)
    return grouped


def _checked(
    block: Block, hits: list[Hit], notes: list[Note], fails: Callable[[str], bool] | None
) -> Row:
    mine = findings_of(block, hits)
    found, reason = judged(block, mine, of_block(block, notes), fails)
    return Row(block, found, mine, reason)


def _severities(filters: Filters, lenient: bool) -> Callable[[str], Severity]:
    """Each code's severity as configured. Lenient mode makes gofmt a warning by default: a
    book's layout (two-space indents in an HTML table) is not a defect of its code."""
    from coursecheck.rules.go import ALL_RULES
    from coursecheck.snippets.codes import GOFMT

    default = {rule.code: rule.severity for rule in ALL_RULES}
    if lenient:
        default[GOFMT] = Severity.WARNING
    return lambda code: filters.severity(code, default[code])


def _summary(
    files: int, rows: list[Row], hits: list[Hit], severity: Callable[[str], Severity]
) -> Summary:
    """Verdicts by block; findings by rule, at the severity this run gives them."""
    from coursecheck.rules.go import ALL_RULES

    names = {rule.code: rule.name for rule in ALL_RULES}
    verdicts = verdict_counts(row.verdict for row in rows)
    return Summary(files, len(rows), verdicts, rule_counts(hits, names, severity))
