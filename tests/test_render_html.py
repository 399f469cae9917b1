"""Handout HTML: valid, accessible structure, translations escaped, English marked."""

from __future__ import annotations

import dataclasses
import itertools
import typing
from dataclasses import replace
from typing import Any

import html5lib
import orjson
import pytest
from conftest import FRONT, Built, article_of, translations_of
from hypothesis import given
from hypothesis import strategies as st

from pipeline.locales import locale_info
from pipeline.localize import localize
from pipeline.model import NO_CLINIC, Article, Clinic, Text, Translations
from pipeline.render_html import (
    IndexEntry,
    index_page,
    index_record,
    render_handout,
    render_index,
)
from pipeline.segment import segment_article
from pipeline.source import parse_source

BODY = """Take one tablet. See [the guide](https://example.org/g).

## Care

- Rest.
- Drink water.

Dose
: One tablet.
"""


def article() -> Article:
    return article_of(BODY)


def translations(
    pairs: dict[str, str], path: str = "locales/es/LC_MESSAGES/test.po"
) -> Translations:
    return translations_of(pairs, path=path)


SPANISH = {
    "Test": "Prueba",
    "Take one tablet.": "Tome una tableta.",
    "See {1}the guide{/1}.": "Vea {1}la guía{/1}.",
    "Care": "Cuidado",
    "Rest.": "Descanse.",
    "Drink water.": "Beba agua.",
    "Dose": "Dosis",
    "One tablet.": "Una tableta.",
}


def render(pairs: dict[str, str], tag: str = "es") -> tuple[str, tuple[object, ...]]:
    document, problems = localize(
        article(), translations(pairs), None, locale=locale_info(tag, origin="t")
    )
    return render_handout(document), problems


def parse_strict(page: str) -> Any:
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)


def test_valid_html5_with_landmarks_lang_and_one_h1() -> None:
    page, problems = render(SPANISH)
    tree = parse_strict(page)  # raises on any parse error
    assert problems == ()
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    assert root.get("lang") == "es"
    assert root.get("dir") == "ltr"
    assert len(root.findall(".//h1")) == 1
    assert root.find(".//main") is not None
    assert root.find(".//footer") is not None
    assert [li.text for li in root.findall(".//ul/li")] == ["Descanse.", "Beba agua."]
    assert root.find(".//dl/div/dt").text == "Dosis"  # a term and its explanation in one div
    assert root.find(".//a").get("href") == "https://example.org/g"
    style = page.split("<style>")[1].split("</style>")[0]
    assert 'font-family: "Noto Sans"' in style  # our CSS is not HTML-escaped into nonsense
    assert "@page" in page
    assert "size: letter" in page


def test_script_in_a_translation_is_refused_and_never_markup() -> None:
    page, problems = render({**SPANISH, "Rest.": "<script>alert(1)</script>Descanse."})
    assert "<script>" not in page
    assert '<li id="care-li1"><span lang="en" dir="ltr" class="fallback">Rest.</span></li>' in page
    assert [p.message for p in problems] == [  # type: ignore[attr-defined]
        "locales/es/LC_MESSAGES/test.po:14: the msgstr contains markup (<script>); handouts "
        "show text only, remove it; the English sentence is shown instead."
    ]


def test_renderer_escapes_whatever_text_reaches_it() -> None:
    """Even text that passed every check is escaped: the template never trusts it."""
    document, _ = localize(
        article(), translations(SPANISH), None, locale=locale_info("es", origin="t")
    )
    block = document.blocks[2]
    hostile = replace(block.sentences[0], inlines=(Text('<img src=x onerror="x()"> & <b>'),))
    blocks = (*document.blocks[:2], replace(block, sentences=(hostile,)), *document.blocks[3:])
    page = render_handout(replace(document, blocks=blocks))
    assert "<img" not in page
    assert "&lt;img src=x onerror=&#34;x()&#34;&gt; &amp; &lt;b&gt;" in page


