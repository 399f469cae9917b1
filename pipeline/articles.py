"""One article's build, as a worker runs it, and where its PDFs are printed.

An article is built whole (its catalogs merged, its reports and handouts written, its PDFs
asked for) or, when only a print setting changed since its last build (the paper size,
the page limit, the PDF engine), only printed again: its catalogs are read as the last
build wrote them, it is localized, and its PDFs asked for; nothing else is written, since
the rest would be the same bytes (issue 20: a print setting changed costs the PDFs only).

A whole build's PDFs are printed in the build's own process, as each article arrives:
one process holds the engine's fonts, Chinese, Japanese and Korean ones after the
workers have ended, so those never sit beside a worker (issue 20: memory). When there are
only PDFs to print, the workers print theirs, but for those in large fonts, which still
wait for the build's process (issue 20: the rate). What the build's process prints after
the workers, or for a single article, it prints with Typst in a thread per core; a single
article's PDFs from the moment it asks for them (after localizing, before its reports
and handouts are written), the fonts they need read in a thread as the article begins
(issue 20: an edited sentence with its PDFs).
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import functools
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pipeline.config import Config
from pipeline.errors import InputError, Problem
from pipeline.inputs import article_report, build_date, load_article
from pipeline.layout import Layout
from pipeline.outputs import planned_pdfs, print_pdf, save_print_plan
from pipeline.pdf_engine import PdfRequest, warm_typst
from pipeline.publish import pdf_requests, write_handouts, write_reports
from pipeline.render_html import IndexEntry
from pipeline.terminal import NOTHING, Effects, total
from pipeline.translations import (
    Catalogs,
    Glossaries,
    localize_all,
    read_catalogs,
    update,
    write_template,
)
from pipeline.workers import collector_paused, run_here, run_in_pool, worker_count

Progress = Callable[[int, int], None]  # told (done, total) after each article


@dataclass(frozen=True, slots=True)
class ArticleJob:
    """One article to build, with everything a worker process needs."""

    root: Path
    path: Path
    config: Config
    pdf: bool
    bilingual: bool
    labels: Catalogs  # the label catalogs, merged once by the build: no worker reads them
    glossaries: Glossaries  # read once by the build
    tables: bool = True  # a summary table per language; a large library shows one line
    only_pdfs: bool = False  # only a print setting changed since its last build
    plan_key: str | None = None  # for `only_pdfs`: the build cache's key of its inputs


@dataclass(frozen=True, slots=True)
class ArticleOutcome:
    source: str
    effects: Effects  # with the PDFs it asks for (`to_print`) until `printed`
    index: tuple[IndexEntry, ...]  # none for `only_pdfs`: the cache keeps its entries
    is_built: bool  # False when the article itself could not be read
    printing: Effects = NOTHING  # what printing its PDFs did (the page-limit warnings)
    plan: tuple[PdfRequest, ...] = ()  # every PDF it asked for, kept for the next build


StartPrinting = Callable[[Sequence[PdfRequest]], None]
Said = TypeVar("Said")  # what `run_articles`'s `meanwhile` gives back


def build_article(job: ArticleJob, *, start: StartPrinting | None = None) -> ArticleOutcome:
    """Catalogs, reports and handouts of one article, in every language (or, for
    `only_pdfs`, its PDFs alone); its PDFs asked for, not printed (`printed` prints them,
    where `run_articles` chooses). `start`, when given, is handed the PDFs as soon as
    they are known, before the reports and handouts are written (a single article's
    build prints them in threads meanwhile)."""
    with collector_paused():  # its few cycles (and its print threads') wait for `_settle`
        return _built(job, start or (lambda asked: None))


def _built(job: ArticleJob, start: StartPrinting) -> ArticleOutcome:
    root, config = job.root, job.config
    shown = Layout(root).shown(job.path)
    if job.only_pdfs and config.pdf_engine == "typst":
        # The Typst data the last build made, for the new paper size: the article, its
        # catalogs and their localizing are those of that build (issue 20: the rate).
        planned = planned_pdfs(
            root, job.path.stem, job.plan_key, paper=config.paper, max_pages=config.max_pages
        )
        if planned is not None:
            return ArticleOutcome(shown, planned, (), is_built=True, plan=planned.to_print)
    try:
        article = load_article(root, job.path)
        created = build_date(article)  # a bad date is reported alike on both paths
    except InputError as error:
        return ArticleOutcome(shown, Effects(problems=(Problem.from_error(error),)), (), False)
    if job.only_pdfs:
        # The catalogs as the last build merged and wrote them (the build cache says the
        # files are those); what localizing says was recorded by that build.
        catalogs, read = read_catalogs(root, config.languages, [article.meta.slug])
        localized, _ = localize_all(root, config, article, catalogs=job.labels | catalogs)
        asked = pdf_requests(root, config, article, localized, bilingual=job.bilingual)
        return ArticleOutcome(shown, read + asked, (), is_built=True, plan=asked.to_print)
    template, extracted = write_template(root, article)
    catalogs, updated = update(
        root, config, {article.meta.slug: template}, created, glossaries=job.glossaries
    )
    localized, localizing = localize_all(root, config, article, catalogs=job.labels | catalogs)
    # The PDFs depend on the localized handouts alone: asked for (and maybe started) now,
    # Typst lays them out while this thread writes the reports and handouts (issue 20).
    asked = (
        pdf_requests(root, config, article, localized, bilingual=job.bilingual)
        if job.pdf
        else NOTHING
    )
    start(asked.to_print)
    source_report = article_report(article, config.grade_formula)  # the English scored
    levels, reported = write_reports(
        root,
        article,
        localized,
        source_report=source_report,
        tables=job.tables,
        grade_formula=config.grade_formula,
    )
    index, published = write_handouts(
        root, article, localized, levels=levels, pdf=job.pdf, bilingual=job.bilingual
    )
    effects = total((extracted, updated, localizing, reported, published, asked))
    return ArticleOutcome(shown, effects, tuple(index), is_built=True, plan=effects.to_print)


def run_articles(
    jobs_to_run: list[ArticleJob],
    *,
    jobs: int | None,
    progress: Progress | None,
    already: int,
    of: int,
    keep: Callable[[ArticleOutcome], ArticleOutcome],
    meanwhile: Callable[[dict[Path, ArticleOutcome]], Said],
) -> tuple[dict[Path, ArticleOutcome], Said]:
    """Each job's outcome, its PDFs printed, and what `meanwhile` did. A library:
    articles in worker processes (workers.py), PDFs printed here (one core) as each
    article arrives, Chinese, Japanese and Korean ones once the workers have ended: one
    process holds the fonts, never beside the workers (issue 20: memory); when there are
    only PDFs to print, the workers print all but those. One article or `-j 1`: all
    here, the article's PDFs in a thread per core (`-j 1`: one after another). `keep`
    sees each outcome first, as it arrives (the build keeps its print plan, `kept`);
    `meanwhile` sees them all once built, as the PDFs still to print print in the
    threads (the build writes its index page, which does not depend on them)."""
    processes = worker_count(jobs, len(jobs_to_run))
    count = itertools.count(already + 1)
    tell = progress or (lambda done, of: None)
    tell(already, of)
    one_more = lambda: tell(next(count), of)  # noqa: E731 (after each article)
    if processes == 1:
        # One article (or `-j 1`): its PDFs printed in a thread per core (or here), from
        # the moment the article asks for them, the fonts they need read before that (no
        # worker forks after it).
        typst = [job for job in jobs_to_run if job.pdf and job.config.pdf_engine == "typst"]
        if typst:
            warm_typst({info.language for job in typst for info in job.config.languages})
        with _PrintThreads(jobs) as threads:
            work = functools.partial(build_article, start=threads.start)
            # One article: its PDFs print on beside `meanwhile`. Several: each article's
            # before the next begins, so that their print data is not all held at once.
            finish_here = keep if len(jobs_to_run) == 1 else lambda o: threads.printed(keep(o))
            built = run_here(work, jobs_to_run, progress=one_more, finish=finish_here)
            return _finished(jobs_to_run, built, threads, meanwhile)
    elif all(job.only_pdfs for job in jobs_to_run):
        # Only PDFs (a print setting changed): nothing is scored or written besides them,
        # so every worker prints its articles' PDFs, but for Chinese, Japanese and Korean
        # ones, printed here once the workers have ended (issue 20: the rate; the large
        # fonts still sit in one process, alone).
        built = run_in_pool(_printed_but_large, jobs_to_run, workers=processes,
                            languages=None, progress=one_more, finish=keep)  # fmt: skip
    else:
        workers = processes - 1 if any(job.pdf for job in jobs_to_run) else processes
        languages = {lang for job in jobs_to_run for lang in job.config.languages}
        finish = lambda outcome: printed(keep(outcome), large_fonts=False)  # noqa: E731
        built = run_in_pool(build_article, jobs_to_run, workers=workers, languages=languages,
                            progress=one_more, finish=finish)  # fmt: skip
    with _PrintThreads(jobs) as threads:  # the workers have ended
        return _finished(jobs_to_run, built, threads, meanwhile)


def printed(outcome: ArticleOutcome, *, large_fonts: bool = True) -> ArticleOutcome:
    """The outcome with its PDFs printed here (without `large_fonts`, those that
    `has_large_fonts` stay asked for), and what printing did added to `printing`."""
    asked = outcome.effects.to_print
    later = tuple(pdf for pdf in asked if pdf.has_large_fonts and not large_fonts)
    now = [pdf for pdf in asked if large_fonts or not pdf.has_large_fonts]
    effects = dataclasses.replace(outcome.effects, to_print=later)
    return dataclasses.replace(
        outcome, effects=effects, printing=outcome.printing + total(map(print_pdf, now))
    )


def _finished(
    jobs_to_run: list[ArticleJob],
    built: list[ArticleOutcome],
    threads: _PrintThreads,
    meanwhile: Callable[[dict[Path, ArticleOutcome]], Said],
) -> tuple[dict[Path, ArticleOutcome], Said]:
    """`run_articles`'s answer: the outcomes by path, printed (`_printed_beside`)."""

    def by_path(outcomes: list[ArticleOutcome]) -> dict[Path, ArticleOutcome]:
        return {job.path: outcome for job, outcome in zip(jobs_to_run, outcomes, strict=True)}

    done, beside = _printed_beside(built, threads, lambda: meanwhile(by_path(built)))
    return by_path(done), beside


