"""RM: the roadmap and the numbering of days — 1..N, padded alike, and in step with the modules."""

from __future__ import annotations

from collections.abc import Iterator

from coursecheck.course import MODULE_NAME_RE, Course, Module
from coursecheck.diagnostics import Finding
from coursecheck.markdown import unescape_inline
from coursecheck.preconditions import modules
from coursecheck.roadmap import DayEntry
from coursecheck.roadmapindex import RoadmapIndex
from coursecheck.rules.base import Context, Family, Rule
from coursecheck.yamlpositions import front_position, manifest_position

RM001 = Rule(
    "RM001",
    "day-gap",
    "A day is missing from the roadmap: days run 1..N with no gap.",
    """\
The roadmap lists days 1 to N, each once. A day with neither a roadmap entry nor a module is a
gap; the finding points at the first day after it. (A module that exists but is not on the
roadmap is RM007.)

**Bad:**

```markdown
* **Day 03:** [Memory: Strings, Runes, and Bytes](days/day-03-strings-runes-bytes.md)
* **Day 05:** [Maps: O(1) Theory](days/day-05-maps.md)
```

**Good:** `* **Day 04:** ...` between them, with its module.
""",
)
RM002 = Rule(
    "RM002",
    "duplicate-day",
    "The same day number appears twice on the roadmap.",
    """\
Each day appears once on the roadmap. The finding points at the second entry.

**Bad:**

```markdown
* **Day 08:** [Pointers: Escape Analysis](days/day-08-pointers.md)
* **Day 08:** [Interfaces: Behavior-based Design](days/day-09-interfaces.md)
```

**Good:** the second entry is `* **Day 09:** ...`.
""",
)
RM003 = Rule(
    "RM003",
    "day-out-of-order",
    "A roadmap day is listed out of order.",
    """\
Days are listed in ascending order. The finding points at the day that is out of place (of the
longest ascending run, the days that are not part of it).

**Bad:**

```markdown
* **Day 04:** [Arrays vs. Slices](days/day-04-arrays-vs-slices.md)
* **Day 03:** [Memory: Strings, Runes, and Bytes](days/day-03-strings-runes-bytes.md)
```

**Good:** Day 03 before Day 04.
""",
)
RM004 = Rule(
    "RM004",
    "inconsistent-padding",
    "A day number is not padded to the manifest's `day_padding` digits.",
    """\
Day numbers are written with the same number of digits everywhere (`day_padding` in
`course.yaml`, 2 by default): on the roadmap (`Day 05`) and in file names (`day-05-maps.md`),
so that files sort in course order.

**Bad:** `* **Day 5:** ...` or `days/day-5-maps.md`

**Good:** `* **Day 05:** ...` and `days/day-05-maps.md`
""",
)
RM005 = Rule(
    "RM005",
    "day-number-mismatch",
    "The file name, the front matter and the roadmap disagree on a module's day.",
    """\
A module's day is stated three times: in its file name, in its front matter's `day` and on the
roadmap entry that links to it. All three agree. The finding points at the one that differs.

**Bad:** `days/day-05-maps.md` with `day: 6` in its front matter.

**Good:** `days/day-05-maps.md` with `day: 5`, listed as `* **Day 05:** ...`.
""",
)
RM006 = Rule(
    "RM006",
    "missing-module",
    "A roadmap day has no module file.",
    """\
Every day on the roadmap has its module, `day-NN-<slug>.md` in the modules folder.

**Bad:** `* **Day 05:** [Maps](days/day-05-maps.md)` and no file `days/day-05-maps.md`.

**Good:** the roadmap entry and `days/day-05-maps.md` with `day: 5`.
""",
)
RM007 = Rule(
    "RM007",
    "unlisted-module",
    "A module is not on the roadmap.",
    """\
Every module in the modules folder is on the roadmap, or learners never find it. The finding
points at the module's `day` in its front matter.

**Bad:** `days/day-32-bonus.md` and no `* **Day 32:** ...` on the roadmap.

**Good:** the roadmap lists `* **Day 32:** [Bonus](days/day-32-bonus.md)`.
""",
)
RM008 = Rule(
    "RM008",
    "title-mismatch",
    "A roadmap title differs from its module's front matter title.",
    """\
The roadmap shows each day's title exactly as the module's front matter `title` gives it,
character for character. `--fix` copies the front matter title to the roadmap.

**Bad:** `* **Day 05:** [Maps: Hashing](days/day-05-maps.md)` for
`title: "Maps: O(1) Theory, Hashing & Random Iteration"`

**Good:** `* **Day 05:** [Maps: O(1) Theory, Hashing & Random Iteration](days/day-05-maps.md)`
""",
    fixable=True,
)
RM009 = Rule(
    "RM009",
    "day-count-claim",
    'The hub\'s claim ("A 31-Day Masterclass") differs from the number of days.',
    """\
When the hub page announces a day count (`A 31-Day Masterclass`), it equals the number of days
on the roadmap.

**Bad:** `### A 30-Day Masterclass` above a roadmap of 31 days.

**Good:** `### A 31-Day Masterclass` above a roadmap of 31 days.
""",
)
RM010 = Rule(
    "RM010",
    "manifest-day-count",
    "The manifest's `days` differs from the number of days on the roadmap.",
    """\
`days` in `course.yaml` is the number of days on the roadmap.

**Bad:** `days: 30` with Day 01 to Day 31 on the roadmap.

**Good:** `days: 31`.
""",
)
RM011 = Rule(
    "RM011",
    "bad-module-name",
    "A file in the modules folder is not named `day-NN-<slug>.md`.",
    """\
Modules are named `day-NN-<slug>.md`: the padded day, then a lowercase kebab-case slug. The
name sorts the files in course order and makes links predictable.

**Bad:** `days/Day 5 - Maps.md`, `days/day-05_maps.md`, `days/notes.md`

**Good:** `days/day-05-maps.md`
""",
)
RM012 = Rule(
    "RM012",
    "missing-roadmap",
    "The hub page is missing or holds no roadmap.",
    """\
The hub page (`hub` in `course.yaml`, `README.md` by default) holds the roadmap: week
headings and one list item per day. Without it no numbering, week or link rule can run.

**Bad:** a hub page with no `* **Day NN:** Title` items.

**Good:**

```markdown
### **Week 1: The Foundations**
* **Day 01:** [Why Go? Philosophy & Structure](days/day-01-why-go.md)
```
""",
)


