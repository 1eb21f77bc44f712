"""What the structural rules share: the manifest when valid, and each roadmap day's module.

A roadmap entry is matched to its module by its link when the link is plausible (the linked
module has the entry's day or its title), else by day number. Matching once, here, lets each
defect be reported by exactly one rule: a wrong day number on the roadmap is RM005, not also
a gap, a duplicate and an unlisted module.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from coursecheck.course import Course, Module
from coursecheck.models import FrontMatter, Manifest
from coursecheck.roadmap import DayEntry
from coursecheck.yamldoc import key_position, value_position


def manifest_of(course: Course) -> Manifest | None:
    return course.manifest.model


def front_of(module: Module) -> FrontMatter | None:
    return module.front.model


def file_day(module: Module) -> int | None:
    text = module.file_day
    return int(text) if text is not None else None


def day_of(module: Module) -> int | None:
    """The module's day: its front matter's, else its file name's (FM reports a broken one)."""
    front = front_of(module)
    return front.day if front is not None else file_day(module)


def consistent(module: Module) -> bool:
    """False when the file name and the front matter disagree on the day (RM005)."""
    front, named = front_of(module), file_day(module)
    return front is None or named is None or front.day == named


def front_position(module: Module, key: str) -> tuple[int, int]:
    """Where a front matter key's value is written (the file's start when it is not)."""
    yaml, split = module.front.yaml, module.split
    if yaml is None or yaml.data is None or split is None:
        return 1, 1
    found = value_position(yaml.data, key)
    return (found[0] + split.yaml_first_line - 1, found[1]) if found else (1, 1)


def manifest_position(course: Course, *path: str | int) -> tuple[int, int]:
    """Where a manifest key is written: its value for a top-level key, else the nested key."""
    yaml = course.manifest.yaml
    if yaml is None or yaml.data is None:
        return 1, 1
    if len(path) == 1 and isinstance(path[0], str):
        found = value_position(yaml.data, path[0])
    else:
        found = key_position(yaml.data, path)
    return found or (1, 1)


def link_target(course: Course, base: Path, url: str) -> tuple[Path, str]:
    """The file a relative URL points at from the folder `base`, and its #fragment. A URL
    starting with `/` starts at the repository's top, as on GitHub."""
    path, _, fragment = url.partition("#")
    path = unquote(path.partition("?")[0])
    if path.startswith("/"):
        return course.repository / path.lstrip("/"), unquote(fragment)
    return (base / path if path else base), unquote(fragment)


@dataclass
class Match:
    entry: DayEntry
    module: Module | None
    number: int  # the day this entry stands for: the module's when only the number is wrong
    renumbered: bool = False  # the entry's number disagrees with the module it clearly lists


@dataclass
class Index:
    course: Course
    matches: list[Match]

    @property
    def listed(self) -> set[int]:
        return {id(m.module) for m in self.matches if m.module is not None}

    @property
    def count(self) -> int:
        """How many days the roadmap has: its highest day (gaps are RM001's)."""
        return max((m.number for m in self.matches), default=0)

    def duplicates(self) -> set[int]:
        """Indexes of matches whose day an earlier match already has."""
        seen: set[int] = set()
        found = set()
        for i, match in enumerate(self.matches):
            if match.number in seen:
                found.add(i)
            seen.add(match.number)
        return found

    def out_of_order(self) -> set[int]:
        """Indexes of first occurrences outside the longest ascending run of day numbers.

        The longest run, not "smaller than the one before": moving Day 31 to the top is one
        misplaced day, not thirty.
        """
        firsts = sorted(set(range(len(self.matches))) - self.duplicates())
        keep = longest_increasing([self.matches[i].number for i in firsts])
        return {index for k, index in enumerate(firsts) if k not in keep}


def build_index(course: Course) -> Index | None:
    """None when there is no roadmap to check (RM012 reports that)."""
    if course.roadmap is None or not course.roadmap.days or course.hub is None:
        return None
    by_path = {course.files.real(m.path): m for m in course.modules}
    base = course.hub.path.parent
    matches = [_match(course, by_path, base, entry) for entry in course.roadmap.days]
    return Index(course, matches)


def _match(course: Course, by_path: dict[str, Module], base: Path, entry: DayEntry) -> Match:
    linked = None
    if entry.link is not None and "://" not in entry.link:
        linked = by_path.get(course.files.real(link_target(course, base, entry.link)[0]))
    if linked is not None:
        days = {day_of(linked), file_day(linked)}
        front = front_of(linked)
        if entry.number in days:
            return Match(entry, linked, entry.number)
        linked_day = day_of(linked)
        if front is not None and front.title == entry.title and linked_day is not None:
            return Match(entry, linked, linked_day, renumbered=True)
    return Match(entry, _by_number(course, entry.number), entry.number)


def _by_number(course: Course, number: int) -> Module | None:
    found = [m for m in course.modules if day_of(m) == number]
    found = found or [m for m in course.modules if file_day(m) == number]
    return found[0] if found else None


def longest_increasing(values: list[int]) -> set[int]:
    """Indexes of a longest strictly increasing subsequence, the earliest items kept on ties.

    Read top down, the first of two swapped items is in place and the second is not; patience
    sorting keeps the latest items, so it runs backwards on the negated values.
    """
    last = len(values) - 1
    return {last - i for i in _patience([-v for v in reversed(values)])}


def _patience(values: list[int]) -> set[int]:
    """Indexes of one longest strictly increasing subsequence (patience sorting, n log n)."""
    tails: list[int] = []  # tails[k]: value ending the best run of length k + 1
    tail_index: list[int] = []
    previous = [-1] * len(values)
    for i, value in enumerate(values):
        k = bisect.bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_index.append(i)
        else:
            tails[k], tail_index[k] = value, i
        previous[i] = tail_index[k - 1] if k else -1
    keep: set[int] = set()
    i = tail_index[-1] if tail_index else -1
    while i >= 0:
        keep.add(i)
        i = previous[i]
    return keep
