"""The command line of `advance`, `new-day` and `status`: their arguments, and the rendering of
what they return (the workflow modules print nothing). Their work is imported only when one of
them runs."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the gate loads the course and the engine: only when a command runs
    from coursecheck.workflow.gate import Refused


def add_commands(sub: Any) -> None:
    advance = sub.add_parser("advance", help="move CURRENT to the next day")
    _common(advance)
    advance.set_defaults(handler=_advance)

    new_day = sub.add_parser("new-day", help="scaffold the next day's module")
    new_day.add_argument("title", help="the new day's title")
    new_day.add_argument(
        "--week", type=int, required=True, help="the last week, or the next one to start it"
    )
    new_day.add_argument("--week-title", help="the title of the week it starts (a new week)")
    _common(new_day)
    new_day.set_defaults(handler=_new_day)
    _intermixed(new_day)

    status = sub.add_parser("status", help="the course at a glance")
    status.add_argument("path", nargs="?", help="the folder holding course.yaml")
    status.add_argument("--format", choices=("text", "markdown"), default="text")
    status.add_argument(
        "--skip-go", action="store_true", help="count the snippets; give no verdicts"
    )
    status.set_defaults(handler=_status)


def _intermixed(parser: argparse.ArgumentParser) -> None:
    """`new-day TITLE --week N PATH`: positionals after an option, which argparse alone rejects.

    The subcommand machinery calls `parse_known_args`; this parser answers it with the
    intermixed parse, which itself calls the plain one.
    """
    plain = parser.parse_known_args

    def parse(args: Any = None, namespace: Any = None) -> Any:
        setattr(parser, "parse_known_args", plain)  # noqa: B010 (an instance override)
        try:
            return parser.parse_known_intermixed_args(args, namespace)
        finally:
            setattr(parser, "parse_known_args", parse)  # noqa: B010

    setattr(parser, "parse_known_args", parse)  # noqa: B010


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", help="the folder holding course.yaml")
    parser.add_argument(
        "--skip-go", action="store_true", help="check the course without building its snippets"
    )


def _advance(args: argparse.Namespace) -> int:
    from coursecheck.workflow.advance import advance
    from coursecheck.workflow.gate import Refused

    try:
        day = advance(args.path, skip_go=args.skip_go)
    except Refused as refused:
        return _refused(refused)
    print(f"CURRENT is now Day {day}.", file=sys.stderr)
    return 0


def _new_day(args: argparse.Namespace) -> int:
    from coursecheck.formatters.paths import display_path
    from coursecheck.workflow.gate import Refused
    from coursecheck.workflow.newday import new_day

    try:
        module = new_day(
            args.title, args.week, args.path, skip_go=args.skip_go, week_title=args.week_title
        )
    except Refused as refused:
        return _refused(refused)
    print(f"created {display_path(module)}", file=sys.stderr)
    return 0


def _status(args: argparse.Namespace) -> int:
    from coursecheck.workflow.status import markdown, overview, text

    render = markdown if args.format == "markdown" else text
    sys.stdout.write(render(overview(args.path, skip_go=args.skip_go)))
    return 0


def _refused(refused: Refused) -> int:
    """The errors that stop `advance` or `new-day`, as `check` shows them, on stderr: exit 1."""
    from coursecheck.formatters.report import Report
    from coursecheck.formatters.text import render

    sys.stderr.write(render(Report(refused.errors, refused.files_checked)))
    print(
        f"coursecheck {refused.command}: refused: the course has errors; fix them first "
        "(`coursecheck check --fix` repairs some)",
        file=sys.stderr,
    )
    return 1
