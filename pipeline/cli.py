"""The `handouts` command: argparse subcommands, all printing, exit codes."""

from __future__ import annotations

import argparse
import contextlib
import difflib
import gc
import json
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from pipeline.errors import InputError, Outcome, Problem, SetupError
from pipeline.linebreak import require_libunistring

if TYPE_CHECKING:
    from pipeline.terminal import Result

Runner = Callable[[argparse.Namespace], "Result"]


def console_main() -> int:
    """The `handouts` command (and `python -m pipeline`): main() in a process of its own.

    A build makes many small records that live as long as one article; with the default
    first threshold (700) the cycle collector scans them again and again, a sixth of a
    build's time. Forked workers inherit the setting. Set here, not in main(), so tests
    that call main() keep the interpreter's own collector.

    At exit the interpreter runs one last full collection over everything still alive
    (0.1 s after a build of one article in the 500-article library, issue 20); once the
    command is done nothing it could free matters, so the heap is frozen out of its reach
    first. Every file was written and closed by then; stdout and stderr flush as usual.
    """
    gc.set_threshold(10_000, 10, 10)
    code = main()
    gc.freeze()
    return code


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)  # bad usage: argparse prints and exits 2
    run: Runner = args.run
    try:
        require_libunistring()  # no silent fallback: other rules would give other bytes
        if run is not _init:  # every other command works inside a project, never beside one
            from pipeline.project import find_project

            given = args.root is not None
            args.root = str(find_project(Path(args.root or "."), search_up=not given))
        result = run(args)
    except SetupError as error:  # the machine lacks a library; nothing was written
        print(error, file=sys.stderr)
        return int(Outcome.INPUT)
    except InputError as error:  # input that every article needs, such as the config
        problems = [Problem.from_error(error)]
    else:
        problems = result.problems
        for warning in result.warnings:  # first; each is said once where it arises
            print(warning, file=sys.stderr)
        if getattr(args, "json", False):
            print(json.dumps(result.data, ensure_ascii=False, indent=2, sort_keys=True))
        elif not args.quiet:
            if run is not _build or args.verbose:  # a build's grades: `report` or --verbose
                _print_tables(result)
            for message in [*result.messages, *result.notes]:
                print(message)
            if args.verbose:
                for path in result.written:
                    print(f"wrote {path}")
        if result.summary and not getattr(args, "json", False):
            print(result.summary)
    for problem in problems:
        print(problem.message, file=sys.stderr)
    return int(max((problem.outcome for problem in problems), default=Outcome.OK))


def _print_tables(result: Result) -> None:
    if not result.tables:
        return
    from rich.console import Console  # only when there is a table to draw
    from rich.table import Table

    # A pipe or CI log is not a terminal: give tables room rather than truncate them.
    console = Console(highlight=False, soft_wrap=False, width=None if sys.stdout.isatty() else 160)
    for summary in result.tables:
        table = Table(title=summary.title, title_justify="left")
        for column in summary.columns:
            table.add_column(column, justify="left" if column == summary.columns[0] else "right")
        for row in summary.rows:
            table.add_row(*row)
        console.print(table)


def _build(args: argparse.Namespace) -> Result:
    from pipeline import build  # heavy imports only when a command runs

    articles = args.articles or None
    if args.shard:  # issue 20: this machine's part of the library (pipeline/shard.py)
        from pipeline import shard

        if articles:
            raise InputError("give --shard or articles, not both.", path="command line")
        part, count = shard.parse_shard(args.shard)
        articles = shard.articles_in_shard(Path(args.root), part, count)
        if not articles:
            shard.record_shard(Path(args.root), part, count, [])
            from pipeline.terminal import Result

            return Result(summary=f"shard {part}/{count} has no articles.")
    with _progress(args, "building") as progress:
        result = build.run_build(
            Path(args.root),
            articles,
            pdf=args.pdf,
            bilingual=args.bilingual,
            jobs=args.jobs,
            progress=progress,
        )
    if args.shard and articles:
        shard.record_shard(Path(args.root), part, count, articles)
    return result


