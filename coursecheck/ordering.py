"""Which items of a sequence are in order: a longest strictly increasing subsequence.

The roadmap reports days out of order (RM003) and modules report sections out of order (ST002)
as the items outside the longest run, not every item "smaller than the one before": moving
Day 31 to the top is one misplaced day, not thirty.
"""

from __future__ import annotations

import bisect


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
