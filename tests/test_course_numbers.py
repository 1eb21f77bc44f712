"""The README's numbers about the bundled course are the course's real numbers."""

from __future__ import annotations

import re
from pathlib import Path

from coursecheck.course import load_course
from coursecheck.snippets.extract import Block, extract

ROOT = Path(__file__).resolve().parent.parent
FENCE_RE = re.compile(r"^\s*(?:>\s*)*(?:[-*+]\s+|\d+[.)]\s+)?(`{3,}|~{3,})")


def _go_blocks() -> list[Block]:
    course = load_course(ROOT / "course")
    return [
        block
        for module in course.modules
        if module.doc is not None
        for block in extract(module.path, module.doc)
        if block.is_go
    ]


def test_readme_states_the_snippet_counts() -> None:
    blocks = _go_blocks()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stated = re.search(r"\*\*(\d+) Go snippets\*\*", readme)
    checked = re.search(r"\*\*(\d+) are output-checked\*\*", readme)
    assert stated is not None and checked is not None
    assert int(stated[1]) == len(blocks)
    assert int(checked[1]) == sum(block.output is not None for block in blocks)


def test_every_module_has_four_snippets_and_one_output_check() -> None:
    by_module: dict[Path, list[Block]] = {}
    for block in _go_blocks():
        by_module.setdefault(block.path, []).append(block)
    assert len(by_module) == 31
    for path, blocks in by_module.items():
        assert len(blocks) >= 4, path.name
        assert any(block.output is not None for block in blocks), path.name


def _prose(text: str) -> str:
    """The text outside code fences (in lists and quotes too) and HTML comments."""
    kept, fence = [], ""
    for line in text.split("\n"):
        opening = FENCE_RE.match(line)
        if fence:
            fence = "" if opening and opening[1].startswith(fence) else fence
        elif opening:
            fence = opening[1]
        else:
            kept.append(line)
    return re.sub(r"<!--.*?-->", "", "\n".join(kept), flags=re.S)


def test_every_module_has_900_words_of_prose() -> None:
    for path in sorted((ROOT / "course" / "days").glob("day-*.md")):
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        words = len(re.findall(r"[A-Za-z][\w'-]*", _prose(body)))
        assert words >= 900, f"{path.name}: {words} words of prose"
