"""Article + Translations + locale -> LocalizedDocument; marks English fallback.

Reassembly walks the source and looks up each sentence, so a catalog can never
add, drop or reorder content: it can only replace a sentence's words.
"""

from __future__ import annotations

import functools
import re

from pipeline.errors import Outcome, Problem
from pipeline.locales import LocaleInfo, long_date
from pipeline.model import (
    LABELS,
    NO_CLINIC,
    Article,
    Clinic,
    FrontMatter,
    Labels,
    LabelText,
    LocalizedBlock,
    LocalizedDocument,
    LocalizedSentence,
    Segment,
    Translations,
)
from pipeline.placeholders import PlaceholderError, inline_text, to_inlines
from pipeline.untrusted import unsafe_reason

SOURCE_LABEL = "Source: {source}"
REVIEWED_LABEL = "Last reviewed: {date}"
PAGE_LABEL = "Page {page} of {pages}"


def _english(segment: Segment, *, is_fallback: bool) -> LocalizedSentence:
    """The source sentence, as it is shown in its own language or in place of a
    translation that is missing or cannot be used."""
    return LocalizedSentence(
        segment.segment_id, to_inlines(segment.msgid, segment.placeholders), is_fallback
    )


def localize(
    article: Article,
    translations: Translations | None,
    labels: Translations | None,
    *,
    locale: LocaleInfo,
    clinic: Clinic = NO_CLINIC,
) -> tuple[LocalizedDocument, tuple[Problem, ...]]:
    """Source sentences in reading order, each translated or, if it cannot be, English.

    `translations` is None for the source language. A translation whose placeholders
    do not match its msgid is not published: the English is shown and a problem
    names the catalog line.
    """
    problems: dict[tuple[str | None, str], Problem] = {}  # one per entry, not per use

    def sentence(segment: Segment) -> LocalizedSentence:
        localized, problem = _sentence(segment, translations)
        if problem is not None:
            problems[(segment.msgctxt, segment.msgid)] = problem
        return localized

    blocks = tuple(
        LocalizedBlock(block=b.block, sentences=tuple(sentence(s) for s in b.segments))
        for b in article.blocks
        if b.block.kind.value != "title"
    )
    title = tuple(
        sentence(s) for b in article.blocks if b.block.kind.value == "title" for s in b.segments
    )
    has_fallback = any(s.is_fallback for b in blocks for s in b.sentences) or any(
        s.is_fallback for s in title
    )
    meta = article.meta
    document = LocalizedDocument(
        slug=meta.slug,
        locale=locale,
        title=title,
        blocks=blocks,
        labels=_labels(meta, labels, locale=locale, clinic=clinic),
        publisher=meta.publisher,
        original_title=meta.original_title,
        reviewed_iso=meta.last_reviewed.isoformat(),
        has_fallback=has_fallback,
        source_url=meta.source_url,
        clinic_name=clinic.name,
    )
    return document, tuple(problems.values())


def _sentence(
    segment: Segment, translations: Translations | None
) -> tuple[LocalizedSentence, Problem | None]:
    """One sentence translated, or the English and, where its translation may not be
    printed, the problem naming the catalog line."""
    if translations is None:
        return _english(segment, is_fallback=False), None
    english = functools.partial(_english, segment, is_fallback=True)  # made only if shown
    entry = translations.entries.get((segment.msgctxt, segment.msgid))
    if entry is None:
        return english(), None
    reason = unsafe_reason(entry.msgstr, msgid=segment.msgid)
    if reason:
        problem = Problem(
            f"{translations.path}:{entry.line}: {reason}; the English sentence is shown instead.",
            Outcome.INPUT,
        )
        return english(), problem
    try:
        inlines = to_inlines(entry.msgstr, segment.placeholders)
    except PlaceholderError as error:
        message = (
            f"{translations.path}:{entry.line}: {error}; the English sentence is shown "
            "until the msgstr keeps the msgid's placeholders."
        )
        return english(), Problem(message, Outcome.INPUT)
    return LocalizedSentence(segment.segment_id, inlines, is_fallback=False), None


def _labels(
    meta: FrontMatter, labels: Translations | None, *, locale: LocaleInfo, clinic: Clinic
) -> Labels:
    """The handout's template words in the language, placeholders filled; a label the
    catalog lacks, or cannot print (`label_problems` says why, once), stays English."""
    source = f"{meta.publisher}, “{meta.original_title}”"
    date = long_date(meta.last_reviewed, locale)
    label = functools.partial(_label, labels, locale)
    return Labels(
        translated_from=None if locale.is_english else label("Translated from English."),
        source=label(SOURCE_LABEL, source=source, english=frozenset({"source"})),
        last_reviewed=label(REVIEWED_LABEL, date=date),
        handouts=label("Patient handouts"),
        fallback_note=label("Some sentences are not translated yet and are shown in English."),
        page_of=label(PAGE_LABEL, counters=frozenset({"page", "pages"})),
        care_team=label("Your care team"),
        phone=label("Phone: {phone}", phone=clinic.phone),
        address=label("Address: {address}", address=clinic.address),
        english_title=None
        if locale.is_english
        else label("English title: {title}", title=meta.title, english=frozenset({"title"})),
        disclaimer=label("This handout does not replace the advice of your care team."),
    )


def _label(
    labels: Translations | None,
    locale: LocaleInfo,
    msgid: str,
    *,
    english: frozenset[str] = frozenset(),
    counters: frozenset[str] = frozenset(),
    **values: str,
) -> LabelText:
    """One template label: its translation if it may be printed, else the English; each
    value kept apart (marked English where it is), each counter left for the printer."""
    found = labels.entries.get((None, msgid)) if labels is not None else None
    text, is_fallback = msgid, labels is not None
    if found is not None and _label_fault(msgid, found.msgstr) is None:
        text, is_fallback = found.msgstr, False
    # Split on the placeholders, never str.format: a translation is data, not code.
    parts: list[tuple[str, str]] = []
    for piece in re.split(r"(\{\w+\})", text):
        name = piece[1:-1] if piece.startswith("{") and piece.endswith("}") else None
        if name in counters:
            parts.append(("", name))
        elif name in values and not values[name]:
            parts.append(("", "blank"))  # a line to write on
        elif name in values:
            parts.append((values[name], "en" if name in english and not locale.is_english else ""))
        elif piece:
            parts.append((piece, ""))
    return LabelText(tuple(parts), is_fallback)


def _label_fault(msgid: str, msgstr: str) -> str | None:
    """Why a label's translation cannot be printed (the English label is), or None."""
    reason = unsafe_reason(msgstr, msgid=msgid)
    if reason:
        return reason
    names = re.findall(r"\{(\w+)\}", msgid)
    if all(f"{{{name}}}" in msgstr for name in names):
        return None
    placeholders = ", ".join("{" + name + "}" for name in names)
    return f"this msgstr drops a placeholder of its msgid ({placeholders})"


def label_problems(labels: Translations) -> tuple[Problem, ...]:
    """Each label of a catalog that is shown in English because its translation cannot
    be printed: judged once per catalog, not once per handout that shows it."""
    problems = []
    for label in LABELS:
        found = labels.entries.get((None, label.msgid))
        fault = None if found is None else _label_fault(label.msgid, found.msgstr)
        if found is not None and fault is not None:
            message = f"{labels.path}:{found.line}: {fault}; the English label is shown."
            problems.append(Problem(message, Outcome.INPUT))
    return tuple(problems)


def plain(sentence: LocalizedSentence) -> str:
    """The words of a localized sentence, markup dropped."""
    return inline_text(sentence.inlines)
