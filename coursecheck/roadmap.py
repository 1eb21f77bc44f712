"""The hub page's roadmap: week headings, day entries and the CURRENT marker, with positions.

The format is the seed's: `### **Week N: Title**` headings and `* **Day NN:** Title` items, the
title optionally a link to its module, and `CURRENT: ` before the current day's title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from coursecheck.hints import edits
from coursecheck.markdown import Document, Token

# A number is at most nine digits (a course has at most 9999 days): a longer one is no day or
# week number, and would not even convert to int past 4300 digits.
WEEK_RE = re.compile(
    r"^\s{0,3}#{1,6}\s+(?:\*\*)?\s*Week\s+(?P<number>\d{1,9})\s*:\s*(?P<title>.*?)\s*(?:\*\*)?\s*#*\s*$"
)
DAY_RE = re.compile(
    r"^(?P<lead>\s*[-*+]\s+)\*\*Day\s+(?P<number>\d{1,9})\s*:\s*\*\*\s*(?P<rest>.*?)\s*$"
)
LINK_RE = re.compile(r"^\[(?P<title>.*)\]\((?P<target>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)$")
CLAIM_RE = re.compile(r"\b(?P<count>\d+)-Day\b")  # any length: a longer one is a wrong claim
WELL_FORMED_MARKER = "CURRENT: "
MARKER_RES = (
    re.compile(
        r"^(?P<marker>(?:\*\*|_)?\(?\[?current\]?\)?(?:\*\*|_)?\s*[:\-\u2013]?\s*)(?=\S)", re.I
    ),
    re.compile(r"(?P<marker>\s*[-\u2013(\[]?\s*(?:\*\*)?current(?:\*\*)?\s*[)\]]?)$", re.I),
)

# `CURENT: [Title](...)`: a misspelt marker word before the link, told from a title's own word
# (`Currency: [...]`) by its capitals or by being one slip away.
NEAR_MARKER_RE = re.compile(r"^(?P<marker>(?P<word>[A-Za-z]{5,9})\s*:\s*)(?=\[)")
MARKER_WORD = "current"


@dataclass
class DayEntry:
    number_text: str
    line: int
    number_column: int
    title: str
    title_column: int
    link: str | None = None
    link_column: int = 0
    marker: str | None = None  # the CURRENT marker as written, when there is one
    marker_column: int = 0
    week: WeekHeading | None = None

    @property
    def number(self) -> int:
        return int(self.number_text)

    @property
    def marker_well_formed(self) -> bool:
        return self.marker == WELL_FORMED_MARKER


@dataclass
class WeekHeading:
    number: int
    title: str
    line: int
    column: int
    title_column: int
    days: list[DayEntry] = field(default_factory=list)


@dataclass
class Claim:
    count: int | None  # None: more than nine digits, no number of days
    line: int
    column: int
    digits: str = ""

    @property
    def shown(self) -> str:
        if self.count is None:
            return f"a {len(self.digits)}-digit number of"
        return str(self.count)


@dataclass
class Roadmap:
    weeks: list[WeekHeading]
    days: list[DayEntry]
    claim: Claim | None


def parse_roadmap(doc: Document) -> Roadmap:
    weeks: list[WeekHeading] = []
    days: list[DayEntry] = []
    for token in doc.walk():
        if token.get("type") == "heading":
            week = _week(doc.lines[token["_line"] - 1], token["_line"])
            if week is not None:
                weeks.append(week)
        elif token.get("type") == "list_item":
            day = _day(doc, token)
            if day is not None:
                day.week = weeks[-1] if weeks else None
                if day.week is not None:
                    day.week.days.append(day)
                days.append(day)
    return Roadmap(weeks, days, _claim(doc))


def _week(text: str, line: int) -> WeekHeading | None:
    m = WEEK_RE.match(text)
    if m is None:
        return None
    return WeekHeading(
        int(m["number"]), m["title"], line, m.start("number") + 1, m.start("title") + 1
    )


def _day(doc: Document, item: Token) -> DayEntry | None:
    first = next((child for child in item.get("children", []) if "_line" in child), None)
    if first is None:
        return None
    line = first["_line"]
    m = DAY_RE.match(doc.lines[line - 1])
    if m is None:
        return None
    rest, rest_column = m["rest"], m.start("rest") + 1
    entry = DayEntry(m["number"], line, m.start("number") + 1, rest, rest_column)
    _take_marker(entry)
    _take_link(entry)
    return entry


def _take_marker(entry: DayEntry) -> None:
    for pattern in MARKER_RES:
        m = pattern.search(entry.title)
        if m is None or not m["marker"].strip() or _title_word(m["marker"]):
            continue
        entry.marker = m["marker"] if pattern is MARKER_RES[0] else m["marker"].strip()
        entry.marker_column = entry.title_column + m.start("marker")
        if m.start("marker") == 0:
            entry.title_column += len(m["marker"])
        entry.title = (entry.title[: m.start("marker")] + entry.title[m.end("marker") :]).strip()
        return
    near = NEAR_MARKER_RE.match(entry.title)
    if near is not None and _near_marker(near["word"]):
        entry.marker, entry.marker_column = near["marker"], entry.title_column
        entry.title_column += len(near["marker"])
        entry.title = entry.title[near.end("marker") :].strip()


def _near_marker(word: str) -> bool:
    slips = edits(word.casefold(), MARKER_WORD)
    return 0 < slips <= 2 and (word.isupper() or slips == 1)


def _title_word(marker: str) -> bool:
    """True for the word Current in a title ("[Current Events](...)"), which is no marker:
    no colon, no brackets closed around it, not in capitals."""
    word = marker.strip().lstrip("[(").strip()
    return word.lower() == "current" and word != "CURRENT" and marker.strip()[-1:] not in ")]"


def _take_link(entry: DayEntry) -> None:
    m = LINK_RE.match(entry.title)
    if m is None:
        return
    entry.link = m["target"]
    entry.link_column = entry.title_column + m.start("target")
    entry.title = m["title"]
    entry.title_column += 1


def _claim(doc: Document) -> Claim | None:
    for index, text in enumerate(doc.lines):
        m = CLAIM_RE.search(text)
        if m is not None:
            digits = m["count"]
            count = int(digits) if len(digits) <= 9 else None
            return Claim(count, index + 1, m.start() + 1, digits)
    return None