def test_untranslated_sentence_is_english_marked_lang_en() -> None:
    pairs = dict(SPANISH)
    del pairs["Drink water."]
    page, _ = render(pairs)
    assert (
        '<li id="care-li2"><span lang="en" dir="ltr" class="fallback">Drink water.</span></li>'
        in page
    )


def test_broken_placeholder_shows_english_and_names_the_line() -> None:
    page, problems = render({**SPANISH, "See {1}the guide{/1}.": "Vea la guía."})
    assert (
        'lang="en" dir="ltr" class="fallback">See <a href="https://example.org/g">the guide</a>.'
        in page
    )
    assert [p.message for p in problems] == [  # type: ignore[attr-defined]
        "locales/es/LC_MESSAGES/test.po:12: placeholder {1} from the msgid is missing; the English "
        "sentence is shown until the msgstr keeps the msgid's placeholders."
    ]


def test_right_to_left_page() -> None:
    page, _ = render({"Test": "اختبار"}, tag="ar")
    assert '<html lang="ar" dir="rtl">' in page


@pytest.mark.parametrize("tag", ["es", "en"])
def test_footer_has_source_and_localized_date(tag: str) -> None:
    document, _ = localize(
        article(),
        None if tag == "en" else translations(SPANISH),
        None,
        locale=locale_info(tag, origin="t"),
    )
    page = render_handout(document)
    assert '<time datetime="2025-01-02">' in page
    assert ("January 2, 2025" if tag == "en" else "2 de enero de 2025") in page


@given(st.text(min_size=1))
def test_translation_is_text_never_markup(translation: str) -> None:
    """Whatever a translator types, the page has the same elements: the translation as
    text, or (if refused) the English sentence."""
    translated, _ = render(SPANISH)
    refused, _ = render({k: v for k, v in SPANISH.items() if k != "Rest."})
    page, _ = render({**SPANISH, "Rest.": translation})
    assert _element_names(page) in (_element_names(translated), _element_names(refused))


def _element_names(page: str) -> list[str]:
    tree = html5lib.parse(page, namespaceHTMLElements=False)
    return [element.tag for element in tree.iter()]


def test_gene_therapy_headings_never_skip_a_level(golden_site: Built) -> None:
    page = (golden_site.output / "en/gene-therapy.html").read_text("utf-8")
    root = parse_strict(page)
    levels = [int(e.tag[1]) for e in root.iter() if e.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}]
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


PARTS = """Intro sentence.

## About it

Some facts.

## When to call your care team

- You have a fever.

## Key points

- Rest well.

## Questions to ask

- Is this right for me?
"""


def _parts_page(tag: str = "en", clinic: Clinic = NO_CLINIC, *, for_pdf: bool = False) -> Any:
    source = FRONT.replace("last_reviewed", "source_url: https://example.org/a\nlast_reviewed")
    parts = segment_article(parse_source(source + "\n" + PARTS, path="source/test.md"))
    labels = translations(
        {
            "Your care team": "Su equipo de atención médica",
            "Phone: {phone}": "Teléfono: {phone}",
            "English title: {title}": "Título en inglés: {title}",
        },
        path="locales/es/LC_MESSAGES/handouts.po",
    )
    document, _ = localize(
        parts,
        None if tag == "en" else translations({}),
        None if tag == "en" else labels,
        locale=locale_info(tag, origin="t"),
        clinic=clinic,
    )
    return parse_strict(render_handout(document, for_pdf=for_pdf))


def test_key_points_come_first_in_a_box_and_handout_sections_are_marked() -> None:
    page = _parts_page()
    sections = page.findall(".//main/section")
    assert [s.get("class") for s in sections] == ["key-points", "when-to-call", "questions"]
    main = page.find(".//main")
    assert [child.tag for child in main][:2] == ["h1", "section"]  # key points on top
    key_points = sections[0]
    assert key_points.find("h2").text == "Key points"
    assert key_points.get("aria-labelledby") == key_points.find("h2").get("id")
    assert [li.text for li in sections[1].findall(".//li")] == ["You have a fever."]


