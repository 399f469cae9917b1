"""How a build uses the cores (pipeline/workers.py, issue 20): a library in worker
processes that fork after the read-only data is loaded, an article alone in this
process; both give the same bytes."""

from __future__ import annotations

import gc
import shutil
import sys
from pathlib import Path

import pytest
from conftest import REST_ARTICLE, set_config

from pipeline import word_frequency, workers
from pipeline.build import run_build
from pipeline.language_data import language_data
from pipeline.locales import locale_info


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
