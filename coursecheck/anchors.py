"""The #anchors GitHub gives a Markdown page: heading slugs (github-slugger's rules) and ids."""

from __future__ import annotations

import re

from coursecheck.markdown import Document, Token

# github-slugger drops everything but letters, numbers, marks, `-`, `_` and spaces.
DROPPED_RE = re.compile(r"[^\w\- ]", re.UNICODE)
HTML_ID_RE = re.compile(r"""<a\s[^>]*?\b(?:id|name)\s*=\s*["']([^"']+)["']""", re.I)


def slugify(text: str) -> str:
    return DROPPED_RE.sub("", text.lower()).replace(" ", "-")


def heading_text(token: Token) -> str:
    """A heading as GitHub renders it to plain text: markup and inline HTML dropped."""
    kind = token.get("type")
    if kind == "inline_html":
        return ""
    if kind in ("text", "codespan") and "raw" in token:
        return str(token["raw"])
    if kind in ("softbreak", "linebreak"):
        return " "
    return "".join(heading_text(child) for child in token.get("children", []))


def anchors(doc: Document) -> list[str]:
    """Every anchor of the page, in order: heading slugs (repeats get -1, -2, ...) and ids."""
    seen: dict[str, int] = {}
    found = []
    for token in doc.blocks("heading"):
        base = slugify(heading_text(token).strip())
        slug = base
        if slug in seen:
            count = seen[base]
            while slug in seen:
                count += 1
                slug = f"{base}-{count}"
            seen[base] = count
        seen[slug] = 0
        found.append(slug)
    found += [m[1] for line in doc.lines for m in HTML_ID_RE.finditer(line)]
    return found
