"""importer/decode.py: bytes -> which reader, and the text in the encoding the file says."""

from __future__ import annotations

import codecs

import pytest

from pipeline.errors import InputError
from pipeline.importer.decode import _decode_html, _decode_text, _Format, _sniff


@pytest.mark.parametrize(
    ("data", "filename", "kind"),
    [
        (b"PK\x03\x04rest", "notes.txt", _Format.DOCX),  # a zip, whatever its name
        (b"anything", "letter.DOCX", _Format.DOCX),
        (b"<p>x</p>", "page.htm", _Format.HTML),
        (b"\xef\xbb\xbf  <!DOCTYPE html><html>", "saved", _Format.HTML),
        (b"Intro\n<div class=x>text</div>", "copy.txt", _Format.HTML),
        (b"Flu: what to do.\nRest.\n", "copy.txt", _Format.TEXT),
        (codecs.BOM_UTF16_LE + "Rest.".encode("utf-16-le"), "copy.txt", _Format.TEXT),
    ],
)
def test_the_reader_is_chosen_by_content_then_name(data: bytes, filename: str, kind: str) -> None:
    assert _sniff(data, filename) == kind


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"%PDF-1.7\n", "this is a PDF"),
        (b"\x00\x01\x02binary", r"this is not a text, HTML or Word \(.docx\) file"),
    ],
)
def test_other_files_are_named_and_refused(data: bytes, words: str) -> None:
    with pytest.raises(InputError, match=words):
        _sniff(data, "upload")


def test_text_is_utf8_or_utf16_with_its_mark() -> None:
    assert _decode_text("\ufeffRésumé".encode(), "a.txt") == "Résumé"
    assert _decode_text("Résumé".encode("utf-16"), "a.txt") == "Résumé"
    with pytest.raises(InputError) as error:
        _decode_text(b"one\ntwo \xe9\n", "a.txt")
    assert str(error.value) == (
        "a.txt:2: the text is not UTF-8; save it again as UTF-8 text and import that."
    )


def test_html_is_read_in_its_declared_charset_as_browsers_read_it() -> None:
    page = '<meta charset="iso-8859-1"><p>Deshidratación “grave”</p>'.encode("cp1252")
    assert "Deshidratación “grave”" in _decode_html(page, "p.html")  # latin1 means cp1252
    assert _decode_html("<p>基因</p>".encode(), "p.html") == "<p>基因</p>"  # UTF-8 by default
    with pytest.raises(InputError, match="declares the unknown character set 'klingon'"):
        _decode_html(b'<meta charset="klingon">', "p.html")
    with pytest.raises(InputError, match=r"^p.html:2: the page is not valid utf-8 text"):
        _decode_html(b"<p>\n\xff</p>", "p.html")
