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


def run_fix(root: Path, config: Config, use_cache: bool) -> Outcome:
    """Writes the fixes; the caller then checks again and reports what remains."""
    plan = plan_fixes(root, config, FAMILIES, use_cache)
    changed = plan.changed()
    write_atomically(changed, root)
    message = f"Fixed {_counts(plan, changed)}." if changed else ""
    return Outcome("", message, len(changed))


def run_diff(root: Path, config: Config, use_cache: bool) -> Outcome:
    """What --fix would change; writes nothing."""
    plan = plan_fixes(root, config, FAMILIES, use_cache)
    changed = plan.changed()
    diff = "".join(unified_diff(path, plan.before[path], changed[path]) for path in sorted(changed))
    message = f"Would fix {_counts(plan, changed)}." if changed else "No fixes to apply."
    return Outcome(diff, message, len(changed))


def _counts(plan: Plan, changed: dict[Path, bytes]) -> str:
    fixed = len(plan.found) - len(plan.remaining)
    return f"{plural(fixed, 'finding')} in {plural(len(changed), 'file')}"
