"""importer/read_html.py: a saved web page -> the article, menus, sidebars, adverts and
footer dropped and named, lists and tables kept in shape, any encoding."""

from __future__ import annotations

import datetime as dt

import pytest
from importing import (
    CASES,
    block_text,
    by_rule,
    heading_levels,
    import_case,
    read_back,
    sentence_texts,
)

from pipeline.importer import (
    ImportResult,
    import_document,
)
from pipeline.importer.read_html import _read_html
from pipeline.importer.rules import default_import_rules
from pipeline.model import BlockKind

# --- A saved HTML page with header, menus, sidebar, adverts and footer ----------------------


@pytest.fixture(scope="module")
def flu_page() -> ImportResult:
    return import_case(CASES / "flu-clinic-page.html")


def test_html_keeps_the_article(flu_page: ImportResult) -> None:
    document = read_back(flu_page)
    sentences = sentence_texts(document)
    assert "The flu (influenza) is an infection of your nose, throat and lungs." in sentences
    assert "Aches in your muscles and joints" in sentences
    assert "Sleep as much as you need." in sentences
    assert heading_levels(document) == [
        (2, "Symptoms"),
        (2, "Treatment"),
        (3, "Looking after yourself at home"),
        (3, "When to get help"),
        (2, "Prevention"),
    ]
    assert "\nRest\n: Sleep as much as you need." in flu_page.markdown
    assert "- Trouble breathing: Call 911 right away\n" in flu_page.markdown  # a table row
    assert "**suddenly**" in flu_page.markdown
    assert "*dehydrated*" in flu_page.markdown
    # a relative link is resolved against the canonical address
    assert "(https://health.example.org/library/antiviral-medicines)" in flu_page.markdown


@pytest.mark.parametrize(
    "chrome",
    ["cookies", "Donate", "Pharmacy Plus", "Related articles", "Book", "Privacy", "1-800",
     "Share on", "walk-in flu clinics", "Riverside Health logo", "magnified", "<", "Flu\n"],
)  # fmt: skip
def test_html_chrome_is_gone(flu_page: ImportResult, chrome: str) -> None:
    body = flu_page.markdown.split("\n---\n", 1)[1]
    assert chrome not in body


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("notice", "Accept all cookies"),
        ("navigation", "Donate Today"),
        ("navigation", "Home › Health Library › Flu"),
        ("advert", "Advertisement Save 20% on vitamins at Pharmacy Plus!"),
        ("sidebar", "Related articles"),
        ("promo", "Book a Flu Shot"),
        ("page-footer", "Privacy Policy"),
        ("site-link", "Learn more about our walk-in flu clinics."),
        ("social", "Share on Facebook Email this page Print"),
        ("review-date", "Last updated: November 5, 2024"),
        ("image", "A drawing of the flu virus under a microscope"),
        ("not-main-content", "The flu virus, magnified many times."),
        ("title", "Flu"),
    ],
)
def test_html_drops_are_reported_by_rule(flu_page: ImportResult, rule: str, text: str) -> None:
    assert text in by_rule(flu_page.dropped)[rule]


def test_html_reports_the_table_it_turned_into_a_list(flu_page: ImportResult) -> None:
    assert by_rule(flu_page.dropped)["table"] == [
        "a table of 2 rows became list items; its header row (Sign | What to do) was folded "
        "into them"
    ]


def test_html_metadata(flu_page: ImportResult) -> None:
    meta = read_back(flu_page).meta
    assert meta.language == "en"  # from <html lang="en-US">, region dropped
    assert meta.last_reviewed == dt.date(2024, 11, 5)  # the page's "Last updated", in ISO
    assert meta.publisher == "Riverside Health"
    assert meta.original_title == "Flu (Influenza): Symptoms, Treatment & Prevention"
    assert "\n# url: https://health.example.org/library/flu\n" in flu_page.markdown
    assert flu_page.missing == ()