def test_clinic_block_from_settings_on_every_handout() -> None:
    clinic = Clinic(name="Riverside Clinic", phone="+1 555 0100", address="1 Main St")
    page = _parts_page("es", clinic)
    block = page.find(".//aside[@class='care-team']")
    assert block.find("h2").text == "Su equipo de atención médica"
    texts = ["".join(p.itertext()) for p in block.findall("p")]
    assert texts == ["Riverside Clinic", "Teléfono: +1 555 0100", "Address: 1 Main St"]
    assert block.findall("p")[2].find("span").get("lang") == "en"  # label not translated yet


def test_clinic_block_without_settings_prints_lines_to_write_on() -> None:
    printed = _parts_page(for_pdf=True).find(".//aside[@class='care-team']")
    assert len(printed.findall(".//span[@class='blank']")) == 3
    on_screen = _parts_page().find(".//aside")
    assert "unfilled" in on_screen.get("class")  # hidden on screen: nothing to show


def test_translated_handout_names_its_language_and_english_title() -> None:
    line = _parts_page("es").find(".//p[@class='language']")
    assert "".join(line.itertext()) == "Español · Spanish · Título en inglés: Test"
    assert line.find("bdi").get("lang") == "en"
    assert _parts_page().find(".//p[@class='language']") is None  # English needs none


@pytest.mark.parametrize("for_pdf", [False, True])
def test_source_address_and_disclaimer_on_every_handout(for_pdf: bool) -> None:
    footer = _parts_page("es", for_pdf=for_pdf).find(".//footer")
    assert footer.find(".//a").get("href") == "https://example.org/a"
    disclaimer = footer.find("p[@class='disclaimer']")
    assert "".join(disclaimer.itertext()) == (
        "This handout does not replace the advice of your care team."
    )


def test_korean_words_and_a_chinese_blocks_last_two_characters_never_break() -> None:
    korean, _ = render({"Take one tablet.": "알약을 한 알 드세요."}, tag="ko")
    assert (
        '<span class="nobr">알약을</span> <span class="nobr">한</span> '
        '<span class="nobr">알</span> <span class="nobr">드세요.</span>' in korean
    )
    chinese, _ = render({"Rest.": "请好好休息。"}, tag="zh-Hans")
    assert '请好好<span class="nobr">休息。</span>' in chinese


def test_latin_in_arabic_is_isolated_left_to_right() -> None:
    page, _ = render({"Take one tablet.": "تناول قرص Casgevy™ واحدًا."}, tag="ar")
    assert '<bdi dir="ltr">Casgevy™</bdi>' in page


def _entry(lang: str, english_name: str, slug: str, **fields: Any) -> IndexEntry:
    native = locale_info(lang, origin="t").native_name
    return IndexEntry(
        lang=lang,
        direction="rtl" if lang == "ar" else "ltr",
        language_name=native,
        title=f"{slug} in {english_name}",
        href=f"{lang}/{slug}.html",
        slug=slug,
        article=slug.capitalize(),
        english_name=english_name,
        pdf_href=f"{lang}/{slug}.pdf",
        text_href=f"{lang}/{slug}.txt",
        **fields,
    )


def test_an_index_record_is_the_entry_as_a_dict_of_plain_values() -> None:
    entry = _entry("es", "Spanish", "asthma", is_ready=False, percent=40.0, why_not="40%")
    record = index_record(entry)
    assert record == dataclasses.asdict(entry)
    assert list(record) == [f.name for f in dataclasses.fields(IndexEntry)]
    # A record shares its values with the entry (no deep copy): none may be a list or a
    # dict that a later change to one would change in the other.
    plain = {str, float, bool, type(None)}
    for name, hint in typing.get_type_hints(IndexEntry).items():
        assert set(typing.get_args(hint) or (hint,)) <= plain, name


