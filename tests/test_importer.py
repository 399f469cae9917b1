"""importer/__init__.py: import_document, the one way in: any file gives a readable source
article or one clear sentence (the readers' own tests are test_importer_<module>.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from importing import CASES, read_back

from pipeline.errors import InputError
from pipeline.importer import (
    import_document,
)

# --- Bad input ------------------------------------------------------------------------------


NO_ARTICLE = (
    "no article text is left once menus, adverts and notices are removed; check the file, or "
    "pass the lines to keep with --keep."
)
RESAVE_DOCX = "save it from Word as .docx and import that."


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.txt", "the file is empty; save the page again and import that file."),
        ("only-blank-lines.html", "the file is empty; save the page again and import that file."),
        (
            "binary-data.bin",
            "this is not a text, HTML or Word (.docx) file; import a saved web page (.html), "
            "a .docx or a .txt file.",
        ),
        ("scanned.pdf", "this is a PDF file; copy its text into a .txt file and import that."),
        (
            "old-word-format.doc",
            "this is an old Word .doc file; save it as .docx in Word and import that.",
        ),
        ("latin1-text.txt", "the text is not UTF-8; save it again as UTF-8 text and import that."),
        (
            "empty-page.html",
            "no article text was found in this page; save the complete page, or copy its text "
            "into a .txt file and import that.",
        ),
        ("menus-only.html", NO_ARTICLE),
        ("adverts-only.html", NO_ARTICLE),
        (
            "unknown-charset.html",
            "the page declares the unknown character set 'x-unknown'; save it as UTF-8.",
        ),
        (
            "not-a-zip.docx",
            f"this is not a Word .docx file (a .docx is a zip archive); {RESAVE_DOCX}",
        ),
        ("zip-without-document.docx", "this zip file is not a Word document (.docx)."),
        (
            "damaged.docx",
            "the Word file is damaged; open it in Word, save it again and import that.",
        ),
    ],
)
def test_bad_input_is_one_clear_sentence(name: str, message: str) -> None:
    path = CASES / "bad-input" / name
    with pytest.raises(InputError) as caught:
        import_document(path.read_bytes(), filename=f"drafts/{name}")
    line = ":1" if name == "latin1-text.txt" else ""  # where the first bad byte is
    assert str(caught.value) == f"drafts/{name}{line}: {message}"


def test_a_bad_slug_is_refused() -> None:
    with pytest.raises(InputError, match="the slug 'Gene Therapy' must be lowercase"):
        import_document(b"Some text.", filename="a.txt", slug="Gene Therapy")


def test_missing_metadata_is_a_visible_placeholder_that_still_parses() -> None:
    text = "Tiredness is common. It often gets better with sleep, food and water.\n"
    result = import_document(text.encode(), filename="Tiredness Notes.txt")
    meta = read_back(result).meta
    assert result.slug == "tiredness-notes"  # no title: the file name gives the slug
    assert (meta.title, meta.publisher, meta.last_reviewed) == ("TODO", "TODO", dt.date(1900, 1, 1))
    assert result.missing == (
        "language (guessed: en)",
        "title",
        "publisher",
        "original_title",
        "last_reviewed",
        "url",
    )
    assert "last_reviewed: 1900-01-01  # TODO: not found" in result.markdown


# --- Properties -----------------------------------------------------------------------------

LINES = st.sampled_from(
    ["Advertisement", "Home", "/", "Contents", "Overview", "What is it?", "Make an Appointment",
     "Asthma is a condition of the airways.", "Options include:", "Term", ": An explanation.",
     "- item", "1. first", "# hash", "> quote", "<b>raw</b>", "`code`", "*star*", "[x](y)", "™",
     ",", ".", "and", "the", "Updated: March 3, 2024", "© 2024 X", "216.444.2538", "---", ":",
     "| a | b |", "\\", "&amp;", "<!-- c -->", "Title: with colon", "true", "no"]
)  # fmt: skip


@given(st.lists(st.one_of(LINES, st.text(min_size=1, max_size=30)), min_size=1, max_size=25))
def test_any_copied_text_gives_a_readable_source_or_one_clear_error(lines: list[str]) -> None:
    data = "\n".join(lines).encode("utf-8", "replace")
    try:
        result = import_document(data, filename="copied.txt")
    except InputError:
        return  # one sentence for the user, never a traceback
    read_back(result)  # the build can read what the import wrote


TAGS = st.sampled_from(
    ["p", "h1", "h2", "h3", "li", "ul", "ol", "dl", "dt", "dd", "div", "nav", "aside", "table",
     "tr", "td", "th", "em", "strong", "a", "img", "span", "br", "main", "footer", "header",
     "blockquote", "pre", "script"]
)  # fmt: skip
ATTRIBUTES = st.sampled_from(
    ["", ' class="ad"', ' href="/x"', ' href="javascript:x"', ' alt="pic"', " hidden"]
)


@given(st.lists(st.tuples(TAGS, ATTRIBUTES, st.one_of(LINES, st.text(max_size=20))), max_size=30))
def test_any_page_gives_a_readable_source_or_one_clear_error(
    parts: list[tuple[str, str, str]],
) -> None:
    body = "".join(f"<{tag}{attributes}>{text}" for tag, attributes, text in parts)
    page = (
        f"<html><body>{body}<p>Flu makes you feel hot and tired for about a week.</p></body></html>"
    )
    try:
        result = import_document(page.encode("utf-8", "replace"), filename="page.html")
    except InputError:
        return
    read_back(result)
