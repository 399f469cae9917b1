"""How a build uses the cores (pipeline/workers.py, issue 20): a library in worker
processes that fork after the read-only data is loaded, an article alone in this
process; both give the same bytes."""

from __future__ import annotations

import gc
import os
import shutil
import sys
import weakref
from pathlib import Path

import pytest
from conftest import REST_ARTICLE, set_config

from pipeline import word_frequency, workers
from pipeline.build import run_build
from pipeline.cli import main
from pipeline.errors import InputError
from pipeline.language_data import language_data
from pipeline.locales import locale_info
from pipeline.pdf_engine import engine


def _outputs(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for folder in ("output", "locales")
        for path in sorted((root / folder).rglob("*"))
        if path.is_file() and ".cache" not in path.parts
    }


def test_worker_count() -> None:
    assert workers.worker_count(None, 1) == 1
    assert workers.worker_count(4, 2) == 2
    assert workers.worker_count(1, 50) == 1


def test_share_with_workers_loads_the_read_only_data() -> None:
    language_data.cache_clear()
    workers.share_with_workers([locale_info(tag, origin="test") for tag in ("de", "es")])
    assert language_data.cache_info().currsize == 3  # en, de, es
    assert word_frequency._in_use  # the English word list, as a table (not wordfreq's dict)
    assert "textstat.backend.selections" in sys.modules


def _double(number: int) -> int:
    if number < 0:
        raise ValueError(f"negative: {number}")
    return 2 * number


def test_run_in_pool_keeps_the_order_and_unfreezes() -> None:
    ticks: list[None] = []
    doubled = workers.run_in_pool(
        _double, [3, 1, 2], workers=2, languages=[], progress=lambda: ticks.append(None)
    )
    assert doubled == [6, 2, 4]
    assert len(ticks) == 3
    assert gc.get_freeze_count() == 0  # this process collects its own objects again
    with pytest.raises(ValueError, match="negative"):
        workers.run_in_pool(_double, [1, -1], workers=2, languages=[], progress=lambda: None)
    assert gc.get_freeze_count() == 0


class _Box:
    def __init__(self, value: int) -> None:
        self.value = value


def _boxed(number: int) -> _Box:
    return _Box(number)


def test_run_in_pool_holds_no_arrived_outcome_as_objects_while_the_workers_run() -> None:
    # Issue 20: a library's outcomes waiting for the end of the pool grew this process
    # by about 15 KB an article; they wait packed (a thirteenth of that) instead.
    arrived: list[weakref.ref[_Box]] = []
    alive_at_arrival: list[int] = []

    def finish(outcome: _Box) -> _Box:
        alive_at_arrival.append(sum(ref() is not None for ref in arrived))
        arrived.append(weakref.ref(outcome))
        return outcome

    boxes = workers.run_in_pool(
        _boxed, [5, 6, 7, 8], workers=2, languages=[], progress=lambda: None, finish=finish
    )
    assert [box.value for box in boxes] == [5, 6, 7, 8]
    assert alive_at_arrival == [0, 0, 0, 0]


def test_run_here_keeps_the_order_and_raises() -> None:
    ticks: list[None] = []
    assert workers.run_here(_double, [3, 1], progress=lambda: ticks.append(None)) == [6, 2]
    assert len(ticks) == 2
    with pytest.raises(ValueError, match="negative"):
        workers.run_here(_double, [-1], progress=lambda: None)


def _collector_state(_: int) -> tuple[int, int]:
    return gc.get_threshold()[0], gc.get_freeze_count()


