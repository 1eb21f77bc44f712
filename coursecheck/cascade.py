"""One mistake, one finding: the stage between the rules and the filters that folds consequences.

A finding that `breaks` a precondition is a root cause; a finding that `needs` a precondition a
root breaks follows from it (coursecheck/preconditions.py). Each finding is traced back to the
root causes it follows from (through roots that follow from others). When one of them is
reported, the finding is dropped and that root's message counts it; when none is (not selected,
ignored, suppressed), the finding is kept and its message says what it follows from.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from coursecheck.diagnostics import Finding
from coursecheck.preconditions import Precondition, Premise

Hit = tuple[str, Finding]  # a finding and the code of the rule that found it


def fold(
    hits: Sequence[Hit], reported: Callable[[str, Finding], bool], show: Callable[[Path], str]
) -> list[Hit]:
    """`hits` with every consequence of a reported root cause folded into it.

    `reported` says whether the filters keep a finding; `show` writes a path as reports do.
    """
    if not any(finding.breaks for _, finding in hits):
        return list(hits)  # the common case: a course with no root cause costs one pass
    graph = _Graph(hits)
    shown = {i: reported(*hits[i]) for i in graph.roots}
    origins = {i: graph.origins(i) for i in range(len(hits))}
    folded: dict[int, list[Hit]] = {i: [] for i in graph.roots}
    kept: list[tuple[int, Hit]] = []
    for i, (code, finding) in enumerate(hits):
        visible = [root for root in origins[i] if shown[root]]
        if visible:
            if reported(code, finding):  # counted only if it would have been reported
                folded[visible[0]].append(hits[i])
        elif origins[i]:
            kept.append((i, (code, _follows(finding, hits[origins[i][0]], show))))
        else:
            kept.append((i, (code, finding)))
    # Counted last: a root's dependants may come before it.
    return [
        (code, _counts(finding, folded[i], show) if folded.get(i) else finding)
        for i, (code, finding) in kept
    ]


class _Graph:
    """Which root causes each finding follows from, directly and in the end."""

    def __init__(self, hits: Sequence[Hit]) -> None:
        self.hits = hits
        self.roots = [i for i, (_, finding) in enumerate(hits) if finding.breaks]
        # By premise and file: a finding is compared only with the roots that break something
        # of its own kind in its own file, so many pages cost no more than one each.
        self._broken: dict[tuple[Premise, str], list[tuple[int, Precondition]]] = {}
        for root in self.roots:
            for broken in hits[root][1].breaks:
                key = (broken.premise, str(broken.path))  # a str hashes faster than a Path
                self._broken.setdefault(key, []).append((root, broken))
        self.causes = {i: self._causes(i) for i in range(len(hits))}
        self._reach: dict[int, frozenset[int]] = {}

    def _causes(self, index: int) -> list[int]:
        """The roots that break something finding `index` needs."""
        found = {
            root
            for need in self.hits[index][1].needs
            for root, broken in self._broken.get((need.premise, str(need.path)), [])
            if root != index and broken.overlaps(need)
        }
        return sorted(found)

    def reach(self, index: int) -> frozenset[int]:
        """Every root a finding follows from, through the roots between."""
        if index not in self._reach:
            seen: set[int] = set()
            stack = list(self.causes[index])
            while stack:
                root = stack.pop()
                if root not in seen:
                    seen.add(root)
                    stack.extend(self.causes[root])
            self._reach[index] = frozenset(seen)
        return self._reach[index]

    def origins(self, index: int) -> list[int]:
        """The first causes: reached roots that lead nowhere they cannot come back from. Roots
        that break each other's needs (a cycle) are stood for by the first in report order."""
        firsts: set[int] = set()
        for root in self.reach(index):
            further = self.reach(root)
            if all(root in self.reach(other) for other in further):
                firsts.add(min([root, *further], key=self.place))
        firsts.discard(index)
        return sorted(firsts, key=self.place)

    def place(self, index: int) -> tuple[str, int, int, str, int]:
        code, finding = self.hits[index]
        return (str(finding.path), finding.line, finding.column, code, index)


def _follows(finding: Finding, root: Hit, show: Callable[[Path], str]) -> Finding:
    code, cause = root
    where = f"line {cause.line}"
    if cause.path != finding.path:
        where = f"{show(cause.path)}:{cause.line}"
    return replace(finding, message=f"{finding.message} (follows from {code} at {where})")


def _counts(finding: Finding, dependants: list[Hit], show: Callable[[Path], str]) -> Finding:
    """`... (what follows from it is not reported: 3 ST001, 1 LK002 in days/day-04-x.md)`:
    this page's first, then the others'; a code found in several other files is counted once
    for them all (`31 GO021 in 31 files`), so a root with many pages behind it stays one line."""
    unique = dict.fromkeys(dependants)  # a finding found twice is reported once
    files: dict[str, set[str]] = {}
    for code, dep in unique:
        if dep.path != finding.path:
            files.setdefault(code, set()).add(show(dep.path))
    tally = Counter(
        (_where(finding, dep, files.get(code, set()), show), code) for code, dep in unique
    )
    parts = [f"{count} {code}{where}" for (where, code), count in sorted(tally.items())]
    note = f"what follows from it is not reported: {', '.join(parts)}"
    return replace(finding, message=f"{finding.message} ({note})")


def _where(root: Finding, dep: Finding, others: set[str], show: Callable[[Path], str]) -> str:
    if dep.path == root.path:
        return ""
    return f" in {len(others)} files" if len(others) > 1 else f" in {show(dep.path)}"
