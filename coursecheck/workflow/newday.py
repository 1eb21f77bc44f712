"""`coursecheck new-day TITLE --week N`: the next module, scaffolded so the course stays clean.

It writes the module (front matter, H1, the manifest's required sections), its roadmap entry
under week N, the manifest's `days` and the week's `last_day` (a round-trip edit that keeps
comments), and the hub's "N-Day" claim, all computed first and written together.
Refused (exit 1) when the course has errors before it starts; FatalError (exit 2) when the
request cannot be carried out (week N is not the last week, a title that cannot be a module).
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from coursecheck.course import Course
from coursecheck.errors import FatalError
from coursecheck.fixes.base import Edits, encode_like, line_text, splice_lines
from coursecheck.fixes.write import write_atomically
from coursecheck.fixes.yamledit import edit_yaml
from coursecheck.markdown import escape_inline
from coursecheck.models import Manifest, Status
from coursecheck.roadmap import DAY_RE, WeekHeading
from coursecheck.workflow.gate import clean_course, course_root

MAX_SLUG = 48
SUMMARY = "To be written: one or two sentences a learner reads on the roadmap."
SECTION_TEXT = "To be written."
DEFAULT_TAG = "draft"
URL_RE = re.compile(r"://|\bwww\.", re.IGNORECASE)


def new_day(
    title: str, week: int, path: str | None, skip_go: bool = False, week_title: str | None = None
) -> Path:
    """Writes the new day and returns its module's path."""
    root, config = course_root(path)
    course = clean_course(root, config, skip_go, "new-day")
    edits, module = new_day_edits(course, title, week, week_title)
    write_atomically(edits, root)
    return module


def slugify(title: str) -> str:
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", folded)
    slug = ""
    for word in words:
        if slug and len(slug) + 1 + len(word) > MAX_SLUG:
            break
        slug = f"{slug}-{word}" if slug else word[:MAX_SLUG]
    return slug


def new_day_edits(
    course: Course, title: str, week: int, week_title: str | None = None
) -> tuple[Edits, Path]:
    manifest = course.manifest.model
    hub, roadmap = course.hub.source if course.hub else None, course.roadmap
    if manifest is None or hub is None or hub.text is None or roadmap is None:
        raise FatalError("the course needs a valid manifest and a roadmap")
    title = _valid_title(title)
    last_week = manifest.weeks[-1]
    new_week = _new_week(last_week.number, week, week_title)
    day = manifest.days + 1
    number = f"{day:0{manifest.day_padding}d}"
    slug = slugify(title)
    if not slug:
        raise FatalError(f"title {title!r} gives an empty file name; use letters or digits")
    module = course.root / manifest.modules_dir / f"day-{number}-{slug}.md"
    if module.exists():
        raise FatalError(f"{module} already exists")
    status = course.status_of(day)
    if status is None:
        raise FatalError("the roadmap marks no single day CURRENT: the new day's status is unknown")
    text = scaffold(manifest, day, week, title, slug, status)
    edits: Edits = {module: text.encode("utf-8")}
    entry = f"**Day {number}:** [{escape_inline(title)}]"
    edits[hub.path] = encode_like(hub, _hub(course, manifest, new_week, day, entry, module))
    edits[course.manifest_source.path] = _manifest(course, day, week, new_week)
    return edits, module


def _new_week(last: int, week: int, week_title: str | None) -> str | None:
    """The title of the week this day starts, or None when it joins the last week."""
    if week == last + 1:
        if week_title is None:
            raise FatalError(f"week {week} would be a new week; give its title with --week-title")
        return _valid_title(week_title)
    if week > last:
        raise FatalError(
            f"week {week} does not follow the last week ({last}); start week {last + 1} with "
            "--week-title"
        )
    if week != last:
        raise FatalError(
            f"week {week} is not the last week ({last}): a day added there would renumber every "
            f"later day; add it to week {last}, or start week {last + 1} with --week-title"
        )
    if week_title is not None:
        raise FatalError(f"week {week} already exists; --week-title starts week {last + 1}")
    return None


def _valid_title(title: str) -> str:
    title = title.strip()
    if not title or "\n" in title or "\r" in title:
        raise FatalError("the title must be one non-empty line")
    if URL_RE.search(title):
        # Markdown escapes stop link syntax, but GitHub still links a bare URL in a heading.
        raise FatalError(f"the title {title!r} holds a URL; a day's title is plain words")
    return title


def scaffold(manifest: Manifest, day: int, week: int, title: str, slug: str, status: Status) -> str:
    tags = [word for word in slug.split("-") if len(word) > 2][:3] or [DEFAULT_TAG]
    front = [
        "---",
        f"day: {day}",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        f"week: {week}",
        f"status: {status.value}",
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
    course: Course, manifest: Manifest, new_week: str | None, day: int, entry: str, module: Path
) -> str:
    hub, roadmap = course.hub.source if course.hub else None, course.roadmap
    assert hub is not None and hub.text is not None and roadmap is not None
    week = manifest.weeks[-1].number
    heading = next((w for w in roadmap.weeks if w.number == week), None)
    if heading is None or not heading.days:
        raise FatalError(f"the roadmap has no day listed under week {week} to add after")
    last = heading.days[-1]
    lead = DAY_RE.match(line_text(hub.text, last.line))
    if lead is None:  # the parser and the lines disagree (a line break only Markdown sees)
        raise FatalError(f"{hub.path}:{last.line}: cannot add a day after this roadmap line")
    link = Path(os.path.relpath(module, hub.path.parent)).as_posix()
    added = [f"{lead['lead']}{entry}({link})"]
    if new_week is not None:  # a heading in the style of the last one, then the day
        added = ["", _week_heading(line_text(hub.text, heading.line), heading, new_week), *added]
    text = splice_lines(hub.text, last.line, last.line, [line_text(hub.text, last.line), *added])
    claim = roadmap.claim
    if claim is not None and claim.count == manifest.days:
        line = line_text(text, claim.line)
        start = claim.column - 1
        new = line[:start] + str(day) + line[start + len(str(claim.count)) :]
        text = splice_lines(text, claim.line, claim.line, [new])
    return text


def _week_heading(text: str, heading: WeekHeading, title: str) -> str:
    """`### **Week 3: New Title**` from the line `### **Week 2: Old Title**`."""
    number_end = heading.column - 1 + len(str(heading.number))
    title_start = heading.title_column - 1
    between = text[number_end:title_start]
    tail = text[title_start + len(heading.title) :]
    return f"{text[: heading.column - 1]}{heading.number + 1}{between}{escape_inline(title)}{tail}"


def _manifest(course: Course, day: int, week: int, new_week: str | None) -> bytes:
    source = course.manifest_source

    def extend(data: CommentedMap) -> None:
        data["days"] = day
        weeks = data["weeks"]
        if new_week is None:
            weeks[-1]["last_day"] = day
            return
        added = CommentedMap(number=week, title=new_week, first_day=day, last_day=day)
        if weeks[-1].fa.flow_style():
            added.fa.set_flow_style()
        weeks.append(added)

    text = edit_yaml((source.text or "").replace("\r\n", "\n"), extend)
    if text is None:
        raise FatalError(f"{source.path}: cannot edit it without losing its layout")
    if "\r\n" in (source.text or ""):
        text = text.replace("\n", "\r\n")
    return encode_like(source, text)