def check(course: Course, ctx: Context) -> Iterator[tuple[str, Finding]]:
    yield from _module_names(course)
    index = course.index
    if index is None:
        yield from _missing_roadmap(course)
        return
    yield from _sequence(course, index)
    yield from _padding(course, index)
    yield from _modules(course, index)
    yield from _counts(course, index)


def _missing_roadmap(course: Course) -> Iterator[tuple[str, Finding]]:
    manifest = course.manifest.model
    hub_name = manifest.hub if manifest else "README.md"
    if course.hub is None:
        line, column = manifest_position(course, "hub") if manifest else (1, 1)
        message = f"the hub page {hub_name} does not exist"
        yield "RM012", Finding(course.manifest_source.path, line, column, message)
    elif course.hub.doc is not None and course.hub.doc.error is None:
        message = "no roadmap here: no `* **Day NN:** Title` items"
        yield "RM012", Finding(course.hub.path, 1, 1, message)


def _module_names(course: Course) -> Iterator[tuple[str, Finding]]:
    for module in course.modules:
        if MODULE_NAME_RE.match(module.path.name) is None:
            message = f"{module.path.name!r} is not named day-NN-<slug>.md"
            yield "RM011", Finding(module.path, 1, 1, message)


def _sequence(course: Course, index: RoadmapIndex) -> Iterator[tuple[str, Finding]]:
    hub = index.hub
    duplicates, disorder = index.duplicates, index.out_of_order
    for i, match in enumerate(index.matches):
        entry = match.entry
        where = (hub.path, entry.line, entry.number_column)
        if i in duplicates:
            yield "RM002", Finding(*where, f"Day {entry.number_text} is listed twice")
        elif i in disorder:
            message = f"Day {entry.number_text} is out of order: days are listed ascending"
            yield "RM003", Finding(*where, message)
    yield from _gaps(course, index)