def _merge(args: argparse.Namespace) -> Result:
    from pipeline import shard  # issue 20: the shards' outputs, index and cache in one

    return shard.merge_shards(Path(args.root), [Path(folder) for folder in args.shards])


@contextlib.contextmanager
def _progress(args: argparse.Namespace, doing: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar with counts and time left on a terminal; nothing otherwise."""
    if args.quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn(doing),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        transient=True,
    ) as bar:
        task = bar.add_task("articles", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


def _extract(args: argparse.Namespace) -> Result:
    from pipeline import build

    with _progress(args, "extracting") as progress:
        return build.run_extract(Path(args.root), args.articles or None, progress=progress)


def _update(args: argparse.Namespace) -> Result:
    from pipeline import build

    with _progress(args, "updating") as progress:
        return build.run_update(Path(args.root), args.articles or None, progress=progress)


def _report(args: argparse.Namespace) -> Result:
    from pipeline import build

    with _progress(args, "scoring") as progress:
        return build.run_report(
            Path(args.root), args.articles or None, against=args.against, progress=progress
        )


def _status(args: argparse.Namespace) -> Result:
    from pipeline import build

    return build.run_status(Path(args.root), args.articles or None)


def _import(args: argparse.Namespace) -> Result:
    from pipeline import import_command

    return import_command.run_import(
        Path(args.root),
        args.path,
        slug=args.slug,
        keep=args.keep or (),
        force=args.force,
        url=args.url,
    )


def _check(args: argparse.Namespace) -> Result:
    from pipeline import build

    return build.run_check(Path(args.root), args.articles or None, max_grade=args.max_grade)


ROOT_HELP = "the project folder (default: the one this folder is in)"


class _Parser(argparse.ArgumentParser):
    """argparse, with "did you mean" for a misspelled command (as Python 3.14's has)."""

    def error(self, message: str) -> NoReturn:
        found = re.match(
            r"argument COMMAND: invalid choice: '([^']*)' \(choose from (.*)\)", message
        )
        if found:
            word, commands = found.group(1), re.findall(r"'([^']+)'", found.group(2))
            close = difflib.get_close_matches(word, commands, n=1, cutoff=0.6)
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else "the commands are " + ", ".join(commands)
            )
            message = f"'{word}' is not a command; {hint}"
        super().error(message)


def _init(args: argparse.Namespace) -> Result:
    from pipeline import build

    return build.run_init(Path(args.folder))


def _serve(args: argparse.Namespace) -> Result:
    from pipeline import serve
    from pipeline.terminal import Result

    def ready(url: str) -> None:
        print(f"Serving the live report at {url} (Ctrl+C stops it)", flush=True)
        if args.browser:
            import webbrowser

            webbrowser.open(url)

    serve.serve(Path(args.root), args.article, port=args.port, on_ready=ready)
    return Result()


# Long: the argparse table of every command and option, read top to bottom as the CLI's reference.
def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="handouts",
        description="Turn health articles into plain-language, translated, printable handouts.",
    )
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    def command(name: str, run: Runner, help_text: str) -> argparse.ArgumentParser:
        parser = sub.add_parser(name, help=help_text, description=help_text)
        parser.add_argument(
            "articles", nargs="*", metavar="ARTICLE", help="source/*.md files (default: all)"
        )
        parser.add_argument("--root", help=ROOT_HELP)
        parser.add_argument("-q", "--quiet", action="store_true", help="print problems only")
        parser.add_argument("-v", "--verbose", action="store_true", help="list the files written")
        parser.set_defaults(run=run)
        return parser

    build = command(
        "build", _build, "catalogs, readability reports and handouts for every language"
    )
    build.add_argument(
        "--pdf",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also write a tagged PDF and a preview image of each handout (default: on)",
    )
    build.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="processes (default: one per CPU core; with PDFs, one of them prints)",
    )
    build.add_argument(
        "--bilingual",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="also write <slug>.bilingual.html with the English under each block "
        "(default: [tool.handouts] bilingual)",
    )
    build.add_argument(
        "--shard",
        metavar="K/N",
        help="build part K of N of the library (by article; for a CI matrix or batch "
        "jobs), then `handouts merge` the N folders",
    )
    merge = sub.add_parser(
        "merge",
        help="combine the outputs of `handouts build --shard K/N` into this project",
        description="Copy what each shard built (handouts, reports, catalogs) into this "
        "project and write the index and build cache: the same bytes as one build.",
    )
    merge.add_argument("shards", nargs="+", metavar="SHARD", help="each shard's project folder")
    merge.add_argument("--root", help=ROOT_HELP)
    merge.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    merge.add_argument("-v", "--verbose", action="store_true", help="list the files written")
    merge.set_defaults(run=_merge)
    command("extract", _extract, "write the POT templates in locales/")
    command("update", _update, "merge the templates into every language's PO catalog")
    report = command("report", _report, "write readability reports to output/reports/")
    report.add_argument(
        "--against",
        metavar="REV",
        help="compare section grades with a git revision or an older .json report",
    )
    importer = sub.add_parser(
        "import",
        help="turn a saved web page, a Word file or copied text into source/<slug>.md",
        description="Turn a saved web page (.html), a Word file (.docx) or text copied "
        "from a page (.txt) into a clean source article, and report what was dropped.",
    )
    importer.add_argument("path", metavar="PATH", help="the file to import")
    importer.add_argument("--slug", help="the article's file name (default: from its title)")
    importer.add_argument(
        "--keep",
        action="append",
        metavar="TEXT",
        help="a line (or part of one) that no rule may drop; repeat for more",
    )
    importer.add_argument(
        "--url",
        help="the page's web address: names the publisher and the title when the copied "
        "text does not, and is kept in the article",
    )
    importer.add_argument("--force", action="store_true", help="replace an existing article")
    importer.add_argument("--root", help=ROOT_HELP)
    importer.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    importer.add_argument("-v", "--verbose", action="store_true", help="list the files written")
    importer.set_defaults(run=_import)
    init = sub.add_parser(
        "init",
        help="create a new content project: settings, folders, an example article",
        description="Create a plain-handouts project in FOLDER (default: here): settings "
        "in pyproject.toml, source/ with an example article, locales/, a README for the team "
        "and a CI workflow that runs `handouts check`.",
    )
    init.add_argument("folder", nargs="?", default=".", metavar="FOLDER")
    init.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    init.add_argument("-v", "--verbose", action="store_true", help="list the files written")
    init.set_defaults(run=_init, root=None)
    served = sub.add_parser(
        "serve",
        help="the live editor's report of one article on 127.0.0.1, refreshed on save",
        description="Open an article's readability report in the browser, served on "
        "127.0.0.1; the page reloads within a second of saving the Markdown.",
    )
    served.add_argument(
        "article", nargs="?", metavar="ARTICLE", help="source/<slug>.md (default: the only one)"
    )
    served.add_argument("--port", type=int, default=8000, help="the port (default: 8000)")
    served.add_argument(
        "--no-browser", dest="browser", action="store_false", help="print the address only"
    )
    served.add_argument("--root", default=".", help="the project folder (default: here)")
    served.set_defaults(run=_serve, quiet=False, verbose=False)
    status = command("status", _status, "translation progress per article and language")
    status.add_argument("--json", action="store_true", help="print the figures as JSON")
    check = command(
        "check",
        _check,
        "every gate without writing: grades, catalog checks, readiness; exit 1 if one fails",
    )
    check.add_argument(
        "--max-grade",
        type=float,
        metavar="N",
        help="highest section grade allowed (default: the article's target_grade)",
    )
    return parser
