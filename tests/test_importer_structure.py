"""importer/structure.py: copied lines -> headings, paragraphs, list items, terms and
definitions; heading levels; a heading whose section lost its text is dropped."""

from __future__ import annotations

from dataclasses import replace

from pipeline.importer.rules import default_import_rules
from pipeline.importer.structure import _classify, _drop_empty_sections
from pipeline.importer.units import Dropped, _Kind, _Unit

RULES = default_import_rules()


def _line(text: str, number: int, **marks: bool) -> _Unit:
    return _Unit(plain=text, markdown=text, line=number, **marks)  # type: ignore[arg-type]


def _shape(texts: list[_Unit]) -> list[tuple[str, str, int]]:
    return [(u.kind.value, u.plain, u.level) for u in _classify(texts, frozenset(), RULES)]


def test_lines_become_headings_paragraphs_items_terms_and_definitions() -> None:
    lines = [
        _line("Symptoms", 1),
        _line("Most people feel better in a week, but some get very sick.", 2),
        _line("Fever", 3, is_bullet=True),
        _line("Cough", 4, is_bullet=True),
        _line("Dose", 5),
        _line("One tablet a day.", 6, is_definition=True),
    ]
    assert _shape(lines) == [
        ("heading", "Symptoms", 2),
        ("paragraph", "Most people feel better in a week, but some get very sick.", 0),
        ("item", "Fever", 0),
        ("item", "Cough", 0),
        ("term", "Dose", 0),
        ("definition", "One tablet a day.", 0),
    ]


def test_short_lines_after_a_colon_are_a_list() -> None:
    lines = [
        _line("Call us if you have any of these signs:", 1),
        _line("Trouble breathing", 2),
        _line("Chest pain", 3),
        _line("Rest and drink water every day until you feel better.", 4),
    ]
    assert [kind for kind, _, _ in _shape(lines)] == ["paragraph", "item", "item", "paragraph"]


def test_a_heading_over_a_heading_is_the_section_above() -> None:
    lines = [
        _line("Treatment", 1),
        _line("At home", 2),
        _line("Rest and drink water every day until you feel better.", 3),
    ]
    assert [(k, level) for k, _, level in _shape(lines)] == [
        ("heading", 2),
        ("heading", 3),
        ("paragraph", 0),
    ]


def test_a_heading_left_with_no_text_is_dropped_and_named() -> None:
    heading = replace(_line("References", 7), kind=_Kind.HEADING, level=2)
    other = replace(_line("Care", 1), kind=_Kind.HEADING, level=2)
    text = replace(_line("Rest.", 2), kind=_Kind.PARAGRAPH)
    dropped: list[Dropped] = []
    kept = _drop_empty_sections([other, text, heading], dropped)
    assert kept == [other, text]
    assert dropped == [Dropped("empty-section", 7, "References")]
