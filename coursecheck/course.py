"""The course model: the manifest, the hub page's roadmap, every day module and every other page.

Every Markdown page is read and parsed once, here (front matter blanked so lines keep their
numbers, every block with its position), and `Course.pages()` is the one set of pages every rule
family, fixer and command works on. The roadmap index (which module each roadmap day stands
for, the CURRENT day, the statuses) is built once too, as `Course.index`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from coursecheck.errors import FatalError
from coursecheck.frontmatter import Split, blank_front_matter, split_front_matter
from coursecheck.markdown import Document, parse_markdown
from coursecheck.reads import Reader, Reads
from coursecheck.roadmap import Roadmap, parse_roadmap
from coursecheck.roadmapindex import RoadmapIndex, build_index
from coursecheck.source import SourceFile, read_source

# pydantic, the models and the YAML reader load when a manifest or front matter is read:
# `coursecheck snippets` reads plain pages and must not pay for them.
if TYPE_CHECKING:
    from pydantic import BaseModel
    from pydantic_core import ErrorDetails

    from coursecheck.models import FrontMatter, Manifest, Status
    from coursecheck.yamldoc import YamlDoc

MANIFEST = "course.yaml"
MARKDOWN_SUFFIXES = (".md", ".markdown")
# What marks the repository that holds the course, most telling first (see `repository_root`).
REPOSITORY_MARKERS = (".git", "pyproject.toml")
M = TypeVar("M", bound="BaseModel")
MODULE_NAME_RE = re.compile(r"^day-(?P<day>\d+)-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
Glob = Callable[[Path, str], list[Path]]


@dataclass
class Validated(Generic[M]):
    """A YAML mapping and what pydantic made of it."""

    yaml: YamlDoc | None
    model: M | None = None
    errors: list[ErrorDetails] = field(default_factory=list)


@dataclass(frozen=True)
class Parsed:
    """What loading makes of a page's text: all of it follows from the page's bytes and kind
    ("hub", "module" or "page"), so the per-page cache (cache/pages.py) may keep it."""

    split: Split | None
    doc: Document
    front: Validated[FrontMatter] | None = None  # a module's


class Models(Protocol):
    """Where loading may find a page's model already made, and leaves the ones it makes."""

    def parsed(self, path: Path, kind: str, raw: bytes) -> Parsed | None: ...

    def keep(self, path: Path, kind: str, raw: bytes, parsed: Parsed) -> None: ...


@dataclass
class Page:
    """A Markdown page as read and parsed: `doc` is None when it could not be read."""

    source: SourceFile
    split: Split | None = None  # the front matter, when the page has one
    doc: Document | None = None

    @property
    def path(self) -> Path:
        return self.source.path


@dataclass
class Module(Page):
    """A day module: a page with front matter, named `day-NN-<slug>.md`."""

    front: Validated[FrontMatter] = field(default_factory=lambda: Validated(None))

    @property
    def front_matter(self) -> FrontMatter | None:
        """The validated front matter; None when it is missing or broken (FM reports why)."""
        return self.front.model

    @property
    def named_day(self) -> str | None:
        """The day's digits as the file name writes them."""
        m = MODULE_NAME_RE.match(self.path.name)
        return m["day"] if m else None

    @property
    def file_day(self) -> int | None:
        return int(self.named_day) if self.named_day is not None else None

    @property
    def day(self) -> int | None:
        """The module's day: its front matter's, else its file name's."""
        front = self.front_matter
        return front.day if front is not None else self.file_day

    @property
    def consistent(self) -> bool:
        """False when the file name and the front matter disagree on the day (RM005)."""
        front, named = self.front_matter, self.file_day
        return front is None or named is None or front.day == named


@dataclass
class Course:
    root: Path
    manifest_source: SourceFile
    manifest: Validated[Manifest]
    hub: Page | None = None
    roadmap: Roadmap | None = None
    modules: list[Module] = field(default_factory=list)
    extras: list[Page] = field(default_factory=list)  # every other Markdown page of the course
    index: RoadmapIndex | None = None
    files: Reads = field(default_factory=Reads)  # every look at the disk, for the rules too
    repository: Path = Path()  # absolute; links are checked only inside it

    def pages(self) -> list[Page]:
        """Every Markdown page: the hub, the modules, then the other pages."""
        return ([self.hub] if self.hub else []) + self.modules + self.extras

    def sources(self) -> list[SourceFile]:
        """Every file the course is made of: the manifest and every page."""
        return [self.manifest_source] + [page.source for page in self.pages()]

    def module_for_day(self, day: int) -> Module | None:
        return next((m for m in self.modules if m.front_matter and m.front_matter.day == day), None)

    @property
    def current_day(self) -> int | None:
        """The roadmap's CURRENT day, when it marks exactly one."""
        current = self.index.current if self.index else None
        return current.number if current else None

    def status_of(self, day: int) -> Status | None:
        """The status a day has by the roadmap's CURRENT marker; None when that decides none."""
        return self.index.status_of(day) if self.index else None


