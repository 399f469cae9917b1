"""The article's shape: its header and footer, captions, headings, empty sections; and the
tail every reader shares once its units are marked."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from pipeline.importer.metadata import (
    address_score,
)
from pipeline.importer.notices import (
    fold,
)
from pipeline.importer.rules import ImportRules
from pipeline.importer.units import (
    Dropped,
    _ends_sentence,
    _is_body,
    _is_label,
    _is_question,
    _key,
    _Kind,
    _Marks,
    _Unit,
    _words,
)


def _can_be_term(unit: _Unit, rules: ImportRules) -> bool:
    return not (unit.is_bullet or unit.is_definition) and _is_label(
        unit.plain, rules.short_line_words
    )


def _mark_page_header(
    units: Sequence[_Unit],
    marks: _Marks,
    contents: frozenset[str],
    rules: ImportRules,
    *,
    address: tuple[str, ...] = (),  # the last parts of the page's address, from address_parts
) -> tuple[str | None, str | None]:
    """The labels above the first sentence: the page title, the article title, site menus.

    The title is the heading that shares most words with the page's address, or else the
    last label above the first sentence. Site notices written as sentences (an update
    announcement above the page) can stand above the title: a heading further down that the
    address names, or that the page repeats as its title and heading, is then the title.
    """
    live = marks.live()
    first_body = next(
        (i for i in live if _is_body(units[i], rules) or units[i].is_bullet), len(units)
    )
    labels = [i for i in live if i < first_body and _can_be_title(units[i], rules)]
    scores = {i: address_score(units[i].plain, address) for i in labels}
    title_index: int | None = None
    if labels and max(scores.values()) > 0:
        best = max(scores.values())
        title_index = max(i for i in labels if scores[i] == best)  # the later: nearer the text
    elif labels:
        title_index = labels[-1]
        if _key(units[title_index].plain) in contents and len(labels) > 1:
            title_index = labels[-2]  # the last label is the first section heading
    else:
        title_index = _title_below_notices(units, marks, rules, address, first_body)
    if title_index is None:
        return None, None
    title = units[title_index].plain
    title_words = {w.casefold() for w in _words(title)}
    above = [i for i in live if i < title_index]
    original = next(
        (
            i
            for i in above
            if _can_be_title(units[i], rules)
            and title_words <= {w.casefold() for w in _words(units[i].plain)}
        ),
        None,
    )
    marks.mark(title_index, "title")
    if original is not None:
        marks.mark(original, "page-title")
    for index in above:
        if index != original:
            is_sentence = _ends_sentence(units[index].plain) and index >= first_body
            marks.mark(index, "page-notice" if is_sentence else "page-header")
    return title, units[original].plain if original is not None else None


_NOTICES_ABOVE_TITLE_MAX = 4  # sentences a site can put above a page's title
_STRONG_ADDRESS_SCORE = 4


def _title_below_notices(
    units: Sequence[_Unit],
    marks: _Marks,
    rules: ImportRules,
    address: tuple[str, ...],
    first_body: int,
) -> int | None:
    """A title below a few notice sentences: named by the address, or written twice."""
    live = marks.live()
    after = [i for i in live if i >= first_body][: _NOTICES_ABOVE_TITLE_MAX + 2]
    for position, index in enumerate(after):
        unit = units[index]
        if not _can_be_title(unit, rules) or position > _NOTICES_ABOVE_TITLE_MAX:
            continue
        following = after[position + 1] if position + 1 < len(after) else None
        is_twice = following is not None and _key(units[following].plain) == _key(unit.plain)
        if is_twice:
            return following
        if address_score(unit.plain, address) >= _STRONG_ADDRESS_SCORE:
            return index
    return None


def _can_be_title(unit: _Unit, rules: ImportRules) -> bool:
    """A label, a question, or a long unpunctuated line ("Goal C: Develop ... disabilities")."""
    text = unit.plain
    is_one_phrase = not re.search(r"[.!?]\s", text)  # "... of the NCI. They are intended to"
    return not unit.is_bullet and (
        _is_label(text, rules.heading_max_words)
        or _is_question(text, rules)
        or (is_one_phrase and _is_label(text, rules.item_max_words))
    )


def _mark_captions(units: Sequence[_Unit], marks: _Marks, rules: ImportRules) -> None:
    """A short line that starts in lower case and stands alone is the text of a picture
    ("woman coughing into elbow"); items of a list start in lower case too, but follow a
    line that ends with a colon, or each other."""
    live = marks.live()
    for position, index in enumerate(live):
        text = units[index].plain
        if units[index].is_bullet or not text[0].islower():
            continue
        if not _is_label(text, rules.short_line_words):
            continue
        before = units[live[position - 1]].plain if position else ""
        after = units[live[position + 1]].plain if position + 1 < len(live) else ""
        in_list = before.endswith(":") or before[:1].islower() or after[:1].islower()
        if not in_list:
            marks.mark(index, "image-text")


def _mark_closing_pointers(units: Sequence[_Unit], marks: _Marks, rules: ImportRules) -> None:
    """Sentences at the end of a page that send the reader to other resources ("Find asthma
    guides, tip sheets, and other resources from ..."), and a lead-in to links the copy
    lost ("Find fact sheets about ...:" with no list after it)."""
    live = marks.live()
    for position in range(len(live) - 1, -1, -1):
        unit = units[live[position]]
        words = _words(unit.plain)
        if unit.is_bullet or not words or words[0].casefold() not in rules.action_verbs:
            break
        folded = fold(unit.plain)
        following = units[live[position + 1]] if position + 1 < len(live) else None
        is_lost_lead_in = unit.plain.endswith(":") and not (following and following.is_bullet)
        if is_lost_lead_in or any(w in folded for w in rules.resource_words):
            marks.mark(live[position], "call-to-action")
        else:
            break


def _mark_page_footer(units: Sequence[_Unit], marks: _Marks, rules: ImportRules) -> None:
    """Labels after the last sentence and the last list: footer links, empty headings."""
    last_body = -1
    in_list = False
    for index in marks.live():
        unit = units[index]
        is_label = _is_label(unit.plain, rules.item_max_words) or _is_question(unit.plain, rules)
        if unit.is_bullet or unit.is_definition or not is_label or (in_list and is_label):
            last_body = index
        if not is_label:
            in_list = unit.plain.endswith(":")
    for index in marks.live():
        if index > last_body:
            marks.mark(index, "page-footer")


def _classify(units: Sequence[_Unit], contents: frozenset[str], rules: ImportRules) -> list[_Unit]:
    """Copied lines -> headings, paragraphs, list items, terms and definitions."""
    blocks: list[_Unit] = []
    group = 0
    in_list = False
    index = 0
    while index < len(units):
        unit = units[index]
        following = units[index + 1] if index + 1 < len(units) else None
        previous = blocks[-1] if blocks else None
        text = unit.plain
        in_same_list = previous is not None and previous.kind in (
            _Kind.ITEM,
            _Kind.TERM,
            _Kind.DEFINITION,
        )
        if unit.is_definition and previous is not None and previous.kind is _Kind.TERM:
            blocks.append(replace(unit, kind=_Kind.DEFINITION, group=group))
        elif following is not None and following.is_definition and _can_be_term(unit, rules):
            if not (previous is not None and previous.kind is _Kind.DEFINITION):
                group += 1
            blocks.append(replace(unit, kind=_Kind.TERM, group=group))
        elif unit.is_bullet:
            if not (previous is not None and previous.kind is _Kind.ITEM and previous.is_bullet):
                group += 1
            blocks.append(replace(unit, kind=_Kind.ITEM, group=group))
        elif in_list and _is_label(text, rules.item_max_words) and not _is_bulleted(previous):
            if not (in_same_list and previous is not None and previous.kind is _Kind.ITEM):
                group += 1
            blocks.append(replace(unit, kind=_Kind.ITEM, group=group))
        elif _is_label(text, rules.heading_max_words) or _is_question(text, rules):
            run = _label_run(units, index, rules)
            if len(run) >= 3 and not all(_is_question(u.plain, rules) for u in run):
                group += 1
                blocks.extend(replace(u, kind=_Kind.ITEM, group=group) for u in run)
                index += len(run)
                in_list = False
                continue
            blocks.append(replace(unit, kind=_Kind.HEADING))
        else:
            blocks.append(replace(unit, kind=_Kind.PARAGRAPH))
        kind = blocks[-1].kind
        in_list = (kind is _Kind.PARAGRAPH and text.endswith(":")) or (
            in_list and kind is _Kind.ITEM
        )
        index += 1
    return _level_headings(blocks, contents)


def _is_bulleted(block: _Unit | None) -> bool:
    return block is not None and block.kind is _Kind.ITEM and block.is_bullet


def _label_run(units: Sequence[_Unit], start: int, rules: ImportRules) -> list[_Unit]:
    run: list[_Unit] = []
    for position in range(start, len(units)):
        unit = units[position]
        following = units[position + 1] if position + 1 < len(units) else None
        is_term = following is not None and following.is_definition
        if unit.is_bullet or unit.is_definition or is_term:
            break
        if not (_is_label(unit.plain, rules.heading_max_words) or _is_question(unit.plain, rules)):
            break
        run.append(unit)
    return run


def _level_headings(blocks: list[_Unit], contents: frozenset[str]) -> list[_Unit]:
    """Sections listed in the contents, or with a heading right under them, are level 2."""
    tops = {
        i
        for i, b in enumerate(blocks)
        if b.kind is _Kind.HEADING
        and (
            _key(b.plain) in contents
            or (i + 1 < len(blocks) and blocks[i + 1].kind is _Kind.HEADING)
        )
    }
    levelled: list[_Unit] = []
    seen_top = False
    for index, block in enumerate(blocks):
        if block.kind is _Kind.HEADING:
            level = 3 if seen_top and index not in tops else 2  # before any top section: 2
            seen_top = seen_top or index in tops
            block = replace(block, level=level)
        levelled.append(block)
    return levelled


def _drop_empty_sections(blocks: Sequence[_Unit], dropped: list[Dropped]) -> list[_Unit]:
    """A heading whose section lost all its text ("References" above a removed list)."""
    kept: list[_Unit] = []  # in reverse: kept[-1] is the block after the current one
    for block in reversed(blocks):
        following = kept[-1] if kept else None
        is_empty = following is None or (
            following.kind is _Kind.HEADING and following.level <= block.level
        )
        if block.kind is _Kind.HEADING and is_empty:
            dropped.append(Dropped("empty-section", block.line, block.plain))
            continue
        kept.append(block)
    dropped.sort(key=lambda d: d.line)
    return kept[::-1]


def _lost_links(blocks: Iterable[_Unit]) -> list[Dropped]:
    """Links kept as plain text: in-page anchors, scripts, relative paths with no base."""
    return [Dropped("link-target", 0, link) for block in blocks for link in block.lost_links]


def _main_units(units: Sequence[_Unit], main_keys: Sequence[str]) -> set[int]:
    """Which units the extractor's text holds, matched in order so a repeated menu entry is
    not mistaken for the heading it repeats."""
    page_keys = [_key(u.match_text or u.plain) for u in units]
    matcher = difflib.SequenceMatcher(None, page_keys, list(main_keys), autojunk=False)
    main = {a + k for a, _, size in matcher.get_matching_blocks() for k in range(size)}
    joined = "".join(main_keys)
    for index, key in enumerate(page_keys):
        if index not in main and len(key) >= 20 and key in joined:
            main.add(index)  # the extractor split or merged this block's lines
    return main


def _shift_heading_levels(blocks: list[_Unit]) -> list[_Unit]:
    """The page's top heading level under the title becomes ##."""
    levels = [b.level for b in blocks if b.kind is _Kind.HEADING]
    if not levels:
        return blocks
    top = min(levels)
    return [
        replace(b, level=min(6, b.level - top + 2)) if b.kind is _Kind.HEADING else b
        for b in blocks
    ]


def _finish(
    blocks: list[_Unit], dropped: list[Dropped], *, title: str | None, side_drops: Sequence[Dropped]
) -> tuple[list[_Unit], str | None]:
    """The tail the HTML and Word readers share: the first level-1 heading becomes the title
    (noted as dropped), headings move up a level, empty sections go, and what the walk set
    aside and the links kept as plain text are noted. Returns the blocks and the title."""
    heading = next(
        (i for i, b in enumerate(blocks) if b.kind is _Kind.HEADING and b.level == 1), None
    )
    if heading is not None:
        title = blocks[heading].plain
        dropped.append(Dropped("title", 0, title))
        del blocks[heading]
    blocks = _drop_empty_sections(_shift_heading_levels(blocks), dropped)
    dropped.extend(side_drops)
    dropped.extend(_lost_links(blocks))
    return blocks, title
