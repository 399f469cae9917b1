"""The `handouts` command: argparse subcommands, all printing, exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from pipeline.errors import InputError, Outcome, Problem


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)  # bad usage: argparse prints and exits 2
    run: Callable[[argparse.Namespace], tuple[list[str], list[Problem]]] = args.run
    try:
        messages, problems = run(args)
    except InputError as error:  # input that every locale needs, such as the config
        messages, problems = [], [Problem.from_error(error)]
    if not args.quiet:
        for message in messages:
            print(message)
    for problem in problems:
        print(problem.message, file=sys.stderr)
    return int(max((problem.outcome for problem in problems), default=Outcome.OK))


def _command(name: str) -> Callable[[argparse.Namespace], tuple[list[str], list[Problem]]]:
    def run(args: argparse.Namespace) -> tuple[list[str], list[Problem]]:
        from pipeline import build  # heavy imports only when a command runs

        function = getattr(build, f"run_{name}")
        result = function(Path(args.root), args.articles or None)
        messages = list(result.messages)
        if args.verbose:
            messages.extend(f"wrote {path}" for path in result.written)
        return messages, result.problems

    return run


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="handouts",
        description="Turn health articles into plain-language, translated, printable handouts.",
    )
    sub = parser.add_subparsers(required=True, metavar="COMMAND")
    commands = {
        "build": "catalogs, readability reports and handouts for every language",
        "extract": "write the POT templates in locales/",
        "update": "merge the templates into every language's PO catalog",
        "report": "write readability reports to output/reports/",
    }
    for name, help_text in commands.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        command.add_argument(
            "articles", nargs="*", metavar="ARTICLE", help="source/*.md files (default: all)"
        )
        command.add_argument("--root", default=".", help="the project folder (default: here)")
        command.add_argument("-q", "--quiet", action="store_true", help="print problems only")
        command.add_argument("-v", "--verbose", action="store_true", help="list the files written")
        command.set_defaults(run=_command(name))
    return parser
