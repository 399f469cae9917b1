"""publish.py: what a build publishes; here the index of every handout, English first, then
by language name, written once and again only when it changes."""

from __future__ import annotations

from pathlib import Path

from pipeline.publish import write_index
from pipeline.render_html import IndexEntry


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


def test_the_index_lists_english_first_then_by_language_name(tmp_path: Path) -> None:
    entries = [
        _entry("es", "Spanish", "Descanso"),
        _entry("ar", "Arabic", "الراحة"),
        _entry("en", "English", "Rest"),
    ]
    result = write_index(tmp_path, entries)
    page = (tmp_path / "output/index.html").read_text("utf-8")
    positions = [page.index(f'href="{lang}/rest.html"') for lang in ("en", "ar", "es")]
    assert positions == sorted(positions)
    assert "<title>Patient handouts</title>" in page
    assert result.written == ("output/index.html",)
    again = write_index(tmp_path, list(reversed(entries)))  # same entries, other order
    assert again.written == ()