def test_a_build_collects_rarely_and_freezes_what_outlives_an_article() -> None:
    before = gc.get_threshold()
    survivors: list[list[int]] = []

    def article(number: int) -> tuple[int, int]:
        survivors.append([number])  # something that outlives the article
        return _collector_state(number)

    states = workers.run_here(article, [1, 2, 3], progress=lambda: None)
    thresholds, frozen = zip(*states, strict=True)
    assert set(thresholds) == {workers.BUILD_YOUNG_THRESHOLD}
    assert frozen[0] == 0 < frozen[1] < frozen[2]  # each article's survivors, frozen after it
    assert gc.get_threshold() == before  # the caller's settings back, nothing left frozen
    assert gc.get_freeze_count() == 0
    in_workers = workers.run_in_pool(
        _collector_state, [1, 2, 3], workers=2, languages=[], progress=lambda: None
    )
    assert {threshold for threshold, _ in in_workers} == {workers.BUILD_YOUNG_THRESHOLD}
    assert gc.get_threshold() == before


def test_an_article_is_built_without_collections_and_its_cycles_are_collected_after() -> None:
    class Node:
        def __init__(self) -> None:
            self.me = self  # a cycle: only the collector frees it

    collections: list[int] = []
    watch = lambda phase, info: collections.append(info["generation"])  # noqa: E731
    gc.callbacks.append(watch)
    try:
        with workers.collector_paused():
            assert not gc.isenabled()
            cycles = [Node() for _ in range(3 * workers.BUILD_YOUNG_THRESHOLD)]
            del cycles
            during = list(collections)
        assert during == []  # none while the article was built
        assert gc.isenabled()
        assert workers.run_here(lambda n: n, [1, 2], progress=lambda: None) == [1, 2]
        assert collections  # _settle collected after the first article
    finally:
        gc.callbacks.remove(watch)
    assert not any(isinstance(o, Node) for o in gc.get_objects())
    gc.disable()
    try:
        with workers.collector_paused():
            pass
        assert not gc.isenabled()  # a caller's disabled collector stays so
    finally:
        gc.enable()


class _Cycle:
    def __init__(self) -> None:
        self.me = self  # only the collector frees it


def _article_with_cycles(count: int) -> list[weakref.ref[_Cycle]]:
    with workers.collector_paused():  # as build_article runs
        made = [_Cycle() for _ in range(count)]
        return [weakref.ref(cycle) for cycle in made]


def test_a_worker_s_young_collection_frees_its_article_s_cycles() -> None:
    gc.collect()
    gc.freeze()  # what came before the article, as the worker's last settling left it
    try:
        refs = workers._then_settle(_article_with_cycles, 50)
        assert all(ref() is None for ref in refs)  # collected, not frozen with the survivors
    finally:
        gc.unfreeze()


@pytest.mark.parametrize("engine", ["typst", "weasyprint"])
def test_articles_built_alone_give_the_bytes_of_a_pool(
    project: Path, tmp_path: Path, engine: str
) -> None:
    (project / "source/rest.md").write_text(REST_ARTICLE, "utf-8")
    set_config(project, publish_threshold=0, pdf_engine=engine, languages=["es", "ar"])
    alone = tmp_path / "alone"
    shutil.copytree(project, alone)
    assert run_build(project, jobs=2).problems == []  # both articles in worker processes
    for name in ("source/gene-therapy.md", "source/rest.md"):  # one at a time, in here
        assert run_build(alone, [name]).problems == []
    pool, here = _outputs(project), _outputs(alone)
    assert sorted(here) == sorted(pool)
    assert [name for name in pool if pool[name] != here[name]] == []
    assert any(name.endswith(".pdf") for name in here)


def _with_pid(number: int) -> tuple[int, int]:
    return number, os.getpid()


def test_run_in_pool_finishes_each_outcome_here_in_order() -> None:
    """The build prints an article's PDFs in `finish`: it runs in this process, once per
    job, while the workers build; the outcomes keep the jobs' order."""
    finished: list[int] = []

    def finish(outcome: tuple[int, int]) -> tuple[int, int]:
        finished.append(outcome[0])
        return outcome[0], os.getpid()

    outcomes = workers.run_in_pool(
        _with_pid, list(range(7)), workers=1, languages=[], progress=lambda: None, finish=finish
    )
    assert [number for number, _ in outcomes] == list(range(7))
    assert {pid for _, pid in outcomes} == {os.getpid()}
    assert sorted(finished) == list(range(7))
    # Without `finish`, the outcomes are the workers' own.
    built = workers.run_in_pool(_with_pid, [1, 2], workers=1, languages=[], progress=lambda: None)
    assert os.getpid() not in {pid for _, pid in built}


