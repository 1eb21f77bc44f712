"""`snippets --fix`: GO003's gofmt fix on any Markdown, course or not, through the same filters
as `snippets --check` (a suppressed or ignored GO003 is left as written)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from coursecheck.config import Config
from coursecheck.course import Page, load_page
from coursecheck.filters import Filters, check_prefixes
from coursecheck.fixes.command import Outcome
from coursecheck.fixes.gofmt import gofmt_edits
from coursecheck.fixes.plan import MAX_PASSES, Overlay, Plan
from coursecheck.fixes.write import write_atomically
from coursecheck.formatters.report import plural
from coursecheck.snippets.codes import GOFMT
from coursecheck.snippets.listing import kept_hits
from coursecheck.snippets.source_files import markdown_files


def run_snippets_fix(paths: list[Path], config: Config, use_cache: bool) -> Outcome:
    """Formats the flagged snippets of the pages under PATHS and writes every changed page at
    once; what to tell the user comes back in the outcome."""
    check_prefixes(config)
    if not config.is_selected(GOFMT):
        return Outcome("", "", 0)
    # Only GO003 runs: the GO family then stops at gofmt, with no build or run.
    gofmt_only = replace(config, select=(GOFMT,))
    files = markdown_files(paths)
    plan = Plan()
    overlay = Overlay(plan)
    pages = _pages(files, overlay)
    places = _flagged(pages, gofmt_only, use_cache)
    found = len(places)
    # gofmt is idempotent, so one pass should do; the re-check proves it, as `check --fix` does.
    for _ in range(MAX_PASSES):
        if not places or not overlay.update(gofmt_edits(pages, places)):
            break
        pages = _pages(files, overlay)
        places = _flagged(pages, gofmt_only, use_cache)
    changed = plan.changed()
    write_atomically(changed, tuple(_folder(path) for path in paths))
    if not changed:
        return Outcome("", "", 0)
    fixed = plural(found - len(places), "finding")
    return Outcome("", f"Fixed {fixed} in {plural(len(changed), 'file')}.", len(changed))


def _pages(files: list[Path], overlay: Overlay) -> list[Page]:
    return [load_page(path, overlay.read) for path in files]


def _flagged(pages: list[Page], config: Config, use_cache: bool) -> set[tuple[Path, int]]:
    """Where GO003 reports a snippet, as the pages stand with the fixes so far."""
    readable = [(page.path, page.doc) for page in pages if page.doc is not None]
    hits = kept_hits(readable, Filters.of(config, readable), use_cache)
    return {(finding.path, finding.line) for code, finding in hits if code == GOFMT}


def _folder(path: Path) -> Path:
    """What a PATH lets `--fix` write in: the folder named, or a named file's folder."""
    return path if path.is_dir() else path.parent