def test_index_is_one_table_of_articles_by_languages_named_twice() -> None:
    entries = [
        _entry("zh-Hans", "Chinese (Simplified)", "fever"),
        _entry("ar", "Arabic", "fever"),
        _entry("en", "English", "fever"),
        _entry("en", "English", "asthma"),
        _entry("tl", "Tagalog", "fever", is_ready=False, percent=18.0, why_not="18% translated"),
    ]
    page = parse_strict(render_index(entries, heading="Patient handouts"))
    headers = ["".join(th.itertext()) for th in page.findall(".//thead/tr/th")]
    assert headers == [
        "Article",
        "English",  # named once: its own name is its English name
        "العربيةArabic",
        "中文 (简体)Chinese (Simplified)",
        "FilipinoTagalog",
    ]
    rows = page.findall(".//tbody/tr")
    assert [row.get("data-title") for row in rows] == ["asthma", "fever"]  # by English title
    asthma = rows[0].findall("td")
    assert "Not built." in "".join(asthma[1].itertext())
    fever = rows[1].findall("td")
    links = [a.get("href") for a in fever[1].findall(".//a")]
    assert links == ["ar/fever.pdf", "ar/fever.html", "ar/fever.txt"]
    not_ready = "".join(fever[3].itertext())
    assert "Not ready to print: 18% translated." in not_ready
    assert "there is no handout of this article to give" in not_ready  # no English_href
    assert rows[1].find("th/a").get("href") == "reports/fever.en.html"
    assert page.find(".//input[@type='search']").get("id") == "filter"
    assert page.find(".//label").get("for") == "filter"


@given(st.text(alphabet=st.sampled_from("가나다 韩国語。<&>\"' abc™1"), max_size=40))
def test_script_marking_never_changes_the_words(text: str) -> None:
    """No-break spans and isolation add markup only: the text itself is kept, escaped."""
    import html
    import re
    import unicodedata

    from pipeline.templating import glue_tail, isolate_ltr, keep_words

    for marked in (keep_words(text), glue_tail(text), isolate_ltr(text)):
        text_only = re.sub(r'<span class="nobr">|<bdi dir="ltr">|</span>|</bdi>', "", marked)
        assert "<" not in text_only  # the input's < & > " ' are escaped
        words = html.unescape(text_only)
        assert words == unicodedata.normalize("NFC", text)


def test_index_rows_reused_give_the_bytes_of_a_fresh_index() -> None:
    entries = [
        _entry("en", "English", "fever"),
        _entry("ar", "Arabic", "fever"),
        _entry("en", "English", "asthma"),
        _entry("es", "Spanish", "asthma", is_ready=False, percent=40.0, why_not="40% translated"),
    ]
    records = [index_record(e) for e in entries]
    fresh = index_page(records, heading="Patient handouts", known={})
    assert fresh.html == render_index(entries, heading="Patient handouts")
    assert len(fresh.rows) == 2  # one per article
    again = index_page(records, heading="Patient handouts", known=fresh.rows)
    assert again == fresh
    # A row whose key is known is taken as it is: this one is not rendered again.
    (asthma_key,) = (key for key, row in fresh.rows.items() if "asthma" in row)
    marked = {**fresh.rows, asthma_key: '<tr data-title="reused"></tr>'}
    assert '<tr data-title="reused"></tr>' in index_page(records, heading="h", known=marked).html
    # An article whose entries changed gets a new key: its row is rendered again.
    changed = [index_record(replace(entries[0], title="Fever, revised")), *records[1:]]
    edited = index_page(changed, heading="Patient handouts", known=marked)
    assert edited.html != fresh.html
    assert edited.html == index_page(changed, heading="Patient handouts", known={}).html.replace(
        fresh.rows[asthma_key], marked[asthma_key]
    )
    assert "Fever, revised" in edited.html
    # Records as the build cache gives them back (JSON, keys sorted): the same rows, keys
    # and page as the records a build makes.
    cached = orjson.loads(orjson.dumps(records, option=orjson.OPT_SORT_KEYS))
    assert [list(r) for r in cached] != [list(r) for r in records]  # another key order
    assert index_page(cached, heading="Patient handouts", known={}) == fresh
