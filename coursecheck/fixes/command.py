"""`check --fix` and `check --diff`: plan every fix, then write it all or show it all.

Both return what to tell the user; the command line prints it (stderr: stdout carries the
report, which may be JSON or SARIF)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coursecheck.config import Config
from coursecheck.fixes.diff import unified_diff
from coursecheck.fixes.plan import Plan, plan_fixes
from coursecheck.fixes.write import write_atomically
from coursecheck.formatters.report import plural
from coursecheck.rules import FAMILIES


@dataclass(frozen=True)
class Outcome:
    diff: str  # --diff: the unified diff of every file a fix changes
    message: str  # one line for stderr, "" for none
    changed: int  # files changed (--fix) or that would change (--diff)


def run_fix(root: Path, config: Config, use_cache: bool, only: tuple[Path, ...] = ()) -> Outcome:
    """Writes the fixes; the caller then checks again and reports what remains. `only`: the
    files named on the command line, the only ones a fix may touch (empty: every file)."""
    plan = plan_fixes(root, config, FAMILIES, use_cache)
    changed = _named(plan.changed(), only)
    write_atomically(changed, root)
    message = f"Fixed {_counts(plan, changed)}." if changed else ""
    return Outcome("", message, len(changed))


def run_diff(root: Path, config: Config, use_cache: bool, only: tuple[Path, ...] = ()) -> Outcome:
    """What --fix would change; writes nothing."""
    plan = plan_fixes(root, config, FAMILIES, use_cache)
    changed = _named(plan.changed(), only)
    diff = "".join(unified_diff(path, plan.before[path], changed[path]) for path in sorted(changed))
    message = f"Would fix {_counts(plan, changed)}." if changed else "No fixes to apply."
    return Outcome(diff, message, len(changed))


def _named(changed: dict[Path, bytes], only: tuple[Path, ...]) -> dict[Path, bytes]:
    """`check FILE --fix` edits FILE, never a file the user did not name (compared as Paths)."""
    if not only:
        return changed
    wanted = {path.resolve() for path in only}
    return {path: data for path, data in changed.items() if path.resolve() in wanted}


def _counts(plan: Plan, changed: dict[Path, bytes]) -> str:
    kept = {path.resolve() for path in changed}
    found, remaining = (
        [d for d in diagnostics if d.path.resolve() in kept]
        for diagnostics in (plan.found, plan.remaining)
    )
    fixed = len(found) - len(remaining)
    return f"{plural(fixed, 'finding')} in {plural(len(changed), 'file')}"
