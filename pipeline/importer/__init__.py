"""A saved web page, Word file or copied page text -> a clean source article and what was dropped.

Three readers turn their input into the same units (a heading, paragraph, list item, term or
definition with its plain text, its Markdown and where it came from); general rules then mark
the units that are page chrome, each mark named for the rule that made it; what is left is
written as a source article in the format `source.py` reads. Words and sizes the rules use
live in `data/import-rules.yaml`; nothing here names one site.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.errors import InputError
from pipeline.importer.decode import _decode_html, _decode_text, _Format, _sniff
from pipeline.importer.markdown import _assemble
from pipeline.importer.read_docx import _read_docx
from pipeline.importer.read_html import _read_html
from pipeline.importer.read_text import _read_text
from pipeline.importer.rules import ImportRules, default_import_rules, parse_import_rules
from pipeline.importer.units import Dropped, ImportResult, _Kind
from pipeline.model import SLUG


def import_document(
    data: bytes,
    *,
    filename: str,  # as the user typed it: error messages name it, its suffix picks the reader
    slug: str | None = None,
    keep: Sequence[str] = (),  # lines, or parts of lines, that no rule may drop
    rules: ImportRules | None = None,
    source_url: str | None = None,  # where the editor found the page (--url)
) -> ImportResult:
    """The bytes of a saved page, .docx or copied text -> a source article and a drop report."""
    rules = rules or default_import_rules()
    kept = tuple(k.strip() for k in keep if k.strip())
    if slug is not None and not SLUG.fullmatch(slug):
        raise InputError(
            f"the slug '{slug}' must be lowercase letters, digits and hyphens.", path=filename
        )
    if not data.strip():
        raise InputError(
            "the file is empty; save the page again and import that file.", path=filename
        )
    match _sniff(data, filename):
        case _Format.DOCX:
            article = _read_docx(data, filename=filename, rules=rules, keep=kept)
        case _Format.HTML:
            article = _read_html(
                _decode_html(data, filename), filename=filename, rules=rules, keep=kept
            )
        case _Format.TEXT:
            article = _read_text(
                _decode_text(data, filename), rules=rules, keep=kept, address=source_url
            )
    if not any(b.kind is not _Kind.HEADING for b in article.blocks):
        raise InputError(
            "no article text is left once menus, adverts and notices are removed; "
            "check the file, or pass the lines to keep with --keep.",
            path=filename,
        )
    return _assemble(article, filename=filename, slug=slug, rules=rules, source_url=source_url)


__all__ = [
    "Dropped",
    "ImportResult",
    "ImportRules",
    "default_import_rules",
    "import_document",
    "parse_import_rules",
]
