"""How a build runs its articles (issue 20: memory).

A library: worker processes build the articles. Before two or more fork, this process
loads what every worker reads and never changes (each language's syllable and
hyphenation data and textstat, the templates, the English word list) and freezes it out
of the cycle collector's reach (`gc.freeze`): the workers share those pages with it
instead of each loading a copy, and PSS, which the benchmark sums, counts a shared page
once. Each outcome is then finished in this process as it arrives: the build prints an
article's PDFs here (articles.py), so one process holds the PDF engine's fonts. One
article (or `-j 1`): in this process, one after another, since a pool's start costs
more than it saves. Either way the freed heap goes back to the system after each
article, and the cycle collector is kept from scanning the same long-lived objects over
and over (see `_collector_for_a_build`). (Printing an article's PDFs in a second thread
beside its reports was measured and dropped: the two threads took longer together than
one after the other.)
"""

from __future__ import annotations

import concurrent.futures
import gc
import itertools
import multiprocessing
import os
import pickle
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from pipeline.language_data import language_data
from pipeline.locales import LocaleInfo, locale_info
from pipeline.pdf_engine import fork_is_safe, give_back_memory
from pipeline.readability import rules_for, score_sentence
from pipeline.templating import environment

Job = TypeVar("Job")
Outcome = TypeVar("Outcome")


def worker_count(jobs: int | None, todo: int) -> int:
    """Processes for `todo` jobs: `jobs`, or one per core, never more than the jobs."""
    return max(1, min(jobs or os.cpu_count() or 1, todo))


def share_with_workers(languages: Iterable[LocaleInfo]) -> None:
    """Load, in this process, the read-only data every worker of a build would load for
    itself, so that forked workers share it: each language's syllable and hyphenation
    data and textstat's modules (a sentence scored), the templates, the English word
    list (diagnose, facts, scorecard: its table is loaded with English's data)."""
    for locale in (locale_info("en", origin="the source language"), *languages):
        score_sentence("Drink water.", rules_for(locale, language_data(locale.language)))
    templates = environment()
    for name in templates.list_templates(extensions=["j2"]):
        templates.get_template(name)


def _as_it_is(outcome: Outcome) -> Outcome:
    return outcome


# A build allocates millions of short-lived objects, and Python's default (a young
# collection every 700 allocations, a full one every 100 young ones) made the collector
# rescan what stays alive for the whole build (language data, templates, the scoring
# caches): about a seventh of a one-process build's CPU time when called as a library (issue
# 20). Collections are rarer while a build runs, and what has outlived an article is frozen
# out of their reach. The `handouts` command already sets the same threshold for the whole
# command (cli.console_main), so through it this adds nothing measurable.
BUILD_YOUNG_THRESHOLD = 10_000


