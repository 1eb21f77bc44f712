"""`check --fix` and `check --diff`: plan every fix, then write it all or show it all."""

from __future__ import annotations

import sys
from pathlib import Path

from coursecheck.config import Config
from coursecheck.fixes.diff import unified_diff
from coursecheck.fixes.plan import Plan, plan_fixes
from coursecheck.fixes.write import write_atomically
from coursecheck.formatters.report import plural
from coursecheck.rules import FAMILIES


def run_fix(root: Path, config: Config, use_cache: bool) -> Plan:
    """Writes the fixes; the caller then checks again and reports what remains."""
    plan = plan_fixes(root, config, FAMILIES, use_cache)
    changed = plan.changed()
    write_atomically(changed, root)
    if changed:
        # stderr: stdout carries the report, which may be JSON or SARIF.
        fixed = len(plan.found) - len(plan.remaining)
        print(
            f"Fixed {plural(fixed, 'finding')} in {plural(len(changed), 'file')}.", file=sys.stderr
        )
    return plan


def run_diff(root: Path, config: Config, use_cache: bool) -> int:
    """Prints what --fix would change and writes nothing; 1 when there is something, like ruff."""
    plan = plan_fixes(root, config, FAMILIES, use_cache)
    changed = plan.changed()
    for path in sorted(changed):
        sys.stdout.write(unified_diff(path, plan.before[path], changed[path]))
    count = len(changed)
    if count:
        fixed = len(plan.found) - len(plan.remaining)
        print(f"Would fix {plural(fixed, 'finding')} in {plural(count, 'file')}.", file=sys.stderr)
    else:
        print("No fixes to apply.", file=sys.stderr)
    return 1 if count else 0
