"""Page chrome: rules that judge one unit alone and rules that judge it by its neighbours."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from pipeline.importer.dates import _ORG_IS, _page_url, _review_date
from pipeline.importer.notices import (
    is_byline,
    is_citation,
    is_file_link,
    is_image_text,
    is_metadata_label,
    notice_class,
)
from pipeline.importer.rules import ImportRules
from pipeline.importer.units import (
    _ends_sentence,
    _folded,
    _is_body,
    _is_label,
    _is_question,
    _is_title_case,
    _key,
    _Kind,
    _Marks,
    _Unit,
    _words,
)

# --- Rules that judge one unit alone -------------------------------------------------------

_PHONE = re.compile(r"(?<![\w/])\+?\(?\d[\d\s().-]{5,}\d(?![\w/])")
_DURATION = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?$")
_COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved", re.IGNORECASE)


def _unit_rule(unit: _Unit, rules: ImportRules) -> str | None:
    """The chrome rule one unit matches on its own text, or None."""
    text = unit.plain
    folded = _folded(text)
    if any(p in text.casefold() for p in rules.site_phrases):
        return "site-phrase"
    if shared := notice_class(text, rules.notice_classes):
        return shared  # "official-site", "cookie", "skip-link", ...
    checks: tuple[tuple[str, bool], ...] = (
        ("advert", folded in rules.ad_labels),
        ("ui-control", folded in rules.ui_labels),
        ("icon", _is_icon(folded, rules)),
        ("social", _is_social(text, rules)),
        ("phone", _is_phone_line(text)),
        ("breadcrumb", _is_breadcrumb_line(text, rules)),
        ("notice", _is_notice(text, rules) or _is_publisher_note(text, rules)),
        ("video-caption", _is_video_caption(text, rules)),
        ("review-date", _review_date(text, rules) is not None),
        ("page-url", _page_url(text, rules) is not None),
        ("site-link", _is_site_link(unit, rules)),
        ("image-text", is_image_text(text, rules.image_openers)),
        ("byline", is_byline(text, rules.credentials)),
        ("reference", is_citation(text)),
        ("file-link", is_file_link(text)),
        ("page-metadata", is_metadata_label(text, rules.metadata_labels)),
    )
    return next((rule for rule, matched in checks if matched), None)


def _is_icon(folded: str, rules: ImportRules) -> bool:
    words = folded.split()
    return (
        0 < len(words) <= 3
        and all(w in rules.icon_nouns or w in rules.icon_words for w in words)
        and any(w in rules.icon_nouns for w in words)
    )


def _is_social(text: str, rules: ImportRules) -> bool:
    if len(_words(text)) > rules.short_line_words or _ends_sentence(text):
        return False
    lowered = text.casefold()
    return any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", lowered) for n in rules.social_networks)


def _is_phone_line(text: str) -> bool:
    numbers = [m for m in _PHONE.finditer(text) if 7 <= sum(c.isdigit() for c in m.group()) <= 15]
    if not numbers:
        return False
    rest = _PHONE.sub(" ", text)
    return len(_words(rest)) <= 3  # "Call us:", "Appointments" and the like


def _is_breadcrumb_line(text: str, rules: ImportRules) -> bool:
    """One line "Home / Health Library / Flu" (a trail copied or written on one line)."""
    for separator in rules.separators:
        parts = [p.strip() for p in text.split(f" {separator} ")]
        if len(parts) < 2 or not all(parts):
            continue
        short = all(len(_words(p)) <= 5 and not _ends_sentence(p) for p in parts)
        root = _folded(parts[0])
        is_root = root in rules.breadcrumb_roots or root.endswith(" home")  # "Strategic Plan home"
        if short and (len(parts) >= 3 or is_root):
            return True
    return False


def _is_notice(text: str, rules: ImportRules) -> bool:
    words = [w.casefold() for w in _words(text)]
    stems = {
        s
        for s in rules.notice_stems
        if any(w.startswith(s) for w in words) or (" " in s and s in text.casefold())
    }
    if len(stems) >= 2 or (_COPYRIGHT.search(text) and len(words) <= 30):
        return True  # a long paragraph may mention copyright; a notice is short
    # "Policy", "Privacy Policy", "Terms of Use": a short line of notice words alone
    content = [w for w in words if w not in rules.minor_words]
    return (
        0 < len(words) <= 4
        and not _ends_sentence(text)
        and bool(content)
        and all(any(w.startswith(s) for s in rules.notice_stems) for w in content)
    )


def _is_publisher_note(text: str, rules: ImportRules) -> bool:
    """ "Riverside Health is a non-profit health system.": about the site, not the health topic."""
    return len(_words(text)) <= 30 and any(
        any(p in found["what"].casefold() for p in rules.publisher_phrases)
        for found in _ORG_IS.finditer(text)
    )


def _is_video_caption(text: str, rules: ImportRules) -> bool:
    words = _words(text)
    if _DURATION.match(text):
        return True
    if len(words) > 30:
        return False
    credential = re.search(r",\s*([A-Za-z][A-Za-z.-]{1,7})\s*,", f"{text},")
    names_person = bool(credential and credential.group(1).replace(".", "") in rules.credentials)
    speaks = any(w.casefold() in rules.speech_verbs for w in words)
    if names_person and speaks:
        return True
    is_short_label = len(words) <= rules.short_line_words and not _ends_sentence(text)
    return is_short_label and any(w.casefold() in rules.video_words for w in words)


def _is_site_link(unit: _Unit, rules: ImportRules) -> bool:
    text = unit.plain
    folded = _folded(text)
    if not any(folded.startswith(o) for o in rules.site_link_openers):
        return False
    if len(_words(text)) > 20:
        return False
    mentions_site = any(w.casefold() in rules.site_words for w in _words(text))
    return mentions_site or unit.pieces > 1 or not _ends_sentence(text)


# --- Rules that judge a unit by its neighbours ---------------------------------------------


def _mark_chrome(units: Sequence[_Unit], marks: _Marks, rules: ImportRules) -> frozenset[str]:
    """Mark every unit that a general rule finds to be chrome; return table-of-contents keys."""
    for index, unit in enumerate(units):
        rule = _unit_rule(unit, rules)
        if rule is not None:
            marks.mark(index, rule)
    _mark_separated_trails(units, marks, rules)
    _mark_notice_labels(units, marks, rules)
    _mark_calls_to_action(units, marks, rules)
    _mark_review_labels(units, marks, rules)
    contents = _mark_table_of_contents(units, marks, rules)
    _mark_promos(units, marks, contents, rules)
    _mark_repeats(units, marks, contents, rules)
    return contents


def _mark_separated_trails(units: Sequence[_Unit], marks: _Marks, rules: ImportRules) -> None:
    """ "Home" "/" "Health Library" "/" "Flu" on lines of their own: a breadcrumb trail."""
    for index, unit in enumerate(units):
        if unit.plain not in rules.separators:
            continue
        marks.mark(index, "breadcrumb")
        for neighbour in (index - 1, index + 1):
            if 0 <= neighbour < len(units) and _is_label(units[neighbour].plain, 5):
                marks.mark(neighbour, "breadcrumb")


def _mark_notice_labels(units: Sequence[_Unit], marks: _Marks, rules: ImportRules) -> None:
    """ "Accept analytics cookies" beside a cookie notice: the notice's title and buttons."""
    changed = True
    while changed:
        changed = False
        for index in marks.live():
            text = units[index].plain
            words = [w.casefold() for w in _words(text)]
            has_stem = any(w.startswith(s) for w in words for s in rules.notice_stems)
            beside = "notice" in (marks.rules.get(index - 1), marks.rules.get(index + 1))
            if has_stem and beside and _is_label(text, rules.short_line_words):
                changed |= marks.mark(index, "notice")


