"""Incremental and parallel builds: only what changed is rebuilt and rewritten."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REST_ARTICLE, copy_project, set_config

from pipeline.build import run_build

SECOND = REST_ARTICLE


@pytest.fixture(scope="module")
def first_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two articles built once, in parallel, for the module: the starting point of every
    test (read only; `library` gives each test its own copy)."""
    root = copy_project(tmp_path_factory.mktemp("library") / "project")
    (root / "source/rest.md").write_text(SECOND, "utf-8")
    set_config(root, publish_threshold=0)
    first = run_build(root, pdf=False, jobs=2)
    assert first.problems == []
    return root


@pytest.fixture
def library(first_build: Path, tmp_path: Path) -> Path:
    """The first build's project, copied whole (its build cache and the files' times
    too), as a second build finds it."""
    return Path(shutil.copytree(first_build, tmp_path / "project"))


def test_nothing_changed_nothing_rebuilt_or_rewritten(library: Path) -> None:
    index = (library / "output/index.html").read_bytes()
    again = run_build(library, pdf=False)
    assert again.written == []
    assert (library / "output/index.html").read_bytes() == index
    assert again.notes  # Tagalog is still reported as not ready, from the cache


def test_one_edited_sentence_rebuilds_one_article(library: Path) -> None:
    rest = library / "source/rest.md"
    rest.write_text(SECOND.replace("Drink water.", "Drink some water."), "utf-8")
    result = run_build(library, pdf=False)
    assert result.written
    others = {path for path in result.written if "rest" not in path}
    assert others <= {"output/index.html"}, others  # its reading level is on the index
    assert "Drink some water." in (library / "output/en/rest.html").read_text("utf-8")


def test_building_one_article_keeps_the_others_in_the_index(library: Path) -> None:
    index = (library / "output/index.html").read_bytes()
    assert b"en/gene-therapy.html" in index
    assert b"en/rest.html" in index
    rest = library / "source/rest.md"
    rest.write_text(SECOND.replace("Drink water.", "Drink some water."), "utf-8")
    result = run_build(library, ["source/rest.md"], pdf=False)
    assert result.problems == []
    index = (library / "output/index.html").read_bytes()
    assert b"en/gene-therapy.html" in index
    assert b"es/gene-therapy.html" in index
    assert b"en/rest.html" in index
    assert run_build(library, pdf=False).written == []  # the same index a full build writes


def test_a_missing_output_is_rebuilt(library: Path) -> None:
    (library / "output/es/gene-therapy.html").unlink()
    result = run_build(library, pdf=False)
    assert "output/es/gene-therapy.html" in result.written


def test_a_changed_catalog_rebuilds_its_article(library: Path) -> None:
    po = library / "locales/es/LC_MESSAGES/gene-therapy.po"
    po.write_text(
        po.read_text("utf-8").replace("Terapia génica", "Terapia génica (TG)", 1), "utf-8"
    )
    result = run_build(library, pdf=False)
    assert "output/es/gene-therapy.html" in result.written
    assert not any("rest" in path for path in result.written)


def test_changed_settings_rebuild_everything(library: Path) -> None:
    set_config(library, publish_threshold=0, bilingual=True)
    result = run_build(library, pdf=False)
    assert "output/es/gene-therapy.bilingual.html" in result.written
    assert "output/es/rest.bilingual.html" in result.written


def test_parallel_and_serial_builds_are_identical(library: Path, tmp_path: Path) -> None:
    serial = tmp_path / "serial"
    shutil.copytree(library, serial)
    shutil.rmtree(serial / "output")
    run_build(serial, pdf=False, jobs=1)
    for path in sorted((library / "output").rglob("*")):
        if path.is_file() and ".cache" not in path.parts:
            assert (serial / "output" / path.relative_to(library / "output")).read_bytes() == (
                path.read_bytes()
            ), path


def test_articles_without_a_record_are_built_without_hashing_their_inputs_first(
    library: Path,
) -> None:
    # Issue 20: with no record to compare with, hashing an article's inputs before the
    # workers start only delays them; its build records the key afterwards.
    from pipeline.build import _fresh_or_todo, _settings
    from pipeline.cache import BuildCache
    from pipeline.config import load_config
    from pipeline.layout import Layout

    config = load_config(library)
    layout = Layout(library)
    settings = _settings(config, pdf=False, bilingual=config.bilingual)
    cache = BuildCache.load(layout.build_cache, root=library, settings=settings)
    cache.forget("source/rest.md")
    cache.stats.clear()  # every hash read again, so that what is read shows
    paths = sorted((library / "source").glob("*.md"))
    replayed, todo, again = _fresh_or_todo(library, config, cache, paths, pdf=False)
    assert [p.name for p in todo] == ["rest.md"]
    assert [p.name for p in replayed] == ["gene-therapy.md"]
    assert not any("rest" in file for file in cache.stats), cache.stats
    assert any("gene-therapy" in file for file in cache.stats)
    assert again == {}
