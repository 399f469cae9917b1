"""A Word .docx -> an article: mammoth's HTML walked, the core properties as metadata."""

from __future__ import annotations

import io
import xml.parsers.expat
import zipfile
from dataclasses import replace
from xml.etree import ElementTree

from pipeline.errors import InputError
from pipeline.importer.chrome import _mark_chrome
from pipeline.importer.dates import _found_in_units, _iso_date
from pipeline.importer.rules import ImportRules
from pipeline.importer.structure import _finish
from pipeline.importer.units import _Article, _Marks, _normalise
from pipeline.importer.walk import _PageWalk

# --- Word files ----------------------------------------------------------------------------

_DOCX_MAX_BYTES = 200 * 1024 * 1024  # unpacked; a larger "document" is a zip bomb, not a handout
_DOCX_STYLES = "p[style-name='Title'] => h1:fresh\np[style-name='Subtitle'] => p:fresh"
_CORE = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
}


def _read_docx(
    data: bytes, *, filename: str, rules: ImportRules, keep: tuple[str, ...]
) -> _Article:
    import mammoth  # loads only for .docx

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > _DOCX_MAX_BYTES:
                raise InputError("the Word file unpacks to more than 200 MB.", path=filename)
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                raise InputError("this zip file is not a Word document (.docx).", path=filename)
            core = _zip_xml(archive, "docProps/core.xml")
            app = _zip_xml(archive, "docProps/app.xml")
        result = mammoth.convert_to_html(io.BytesIO(data), style_map=_DOCX_STYLES)
    except zipfile.BadZipFile:
        raise InputError(
            "this is not a Word .docx file (a .docx is a zip archive); save it from Word as "
            ".docx and import that.",
            path=filename,
        ) from None
    except (xml.parsers.expat.ExpatError, ElementTree.ParseError, KeyError, ValueError, OSError,
            EOFError, NotImplementedError):  # fmt: skip
        raise InputError(
            "the Word file is damaged; open it in Word, save it again and import that.",
            path=filename,
        ) from None
    import lxml.html

    html = f"<html><body>{result.value}</body></html>"
    root = lxml.html.document_fromstring(
        html.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8")
    )
    walk = _PageWalk(base_url=None, rules=rules)
    walk.walk(root.find("body"), area=None, in_article=True)
    units = walk.units
    found = _found_in_units(units, rules)
    marks = _Marks(units, keep)
    _mark_chrome(units, marks, rules)
    blocks = [units[i] for i in marks.live()]
    dropped = marks.dropped()
    blocks, title = _finish(
        blocks, dropped, title=_core_text(core, "dc:title"), side_drops=walk.side_drops
    )
    modified = _iso_date(_core_text(core, "dcterms:modified") or "")
    return _Article(
        blocks=tuple(blocks),
        dropped=tuple(dropped),
        found=replace(
            found,
            title=title,
            original_title=_core_text(core, "dc:title") or title,
            publisher=found.publisher or _core_text(app, "ep:Company"),
            language=_core_text(core, "dc:language"),
            reviewed=found.reviewed or modified,
            # the file's save date is only a hint of when a person last checked the text
            is_reviewed_guess=found.is_reviewed_guess
            or (found.reviewed is None and modified is not None),
        ),
    )


def _zip_xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element | None:
    if name not in archive.namelist():
        return None
    return ElementTree.fromstring(archive.read(name))


def _core_text(root: ElementTree.Element | None, name: str) -> str | None:
    if root is None:
        return None
    element = root.find(name, _CORE)
    text = _normalise(element.text or "") if element is not None else ""
    return text or None