def validate(model: type[M], yaml: YamlDoc) -> Validated[M]:
    from pydantic import ValidationError

    from coursecheck.yamldoc import plain

    if yaml.data is None:
        return Validated(yaml)
    try:
        return Validated(yaml, model.model_validate(plain(yaml.data)))
    except ValidationError as exc:
        return Validated(yaml, None, exc.errors(include_url=False))


def load_course(root: Path, read: Reader = read_source, models: Models | None = None) -> Course:
    """`read` lets `--fix` check its pending edits before anything is written; `models` lets a
    check take unchanged pages' models from the per-page cache (every page is still read)."""
    from coursecheck.models import Manifest
    from coursecheck.yamldoc import load_yaml

    files = Reads(read)
    manifest_path = root / MANIFEST
    if not files.is_file(manifest_path):
        raise FatalError(f"{manifest_path}: no {MANIFEST} here; is {root} a course folder?")
    manifest_source = files.read(manifest_path)
    manifest: Validated[Manifest] = Validated(None)
    if manifest_source.text is not None:
        manifest = validate(Manifest, load_yaml(manifest_source.text))
    course = Course(root, manifest_source, manifest, files=files)
    course.repository = repository_root(root, files)
    hub_name = manifest.model.hub if manifest.model else "README.md"
    modules_dir = manifest.model.modules_dir if manifest.model else "days"
    _load_hub(course, root / hub_name, models)
    modules = files.glob(root / modules_dir, "*.md")
    course.modules = [load_module(p, files.read, models) for p in modules]
    known = {page.path for page in course.pages()}
    others = [p for p in markdown_under(root, files.glob) if p not in known]
    course.extras = [load_page(p, files.read, models) for p in others]
    course.index = build_index(course.hub, course.roadmap, course.modules, files, course.repository)
    return course


def markdown_under(folder: Path, glob: Glob) -> list[Path]:
    """The Markdown files under a folder, outside hidden folders (.git, .github, caches)."""
    found = {path for suffix in MARKDOWN_SUFFIXES for path in glob(folder, f"**/*{suffix}")}
    return sorted(p for p in found if not _hidden(p.relative_to(folder)))


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def repository_root(root: Path, files: Reads) -> Path:
    """The boundary links must stay inside: the nearest folder, from the course up, holding
    .git (the git repository), else pyproject.toml, else the course folder itself."""
    start = Path(os.path.normpath(root.absolute()))
    for marker in REPOSITORY_MARKERS:
        for folder in (start, *start.parents):
            if files.exists(folder / marker):
                return folder
    return start


def _load_hub(course: Course, path: Path, models: Models | None = None) -> None:
    if not course.files.is_file(path):
        return
    course.hub = load_page(path, course.files.read, models, kind="hub")
    if course.hub.doc is not None:
        course.roadmap = parse_roadmap(course.hub.doc)


def load_page(
    path: Path, read: Reader = read_source, models: Models | None = None, kind: str = "page"
) -> Page:
    """A page that is not a module: a closed front matter block is blanked, nothing else."""
    page = Page(read(path))
    text = page.source.text
    if text is None:
        return page
    parsed = models.parsed(path, kind, page.source.raw) if models else None
    if parsed is None:
        parsed = _parse_page(text)
        if models:
            models.keep(path, kind, page.source.raw, parsed)
    page.split, page.doc = parsed.split, parsed.doc
    return page


def _parse_page(text: str) -> Parsed:
    split = split_front_matter(text)
    if split.yaml is not None and not split.unclosed:
        return Parsed(split, parse_markdown(blank_front_matter(text, split)))
    return Parsed(None, parse_markdown(text))


def load_module(path: Path, read: Reader = read_source, models: Models | None = None) -> Module:
    module = Module(read(path))
    text = module.source.text
    if text is None:
        return module
    parsed = models.parsed(path, "module", module.source.raw) if models else None
    if parsed is None:
        parsed = _parse_module(text)
        if models:
            models.keep(path, "module", module.source.raw, parsed)
    module.split, module.doc = parsed.split, parsed.doc
    module.front = parsed.front or module.front
    return module


def _parse_module(text: str) -> Parsed:
    from coursecheck.models import FrontMatter
    from coursecheck.yamldoc import load_yaml

    split = split_front_matter(text)
    front = None
    if split.yaml is not None and not split.unclosed:
        front = validate(FrontMatter, load_yaml(split.yaml))
    return Parsed(split, parse_markdown(blank_front_matter(text, split)), front)