def _next_live(marks: _Marks, index: int) -> int | None:
    return next((i for i in range(index + 1, len(marks.units)) if i not in marks.rules), None)


def _is_followed_by_body(
    units: Sequence[_Unit], marks: _Marks, index: int, rules: ImportRules
) -> bool:
    following = _next_live(marks, index)
    return following is not None and _is_body(units[following], rules)


def _is_action(unit: _Unit, rules: ImportRules) -> bool:
    words = _words(unit.plain)
    return (
        0 < len(words) <= rules.short_line_words
        and words[0].casefold() in rules.action_verbs
        and not re.search(r"[.?:;,]$", unit.plain)
        and unit.kind is not _Kind.TERM
    )


def _mark_calls_to_action(units: Sequence[_Unit], marks: _Marks, rules: ImportRules) -> None:
    """ "Make an Appointment": a short line that opens with a verb and leads to no text.

    Title Case is enough on its own; a sentence-case line ("Pida una cita") must also stand
    beside other chrome, since list items in plain language also open with verbs.
    """
    candidates = [
        i
        for i in marks.live()
        if _is_action(units[i], rules) and not _is_followed_by_body(units, marks, i, rules)
    ]
    for index in candidates:
        if _is_title_case(units[index].plain, rules):
            marks.mark(index, "call-to-action")
    changed = True
    while changed:
        changed = False
        for index in candidates:
            if index not in marks.rules and (index - 1 in marks.rules or index + 1 in marks.rules):
                changed |= marks.mark(index, "call-to-action")


