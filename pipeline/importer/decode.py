"""Bytes -> which reader (text, HTML, Word) and, for text and HTML, the decoded string."""

from __future__ import annotations

import codecs
import re
from enum import StrEnum
from pathlib import PurePath

from pipeline.errors import InputError


class _Format(StrEnum):
    TEXT = "text"
    HTML = "html"
    DOCX = "docx"


_SIGNATURES = {
    b"%PDF": "a PDF file; copy its text into a .txt file and import that",
    b"\xd0\xcf\x11\xe0": "an old Word .doc file; save it as .docx in Word and import that",
    b"\x89PNG": "a PNG picture, not a document",
    b"\xff\xd8\xff": "a JPEG picture, not a document",
    b"GIF8": "a GIF picture, not a document",
}


def _sniff(data: bytes, filename: str) -> _Format:
    suffix = PurePath(filename).suffix.casefold()
    if data.startswith(b"PK\x03\x04") or suffix == ".docx":
        return _Format.DOCX  # a zip: read as Word, which says so if it is some other zip
    for signature, what in _SIGNATURES.items():
        if data.startswith(signature):
            raise InputError(f"this is {what}.", path=filename)
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and _is_binary(data):
        raise InputError(
            "this is not a text, HTML or Word (.docx) file; import a saved web page (.html), "
            "a .docx or a .txt file.",
            path=filename,
        )
    if suffix in (".html", ".htm", ".xhtml", ".shtml"):
        return _Format.HTML
    start = data[:2048].lstrip(codecs.BOM_UTF8).lstrip().lower()
    if start.startswith((b"<!doctype html", b"<html", b"<?xml")) or re.search(
        rb"<(?:body|head|p|div|h[1-6])[\s>]", start
    ):
        return _Format.HTML
    return _Format.TEXT


def _is_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(sample) // 100  # text has tabs and line ends, hardly anything else


def _decode_text(data: bytes, filename: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            "the text is not UTF-8; save it again as UTF-8 text and import that.",
            path=filename,
            line=line,
        ) from None


_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w:.-]+)""", re.IGNORECASE)
# Browsers read these labels as windows-1252 (WHATWG Encoding Standard), and so do we.
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
}


def _decode_html(data: bytes, filename: str) -> str:
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_text(data, filename)
    declared = _META_CHARSET.search(data[:4096])
    label = declared.group(1).decode("ascii", "replace").casefold() if declared else "utf-8"
    encoding = _CHARSET_ALIASES.get(label, label)
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(
            f"the page declares the unknown character set '{label}'; save it as UTF-8.",
            path=filename,
        ) from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            f"the page is not valid {label} text; save it again as UTF-8 and import that.",
            path=filename,
            line=line,
        ) from None
