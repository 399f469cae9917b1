"""inputs.py: a project's articles found by name, read, checked and segmented, and the date
a build stamps (SOURCE_DATE_EPOCH or the review date, never the clock)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import FRONT, REST_ARTICLE

from pipeline.errors import InputError
from pipeline.inputs import (
    MAX_ARTICLE_BYTES,
    article_report,
    build_date,
    epoch_date,
    load_article,
    source_paths,
)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source/rest.md").write_text(REST_ARTICLE, "utf-8")
    (tmp_path / "source/test.md").write_text(FRONT + "\nRest.\n", "utf-8")
    return tmp_path


def test_articles_are_named_by_slug_file_or_path(root: Path) -> None:
    assert [p.name for p in source_paths(root)] == ["rest.md", "test.md"]
    rest = (root / "source/rest.md").resolve()
    for name in ("rest", "rest.md", "source/rest.md", str(root / "source/rest.md")):
        assert source_paths(root, [name]) == [rest], name


def test_every_article_is_a_markdown_file_of_source_in_name_order(root: Path) -> None:
    """The whole library: files named *.md (a link to one too), in the order of their
    names; not a folder named like one, nor other files; no source/ folder: none."""
    (root / "source/B.md").write_text(REST_ARTICLE, "utf-8")
    (root / "source/a-folder.md").mkdir()
    (root / "source/notes.txt").write_text("notes", "utf-8")
    (root / "source/linked.md").symlink_to(root / "source/rest.md")
    (root / "source/dangling.md").symlink_to(root / "source/gone.md")
    found = source_paths(root)
    assert [p.name for p in found] == ["B.md", "linked.md", "rest.md", "test.md"]
    assert all(p.parent == root / "source" for p in found)
    assert found == sorted(p for p in (root / "source").glob("*.md") if p.is_file())
    assert source_paths(root / "elsewhere") == []


def test_an_unknown_name_gets_the_closest_slugs(root: Path) -> None:
    with pytest.raises(InputError) as error:
        source_paths(root, ["rset"])
    assert str(error.value) == "rset: there is no such article in source/; did you mean 'rest'?"
    (root / "notes.md").write_text(REST_ARTICLE, "utf-8")
    with pytest.raises(InputError, match="this is not an article of the project"):
        source_paths(root, [str(root / "notes.md")])


def test_an_article_is_read_segmented_and_checked(root: Path) -> None:
    article = load_article(root, root / "source/rest.md")
    assert article.path == "source/rest.md"
    assert [s.text for s in article.segments][-2:] == ["Rest after your treatment.", "Drink water."]
    (root / "source/other.md").write_text(REST_ARTICLE, "utf-8")
    with pytest.raises(InputError, match=r"^source/other.md:2: the slug 'rest' must match"):
        load_article(root, root / "source/other.md")


def test_a_huge_article_is_refused_before_it_is_read(root: Path) -> None:
    big = root / "source/big.md"
    big.write_bytes(b"x" * (MAX_ARTICLE_BYTES + 1))
    with pytest.raises(InputError, match="the limit is 2 MB: split it into several articles"):
        load_article(root, big)


def test_the_build_date_is_the_epoch_or_the_review_date(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = load_article(root, root / "source/rest.md")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert build_date(article) == dt.datetime(2025, 1, 2, tzinfo=dt.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert build_date(article) == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with pytest.raises(InputError, match="SOURCE_DATE_EPOCH must be whole seconds"):
        epoch_date("yesterday")


def test_the_report_is_in_the_article_language_and_formula(root: Path) -> None:
    article = load_article(root, root / "source/rest.md")
    report = article_report(article, grade_formula="flesch_kincaid")
    assert (report.path, report.lang) == ("source/rest.md", "en")
    assert report.primary is not None
