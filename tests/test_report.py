"""Editors' reports: the JSON carries every field of the records it is made from."""

from __future__ import annotations

import dataclasses
import json

import pytest
from conftest import ROOT

from pipeline.diagnose import diagnose_article, plain_words
from pipeline.inputs import load_article
from pipeline.language_data import language_data
from pipeline.locales import locale_info
from pipeline.readability import score_article
from pipeline.report import grade_status, report_json, whole_grade


@pytest.mark.parametrize("lang", ["en", "es", "zh-Hans"])
def test_json_has_every_field_of_the_records(lang: str) -> None:
    """report_json writes the fields out by hand for speed; this compares it with the
    records converted generically, so a field added to the model cannot be missed."""
    article = load_article(ROOT, ROOT / "source" / "gene-therapy.md")
    texts = None
    if lang != "en":
        texts = {s.segment_id: f"{s.text} ({lang})" for s in article.segments[:20]}
    report = score_article(
        article, data=language_data(), locale=locale_info(lang, origin="test"), texts=texts
    )
    diagnoses = diagnose_article(article, report, words=plain_words())
    generic = dataclasses.asdict(report)
    generic["lang"] = generic.pop("locale")["tag"]  # the JSON names the language by its tag
    generic["diagnoses"] = [dataclasses.asdict(d) for d in diagnoses]
    assert json.loads(report_json(report, diagnoses)) == json.loads(json.dumps(generic))


@pytest.mark.parametrize(
    ("lang", "suffix"), [("en", ""), ("zh-Hans", "（中文）"), ("ar", " «عربي» ‏"), ("ru", " — ёж")]
)
def test_json_is_compact_sorted_and_ends_with_a_newline(lang: str, suffix: str) -> None:
    """The bytes of the standard library's json.dumps (orjson writes them, faster), with
    text outside ASCII kept as it is."""
    article = load_article(ROOT, ROOT / "source" / "gene-therapy.md")
    texts = {s.segment_id: s.text + suffix for s in article.segments} if suffix else None
    locale = locale_info(lang, origin="test")
    report = score_article(article, data=language_data(), locale=locale, texts=texts)
    text = report_json(report, diagnose_article(article, report)).decode("utf-8")
    assert suffix in text
    assert text.endswith("}\n")
    assert "\n" not in text[:-1]
    data = json.loads(text)
    assert (
        text == json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    )


@pytest.mark.parametrize(
    ("value", "status"),
    [(4.4, "below target"), (4.6, "at target"), (7.5, "at target"), (7.6, "above target")],
)
def test_a_grade_within_the_formulas_uncertainty_is_at_target(value: float, status: str) -> None:
    assert grade_status(value, target=6, margin=1.5159) == status


def test_grades_print_as_whole_grades_with_their_margin() -> None:
    assert whole_grade(7.46, 1.5159) == "7 ± 1.5"
    assert whole_grade(6.5, 1.5159) == "7 ± 1.5"
    assert whole_grade(6.5) == "7"
