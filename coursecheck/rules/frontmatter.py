"""FM: front matter and manifest — present, YAML, a mapping, and valid against the schema."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from coursecheck.course import Course, Module, Validated
from coursecheck.diagnostics import Finding
from coursecheck.fieldwords import value_position, value_words, where
from coursecheck.hints import did_you_mean
from coursecheck.models import FrontMatter, Manifest
from coursecheck.preconditions import text
from coursecheck.rules.base import Context, Family, Rule
from coursecheck.schemas import keys_at
from coursecheck.yamldoc import key_position

_GOOD = """\
```yaml
---
day: 13
title: "Defer LIFO & Panic/Recovery Middleware"
week: 2
status: current
summary: How defer, panic and recover really work, and a recovery middleware.
tags: [defer, panic]
---
```"""

FM001 = Rule(
    "FM001",
    "missing-front-matter",
    "A module has no YAML front matter.",
    f"""\
Every day module starts with a YAML front matter block between `---` lines: the day, title,
week, status, summary and tags that the roadmap and the other rules rely on.

**Bad:** the file starts with `# Defer LIFO & Panic/Recovery Middleware`.

**Good:**

{_GOOD}
""",
)
FM002 = Rule(
    "FM002",
    "invalid-yaml",
    "Front matter or the manifest is not valid YAML.",
    """\
The front matter (or `course.yaml`) must parse as YAML. The finding points at the line that
causes the problem (where an unclosed quote or bracket opens, the line missing its colon, the
line a tab indents), not where the parser gave up, and says in plain words what to change.

**Bad:**

```yaml
---
title: "Defer LIFO
week: 2
---
```

**Good:**

```yaml
---
title: "Defer LIFO & Panic/Recovery Middleware"
week: 2
---
```
""",
)
FM003 = Rule(
    "FM003",
    "not-a-mapping",
    "Front matter or the manifest is YAML, but not a mapping of keys.",
    """\
The front matter must be a mapping (`key: value` lines), not a list or a bare value.

**Bad:**

```yaml
---
- day: 13
---
```

**Good:**

```yaml
---
day: 13
---
```
""",
)
FM004 = Rule(
    "FM004",
    "unknown-key",
    "A key the schema does not know (often a typo).",
    """\
Keys outside the schema are rejected, so a typo such as `sumary` is caught instead of silently
dropping the summary. The schemas in `schemas/` list every key.

**Bad:** `sumary: How defer works.`

**Good:** `summary: How defer works.`
""",
)
FM005 = Rule(
    "FM005",
    "wrong-type",
    "A value has the wrong type or is out of range.",
    """\
Each key has a type: `day` and `week` are integers, `status` one of `published`, `current`,
`upcoming`, `tags` a list of kebab-case strings. No coercion: `day: "13"` is a string.

**Bad:** `day: thirteen`

**Good:** `day: 13`
""",
)
FM006 = Rule(
    "FM006",
    "missing-key",
    "A required key is missing.",
    f"""\
The front matter must state `day`, `title`, `week`, `status`, `summary` and `tags`; the manifest
its `title`, `days`, `weeks` and `go_version`. The finding points at the opening `---`.

**Bad:** a front matter without `summary`.

**Good:**

{_GOOD}
""",
)
FM007 = Rule(
    "FM007",
    "duplicate-key",
    "A key appears twice in one mapping.",
    """\
YAML loaders disagree on duplicate keys (most keep the last silently). coursecheck rejects them
and points at the second occurrence.

**Bad:**

```yaml
status: published
status: current
```

**Good:** `status: current`, once.
""",
)

_KIND_CODES = {
    "syntax": "FM002",
    "too-large": "FM002",
    "too-deep": "FM002",
    "too-long": "FM005",
    "duplicate": "FM007",
    "not-mapping": "FM003",
}


def check(course: Course, ctx: Context) -> Iterator[tuple[str, Finding]]:
    if course.manifest_source.text is not None:
        yield from _validated(course.manifest_source.path, course.manifest, 1, "manifest", Manifest)
    for module in course.modules:
        yield from _module(module)


def _module(module: Module) -> Iterator[tuple[str, Finding]]:
    split = module.split
    if split is None:
        return
    if split.yaml is None and not (module.source.text or "").strip():
        # An empty file: every section, the title and the anchors other pages link to are
        # missing because of this one mistake.
        message = "the module is empty: it starts with front matter between --- lines"
        yield "FM001", Finding(module.path, 1, 1, message, breaks=(text(module.path),))
    elif split.yaml is None:
        yield "FM001", Finding(module.path, 1, 1, "no front matter: the module must start with ---")
    elif split.unclosed:
        message = "front matter opened here is never closed by ---"
        # The whole page reads as front matter, so it has no headings, title or anchors.
        yield "FM002", Finding(module.path, 1, 1, message, breaks=(text(module.path, 2),))
    else:
        yield from _validated(
            module.path, module.front, split.yaml_first_line, "front matter", FrontMatter
        )


def _validated(
    path: Path, validated: Validated[Any], first_line: int, what: str, model: type[BaseModel]
) -> Iterator[tuple[str, Finding]]:
    yaml = validated.yaml
    if yaml is None:
        return
    if yaml.problem is not None:
        problem = yaml.problem
        line = problem.line + first_line - 1
        code = _KIND_CODES.get(problem.kind, "FM002")
        yield code, Finding(path, line, problem.column, f"{what}: {problem.message}")
        return
    assert yaml.data is not None
    for error in validated.errors:
        yield _error_finding(path, error, yaml.data, first_line, what, model)


def _error_finding(
    path: Path, error: ErrorDetails, data: Any, first_line: int, what: str, model: type[BaseModel]
) -> tuple[str, Finding]:
    location = tuple(error["loc"])
    keyed = error["type"] in ("missing", "extra_forbidden")
    position = (None if keyed else value_position(data, location)) or key_position(data, location)
    line, column = (
        (position[0] + first_line - 1, position[1]) if position else (max(first_line - 1, 1), 1)
    )
    inside = f"{where(location[:-1])}: " if location[:-1] else ""
    key = str(location[-1]) if location else ""
    if error["type"] == "missing":
        return "FM006", Finding(path, line, column, f"{what}: {inside}missing required key {key!r}")
    if error["type"] == "extra_forbidden":
        hint = did_you_mean(key, keys_at(model, location))
        return "FM004", Finding(path, line, column, f"{what}: {inside}unknown key {key!r}{hint}")
    message = f"{what}: {where(location) or 'value'}: {value_words(error)}"
    return "FM005", Finding(path, line, column, message)


FAMILY = Family(
    "FM", "Front matter and manifest", (FM001, FM002, FM003, FM004, FM005, FM006, FM007), check
)
