"""What stderr says besides progress: the lines a test about errors and warnings compares.

Progress (coursecheck/progress.py) goes to stderr whenever Go snippets build; an error stays
one line, the last."""

from __future__ import annotations

import re

from coursecheck.progress import LABELS

_PROGRESS = re.compile(
    r"coursecheck: (building \d+ Go snippet\(s\)|still |the first run with this Go toolchain|"
    + "|".join(re.escape(label.split("{")[0]) for label in LABELS.values())
    + ")"
)


def without_progress(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if not _PROGRESS.match(line)]