def _mark_review_labels(units: Sequence[_Unit], marks: _Marks, rules: ImportRules) -> None:
    """ "Medically Reviewed" just above "Last reviewed on 06/17/2025."."""
    for index in marks.live():
        following = index + 1
        if following >= len(units) or marks.rules.get(following) != "review-date":
            continue
        words = set(_folded(units[index].plain).split())
        if _is_label(units[index].plain, 4) and words & set(rules.review_words):
            marks.mark(index, "review-date")


def _mark_table_of_contents(
    units: Sequence[_Unit], marks: _Marks, rules: ImportRules
) -> frozenset[str]:
    """ "Contents" and the headings listed under it (each found again further down)."""
    entries: set[str] = set()
    for index in marks.live():
        if _folded(units[index].plain) not in rules.toc_markers:
            continue
        if not marks.mark(index, "table-of-contents"):
            continue
        for entry in range(index + 1, len(units)):
            if entry in marks.rules:
                continue  # an icon or an advert inside the list
            text = units[entry].plain
            later = {_key(u.plain) for u in units[entry + 1 :]}
            if not _is_label(text, rules.heading_max_words) and not _is_question(text, rules):
                break
            if _key(text) not in later:
                break
            marks.mark(entry, "table-of-contents")
            entries.add(_key(text))
    return frozenset(entries)


def _mark_promos(
    units: Sequence[_Unit], marks: _Marks, contents: frozenset[str], rules: ImportRules
) -> None:
    """A heading and a few words above a call to action: a box advertising the publisher."""
    for index in marks.live():
        text = units[index].plain
        if not _is_label(text, rules.short_line_words) or units[index].kind is _Kind.ITEM:
            continue
        if _key(text) in contents or _is_in_run(units, marks, index, rules):
            continue
        body: list[int] = []
        words = 0
        position = index + 1
        while position < len(units):
            rule = marks.rules.get(position)
            if rule == "call-to-action":
                for member in [index, *body]:
                    marks.mark(member, "promo")
                break
            if rule is not None:
                break  # other chrome between the text and the button: not one box
            unit = units[position]
            words += len(_words(unit.plain))
            if not _ends_sentence(unit.plain) or len(body) == 2 or words > rules.promo_max_words:
                break
            body.append(position)
            position += 1


def _is_in_run(units: Sequence[_Unit], marks: _Marks, index: int, rules: ImportRules) -> bool:
    """Does a live label or a list's opening line ("include:") stand just above this line?"""
    above = index - 1
    if above < 0 or above in marks.rules:
        return False
    text = units[above].plain
    return text.endswith(":") or _is_label(text, rules.item_max_words)


def _mark_repeats(
    units: Sequence[_Unit], marks: _Marks, contents: frozenset[str], rules: ImportRules
) -> None:
    """A line seen again and again ("Share"), or twice with chrome beside it (a promo box)."""
    # Only lines no other rule explains are counted: a breadcrumb repeats the title by design.
    counts = Counter(_key(units[i].plain) for i in marks.live())
    for index in marks.live():
        key = _key(units[index].plain)
        if key in contents:
            continue  # a heading is listed once more in the contents, which is not chrome
        count = counts[key]
        near_chrome = index - 1 in marks.rules or index + 1 in marks.rules
        if key and (
            count >= rules.repeat_min or (count >= rules.repeat_min_near_chrome and near_chrome)
        ):
            marks.mark(index, "repeated")
