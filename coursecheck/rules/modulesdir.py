"""ST010: the manifest's `modules_dir` names no folder, so no day has a module. One finding at
the manifest's line stands for the missing module of every day (RM006), which follow from it."""

from __future__ import annotations

from collections.abc import Iterator

from coursecheck.course import Course
from coursecheck.diagnostics import Finding
from coursecheck.hints import did_you_mean
from coursecheck.preconditions import modules
from coursecheck.rules.base import Rule
from coursecheck.yamldoc import key_position

ST010 = Rule(
    "ST010",
    "missing-modules-dir",
    "The manifest's `modules_dir` names no folder of the course.",
    """\
`modules_dir` in `course.yaml` (default `days`) is the folder that holds the day modules. When
no such folder exists, no day has a module: this finding stands for them all, at the manifest's
line, and names the folder that holds modules when there is one.

**Bad:**

```yaml
modules_dir: dayz
```

**Good:**

```yaml
modules_dir: days
```
""",
)


def check(course: Course) -> Iterator[tuple[str, Finding]]:
    manifest = course.manifest.model
    if manifest is None or course.files.is_dir(course.root / manifest.modules_dir):
        return
    path = course.manifest_source.path
    yaml = course.manifest.yaml
    data = yaml.data if yaml is not None else None
    line, column = (data is not None and key_position(data, ("modules_dir",))) or (1, 1)
    # Folders that do hold day modules are what the author most likely meant.
    holding = {p.parent.name for p in course.files.glob(course.root, "*/day-*.md")}
    hint = did_you_mean(manifest.modules_dir, holding)
    message = f"modules_dir {manifest.modules_dir!r}: no such folder in the course{hint}"
    yield "ST010", Finding(path, line, column, message, breaks=(modules(path),))
