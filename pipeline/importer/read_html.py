"""A saved web page -> an article: the page walked, the extractor's main text, the head's
metadata."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Any

from pipeline.errors import InputError
from pipeline.importer.chrome import _mark_chrome, _unit_rule
from pipeline.importer.dates import _found_in_units, _iso_date
from pipeline.importer.rules import ImportRules
from pipeline.importer.structure import _finish, _main_units
from pipeline.importer.units import _Article, _Found, _key, _Marks, _normalise
from pipeline.importer.walk import _ALWAYS_CHROME, _PageWalk


def _read_html(text: str, *, filename: str, rules: ImportRules, keep: tuple[str, ...]) -> _Article:
    # trafilatura and lxml load slowly; only an import pays for them.
    import lxml.etree
    import lxml.html
    import trafilatura

    try:
        parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (lxml.etree.LxmlError, ValueError):
        raise InputError("the page has no HTML content to read.", path=filename) from None
    head = _head_metadata(root)
    body = root.find("body")
    walk = _PageWalk(base_url=head.url, rules=rules)
    walk.walk(body if body is not None else root, area=None, in_article=False)
    main_text = trafilatura.extract(
        text,
        output_format="txt",
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        favor_recall=True,
        deduplicate=False,
    )
    if not main_text or not main_text.strip():
        raise InputError(
            "no article text was found in this page; save the complete page, or copy its "
            "text into a .txt file and import that.",
            path=filename,
        )
    units = walk.units
    main = _main_units(units, [k for line in main_text.splitlines() if (k := _key(line))])
    from_text = _found_in_units(units, rules)
    area_marks = _Marks(units, keep)
    for index, unit in enumerate(units):
        if index not in main or unit.area in _ALWAYS_CHROME:
            area_marks.mark(index, unit.area or _unit_rule(unit, rules) or "not-main-content")
    kept_units = [units[i] for i in area_marks.live()]
    marks = _Marks(kept_units, keep)
    _mark_chrome(kept_units, marks, rules)
    blocks = [kept_units[i] for i in marks.live()]
    dropped = [*area_marks.dropped(), *marks.dropped()]
    blocks, title = _finish(blocks, dropped, title=head.title, side_drops=walk.side_drops)
    found = _merge_found(head, from_text)
    return _Article(
        blocks=tuple(blocks),
        dropped=tuple(dropped),
        found=replace(found, title=title, original_title=head.original_title or title),
    )


@dataclass(frozen=True, slots=True)
class _HeadMetadata:
    title: str | None
    original_title: str | None
    publisher: str | None
    url: str | None
    language: str | None
    modified: dt.date | None
    published: dt.date | None


def _head_metadata(root: Any) -> _HeadMetadata:
    metas: dict[str, str] = {}
    for meta in root.iter("meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").casefold()
        content = meta.get("content")
        if name and content and name not in metas:
            metas[name] = _normalise(content)
        if (meta.get("http-equiv") or "").casefold() == "content-language" and content:
            metas.setdefault("content-language", content)
    links = {
        (link.get("rel") or "").casefold(): link.get("href")
        for link in root.iter("link")
        if link.get("href")
    }
    title_element = root.find(".//title")
    page_title = _normalise(title_element.text_content()) if title_element is not None else ""
    publisher = metas.get("og:site_name") or metas.get("application-name") or metas.get("publisher")
    original = (
        metas.get("og:title") or metas.get("twitter:title") or _strip_site(page_title, publisher)
    )
    url = links.get("canonical") or metas.get("og:url")
    language = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    language = language or metas.get("content-language") or metas.get("og:locale")
    modified = published = None
    for name, content in metas.items():
        when = _iso_date(content)
        if when is None:
            continue
        if re.search(r"modif|updat|review|revis", name):
            modified = modified or when
        elif re.search(r"publish|date|created|issued", name):
            published = published or when
    for time in root.iter("time"):
        when = _iso_date(time.get("datetime") or "")
        published = published or when
    return _HeadMetadata(
        title=_strip_site(original, publisher) if original else None,
        original_title=original or None,
        publisher=publisher,
        url=url if url and url.startswith(("http://", "https://")) else None,
        language=language,
        modified=modified,
        published=published,
    )


def _strip_site(title: str, site: str | None) -> str:
    """ "Flu | Riverside Health" -> "Flu"."""
    parts = re.split(r"\s+[|–—-]\s+", title)
    if len(parts) > 1 and (
        site is None or _key(site) in _key(parts[-1]) or _key(parts[-1]) in _key(site)
    ):
        return " - ".join(parts[:-1])
    return title


def _merge_found(head: _HeadMetadata, text: _Found) -> _Found:
    """Dates written on the page beat the markup's; a modified date beats a published one."""
    reviewed, is_guess = text.reviewed, text.is_reviewed_guess
    if reviewed is None:
        reviewed = head.modified or head.published
        is_guess = False
    return _Found(
        publisher=head.publisher or text.publisher,
        url=head.url or text.url,
        language=head.language,
        reviewed=reviewed,
        is_reviewed_guess=is_guess,
    )
