"""The workflow subcommands' arguments. Their work is imported only when one of them runs."""

from __future__ import annotations

import argparse
from typing import Any


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
    from coursecheck.workflow.advance import main

    return main(args.path, skip_go=args.skip_go)


def _new_day(args: argparse.Namespace) -> int:
    from coursecheck.workflow.newday import main

    return main(args.title, args.week, args.path, skip_go=args.skip_go, week_title=args.week_title)


def _status(args: argparse.Namespace) -> int:
    from coursecheck.workflow.status import main

    return main(args.path, args.format, skip_go=args.skip_go)
