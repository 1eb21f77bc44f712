"""Which of the rules' findings a run keeps, and how severe each is.

Selection by code prefix, per-file ignores, severities and inline suppressions, in one place:
`check`, `--fix`, `status` and `snippets` all filter through it, so one block gets one verdict
whichever command asks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from coursecheck.config import Config
from coursecheck.diagnostics import Finding, Severity
from coursecheck.errors import FatalError
from coursecheck.hints import did_you_mean
from coursecheck.markdown import Document
from coursecheck.suppress import Suppression, active_suppressions


def check_prefixes(config: Config) -> None:
    """FatalError (exit 2) when a configured or --select/--ignore prefix names no rule."""
    if not any(config.unknown_prefixes(())):  # every prefix written; '' (all) matches any
        return  # nothing to check: `snippets` need not import every rule module
    from coursecheck.rules import all_rules  # the registry imports every rule module

    unknown = config.unknown_prefixes(all_rules())
    if unknown:
        raise FatalError(
            f"unknown rule code or prefix {unknown[0]!r} in --select/--ignore or "
            "[tool.coursecheck]; `coursecheck rules` lists the codes"
            + did_you_mean(unknown[0], all_rules())
        )


def is_selected(config: Config, code: str) -> bool:
    """Whether a rule is on: by the longest matching prefix, and an opt-in rule (GO024) only
    when its full code is selected. The engine and `snippets` both ask here."""
    from coursecheck.rules import rule_of  # imports the code's family only

    rule = rule_of(code)
    if rule is not None and rule.opt_in and code not in config.select:
        return False
    return config.is_selected(code)


@dataclass(frozen=True)
class Filters:
    config: Config
    suppressions: dict[Path, list[Suppression]] = field(default_factory=dict)

    @classmethod
    def of(cls, config: Config, pages: Iterable[tuple[Path, Document]]) -> Filters:
        """The filters of a run over these Markdown pages (their suppressions)."""
        return cls(config, {path: active_suppressions(path, doc) for path, doc in pages})

    def selected(self, code: str) -> bool:
        return is_selected(self.config, code)

    def keeps(self, code: str, finding: Finding) -> bool:
        if not self.selected(code) or self.config.is_ignored_in(code, finding.path):
            return False
        found = self.suppressions.get(finding.path, [])
        return not any(s.covers(code, finding.line) for s in found)

    def severity(self, code: str, default: Severity) -> Severity:
        return self.config.severity_of(code, default)
