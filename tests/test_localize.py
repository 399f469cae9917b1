"""localize.py: each source sentence translated or, when it cannot be, English marked as
such; the catalog can replace words, never add, drop or reorder content."""

from __future__ import annotations

from conftest import article_of, translations_of

from pipeline.errors import Outcome
from pipeline.locales import locale_info
from pipeline.localize import label_problems, localize, plain
from pipeline.model import Clinic, LabelText

BODY = """Rest after your treatment. See [the guide](https://example.org/g).

## Care

- Drink water.
"""
SPANISH = {
    "Test": "Prueba",
    "Rest after your treatment.": "Descanse después del tratamiento.",
    "See {1}the guide{/1}.": "Vea {1}la guía{/1}.",
    "Care": "Cuidado",
    "Drink water.": "Beba agua.",
}
ES = locale_info("es", origin="test")


def _words(pairs: dict[str, str]) -> list[tuple[str, bool]]:
    document, problems = localize(article_of(BODY), translations_of(pairs), None, locale=ES)
    assert problems == ()
    return [(plain(s), s.is_fallback) for b in document.blocks for s in b.sentences]


def test_every_sentence_translated_in_source_order() -> None:
    document, problems = localize(article_of(BODY), translations_of(SPANISH), None, locale=ES)
    assert problems == ()
    assert [plain(s) for s in document.title] == ["Prueba"]
    assert [[plain(s) for s in b.sentences] for b in document.blocks] == [
        ["Descanse después del tratamiento.", "Vea la guía."],
        ["Cuidado"],
        ["Beba agua."],
    ]
    assert (document.lang, document.direction, document.has_fallback) == ("es", "ltr", False)


def test_a_missing_translation_is_english_marked_as_fallback() -> None:
    words = _words({k: v for k, v in SPANISH.items() if k != "Drink water."})
    assert words[-1] == ("Drink water.", True)
    assert words[0] == ("Descanse después del tratamiento.", False)


def test_the_source_language_is_never_a_fallback() -> None:
    document, _ = localize(article_of(BODY), None, None, locale=locale_info("en", origin="t"))
    assert not document.has_fallback
    assert document.labels.translated_from is None


def test_a_translation_that_breaks_placeholders_is_refused_with_its_line() -> None:
    broken = {**SPANISH, "See {1}the guide{/1}.": "Vea la guía."}
    document, problems = localize(article_of(BODY), translations_of(broken), None, locale=ES)
    assert [p.outcome for p in problems] == [Outcome.INPUT]
    assert problems[0].message.startswith("locales/es/LC_MESSAGES/test.po:12: ")
    assert problems[0].message.endswith(
        "the English sentence is shown until the msgstr keeps the msgid's placeholders."
    )
    sentence = document.blocks[0].sentences[1]
    assert (plain(sentence), sentence.is_fallback) == ("See the guide.", True)


def test_an_unsafe_translation_is_refused() -> None:
    unsafe = {**SPANISH, "Drink water.": "Beba <b>agua</b>."}
    document, problems = localize(article_of(BODY), translations_of(unsafe), None, locale=ES)
    assert len(problems) == 1
    assert "contains markup (<b>)" in problems[0].message
    assert plain(document.blocks[-1].sentences[0]) == "Drink water."


def test_labels_come_from_the_label_catalog_and_keep_values_as_data() -> None:
    labels = translations_of(
        {"Phone: {phone}": "Teléfono: {phone}", "Your care team": "Su equipo"},
        path="locales/es/LC_MESSAGES/handouts.po",
    )
    clinic = Clinic(name="Clinic", phone="{address} 555", address="")
    document, problems = localize(
        article_of(BODY), translations_of(SPANISH), labels, locale=ES, clinic=clinic
    )
    assert problems == ()
    assert document.labels.care_team == LabelText((("Su equipo", ""),), False)
    assert document.labels.phone.parts == (("Teléfono: ", ""), ("{address} 555", ""))
    assert document.labels.address.parts == (("Address: ", ""), ("", "blank"))  # English
    assert document.labels.address.is_fallback
    assert document.clinic_name == "Clinic"


def test_a_label_that_drops_its_placeholder_is_shown_in_english() -> None:
    labels = translations_of({"Phone: {phone}": "Teléfono"}, path="handouts.po")
    document, problems = localize(
        article_of(BODY), None, labels, locale=ES, clinic=Clinic(phone="555")
    )
    assert problems == ()  # judged once per catalog, below, not once per handout
    assert document.labels.phone.parts == (("Phone: ", ""), ("555", ""))
    assert [p.message for p in label_problems(labels)] == [
        "handouts.po:10: this msgstr drops a placeholder of its msgid ({phone}); the English "
        "label is shown."
    ]