def _gaps(course: Course, index: RoadmapIndex) -> Iterator[tuple[str, Finding]]:
    hub, manifest = index.hub, course.manifest.model
    width = manifest.day_padding if manifest else 2
    first_entry: dict[int, DayEntry] = {}
    for match in index.matches:
        first_entry.setdefault(match.number, match.entry)
    with_module = {m.day for m in course.modules}
    previous = 0
    for number in sorted(first_entry):
        missing = _missing(previous + 1, number - 1, with_module)
        previous = number
        if missing is None:
            continue
        low, high = missing
        span = f"Day {low:0{width}d}" + (f" to Day {high:0{width}d}" if high > low else "")
        entry = first_entry[number]
        message = f"{span} missing from the roadmap before Day {entry.number_text}"
        yield "RM001", Finding(hub.path, entry.line, entry.number_column, message)


def _missing(low: int, high: int, with_module: set[int | None]) -> tuple[int, int] | None:
    """The first and last day in low..high with no module (RM007 reports the others)."""
    while low <= high and low in with_module:
        low += 1
    while high >= low and high in with_module:
        high -= 1
    return (low, high) if low <= high else None


def _padding(course: Course, index: RoadmapIndex) -> Iterator[tuple[str, Finding]]:
    manifest, hub = course.manifest.model, index.hub
    if manifest is None:
        return
    width = manifest.day_padding
    for match in index.matches:
        entry = match.entry
        if entry.number_text != f"{entry.number:0{width}d}":
            message = f"Day {entry.number_text} should be written Day {entry.number:0{width}d}"
            yield "RM004", Finding(hub.path, entry.line, entry.number_column, message)
    for module in course.modules:
        named, day = module.named_day, module.file_day
        if named is not None and day is not None and named != f"{day:0{width}d}":
            good = module.path.name.replace(f"day-{named}-", f"day-{day:0{width}d}-", 1)
            message = f"file name {module.path.name!r} should be {good!r}"
            yield "RM004", Finding(module.path, 1, 1, message)


def _modules(course: Course, index: RoadmapIndex) -> Iterator[tuple[str, Finding]]:
    hub = index.hub
    for named in course.modules:
        yield from _file_versus_front(named)
    for match in index.matches:
        entry, module = match.entry, match.module
        where = (hub.path, entry.line, entry.number_column)
        if module is None:
            message = f"Day {entry.number_text} has no module day-{entry.number_text}-<slug>.md"
            # With no modules folder at all, ST010 stands for every day's missing module.
            needs = (modules(course.manifest_source.path),)
            yield "RM006", Finding(*where, message, needs=needs)
            continue
        if match.renumbered:
            message = (
                f"Day {entry.number_text} lists {module.path.name}, which is day {match.number}"
            )
            yield "RM005", Finding(*where, message)
        front = module.front_matter
        if front is not None and front.title != unescape_inline(entry.title):
            message = f"title {entry.title!r} differs from the module's title {front.title!r}"
            yield "RM008", Finding(hub.path, entry.line, entry.title_column, message)
    listed = index.listed
    for module in course.modules:
        day = module.day
        if id(module) not in listed and day is not None:
            line, column = front_position(module, "day")
            message = f"{module.path.name} (day {day}) is not on the roadmap"
            yield "RM007", Finding(module.path, line, column, message)


def _file_versus_front(module: Module) -> Iterator[tuple[str, Finding]]:
    front = module.front_matter
    if front is not None and not module.consistent:
        line, column = front_position(module, "day")
        message = f"front matter says day {front.day} but the file name says day {module.named_day}"
        yield "RM005", Finding(module.path, line, column, message)


def _counts(course: Course, index: RoadmapIndex) -> Iterator[tuple[str, Finding]]:
    count, hub = index.count, index.hub
    claim = index.roadmap.claim
    if claim is not None and claim.count != count:
        message = f"the hub claims {claim.shown} days but the roadmap has {count}"
        yield "RM009", Finding(hub.path, claim.line, claim.column, message)
    manifest = course.manifest.model
    if manifest is not None and manifest.days != count:
        line, column = manifest_position(course, "days")
        message = f"days: {manifest.days} but the roadmap has {count} days"
        yield "RM010", Finding(course.manifest_source.path, line, column, message)


FAMILY = Family(
    "RM",
    "Roadmap and numbering",
    (RM001, RM002, RM003, RM004, RM005, RM006, RM007, RM008, RM009, RM010, RM011, RM012),
    check,
)
