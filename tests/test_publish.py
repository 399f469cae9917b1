"""publish.py: what a build publishes; here the index of every handout, English first, then
by language name, written once and again only when it changes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pipeline.cache import load_index_rows, pipeline_fingerprint
from pipeline.layout import Layout
from pipeline.publish import write_index
from pipeline.render_html import IndexEntry, IndexRecord, index_record, render_index


def _entry(lang: str, english_name: str, title: str) -> IndexEntry:
    return IndexEntry(
        lang=lang,
        direction="rtl" if lang == "ar" else "ltr",
        language_name=english_name,
        title=title,
        href=f"{lang}/rest.html",
        english_name=english_name,
        article="Rest",
        slug="rest",
    )


def _records(entries: list[IndexEntry]) -> list[IndexRecord]:
    return [index_record(e) for e in entries]


def test_the_index_lists_english_first_then_by_language_name(tmp_path: Path) -> None:
    entries = [
        _entry("es", "Spanish", "Descanso"),
        _entry("ar", "Arabic", "الراحة"),
        _entry("en", "English", "Rest"),
    ]
    result = write_index(tmp_path, _records(entries))
    page = (tmp_path / "output/index.html").read_text("utf-8")
    positions = [page.index(f'href="{lang}/rest.html"') for lang in ("en", "ar", "es")]
    assert positions == sorted(positions)
    assert "<title>Patient handouts</title>" in page
    assert result.written == ("output/index.html",)
    again = write_index(tmp_path, _records(list(reversed(entries))))  # same entries, other order
    assert again.written == ()


def test_the_index_reuses_the_rows_it_kept_and_writes_the_same_bytes(tmp_path: Path) -> None:
    rest = [_entry("en", "English", "Rest"), _entry("es", "Spanish", "Descanso")]
    walk = [replace(e, slug="walk", article="Walk", href=f"{e.lang}/walk.html") for e in rest]
    write_index(tmp_path, _records([*rest, *walk]))
    layout = Layout(tmp_path)
    kept = load_index_rows(layout.index_rows, pipeline=pipeline_fingerprint())
    assert len(kept) == 2  # one row per article, for the next build
    # the next build, one article edited: the same bytes as an index rendered afresh
    edited = [replace(rest[1], title="Descanso y sueño"), rest[0], *walk]
    write_index(tmp_path, _records(edited))
    fresh = render_index(
        sorted(edited, key=lambda e: (e.lang != "en", e.english_name, e.href)),
        heading="Patient handouts",
    )
    assert layout.index.read_text("utf-8") == fresh
    again = load_index_rows(layout.index_rows, pipeline=pipeline_fingerprint())
    assert len(again) == 2  # the edited article's old row is not kept
    assert again.keys() != kept.keys()
    assert again.keys() & kept.keys()  # the other article's row stayed
