"""importer/read_docx.py: a Word document -> the article, with its core properties as
metadata."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import pytest
from importing import by_rule, heading_levels, import_case, read_back
from PIL import Image

from pipeline.errors import InputError
from pipeline.importer.read_docx import _read_docx
from pipeline.importer.rules import default_import_rules
from pipeline.importer.units import _Kind

# --- A Word document ------------------------------------------------------------------------


def _word_document(path: Path) -> Path:
    """A clinic's handout as staff write it in Word, with a little pasted web chrome."""
    document = docx.Document()
    document.add_heading("Managing high blood pressure", level=0)
    document.add_paragraph("Reviewed: 12 January 2025")
    document.add_paragraph("Advertisement")
    document.add_heading("What Is High Blood Pressure?", level=1)
    document.add_paragraph(
        "Blood pressure is the force of blood pushing on the walls of your arteries. "
        "When it stays high, your heart has to work harder."
    )
    document.add_heading("Healthy habits", level=1)
    document.add_paragraph("Small changes add up. Try to:")
    for habit in ("Eat less salt", "Walk for 30 minutes most days", "Stop smoking"):
        document.add_paragraph(habit, style="List Bullet")
    document.add_heading("Your medicines", level=2)
    document.add_paragraph("Take your medicines every day, even when you feel well.")
    table = document.add_table(rows=1, cols=2)
    for cell, text in zip(table.rows[0].cells, ("Medicine", "When to take it"), strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for name, when in (("Lisinopril", "Once a day, in the morning"), ("Amlodipine", "At night")):
        row = table.add_row().cells
        row[0].text, row[1].text = name, when
    picture = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(picture, "PNG")
    picture.seek(0)
    document.add_picture(picture)
    document.add_paragraph("Share this page")
    document.add_paragraph("Lakeside Family Clinic is a non-profit community clinic.")
    document.add_paragraph("Call 555-010-2030")
    document.core_properties.modified = dt.datetime(2025, 2, 1, tzinfo=dt.UTC)
    document.core_properties.language = "en-GB"
    document.save(str(path))
    return path


def test_word_document(tmp_path: Path) -> None:
    result = import_case(_word_document(tmp_path / "blood-pressure.docx"))
    document = read_back(result)
    assert document.meta.title == "Managing high blood pressure"
    assert document.meta.language == "en"
    assert document.meta.last_reviewed == dt.date(2025, 1, 12)  # the text's date, not the file's
    assert document.meta.publisher == "Lakeside Family Clinic"
    assert heading_levels(document) == [
        (2, "What is high blood pressure?"),
        (2, "Healthy habits"),
        (3, "Your medicines"),
    ]
    assert "- Eat less salt\n- Walk for 30 minutes most days\n- Stop smoking\n" in result.markdown
    assert "- Lisinopril: Once a day, in the morning\n- Amlodipine: At night\n" in result.markdown
    rules = by_rule(result.dropped)
    assert rules["table"] == [
        "a table of 2 rows became list items; its header row (Medicine | When to take it) was "
        "folded into them"
    ]
    assert rules["image"] == ["embedded image"]
    assert rules["advert"] == ["Advertisement"]
    assert rules["review-date"] == ["Reviewed: 12 January 2025"]
    assert rules["ui-control"] == ["Share this page"]
    assert rules["notice"] == ["Lakeside Family Clinic is a non-profit community clinic."]
    assert rules["phone"] == ["Call 555-010-2030"]
    assert result.missing == ("url",)


def test_the_reader_gives_units_and_the_core_properties(tmp_path: Path) -> None:
    data = _word_document(tmp_path / "blood-pressure.docx").read_bytes()
    article = _read_docx(data, filename="bp.docx", rules=default_import_rules(), keep=())
    assert article.found.title == "Managing high blood pressure"
    assert [u.plain for u in article.blocks if u.kind is _Kind.HEADING][:2] == [
        "What Is High Blood Pressure?",  # as written: sentence case comes with the Markdown
        "Healthy habits",
    ]
    assert ("advert", "Advertisement") in {(d.rule, d.text) for d in article.dropped}


def test_a_zip_that_is_no_word_file_is_refused() -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("notes.txt", "hello")
    with pytest.raises(InputError, match=r"^notes.docx: "):
        _read_docx(archive.getvalue(), filename="notes.docx", rules=default_import_rules(), keep=())