@contextmanager
def _collector_for_a_build() -> Iterator[None]:
    """Rarer young collections while the block runs; the caller's settings, and every
    object frozen meanwhile back in the collector's reach, after it."""
    before = gc.get_threshold()
    gc.set_threshold(BUILD_YOUNG_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic collection while the block runs (one article's build, with the PDFs
    a single article's build prints in threads meanwhile): its young collections found
    a few hundred cyclic objects an article among the hundreds of thousands they
    scanned, 2.5% of a build's CPU (issue 20). The article's cycles wait for the
    collection after it (`_settle`)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _settle(generation: int = 2) -> None:
    """Between two articles: the cycles the last one left are collected, what outlives
    it (cache entries, loaded data) is frozen so that no later collection scans it
    again, and the freed heap goes back to the system (an article of the 500-article
    library left about 13 MB of it). A worker collects its young generations only:
    all its article made is there (the collector was paused, and what came before was
    frozen), and the full collection also emptied the interpreter's free lists for the
    next article to fill again (2.7 ms against 1.1 ms an article, issue 20)."""
    gc.collect(generation)
    gc.freeze()
    give_back_memory()


def _in_a_worker() -> None:
    """A pool worker's start (a forked worker inherits the threshold; one started by a
    forkserver does not)."""
    gc.set_threshold(BUILD_YOUNG_THRESHOLD, *gc.get_threshold()[1:])


def _then_settle(work: Callable[[Job], Outcome], job: Job) -> Outcome:
    """One job in a worker, which then settles its heap (`_settle`)."""
    try:
        return work(job)
    finally:
        _settle(generation=1)


def _packed(outcome: object) -> bytes:
    """An outcome as this process keeps it while the workers run: pickled and compressed,
    1.4 KB against 18 KB of objects (medians of 12 articles), about 0.3 ms to pack and
    unpack. Kept as objects, a 500-article library's outcomes grew this process from 26
    to 37 MB beside the workers (issue 20: memory flat as the library grows)."""
    return zlib.compress(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL), 1)


def _unpacked(packed: bytes) -> Any:
    return pickle.loads(zlib.decompress(packed))  # bytes this process packed itself


def run_here(
    work: Callable[[Job], Outcome],
    jobs_to_run: list[Job],
    *,
    progress: Callable[[], None],
    finish: Callable[[Outcome], Outcome] = _as_it_is,
) -> list[Outcome]:
    """`work` applied to every job in this process, one after another (one article, or
    `-j 1`), then `finish` to its outcome; between jobs the heap settles (`_settle`), as
    in a worker."""
    outcomes = []
    with _collector_for_a_build():
        for number, job in enumerate(jobs_to_run, start=1):
            outcomes.append(finish(work(job)))
            if number < len(jobs_to_run):
                _settle()
            progress()
    return outcomes


def run_in_pool(
    work: Callable[[Job], Outcome],
    jobs_to_run: list[Job],
    *,
    workers: int,
    languages: Iterable[LocaleInfo] | None,
    progress: Callable[[], None],
    finish: Callable[[Outcome], Outcome] = _as_it_is,
) -> list[Outcome]:
    """`work` applied to every job in `workers` processes, then `finish`, in this
    process, to each outcome as it arrives (the build prints an article's PDFs there);
    outcomes in the jobs' order. `progress` is told after each job is finished. The
    data of `languages` is loaded here for the workers to share (None: the work scores
    nothing, so nothing is loaded)."""
    # Typst's threads do not survive fork(); a process that has printed with Typst (a
    # test, a library caller) starts its workers from a fresh process instead.
    context = None if fork_is_safe() else multiprocessing.get_context("forkserver")
    forks = (context or multiprocessing.get_context()).get_start_method() == "fork"
    # Shared only between workers: with one, this process would hold the data for the
    # whole build (and the PDFs printed after it) for nobody to share it with.
    if forks and workers > 1 and languages is not None:
        share_with_workers(languages)
        gc.collect()
        # Neither a worker's collector nor this one's (which runs as it prints) writes
        # to the shared pages, until the pool is done.
        gc.freeze()
    packed: dict[int, bytes] = {}
    upcoming = iter(enumerate(jobs_to_run))
    try:
        with (
            concurrent.futures.ProcessPoolExecutor(
                workers, mp_context=context, initializer=_in_a_worker
            ) as pool,
            _collector_for_a_build(),  # this process builds no article, but prints
        ):
            running: dict[concurrent.futures.Future[Outcome], int] = {}

            def submit_more() -> None:
                # A few jobs ahead of the workers, not all: outcomes waiting for
                # `finish` (an article's print inputs) never pile up in this process.
                for number, job in itertools.islice(upcoming, workers + 1 - len(running)):
                    running[pool.submit(_then_settle, work, job)] = number

            submit_more()
            while running:
                done, _ = concurrent.futures.wait(running, return_when="FIRST_COMPLETED")
                ended = sorted(((running.pop(future), future) for future in done), reverse=True)
                del done  # each future (and the outcome it holds) goes once finished
                submit_more()  # the workers go on while this process finishes these
                while ended:
                    number, future = ended.pop()
                    # A worker's exception is raised here, as it happens.
                    packed[number] = _packed(finish(future.result()))
                    del future
                    _settle()  # as a worker does after each article
                    progress()
        return [_unpacked(packed[number]) for number in range(len(jobs_to_run))]
    finally:
        gc.unfreeze()