def test_keep_wins_over_every_rule() -> None:
    kept = "Learn more about our walk-in flu clinics"
    result = import_case(CASES / "flu-clinic-page.html", keep=[kept, "Call us:"])
    text = " ".join(result.markdown.split())  # as a reader sees it, whatever the wrapping
    assert "Learn more about [our walk-in flu clinics](https://health" in text
    assert "Call us: 1-800-555-0199" in text  # outside the main text, restored
    assert not any(kept in item.text for item in result.dropped)


LISTS_PAGE = b"""<html lang="en"><body><main><article><h1>Going home</h1>
<p>Before you go home, check these steps with your nurse so nothing is missed:</p>
<ol><li>Pack your medicines<ul><li>Tablets</li><li>Inhalers</li></ul></li><li>Book a visit</li></ol>
<ol><li>Ask about driving</li><li>Ask about work</li></ol>
<ul><li><p>Rest often.</p><p>Walk a little each day.</p></li>
<li>Read the <a href="https://example.org/a b(c)<x>">leaflet</a></li></ul>
</article></main></body></html>"""


def test_html_lists_keep_their_shape() -> None:
    result = import_document(LISTS_PAGE, filename="going-home.html")
    items = [b for b in read_back(result).blocks if b.kind is BlockKind.LIST_ITEM]
    shape = [(block_text(b), b.depth, b.ordered) for b in items]
    assert shape == [
        ("Pack your medicines", 0, True),
        ("Tablets", 1, False),
        ("Inhalers", 1, False),
        ("Book a visit", 0, True),
        ("Ask about driving", 0, True),
        ("Ask about work", 0, True),
        ("Rest often. Walk a little each day.", 0, False),
        ("Read the leaflet", 0, False),
    ]
    groups = [b.group for b in items]
    assert groups[0] == groups[3] != groups[4]  # the second <ol> stays a list of its own
    assert "](https://example.org/a%20b%28c%29%3Cx%3E)" in result.markdown


# --- A page in Spanish ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def spanish() -> ImportResult:
    return import_case(CASES / "deshidratacion-es.html")  # windows-1252, no lang attribute


def test_spanish_page(spanish: ImportResult) -> None:
    document = read_back(spanish)
    meta = document.meta
    assert (meta.title, meta.slug, meta.language) == ("Deshidratación", "deshidratacion", "es")
    assert meta.last_reviewed == dt.date(2024, 3, 3)  # "Actualizado: 3 de marzo de 2024"
    assert meta.publisher == "Centro de Salud Valle Verde"
    assert meta.original_title == "Deshidratación: síntomas y qué hacer"
    assert spanish.missing == ()  # the language was found from its words, not guessed
    assert heading_levels(document)[0] == (2, "¿Cuáles son los síntomas?")
    assert "- Orina de color oscuro\n" in spanish.markdown
    assert "Beba agua en pequeños sorbos durante el día." in sentence_texts(document)
    rules = by_rule(spanish.dropped)
    assert rules["advert"] == ["Publicidad", "Compre agua mineral con descuento esta semana."]
    assert rules["breadcrumb"] == ["Inicio > Temas de salud > Deshidratación"]
    assert rules["menu"] == ["Inicio Temas de salud Pida una cita Buscar"]
    assert rules["phone"] == ["Llámenos: 555 123 4567"]
    assert rules["review-date"] == ["Actualizado: 3 de marzo de 2024"]
    assert len(rules["notice"]) == 2
    for chrome in ("Publicidad", "Compartir", "Imprimir", "555", "respaldamos", "©"):
        assert chrome not in spanish.markdown


def test_the_reader_takes_metadata_from_the_head() -> None:
    page = (
        '<html lang="es"><head><title>Gripe | Clínica Lago</title>'
        '<meta property="og:site_name" content="Clínica Lago">'
        '<link rel="canonical" href="https://lago.example.org/gripe"></head>'
        "<body><main><h1>Gripe</h1><p>Descanse y beba mucha agua durante varios días.</p>"
        "</main></body></html>"
    )
    article = _read_html(page, filename="gripe.html", rules=default_import_rules(), keep=())
    assert article.found.language == "es"
    assert article.found.url == "https://lago.example.org/gripe"
    assert article.found.title == "Gripe"
    assert [u.plain for u in article.blocks][-1] == (
        "Descanse y beba mucha agua durante varios días."
    )
