"""`coursecheck new-day TITLE --week N`: the next module, scaffolded so the course stays clean.

It writes the module (front matter, H1, the manifest's required sections), its roadmap entry
under week N, the manifest's `days` and the week's `last_day` (a round-trip edit that keeps
comments), and the hub's "N-Day" claim, all computed first and written together.
Exit 1 when the course has errors before it starts; exit 2 when the request cannot be carried
out (week N is not the last week, a title that cannot be a module).
"""

from __future__ import annotations

import json
import os
import re
import sys
import unicodedata
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from coursecheck.course import Course
from coursecheck.errors import FatalError
from coursecheck.fixes.base import Edits, encode_like, line_text, splice_lines
from coursecheck.fixes.write import write_atomically
from coursecheck.fixes.yamledit import edit_yaml
from coursecheck.formatters.paths import display_path
from coursecheck.markdown import escape_inline
from coursecheck.models import Manifest
from coursecheck.roadmap import DAY_RE
from coursecheck.workflow.gate import Refused, clean_course, course_root

MAX_SLUG = 48
SUMMARY = "To be written: one or two sentences a learner reads on the roadmap."
SECTION_TEXT = "To be written."
DEFAULT_TAG = "draft"
URL_RE = re.compile(r"://|\bwww\.", re.IGNORECASE)


def main(title: str, week: int, path: str | None, skip_go: bool = False) -> int:
    root, config = course_root(path)
    try:
        course = clean_course(root, config, skip_go, "new-day")
    except Refused:
        return 1
    edits, module = new_day_edits(course, title, week)
    write_atomically(edits, root)
    print(f"created {display_path(module)}", file=sys.stderr)
    return 0


def slugify(title: str) -> str:
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", folded)
    slug = ""
    for word in words:
        if slug and len(slug) + 1 + len(word) > MAX_SLUG:
            break
        slug = f"{slug}-{word}" if slug else word[:MAX_SLUG]
    return slug


def new_day_edits(course: Course, title: str, week: int) -> tuple[Edits, Path]:
    manifest = course.manifest.model
    hub, roadmap = course.hub, course.roadmap
    if manifest is None or hub is None or hub.text is None or roadmap is None:
        raise FatalError("the course needs a valid manifest and a roadmap")
    title = _valid_title(title)
    last_week = manifest.weeks[-1]
    if week != last_week.number:
        raise FatalError(
            f"week {week} is not the last week ({last_week.number}): a day added there would "
            "renumber every later day; add it to the last week"
        )
    day = manifest.days + 1
    number = f"{day:0{manifest.day_padding}d}"
    slug = slugify(title)
    if not slug:
        raise FatalError(f"title {title!r} gives an empty file name; use letters or digits")
    module = course.root / manifest.modules_dir / f"day-{number}-{slug}.md"
    if module.exists():
        raise FatalError(f"{module} already exists")
    edits: Edits = {module: scaffold(manifest, day, week, title, slug).encode("utf-8")}
    edits[hub.path] = encode_like(hub, _hub(course, manifest, week, day, number, title, module))
    edits[course.manifest_source.path] = _manifest(course, day)
    return edits, module


def _valid_title(title: str) -> str:
    title = title.strip()
    if not title or "\n" in title or "\r" in title:
        raise FatalError("the title must be one non-empty line")
    if URL_RE.search(title):
        # Markdown escapes stop link syntax, but GitHub still links a bare URL in a heading.
        raise FatalError(f"the title {title!r} holds a URL; a day's title is plain words")
    return title


def scaffold(manifest: Manifest, day: int, week: int, title: str, slug: str) -> str:
    tags = [word for word in slug.split("-") if len(word) > 2][:3] or [DEFAULT_TAG]
    front = [
        "---",
        f"day: {day}",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        f"week: {week}",
        "status: upcoming",
        "summary: >-",
        f"  {SUMMARY}",
        f"tags: [{', '.join(dict.fromkeys(tags))}]",
        "---",
        "",
        f"# {escape_inline(title)}",
    ]
    sections = [f"\n\n## {name}\n\n{SECTION_TEXT}" for name in manifest.required_sections]
    return "\n".join(front) + "".join(sections) + "\n"


def _hub(
    course: Course, manifest: Manifest, week: int, day: int, number: str, title: str, module: Path
) -> str:
    hub, roadmap = course.hub, course.roadmap
    assert hub is not None and hub.text is not None and roadmap is not None
    heading = next((w for w in roadmap.weeks if w.number == week), None)
    if heading is None or not heading.days:
        raise FatalError(f"the roadmap has no day listed under week {week} to add after")
    last = heading.days[-1]
    lead = DAY_RE.match(line_text(hub.text, last.line))
    if lead is None:  # the parser and the lines disagree (a line break only Markdown sees)
        raise FatalError(f"{hub.path}:{last.line}: cannot add a day after this roadmap line")
    link = Path(os.path.relpath(module, hub.path.parent)).as_posix()
    entry = f"{lead['lead']}**Day {number}:** [{escape_inline(title)}]({link})"
    text = splice_lines(hub.text, last.line, last.line, [line_text(hub.text, last.line), entry])
    claim = roadmap.claim
    if claim is not None and claim.count == manifest.days:
        line = line_text(text, claim.line)
        start = claim.column - 1
        new = line[:start] + str(day) + line[start + len(str(claim.count)) :]
        text = splice_lines(text, claim.line, claim.line, [new])
    return text


def _manifest(course: Course, day: int) -> bytes:
    source = course.manifest_source

    def extend(data: CommentedMap) -> None:
        data["days"] = day
        data["weeks"][-1]["last_day"] = day

    text = edit_yaml((source.text or "").replace("\r\n", "\n"), extend)
    if text is None:
        raise FatalError(f"{source.path}: cannot edit it without losing its layout")
    if "\r\n" in (source.text or ""):
        text = text.replace("\n", "\r\n")
    return encode_like(source, text)
