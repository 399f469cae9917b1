"""An HTML tree -> units, noting images, tables and hidden text on the way (HTML and Word)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any
from urllib.parse import quote, urljoin

from pipeline.importer.markdown import _escape
from pipeline.importer.rules import ImportRules
from pipeline.importer.units import _SPACES, Dropped, _Kind, _normalise, _Unit, _words
from pipeline.model import SAFE_LINK_SCHEMES

# --- HTML ----------------------------------------------------------------------------------


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


_SKIPPED_TAGS = _names(
    "script style noscript template svg math head title meta link base object embed "
    "canvas audio video source track select option datalist input textarea map area param"
)
_BLOCK_TAGS = _names(
    "address article aside blockquote body center dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html iframe li main "
    "menu nav ol p pre section summary table tbody thead tfoot tr td th caption ul legend "
    "button label search"
)
_LEAF_TAGS = _names("p pre address summary legend figcaption caption button label dt dd")
_HIDDEN_CLASSES = _names(
    "sr-only visually-hidden visuallyhidden screen-reader-text screenreader-only hidden "
    "d-none is-hidden"
)
_TAG_AREAS = {"nav": "navigation", "aside": "sidebar", "form": "form"}
_ROLE_AREAS = {
    "navigation": "navigation",
    "banner": "page-header",
    "contentinfo": "page-footer",
    "complementary": "sidebar",
    "search": "form",
}
# Areas whose text is chrome even when the extractor keeps it: no article sits in an advert,
# nor in a <nav> (a class named "menu" is weaker evidence: that area is called "menu").
_ALWAYS_CHROME = frozenset({"advert", "notice", "social", "navigation"})


@dataclass(slots=True)
class _InlineText:
    """Inline HTML gathered into Markdown and plain text at once."""

    markdown: list[str] = field(default_factory=list)
    plain: list[str] = field(default_factory=list)
    links: int = 0
    lost_links: list[str] = field(default_factory=list)

    def add(self, text: str | None) -> None:
        if text:
            cleaned = text.translate(_SPACES)
            self.markdown.append(_escape(cleaned))
            self.plain.append(cleaned)

    def extend(self, other: _InlineText, *, markdown: str) -> None:
        self.markdown.append(markdown)
        self.plain.extend(other.plain)
        self.links += other.links
        self.lost_links.extend(other.lost_links)

    def text(self) -> tuple[str, str]:
        return _normalise("".join(self.markdown)), _normalise("".join(self.plain))


@dataclass(slots=True)
class _PageWalk:
    """Walks an HTML tree into units, noting images, tables and hidden text on the way."""

    base_url: str | None
    rules: ImportRules
    units: list[_Unit] = field(default_factory=list)
    side_drops: list[Dropped] = field(default_factory=list)
    groups: int = 0

    def walk(self, element: Any, area: str | None, in_article: bool) -> None:
        tag = _tag(element)
        if tag is None or tag in _SKIPPED_TAGS:
            return
        if _is_hidden(element):
            text = _normalise(element.text_content())
            if text:
                self.side_drops.append(Dropped("hidden-text", 0, text))
            return
        area = self._area(element, tag, area, in_article)
        in_article = in_article or tag in ("article", "main") or element.get("role") == "main"
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._leaf(element, area, kind=_Kind.HEADING, level=int(tag[1]))
        elif tag in ("ul", "ol", "menu"):
            self._list(element, area, in_article, depth=0)
        elif tag == "dl":
            self.groups += 1
            self._definitions(element, area, in_article, self.groups)
        elif tag == "table":
            self._table(element, area, in_article)
        elif tag == "iframe":
            label = element.get("title") or element.get("src") or "embedded frame"
            self.side_drops.append(Dropped("embed", 0, _normalise(label)))
        elif tag == "hr":
            return
        elif tag in _LEAF_TAGS and not _has_block_inside(element):
            self._leaf(element, area, kind=_Kind.PARAGRAPH)
        else:
            self._container(element, area, in_article)

    def _area(self, element: Any, tag: str, area: str | None, in_article: bool) -> str | None:
        if tag in _TAG_AREAS:
            return _TAG_AREAS[tag]
        if tag in ("header", "footer") and not in_article:
            return f"page-{tag}"
        role = (element.get("role") or "").casefold()
        if role in _ROLE_AREAS:
            return _ROLE_AREAS[role]
        tokens = re.split(
            r"[\s_-]+", f"{element.get('class') or ''} {element.get('id') or ''}".casefold()
        )
        named = [self.rules.html_areas[t] for t in tokens if t in self.rules.html_areas]
        if element.get("aria-label") and "breadcrumb" in element.get("aria-label").casefold():
            named.insert(0, "navigation")
        return named[0] if named else area

    def _container(self, element: Any, area: str | None, in_article: bool) -> None:
        inline = _InlineText()
        inline.add(element.text)
        for child in element:
            if _tag(child) is not None and _is_block(child):
                self._flush(inline, area, _Kind.PARAGRAPH)
                inline = _InlineText()
                self.walk(child, area, in_article)
            else:
                self._inline(child, inline)
            inline.add(child.tail)
        self._flush(inline, area, _Kind.PARAGRAPH)

    def _flush(self, inline: _InlineText, area: str | None, kind: _Kind, **extra: Any) -> None:
        markdown, plain = inline.text()
        if plain:
            self.units.append(
                _Unit(
                    plain=plain,
                    markdown=markdown,
                    line=0,
                    kind=kind,
                    pieces=1 + inline.links,
                    lost_links=tuple(inline.lost_links),
                    area=area,
                    **extra,
                )
            )

    def _leaf(self, element: Any, area: str | None, *, kind: _Kind, level: int = 0) -> None:
        inline = _InlineText()
        self._inline_children(element, inline)
        self._flush(inline, area, kind, level=level)

    def _inline_children(self, element: Any, inline: _InlineText) -> None:
        inline.add(element.text)
        for child in element:
            self._inline(child, inline)
            inline.add(child.tail)

    def _inline(self, element: Any, inline: _InlineText) -> None:
        tag = _tag(element)
        if tag is None or tag in _SKIPPED_TAGS:
            return
        if _is_hidden(element):
            return
        if tag == "img":
            source = element.get("src") or ""
            name = "embedded image" if source.startswith("data:") else PurePath(source).name
            label = element.get("alt") or name or "image"
            self.side_drops.append(Dropped("image", 0, _normalise(label)))
            return
        if tag == "br":
            inline.add(" ")
            return
        if tag in _BLOCK_TAGS:  # a <p> inside a <dd> or <li>: its words stay apart
            inline.add(" ")
            self._inline_children(element, inline)
            inline.add(" ")
            return
        inner = _InlineText()
        self._inline_children(element, inner)
        markdown = "".join(inner.markdown)
        core = markdown.strip()
        if not core:
            inline.extend(inner, markdown=markdown)
            return
        lead = " " if markdown[:1].isspace() else ""
        trail = " " if markdown[-1:].isspace() else ""
        if tag == "a":
            href = self._href(element.get("href"), _normalise("".join(inner.plain)), inner)
            if href is not None:
                inner.links += 1
                core = f"[{core}]({href})"
        elif tag in ("em", "i", "strong", "b") and _can_emphasise(core):
            marker = "**" if tag in ("strong", "b") else "*"
            core = f"{marker}{core}{marker}"
        inline.extend(inner, markdown=f"{lead}{core}{trail}")

    def _href(self, href: str | None, text: str, inline: _InlineText) -> str | None:
        if not href or not href.strip():
            return None
        target = href.strip()
        if (
            not target.startswith(SAFE_LINK_SCHEMES)
            and self.base_url
            and not target.startswith(("#", "javascript:"))
        ):
            target = urljoin(self.base_url, target)
        if not target.startswith(SAFE_LINK_SCHEMES):
            inline.lost_links.append(f"{text} -> {href.strip()}")
            return None
        return quote(target, safe=":/?#[]@!$&'*+,;=%~")  # no space, paren or < in Markdown

    def _list(self, element: Any, area: str | None, in_article: bool, depth: int) -> None:
        self.groups += 1
        group = self.groups
        is_ordered = _tag(element) == "ol"
        for item in element:
            if _tag(item) != "li":
                if _tag(item) is not None:
                    self.walk(item, area, in_article)
                continue
            inline = _InlineText()
            inline.add(item.text)
            nested: list[Any] = []
            for child in item:
                if _tag(child) in ("ul", "ol"):
                    nested.append(child)
                else:
                    self._inline(child, inline)
                inline.add(child.tail)
            self._flush(inline, area, _Kind.ITEM, depth=depth, is_ordered=is_ordered, group=group)
            for child in nested:
                self._list(child, area, in_article, depth + 1)

    def _definitions(self, element: Any, area: str | None, in_article: bool, group: int) -> None:
        for child in element:
            tag = _tag(child)
            if tag == "dt":
                self._leaf_in_group(child, area, _Kind.TERM, group)
            elif tag == "dd":
                self._leaf_in_group(child, area, _Kind.DEFINITION, group)
            elif tag == "div":
                self._definitions(child, area, in_article, group)
            elif tag is not None:
                self.walk(child, area, in_article)

    def _leaf_in_group(self, element: Any, area: str | None, kind: _Kind, group: int) -> None:
        inline = _InlineText()
        self._inline_children(element, inline)
        self._flush(inline, area, kind, group=group)

    def _table(self, element: Any, area: str | None, in_article: bool) -> None:
        rows = [r for r in element.iter("tr") if _nearest(r, "table") is element]
        grid = [[c for c in row if _tag(c) in ("td", "th")] for row in rows]
        is_layout = any(
            _tag(n) in ("table", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6")
            for n in element.iter()
            if n is not element
        ) or any(len(_words(c.text_content())) > 40 for row in grid for c in row)
        if is_layout or not any(len(row) >= 2 for row in grid):
            self._container(element, area, in_article)  # a table used for layout: read its cells
            return
        for caption in element.findall("caption"):
            self._leaf(caption, area, kind=_Kind.PARAGRAPH)
        header: list[str] = []
        if _is_header_row(grid[0]) or _nearest(rows[0], "thead") is not None:
            header = [_normalise(c.text_content()) for c in grid[0]]
            grid = grid[1:]
        self.groups += 1
        count = 0
        for row in grid:
            inlines = [self._cell(c) for c in row]
            cells = [inline.text() for inline in inlines if inline.text()[1]]
            if not cells:
                continue
            count += 1
            markdown, plain = _row_text(cells, header if len(header) == len(row) else [])
            self.units.append(
                _Unit(
                    plain=plain,
                    markdown=markdown,
                    line=0,
                    kind=_Kind.ITEM,
                    group=self.groups,
                    area=area,
                    match_text=" ".join(p for _, p in cells),
                    lost_links=tuple(link for inline in inlines for link in inline.lost_links),
                )
            )
        note = f"a table of {count} rows became list items"
        if header:
            note += f"; its header row ({' | '.join(header)}) was folded into them"
        self.side_drops.append(Dropped("table", 0, note))

    def _cell(self, cell: Any) -> _InlineText:
        inline = _InlineText()
        self._inline_children(cell, inline)
        return inline


def _is_header_row(cells: list[Any]) -> bool:
    """Header cells, or (in Word, which has no such thing) cells whose text is all bold."""
    if all(_tag(c) == "th" for c in cells):
        return True
    filled = [c for c in cells if _normalise(c.text_content())]
    return bool(filled) and all(
        _normalise(c.text_content())
        == _normalise(" ".join(b.text_content() for b in c.iter("strong", "b")))
        for c in filled
    )


def _row_text(cells: list[tuple[str, str]], header: list[str]) -> tuple[str, str]:
    """A table row -> one list item: "Trouble breathing: Call 911" or "A: B 1; C: 2"."""
    first_md, first_plain = cells[0]
    rest = cells[1:]
    if not rest:
        return first_md, first_plain
    if header and len(rest) > 1:
        labels = header[1:]
        md = "; ".join(
            f"{_escape(h)}: {m}" if h else m for h, (m, _) in zip(labels, rest, strict=False)
        )
        plain = "; ".join(f"{h}: {p}" if h else p for h, (_, p) in zip(labels, rest, strict=False))
    else:
        md = "; ".join(m for m, _ in rest)
        plain = "; ".join(p for _, p in rest)
    separator = " " if first_plain.endswith(":") else ": "
    return f"{first_md}{separator}{md}", f"{first_plain}{separator}{plain}"


def _tag(element: Any) -> str | None:
    tag = element.tag
    return tag.casefold() if isinstance(tag, str) else None  # comments and PIs have no name


def _is_block(element: Any) -> bool:
    return _tag(element) in _BLOCK_TAGS or _has_block_inside(element)


def _has_block_inside(element: Any) -> bool:
    return any(_tag(n) in _BLOCK_TAGS for n in element.iterdescendants())


def _nearest(element: Any, tag: str) -> Any:
    parent = element.getparent()
    while parent is not None and _tag(parent) != tag:
        parent = parent.getparent()
    return parent


def _is_hidden(element: Any) -> bool:
    if element.get("hidden") is not None or (element.get("aria-hidden") or "").casefold() == "true":
        return True
    style = re.sub(r"\s+", "", (element.get("style") or "").casefold())
    if "display:none" in style or "visibility:hidden" in style:
        return True
    return bool(set((element.get("class") or "").casefold().split()) & _HIDDEN_CLASSES)


def _can_emphasise(markdown: str) -> bool:
    """CommonMark ignores `*` next to punctuation inside a word; leave such text plain."""
    return markdown[0].isalnum() and (markdown[-1].isalnum() or markdown[-1] in ".!?")
