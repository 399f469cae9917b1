"""editing.py: the editor's notes around a report: the facts of the original the plain
version leaves out, suggested rewrites and score cards; a missing original costs only the
facts."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FRONT

from pipeline.diagnose import diagnose_article
from pipeline.editing import editor_notes, fact_problems, grade_of, lost_facts
from pipeline.errors import InputError, Outcome
from pipeline.inputs import load_article
from pipeline.language_data import language_data
from pipeline.locales import locale_info
from pipeline.readability import score_article

ORIGINAL = FRONT + "\nTake 2 tablets of Ibuprofen every 6 hours. Do not drive.\n"


def _project(tmp_path: Path, body: str, *, original: str | None = "originals/test.md") -> Path:
    (tmp_path / "source/originals").mkdir(parents=True)
    (tmp_path / "source/originals/test.md").write_text(ORIGINAL, "utf-8")
    front = FRONT.removesuffix("---\n") + (f"original: {original}\n" if original else "") + "---\n"
    (tmp_path / "source/test.md").write_text(front + "\n" + body, "utf-8")
    return tmp_path


def test_facts_left_out_are_named_against_the_original(tmp_path: Path) -> None:
    root = _project(tmp_path, "Take 2 tablets every 6 hours.\n")
    article = load_article(root, root / "source/test.md")
    found = lost_facts(root, article)
    assert found is not None
    shown, facts = found
    assert shown == "source/originals/test.md"
    assert {(f.kind, f.text) for f in facts} >= {("name", "Ibuprofen")}
    problems = fact_problems(article, shown, facts)
    assert all(p.outcome is Outcome.CONTENT for p in problems)
    assert (
        "source/originals/test.md:11: the plain version source/test.md leaves out the drug, "
        "product or proper name “Ibuprofen”; say it there too."
    ) in [p.message for p in problems]


def test_no_original_no_facts(tmp_path: Path) -> None:
    root = _project(tmp_path, "Rest.\n", original=None)
    assert lost_facts(root, load_article(root, root / "source/test.md")) is None


def test_a_missing_original_is_named_and_costs_only_the_facts(tmp_path: Path) -> None:
    root = _project(tmp_path, "Take 2 tablets every 6 hours.\n", original="originals/gone.md")
    article = load_article(root, root / "source/test.md")
    with pytest.raises(InputError, match=r"the original 'originals/gone\.md' is not a file"):
        lost_facts(root, article)
    report = score_article(article, data=language_data(), locale=locale_info("en", origin="test"))
    notes, problems = editor_notes(root, article, report, diagnose_article(article, report))
    assert [p.outcome for p in problems] == [Outcome.INPUT]
    assert (notes.original, notes.missing) == (None, ())
    assert notes.cards  # the rest of the notes are still there


def test_sentence_grades_come_from_the_report_formula(tmp_path: Path) -> None:
    root = _project(tmp_path, "Rest at home. Drink water.\n", original=None)
    article = load_article(root, root / "source/test.md")
    grade = grade_of(
        score_article(article, data=language_data(), locale=locale_info("en", origin="test"))
    )
    assert grade is not None
    assert (
        grade_of(
            score_article(article, data=language_data(), locale=locale_info("tl", origin="test"))
        )
        is None
    )  # no formula for Tagalog
