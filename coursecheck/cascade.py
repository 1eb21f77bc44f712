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

Hit = tuple[str, Finding]  # a finding and the code of the rule that found it


def fold(
    hits: Sequence[Hit], reported: Callable[[str, Finding], bool], show: Callable[[Path], str]
) -> list[Hit]:
    """`hits` with every consequence of a reported root cause folded into it.

    `reported` says whether the filters keep a finding; `show` writes a path as reports do.
    """
    roots = [i for i, (_, finding) in enumerate(hits) if finding.breaks]
    if not roots:
        return list(hits)
    causes = {i: _causes(hits, roots, i) for i in range(len(hits))}
    shown = {i: reported(*hits[i]) for i in roots}
    folded: dict[int, list[int]] = {i: [] for i in roots}
    kept: list[int] = []
    for i in range(len(hits)):
        origins = _origins(causes, i)
        visible = [root for root in origins if shown[root]]
        if visible:
            folded[visible[0]].append(i)
        else:
            kept.append(i)
    result: list[Hit] = []
    for i in kept:
        code, finding = hits[i]
        origins = _origins(causes, i)
        if origins:
            finding = _follows(finding, hits[origins[0]], show)
        elif folded.get(i):
            finding = _counts(finding, [hits[j] for j in folded[i]], show)
        result.append((code, finding))
    return result


def _causes(hits: Sequence[Hit], roots: list[int], index: int) -> list[int]:
    """The roots that break something finding `index` needs, in report order."""
    needs = hits[index][1].needs
    found = [
        root
        for root in roots
        if root != index and any(b.overlaps(n) for b in hits[root][1].breaks for n in needs)
    ]
    return sorted(found, key=lambda root: _place(hits[root]))


def _origins(causes: dict[int, list[int]], index: int) -> list[int]:
    """The first causes of a finding: its causes' causes, down to roots that follow from none.
    A cycle of roots (each breaking what the other needs) ends at the roots inside it."""
    origins: list[int] = []
    seen = {index}
    frontier = list(causes[index])
    while frontier:
        root = frontier.pop(0)
        if root in seen:
            continue
        seen.add(root)
        further = [r for r in causes[root] if r not in seen]
        if further:
            frontier.extend(further)
        elif root not in origins:
            origins.append(root)
    return origins or causes[index]


def _place(hit: Hit) -> tuple[str, int, int, str]:
    code, finding = hit
    return (str(finding.path), finding.line, finding.column, code)


def _follows(finding: Finding, root: Hit, show: Callable[[Path], str]) -> Finding:
    code, cause = root
    where = f"line {cause.line}"
    if cause.path != finding.path:
        where = f"{show(cause.path)}:{cause.line}"
    return replace(finding, message=f"{finding.message} (follows from {code} at {where})")


def _counts(finding: Finding, dependants: list[Hit], show: Callable[[Path], str]) -> Finding:
    """`... (what follows from it is not reported: 3 ST001, 1 LK002 in days/day-04-x.md)`:
    this page's first, then the others'."""
    tally = Counter(
        ("" if dep.path == finding.path else f" in {show(dep.path)}", code)
        for code, dep in dependants
    )
    parts = [f"{count} {code}{where}" for (where, code), count in sorted(tally.items())]
    note = f"what follows from it is not reported: {', '.join(parts)}"
    return replace(finding, message=f"{finding.message} ({note})")