def _printed_beside(
    built: list[ArticleOutcome], threads: _PrintThreads, meanwhile: Callable[[], Said]
) -> tuple[list[ArticleOutcome], Said]:
    """The outcomes with the PDFs they still ask for printed in `threads`, all of them
    started before `meanwhile` runs here, and what `meanwhile` did."""
    threads.start([pdf for outcome in built for pdf in outcome.effects.to_print])
    beside = meanwhile()
    return [threads.printed(outcome) for outcome in built], beside


class _PrintThreads:
    """PDFs printed with Typst in a thread per core (`jobs`), but no more threads than
    languages, each with its compiler, all sharing the process's fonts, so that this
    process holds each face once (issue 20: Typst lets go of the GIL as it lays out;
    after the workers, the Chinese, Japanese and Korean PDFs take at most the threads
    one per language took before). Other engines, or a single thread: each outcome's
    PDFs one after another, here, in `printed`. An outcome's PDFs read as if printed in
    order; an error in one is raised once the others have been printed (the build then
    saves no cache, so the next build prints them again)."""

    def __init__(self, jobs: int | None) -> None:
        self._jobs = jobs
        self._pool: concurrent.futures.ThreadPoolExecutor | None = None
        self._printing: dict[Path, concurrent.futures.Future[Effects]] = {}

    def __enter__(self) -> _PrintThreads:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:  # every PDF started is printed, even after an error
            self._pool.shutdown(wait=True)

    def start(self, asked: Sequence[PdfRequest]) -> None:
        """Start printing `asked` in the threads (Typst only; the others wait for
        `printed`). The longest first (Chinese, Japanese, Korean: two to five times a
        Latin PDF), so that no thread is left with one while the others wait."""
        asked = [pdf for pdf in asked if pdf.pdf not in self._printing]  # not twice
        if not asked or any(pdf.job.engine != "typst" for pdf in asked):
            return
        if self._pool is None:
            threads = min(worker_count(self._jobs, len(asked)), len({p.language for p in asked}))
            if threads < 2:
                return
            self._pool = concurrent.futures.ThreadPoolExecutor(threads, "print")
        for pdf in sorted(asked, key=lambda pdf: not pdf.has_large_fonts):
            self._printing[pdf.pdf] = self._pool.submit(print_pdf, pdf)

    def printed(self, outcome: ArticleOutcome) -> ArticleOutcome:
        """The outcome with its PDFs printed: in the threads, those not started yet
        started now (an article that only prints, its print setting changed, asks for
        them only in its outcome); with another engine or one thread, here, in order."""
        asked = outcome.effects.to_print
        self.start(asked)
        if not any(pdf.pdf in self._printing for pdf in asked):
            return printed(outcome)
        futures = [self._printing.pop(pdf.pdf) for pdf in asked]
        concurrent.futures.wait(futures)
        effects = dataclasses.replace(outcome.effects, to_print=())
        said = total(future.result() for future in futures)  # the first error, in order
        return dataclasses.replace(outcome, effects=effects, printing=outcome.printing + said)


def _printed_but_large(job: ArticleJob) -> ArticleOutcome:
    """A job's outcome with its PDFs printed where it ran (a worker), but those in
    large fonts (`has_large_fonts`), which stay asked for."""
    return printed(build_article(job), large_fonts=False)


def kept(outcome: ArticleOutcome, *, root: Path, config: Config, key: str) -> ArticleOutcome:
    """The PDFs an article asked for, kept under `key` (the build cache's key of its
    inputs): a later build that changes only a print setting prints them again from
    this (issue 20); the outcome without them, so that a library's build does not hold
    every article's print data until it ends."""
    slug = Path(outcome.source).stem
    save_print_plan(root, slug, key, outcome.plan, max_pages=config.max_pages)
    return dataclasses.replace(outcome, plan=())
