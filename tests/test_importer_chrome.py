"""importer/chrome.py: page chrome found by general rules, each unit named by the rule that
dropped it; a unit alone, or by its neighbours; `keep` wins."""

from __future__ import annotations

import pytest

from pipeline.importer.chrome import _mark_chrome, _unit_rule
from pipeline.importer.rules import default_import_rules
from pipeline.importer.units import _Kind, _Marks, _Unit

RULES = default_import_rules()


def _unit(text: str, kind: _Kind = _Kind.PARAGRAPH) -> _Unit:
    return _Unit(plain=text, markdown=text, line=0, kind=kind)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Advertisement", "advert"),
        ("Call us: 1-800-555-0199", "phone"),
        ("Home / Health Library / Flu", "breadcrumb"),
        ("Follow us on Facebook", "social"),
        ("Last reviewed on 06/17/2025.", "review-date"),
    ],
)
def test_a_unit_alone_is_named_by_its_rule(text: str, rule: str) -> None:
    assert _unit_rule(_unit(text), RULES) == rule


@pytest.mark.parametrize(
    "text",
    [
        "Call your doctor if your fever lasts more than 3 days.",
        "The flu spreads when people cough or sneeze.",
        "Wash your hands often with soap and water for 20 seconds.",
    ],
)
def test_article_sentences_are_no_chrome(text: str) -> None:
    assert _unit_rule(_unit(text), RULES) is None


def test_a_breadcrumb_trail_on_lines_of_its_own() -> None:
    units = [_unit(t) for t in ("Home", "/", "Health Library", "/", "Flu", "Rest at home.")]
    marks = _Marks(units, keep=())
    _mark_chrome(units, marks, RULES)
    assert [units[i].plain for i in marks.live()] == ["Rest at home."]
    assert set(marks.rules.values()) == {"breadcrumb"}


def test_keep_wins_and_drops_are_listed_in_order() -> None:
    units = [_unit("Advertisement"), _unit("Rest."), _unit("Call us: 1-800-555-0199")]
    marks = _Marks(units, keep=("Call us",))
    _mark_chrome(units, marks, RULES)
    assert marks.live() == [1, 2]
    assert [(d.rule, d.text) for d in marks.dropped()] == [("advert", "Advertisement")]
