"""The roadmap index: each roadmap day matched to its module, the CURRENT day and the statuses.

Built once, when the course is loaded (`Course.index`), and read by the rules, the fixers and the
workflow commands alike, so they never disagree on which module a day stands for or which day
is current.

A roadmap entry is matched to its module by its link when the link is plausible (the linked
module has the entry's day or its title), else by day number. Matching once, here, lets each
defect be reported by exactly one rule: a wrong day number on the roadmap is RM005, not also
a gap, a duplicate and an unlisted module.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from coursecheck.linkpaths import link_target
from coursecheck.ordering import longest_increasing
from coursecheck.reads import Reads
from coursecheck.roadmap import DayEntry, Roadmap

if TYPE_CHECKING:
    from coursecheck.course import Module, Page
    from coursecheck.models import Status


@dataclass
class Match:
    entry: DayEntry
    module: Module | None
    number: int  # the day this entry stands for: the module's when only the number is wrong
    renumbered: bool = False  # the entry's number disagrees with the module it clearly lists


@dataclass
class RoadmapIndex:
    hub: Page
    roadmap: Roadmap
    matches: list[Match]  # never empty: a roadmap without days has no index

    @cached_property
    def listed(self) -> set[int]:
        """The ids of the modules some roadmap day stands for."""
        return {id(m.module) for m in self.matches if m.module is not None}

    @property
    def count(self) -> int:
        """How many days the roadmap has: its highest day (gaps are RM001's)."""
        return max(m.number for m in self.matches)

    @cached_property
    def duplicates(self) -> set[int]:
        """Indexes of matches whose day an earlier match already has."""
        seen: set[int] = set()
        found = set()
        for i, match in enumerate(self.matches):
            if match.number in seen:
                found.add(i)
            seen.add(match.number)
        return found

    @cached_property
    def out_of_order(self) -> set[int]:
        """Indexes of first occurrences outside the longest ascending run of day numbers."""
        firsts = sorted(set(range(len(self.matches))) - self.duplicates)
        keep = longest_increasing([self.matches[i].number for i in firsts])
        return {index for k, index in enumerate(firsts) if k not in keep}

    @cached_property
    def marked(self) -> list[Match]:
        """The days carrying a CURRENT marker, in roadmap order."""
        return [m for m in self.matches if m.entry.marker is not None]

    @property
    def current(self) -> Match | None:
        """The CURRENT day when exactly one day is marked; otherwise no status follows."""
        return self.marked[0] if len(self.marked) == 1 else None

    def status_of(self, day: int) -> Status | None:
        """The status a day has by the roadmap: published before CURRENT, upcoming after it."""
        from coursecheck.models import Status  # pydantic: not for `snippets`, which never asks

        if self.current is None:
            return None
        current = self.current.number
        if day == current:
            return Status.CURRENT
        return Status.PUBLISHED if day < current else Status.UPCOMING


def build_index(
    hub: Page | None, roadmap: Roadmap | None, modules: list[Module], files: Reads, top: Path
) -> RoadmapIndex | None:
    """None when there is no roadmap to check (RM012 reports that). `top` is the repository's
    top folder, where a link starting with `/` starts."""
    if roadmap is None or not roadmap.days or hub is None:
        return None
    matcher = _Matcher(modules, files, hub.path.parent, top)
    return RoadmapIndex(hub, roadmap, [matcher.match(entry) for entry in roadmap.days])


class _Matcher:
    def __init__(self, modules: list[Module], files: Reads, base: Path, top: Path) -> None:
        self.modules = modules
        self.files = files
        self.base = base
        self.top = top
        self.by_path = {files.real(m.path): m for m in modules}

    def match(self, entry: DayEntry) -> Match:
        linked = self._linked(entry)
        if linked is not None:
            if entry.number in {linked.day, linked.file_day}:
                return Match(entry, linked, entry.number)
            front = linked.front_matter
            if front is not None and front.title == entry.title and linked.day is not None:
                return Match(entry, linked, linked.day, renumbered=True)
        return Match(entry, self._by_number(entry.number), entry.number)

    def _linked(self, entry: DayEntry) -> Module | None:
        if entry.link is None or "://" in entry.link:
            return None
        target = link_target(self.top, self.base, entry.link)[0]
        return self.by_path.get(self.files.real(target))

    def _by_number(self, number: int) -> Module | None:
        found = [m for m in self.modules if m.day == number]
        found = found or [m for m in self.modules if m.file_day == number]
        return found[0] if found else None
