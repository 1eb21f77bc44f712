"""The schemas: pydantic models of the manifest and of a module's front matter."""

from __future__ import annotations

import enum
from pathlib import PurePosixPath, PureWindowsPath
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

Title = Annotated[str, StringConstraints(min_length=1, strip_whitespace=False)]
Tag = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
GoVersion = Annotated[str, StringConstraints(pattern=r"^1\.\d+(\.\d+)?$")]
# day_padding allows four digits: a course has at most 9999 days (and weeks). The bound also
# keeps `status`, which walks every day of every week, from looping for ever.
MAX_DAY = 9999


def _inside_course(value: str) -> str:
    # `--fix` rewrites the hub: a hub of `/etc/hosts` or `../README.md` would let it write
    # outside the course folder.
    parts = PureWindowsPath(value).parts
    if PurePosixPath(value).is_absolute() or PureWindowsPath(value).drive or ".." in parts:
        raise ValueError("must be a path inside the course folder (relative, no '..')")
    return value


CoursePath = Annotated[str, AfterValidator(_inside_course)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Status(enum.StrEnum):
    PUBLISHED = "published"
    CURRENT = "current"
    UPCOMING = "upcoming"


class Week(_Strict):
    number: int = Field(ge=1, le=MAX_DAY, description="The week's number, 1 for the first.")
    title: Title = Field(description="The week's title as the roadmap's heading gives it.")
    first_day: int = Field(ge=1, le=MAX_DAY, description="The first day of the week.")
    last_day: int = Field(ge=1, le=MAX_DAY, description="The last day of the week (inclusive).")

    @model_validator(mode="after")
    def _ordered(self) -> Week:
        if self.last_day < self.first_day:
            raise ValueError("last_day comes before first_day")
        return self


class Manifest(_Strict):
    """course/course.yaml: what a maintainer states once about the course."""

    title: Title = Field(description="The course title, as the hub page's H1 gives it.")
    days: int = Field(ge=1, le=MAX_DAY, description="How many days (modules) the course has.")
    hub: CoursePath = Field(
        "README.md", description="The hub page with the roadmap, relative to the course."
    )
    modules_dir: CoursePath = Field("days", description="The folder holding the day modules.")
    day_padding: int = Field(2, ge=1, le=4, description="Digits of a day number: 2 gives Day 01.")
    weeks: list[Week] = Field(min_length=1, description="The weeks, in order.")
    required_sections: list[Title] = Field(
        default_factory=list,
        description="H2 sections every module has, in this order.",
        json_schema_extra={"uniqueItems": True},
    )
    go_version: GoVersion = Field(description="The minimum Go version the snippets need.")

    @field_validator("required_sections")
    @classmethod
    def _sections_once(cls, sections: list[str]) -> list[str]:
        return _once(sections, "section")


class FrontMatter(_Strict):
    """The YAML front matter of a day module."""

    day: int = Field(
        ge=1, le=MAX_DAY, description="The day number, as in the file name and the roadmap."
    )
    title: Title = Field(description="The day's title, exactly as on the roadmap.")
    week: int = Field(ge=1, le=MAX_DAY, description="The week whose range holds this day.")
    status: Literal["published", "current", "upcoming"] = Field(
        description="published before the CURRENT day, upcoming after it."
    )
    summary: Title = Field(description="One or two sentences for the roadmap.")
    tags: list[Tag] = Field(
        min_length=1,
        description="Lowercase kebab-case topics.",
        json_schema_extra={"uniqueItems": True},
    )
    go_version: GoVersion | None = Field(None, description="The Go release the module needs.")
    estimated_minutes: int | None = Field(None, ge=1, description="Time to work through it.")

    @field_validator("tags")
    @classmethod
    def _tags_once(cls, tags: list[str]) -> list[str]:
        return _once(tags, "tag")


def _once(items: list[str], what: str) -> list[str]:
    seen: set[str] = set()
    for item in items:
        if item in seen:
            raise ValueError(f"{what} {item!r} is listed twice")
        seen.add(item)
    return items
