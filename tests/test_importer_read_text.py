"""importer/read_text.py: text copied from a page -> the article, its chrome dropped and
named by rule (a real page's copy against the article an editor made by hand, a made-up
hospital page, a differently built site)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from conftest import shared_file
from importing import (
    CASES,
    ROOT,
    block_text,
    by_rule,
    heading_levels,
    import_case,
    read_back,
    sentence_texts,
)

from pipeline.importer import (
    Dropped,
    ImportResult,
    import_document,
)
from pipeline.importer.read_text import _read_text
from pipeline.importer.rules import default_import_rules
from pipeline.model import BlockKind
from pipeline.source import parse_source

# --- The seed: text copied from a real page, against the article an editor made by hand -----


@pytest.fixture
def seed() -> ImportResult:
    return import_document(shared_file("seed-article.txt").read_bytes(), filename="seed.txt")


def test_seed_sentences_match_the_hand_made_article(seed: ImportResult) -> None:
    original = ROOT / "source/originals/gene-therapy.md"  # the page as an editor copied it
    article = parse_source(original.read_text("utf-8"), path="x.md")
    # The handout's own parts (key points, questions to ask) are not on the page.
    page_blocks = tuple(b for b in article.blocks if b.role is None)
    hand_made = sentence_texts(replace(article, blocks=page_blocks))
    imported = set(sentence_texts(read_back(seed)))
    found = [sentence for sentence in hand_made if sentence in imported]
    assert len(found) >= 0.95 * len(hand_made), sorted(set(hand_made) - imported)


@pytest.mark.parametrize(
    "chrome",
    [
        "Advertisement",
        "Make an Appointment",
        "216.444.2538",
        "Policy",
        "Arrow Down",
        "Find a Doctor",
        "Rabi Hanna",
        "Learn more about",
        "Care at Cleveland Clinic",
        "Last reviewed",
    ],
)
def test_seed_chrome_is_gone(seed: ImportResult, chrome: str) -> None:
    assert chrome not in seed.markdown


def test_seed_drops_are_reported_by_rule(seed: ImportResult) -> None:
    rules = by_rule(seed.dropped)
    assert rules["advert"].count("Advertisement") == 9
    assert "Ad" in rules["advert"]
    assert rules["call-to-action"].count("Make an Appointment") == 2
    assert rules["phone"] == ["216.444.2538"]
    assert rules["table-of-contents"] == ["Contents", "Overview", "Treatment Details"]
    assert rules["icon"] == ["Arrow Down"]
    assert rules["video-caption"] == [
        "Rabi Hanna, MD, explains what gene therapy is and how it works."
    ]
    trail = ["Home", "/", "Health Library", "/", "Medical Treatments", "/", "Gene Therapy"]
    assert rules["breadcrumb"] == trail
    assert rules["site-link"] == ["Learn more about the Health Library and our editorial process."]
    assert rules["review-date"] == ["Medically Reviewed", "Last reviewed on 06/17/2025."]
    assert all(text.startswith("Cleveland Clinic is a non-profit") for text in rules["notice"][::2])
    assert "Care at Cleveland Clinic" in rules["promo"]
    lines = [item.line for item in seed.dropped]
    assert lines == sorted(lines)  # in file order
    assert lines[0] == 1  # 1-based


def test_seed_metadata(seed: ImportResult) -> None:
    meta = read_back(seed).meta
    assert (meta.title, meta.slug, meta.language) == ("Gene therapy", "gene-therapy", "en")
    assert meta.publisher == "Cleveland Clinic"
    assert meta.original_title == "What Is Gene Therapy? Pros, Cons & Examples"
    assert meta.last_reviewed == dt.date(2025, 6, 17)
    assert meta.target_grade == 6
    assert seed.missing == ("url",)  # the copied text never shows the address


def test_seed_structure_follows_the_page(seed: ImportResult) -> None:
    document = read_back(seed)
    assert heading_levels(document)[:3] == [
        (2, "Overview"),
        (3, "What is gene therapy?"),
        (2, "Treatment details"),  # Title Case headings become sentence case
    ]
    terms = [block_text(b) for b in document.blocks if b.kind is BlockKind.TERM]
    assert terms[:3] == ["Gene addition", "Gene editing", "Gene silencing"]
    items = [block_text(b) for b in document.blocks if b.kind is BlockKind.LIST_ITEM]
    assert "Luxturna™" in items  # the mark the copy put on a line of its own
    assert "Skysona®" in items
    assert "Inherited blood disorders, like sickle cell disease, thalassemia and hemophilia" in (
        items  # five link texts rejoined into their item
    )


# --- The same rules on a page kept in the repository (a made-up hospital page, copied the
# way a browser copies it), so they are tested where ../shared is absent too --------------


@pytest.fixture(scope="module")
def shingles() -> ImportResult:
    return import_case(CASES / "shingles-vaccine-copied.txt")


def test_hospital_copy_drops_are_reported_by_rule(shingles: ImportResult) -> None:
    rules = by_rule(shingles.dropped)
    assert rules["advert"] == ["Advertisement"] * 9 + ["Ad"]
    assert rules["call-to-action"].count("Make an Appointment") == 2
    assert rules["phone"] == ["555.010.4477"]
    assert rules["table-of-contents"] == ["Contents", "Overview", "Getting the Vaccine"]
    assert rules["icon"] == ["Arrow Down"]
    assert rules["video-caption"] == [
        "Ana Ruiz, MD, explains who should get the shingles vaccine and why."
    ]
    trail = ["Home", "/", "Health Library", "/", "Vaccines", "/", "Shingles Vaccine"]
    assert rules["breadcrumb"] == trail
    assert rules["site-link"] == ["Learn more about the Health Library and our editorial process."]
    assert rules["review-date"] == ["Medically Reviewed", "Last reviewed on 03/04/2025."]
    assert rules["notice"][::2] == [rules["notice"][0]] * 2
    assert rules["notice"][0].startswith("Lakeview Health is a non-profit")
    assert "Care at Lakeview Health" in rules["promo"]
    lines = [item.line for item in shingles.dropped]
    assert lines == sorted(lines)
    assert lines[0] == 1


def test_hospital_copy_keeps_every_body_sentence(shingles: ImportResult) -> None:
    body = (CASES / "shingles-vaccine-copied.txt").read_text("utf-8")
    sentences = sentence_texts(read_back(shingles))
    for expected in (
        "The shingles vaccine is a shot that helps your body fight the varicella-zoster virus.",
        "Most adults aged 50 and over should get the vaccine, even if they already had shingles.",
        "You get the second dose 2 to 6 months after the first one.",
        "Tiredness, headache or muscle aches, like after a hard workout",
        "Call your doctor if you have trouble breathing, a fast heartbeat or swelling of your "
        "face after the shot.",
    ):
        assert expected in sentences
    for chrome in ("Advertisement", "Make an Appointment", "555.010.4477", "Arrow Down", "Policy"):
        assert chrome in body
        assert chrome not in shingles.markdown


def test_hospital_copy_structure_and_metadata(shingles: ImportResult) -> None:
    document = read_back(shingles)
    assert heading_levels(document)[:4] == [
        (2, "Overview"),
        (3, "What is the shingles vaccine?"),
        (2, "Getting the vaccine"),  # Title Case headings become sentence case
        (3, "Who should get the shingles vaccine?"),
    ]
    terms = [block_text(b) for b in document.blocks if b.kind is BlockKind.TERM]
    assert terms == ["Recombinant vaccine", "Two doses"]
    items = [block_text(b) for b in document.blocks if b.kind is BlockKind.LIST_ITEM]
    assert items[:2] == ["Shingrix™", "Zostavax®"]  # the mark on a line of its own rejoined
    meta = document.meta
    assert (meta.title, meta.slug, meta.publisher) == (
        "Shingles vaccine",
        "shingles-vaccine",
        "Lakeview Health",
    )
    assert meta.original_title == "Shingles Vaccine: Who Needs It, Side Effects & Timing"
    assert meta.last_reviewed == dt.date(2025, 3, 4)
    assert shingles.missing == ("last_reviewed (guessed)", "url")  # 03/04: March or April


# --- Text copied from a differently built site ----------------------------------------------


@pytest.fixture(scope="module")
def ankle() -> ImportResult:
    return import_case(CASES / "sprained-ankle-copied.txt")


def test_copied_text_keeps_the_article(ankle: ImportResult) -> None:
    document = read_back(ankle)
    assert heading_levels(document) == [
        (2, "Check if you have a sprained ankle"),
        (2, "How to treat it yourself"),
        (2, "When to get help"),
    ]
    assert "- pain, especially when you put weight on your foot\n" in ankle.markdown
    assert "You can take paracetamol or ibuprofen to ease the pain." in sentence_texts(document)
    assert "Go to an emergency department" in ankle.markdown


def test_copied_text_drops_are_reported_by_rule(ankle: ImportResult) -> None:
    dropped = {(item.rule, item.line, item.text) for item in ankle.dropped}
    for expected in [
        ("skip-link", 1, "Skip to main content"),
        ("cookie", 4, "Accept analytics cookies"),
        ("breadcrumb", 9, "Home > Health A to Z > Sprained ankle"),
        ("title", 10, "Sprained ankle"),
        ("table-of-contents", 11, "Contents"),
        ("advert", 21, "Sponsored"),
        ("call-to-action", 22, "Try FlexiWrap bandages today"),
        ("social", 39, "Follow us on Instagram"),
        ("review-date", 41, "Next review due: 3 March 2027"),
        ("page-footer", 43, "Was this page helpful?"),
        ("notice", 47, "Northshore Health is a public health agency serving the north coast."),
        ("phone", 48, "Call 0300 123 4567"),
    ]:
        assert expected in dropped
    assert "FlexiWrap" not in ankle.markdown
    assert "Instagram" not in ankle.markdown


def test_copied_text_metadata(ankle: ImportResult) -> None:
    meta = read_back(ankle).meta
    assert meta.last_reviewed == dt.date(2024, 3, 3)  # last reviewed, not the next review
    assert (meta.language, meta.publisher) == ("en", "Northshore Health")
    assert "# url: https://www.northshore.example/conditions/sprained-ankle/\n" in ankle.markdown
    assert ankle.missing == ("original_title (guessed)",)


COPIED_SHAPES = """\
Asthma
Breathe Easy Weekly
Asthma is a long-term condition that affects your
airways
, the tubes that carry air in and out of your
lungs
.
Triggers include cold air, pollen,
Aspergillus
mould and smoke.
Breathe Easy Weekly
Common inhalers include:
Breathex
®
Airvo
™
How is it treated?
Treatment depends on how often you have symptoms. Options include:
Reliever inhaler
: A reliever inhaler eases symptoms within minutes.
Preventer inhaler
:\u00a0A preventer inhaler lowers the swelling in your
airways
over time.
Breathe Easy Weekly
"""


def test_copied_text_shapes_are_rebuilt() -> None:
    result = import_document(COPIED_SHAPES.encode("utf-8"), filename="asthma.txt")
    body = result.markdown.split("\n---\n", 1)[1]
    assert body == (
        "\nAsthma is a long-term condition that affects your airways, the tubes that carry air in"
        "\nand out of your lungs.\n\nTriggers include cold air, pollen, Aspergillus mould and"
        " smoke.\n\nCommon inhalers include:\n\n- Breathex®\n- Airvo™\n\n"
        "## How is it treated?\n\nTreatment depends on how often you have symptoms. Options"
        " include:\n\nReliever inhaler\n: A reliever inhaler eases symptoms within minutes.\n\n"
        "Preventer inhaler\n: A preventer inhaler lowers the swelling in your airways over time.\n"
    )
    assert result.dropped == (
        Dropped("title", 1, "Asthma"),
        Dropped("repeated", 2, "Breathe Easy Weekly"),
        Dropped("repeated", 11, "Breathe Easy Weekly"),
        Dropped("repeated", 25, "Breathe Easy Weekly"),
    )


SPANISH_COPY = """\
Inicio
/
Temas de salud
/
Gripe
Publicidad
Gripe
La gripe es una infección de la nariz, la garganta y los
pulmones
. Se contagia con facilidad de una persona a otra.
¿Cuáles son los síntomas?
Los síntomas más comunes son:
Fiebre
Dolor de cabeza
Tos seca
Pida una cita
Encuentre un médico
Actualizado el 5 de noviembre de 2024
"""


def test_a_list_above_buttons_keeps_its_last_item() -> None:
    result = import_document(SPANISH_COPY.encode("utf-8"), filename="gripe.txt")
    assert "- Fiebre\n- Dolor de cabeza\n- Tos seca\n" in result.markdown
    rules = by_rule(result.dropped)
    # sentence case, so these count as buttons only because they stand beside other chrome
    assert rules["call-to-action"] == ["Pida una cita", "Encuentre un médico"]
    meta = read_back(result).meta
    assert (meta.language, meta.last_reviewed) == ("es", dt.date(2024, 11, 5))


def test_the_reader_joins_lines_marks_bullets_and_finds_the_date() -> None:
    text = (
        "Caring for a sprained ankle\n"
        "Last reviewed: 2024-05-02\n\n"
        "Rest your ankle for two days and keep it raised\n"
        "above your heart when you can.\n\n"
        "• Ice it\n• Wrap it\n"
    )
    article = _read_text(text, rules=default_import_rules(), keep=())
    assert article.found.reviewed == dt.date(2024, 5, 2)
    plain = [(u.kind.value, u.plain) for u in article.blocks]
    assert (
        "paragraph",
        "Rest your ankle for two days and keep it raised above your heart when you can.",
    ) in plain
    assert ("item", "Ice it") in plain
    assert ("item", "Wrap it") in plain