def test_run_here_finishes_each_outcome() -> None:
    finished = workers.run_here(_double, [3, 1], progress=lambda: None, finish=lambda n: n + 1)
    assert finished == [7, 3]


def test_a_pool_build_prints_every_pdf_here_and_asks_no_worker(project: Path) -> None:
    """Issue 20 (memory): a library's PDFs are printed in one process, the build's, as
    each article arrives (Chinese, Japanese and Korean ones after the workers have ended):
    no worker loads the engine and its fonts."""
    (project / "source/rest.md").write_text(REST_ARTICLE, "utf-8")
    set_config(project, publish_threshold=0, pdf_engine="typst", languages=["es", "zh-Hans"])
    printer = engine()
    before = printer.documents
    result = run_build(project, jobs=2)
    assert result.problems == []
    pdfs = sorted((project / "output").glob("*/*.pdf"))
    assert len(pdfs) == 6  # 2 articles in English, Spanish and Chinese
    assert printer.documents - before == len(pdfs)
    assert {p for p in result.written if p.endswith(".pdf")} == {
        p.relative_to(project).as_posix() for p in pdfs
    }
    # Built again with the PDF records in place: nothing is printed again.
    times = {pdf: pdf.stat().st_mtime_ns for pdf in pdfs}
    (project / "output/.cache/build.json").unlink()  # every article is built again
    again = run_build(project, jobs=2)
    assert again.problems == []
    assert printer.documents - before == len(pdfs)
    assert [p for p in again.written if p.endswith((".pdf", ".png"))] == []
    assert {pdf: pdf.stat().st_mtime_ns for pdf in pdfs} == times


def test_a_pdf_that_cannot_be_written_costs_that_file_only(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A PDF printed here that fails is named, with its exit code; the other articles and
    languages are still built, and the failed article is built again next time."""
    (project / "source/rest.md").write_text(REST_ARTICLE, "utf-8")
    set_config(project, publish_threshold=0, pdf_engine="typst", languages=["es", "zh-Hans"])
    (project / "output/es/rest.pdf").mkdir(parents=True)  # a folder where the PDF goes
    (project / "output/zh_Hans/rest.pdf").mkdir(parents=True)  # one printed late
    assert main(["build", "--root", str(project), "-q", "-j", "2"]) == 2
    err = capsys.readouterr().err
    assert "output/es/rest.pdf: cannot be written: Is a directory." in err
    assert "output/zh_Hans/rest.pdf: cannot be written: Is a directory." in err
    for built in ("en/rest.pdf", "es/rest.png", "es/gene-therapy.pdf", "zh_Hans/gene-therapy.pdf"):
        assert (project / "output" / built).is_file(), built
    (project / "output/es/rest.pdf").rmdir()
    (project / "output/zh_Hans/rest.pdf").rmdir()
    again = run_build(project, jobs=2)
    assert again.problems == []
    assert {"output/es/rest.pdf", "output/zh_Hans/rest.pdf"} <= set(again.written)
    assert [p for p in again.written if "gene-therapy" in p] == []  # replayed from the cache


def _refused(number: int) -> int:
    raise InputError(f"cannot print {number}.", path="pyproject.toml")


def test_an_input_error_in_a_worker_is_raised_here_as_it_was() -> None:
    """A worker that prints can meet bad input every article shares (an engine's fonts
    missing): the build gets that InputError, with its path, not a broken pool."""
    with pytest.raises(InputError, match=r"^pyproject.toml: cannot print \d\.$"):
        workers.run_in_pool(_refused, [1, 2], workers=2, languages=None, progress=lambda: None)
