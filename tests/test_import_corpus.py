"""The importer measured on real pages: the issue's targets, asserted (bench/import_score.py)."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml
from conftest import shared_file

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "import-corpus"
# Licences under which a page may be kept in the repository.
KEEPABLE = ("Public domain", "Open Government Licence", "Creative Commons")


@cache
def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("import_score", ROOT / "bench/import_score.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["import_score"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@cache
def _scores() -> tuple[Any, ...]:
    scorer = _scorer()
    return tuple(scorer.score_page(page) for page in scorer.corpus_pages())


def test_the_corpus_is_real_pages_kept_under_their_licence() -> None:
    stored = sorted(CORPUS.glob("*/*.txt"))
    assert len(stored) >= 24
    countries, publishers = set(), set()
    for text in stored:
        source = yaml.safe_load(text.with_suffix(".source.yaml").read_text("utf-8"))
        assert source["url"].startswith("http"), text
        assert source["licence"].startswith(KEEPABLE), text
        assert text.with_suffix(".expected.yaml").is_file(), text
        countries.add(source["country"])
        publishers.add(source["publisher"])
    assert len(publishers) >= 8
    assert len(countries) >= 2


def test_the_seed_is_one_page_among_many() -> None:
    shared_file("seed-article.txt")  # skipped without ../shared, a failure in CI
    names = [score.page.name for score in _scores()]
    assert "cleveland-clinic/seed-article" in names
    assert len(names) >= 25


def test_every_body_sentence_is_kept() -> None:
    scores = _scores()
    lost = {s.page.name: s.lost for s in scores if s.lost}
    assert _scorer().totals(scores).recall >= _scorer().TARGET_RECALL, lost


def test_at_most_one_furniture_line_a_page() -> None:
    scores = _scores()
    kept = {s.page.name: s.furniture_kept for s in scores if s.furniture_kept}
    assert _scorer().totals(scores).furniture_per_page <= _scorer().TARGET_FURNITURE_PER_PAGE, kept


def test_titles_and_publishers_right() -> None:
    scorer = _scorer()
    scores = _scores()
    total = scorer.totals(scores)
    wrong_titles = {s.page.name: s.title for s in scores if not s.is_title_right}
    wrong_publishers = {s.page.name: s.publisher for s in scores if not s.is_publisher_right}
    assert total.rate(total.titles_right) >= scorer.TARGET_TITLE, wrong_titles
    assert total.rate(total.publishers_right) >= scorer.TARGET_PUBLISHER, wrong_publishers


def test_the_results_file_is_the_scorer_output() -> None:
    """bench/RESULTS-import.md, which the README quotes, is what the scorer prints now."""
    shared_file("seed-article.txt")  # the results include the seed page
    written = (ROOT / "bench" / "RESULTS-import.md").read_text("utf-8")
    assert _scorer().render(_scores()) in written
