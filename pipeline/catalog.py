"""Article -> POT text; POT + PO -> merged PO; PO -> Translations.

`po_reader` reads catalogs, refusing what GNU msgfmt refuses; `po_writer` writes
them as GNU msgcat would.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from pipeline.errors import InputError
from pipeline.locales import LocaleInfo, parse_plural_forms
from pipeline.model import (
    LABELS,
    Article,
    CatalogEntry,
    HeldEntry,
    Remembered,
    Segment,
    SpanKind,
    TranslatedEntry,
    Translations,
)
from pipeline.po_matching import MEMORY_NOTE, closest, offer_from_memory
from pipeline.po_reader import Catalog, read_po
from pipeline.po_reader import saved_by_windows_tool as saved_by_windows_tool  # for build
from pipeline.po_writer import Entry, write_po
from pipeline.publishable import CHECK_NOTE, Hold, Verdict, judge, unsafe_changes

__all__ = ["CHECK_NOTE", "unsafe_changes"]  # re-exported: the check note is merge's word

GLOSSARY_NOTE = "Glossary:"  # written by the note function build passes in (checks.glossary_note)

_KIND_WORDS = {
    SpanKind.EMPHASIS: "emphasis",
    SpanKind.STRONG: "strong emphasis",
    SpanKind.CODE: "code, keep as is",
}
_HEADER_ORDER = (
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Plural-Forms",
)


# --- templates ---------------------------------------------------------------------


def make_template(
    article: Article,
    *,
    created: dt.datetime,
) -> str:
    """Article -> POT text: one entry per distinct sentence, in reading order.

    Each entry carries context for the translator (segment, kind, section, placeholders,
    the sentences before and after), never a score: a grade is the editor's business, and
    a change to how syllables are counted must not rewrite every translator's catalog."""
    header = _header(
        {"Project-Id-Version": article.meta.slug},
        created=created,
        comments=[
            f"Translation template for “{article.meta.title}” ({article.path}).",
            "Written by plain-handouts: translate the .po files under locales/, not this file.",
        ],
    )
    entries: dict[tuple[str | None, str], Entry] = {}
    segments = article.segments
    for index, segment in enumerate(segments):
        key = (segment.msgctxt, segment.msgid)
        reference = f"{segment.path}#{segment.anchor}"
        if key in entries:
            entry = entries[key]
            if reference not in entry.references:
                entry.references.append(reference)
            entry.extracted_comments.append(
                f"Also segment {segment.segment_id}, in “{segment.section_title}”."
            )
            continue
        before = segments[index - 1].text if index > 0 else ""
        after = segments[index + 1].text if index + 1 < len(segments) else ""
        entries[key] = Entry(
            msgid=segment.msgid,
            msgctxt=segment.msgctxt,
            references=[reference],
            extracted_comments=_context(segment, before, after),
        )
    return write_po([header, *entries.values()])


def make_label_template(*, created: dt.datetime) -> str:
    """The template words shared by every handout -> POT text."""
    header = _header(
        {"Project-Id-Version": "handouts"},
        created=created,
        comments=["Words of the handout template, shared by every article."],
    )
    entries = [
        Entry(
            msgid=label.msgid,
            extracted_comments=[label.comment],
            flags=["python-brace-format"] if "{" in label.msgid else [],
        )
        for label in LABELS
    ]
    return write_po([header, *entries])


def _context(segment: Segment, before: str, after: str) -> list[str]:
    lines = [f"Segment {segment.segment_id} ({segment.kind.value})."]
    if segment.section:
        lines.append(f"Section: {' > '.join(segment.section)}")
    for placeholder in segment.placeholders:
        number = placeholder.number
        if placeholder.kind is SpanKind.LINK:
            what = f"link to {placeholder.href}"
        else:
            what = _KIND_WORDS[placeholder.kind]
        lines.append(f"{{{number}}}...{{/{number}}}: {what}; keep the pair around the words.")
    if before:
        lines.append(f"Before: {before}")
    if after:
        lines.append(f"After: {after}")
    return lines


def _header(
    fields: Mapping[str, str],
    *,
    created: dt.datetime,
    comments: list[str],
    language: str = "",
    plural_forms: str | None = None,
) -> Entry:
    stamp = created.strftime("%Y-%m-%d %H:%M%z")
    values = {
        "Project-Id-Version": "",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": stamp,
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE" if not language else stamp,
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        **fields,
    }
    if plural_forms:
        values["Plural-Forms"] = plural_forms
    return Entry(msgid="", msgstr=_header_text(values), translator_comments=list(comments))


def _header_text(values: Mapping[str, str]) -> str:
    ordered = [k for k in _HEADER_ORDER if k in values] + [
        k for k in values if k not in _HEADER_ORDER
    ]
    return "".join(f"{key}: {values[key]}\n" for key in ordered)


# --- reading -----------------------------------------------------------------------


def _parse(text: str, *, path: str) -> Catalog:
    """PO text -> its entries, or an InputError naming the line at fault."""
    return read_po(text, path=path)


def check_header(catalog: Catalog, text: str, *, locale: LocaleInfo, path: str) -> None:
    """A catalog's header must say which language it is, and count its plurals right."""
    line = header_line(text, "Language") or next(
        (n for n, raw in enumerate(text.split("\n"), start=1) if raw == 'msgid ""'), 1
    )
    language = catalog.metadata.get("Language", "").strip()
    if not language:
        raise InputError(
            f'the header has no Language; add "Language: {locale.gettext_name}\\n".',
            path=path,
            line=line,
        )
    if language.replace("-", "_").lower() != locale.gettext_name.lower():
        raise InputError(
            f"the header says Language: {language}, but this catalog is for "
            f"{locale.gettext_name}; move the file or fix the header.",
            path=path,
            line=line,
        )
    # Only what msgfmt refuses stops a build: a header it cannot read, or a plural entry
    # whose msgstr[] count differs from the header's nplurals. A valid rule that is not
    # the one recorded for the language is a `check` warning (checks.plural_forms_warning).
    plural_forms = catalog.metadata.get("Plural-Forms")
    nplurals: int | None = None
    if plural_forms is not None:
        try:
            nplurals = parse_plural_forms(plural_forms).nplurals
        except ValueError as error:
            raise InputError(
                f"the Plural-Forms header {error}; write one msgfmt accepts, such as "
                f'"Plural-Forms: {locale.plural_forms}\\n".',
                path=path,
                line=header_line(text, "Plural-Forms") or line,
            ) from None
    for entry in catalog.entries:
        if not entry.msgid_plural or entry.obsolete:
            continue
        if nplurals is None:
            raise InputError(
                "this plural entry needs a Plural-Forms header; add "
                f'"Plural-Forms: {locale.plural_forms}\\n" to the header.',
                path=path,
                line=entry.line,
            )
        if len(entry.msgstr_plural) != nplurals:
            raise InputError(
                f"this plural entry has {len(entry.msgstr_plural)} msgstr forms; the "
                f"Plural-Forms header gives nplurals={nplurals}.",
                path=path,
                line=entry.line,
            )


def header_line(text: str, field: str) -> int | None:
    """The number of the first line that starts with `"Field:`, found without splitting
    the catalog into lines (every update asks, and the header is at the top)."""
    prefix = f'"{field}:'
    if text.startswith(prefix):
        return 1
    found = text.find("\n" + prefix)
    return None if found < 0 else text.count("\n", 0, found + 1) + 1


def _entries(catalog: Catalog) -> tuple[Entry, list[Entry]]:
    """A parsed catalog -> its header entry (fields in GNU's order) and its messages."""
    header = Entry(
        msgid="",
        msgstr=_header_text(catalog.metadata),
        translator_comments=list(catalog.header.translator_comments) if catalog.header else [],
        flags=["fuzzy"] if catalog.header_is_fuzzy else [],
    )
    return header, catalog.entries


def canonical(text: str, *, path: str) -> str:
    """Any valid PO text -> the same catalog as GNU msgcat would write it."""
    return _canonical_of(_parse(text, path=path))


def _canonical_of(catalog: Catalog) -> str:
    """`canonical` of a catalog already parsed."""
    header, entries = _entries(catalog)
    return write_po([header, *entries])


# --- merging -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Merged:
    """An updated catalog: its text, and what of it may be published (as
    `read_translations` would read it back, without parsing the text again)."""

    text: str
    translations: Translations


# Long: one pass over the template against the old catalog; its steps share the matched and
# unmatched entries, which split functions would all have to pass.
def merge(
    template: str,
    existing: str | None,
    *,
    locale: LocaleInfo,
    path: str,
    created: dt.datetime,
    memory: Callable[[], Mapping[str, Remembered]] | None = None,
    glossary_note: Callable[[str], str | None] | None = None,
) -> Merged:
    """POT text + the translator's PO text (or None) -> the updated PO text.

    Nothing a translator wrote is dropped: an unchanged msgid keeps its msgstr,
    comments and flags; a close match keeps the old msgstr marked fuzzy with the old
    msgid in `#|`; the rest stays in the file as obsolete `#~` entries and comes back
    if the sentence does. An old translation is offered for a changed sentence only
    with a check note naming any number, unit, negation or name that changed.
    """
    pot_header, pot_entries = _template(template)
    old = _parse(existing, path=path) if existing is not None else None
    if old is not None and existing is not None:
        check_header(old, existing, locale=locale, path=path)
    header = _merged_header(pot_header, old, locale=locale, created=created)
    previous: dict[tuple[str | None, str], Entry] = {}
    if old is not None:
        previous = {(e.msgctxt, e.msgid): e for e in _entries(old)[1]}
    used: set[tuple[str | None, str]] = set()
    merged: list[Entry] = []
    unmatched: list[Entry] = []
    # Entries that may carry a check note: those this merge makes fuzzy, and those whose
    # note is still in the file. A note msgmerge dropped is not written back.
    may_note: set[int] = set()
    for template_entry in pot_entries:
        key = (template_entry.msgctxt, template_entry.msgid)
        entry = Entry(
            msgid=template_entry.msgid,
            msgctxt=template_entry.msgctxt,
            msgid_plural=template_entry.msgid_plural,
            extracted_comments=list(template_entry.extracted_comments),
            references=list(template_entry.references),
            flags=list(template_entry.flags),
        )
        match = previous.get(key)
        if match is not None:
            _keep(entry, match, is_fuzzy=match.is_fuzzy)
            if not match.obsolete:
                entry.previous_msgid = match.previous_msgid
                entry.previous_msgctxt = match.previous_msgctxt
                if any(c.startswith(CHECK_NOTE) for c in match.extracted_comments):
                    may_note.add(id(entry))
            used.add(key)
        else:
            unmatched.append(entry)
        merged.append(entry)
    candidates = [
        e for k, e in previous.items() if k not in used and not e.obsolete and e.has_translation
    ]
    for entry in unmatched:
        best = closest(entry, candidates)
        if best is not None:
            _keep(entry, best, is_fuzzy=True)
            entry.previous_msgid = best.msgid
            entry.previous_msgctxt = best.msgctxt
            may_note.add(id(entry))
            used.add((best.msgctxt, best.msgid))
            candidates.remove(best)
        elif memory is not None:
            # Loaded only now: most updates match every sentence in their own catalog.
            remembered_all = memory()
            if entry.msgid in remembered_all:
                remembered = remembered_all[entry.msgid]
                entry.msgstr = remembered.msgstr
                entry.extracted_comments.append(
                    f"{MEMORY_NOTE} the same sentence, translated in {remembered.source}."
                )
            elif remembered_all:
                offer_from_memory(entry, remembered_all)
                may_note.add(id(entry))
    for entry in merged:  # the glossary's terms, as they are now, beside each sentence
        entry.extracted_comments = [
            c for c in entry.extracted_comments if not c.startswith(GLOSSARY_NOTE)
        ]
        note = None if glossary_note is None else glossary_note(entry.msgid)
        if note is not None:
            entry.extracted_comments.append(note)
    verdicts = {id(entry): _note_unsafe_changes(entry, id(entry) in may_note) for entry in merged}
    for key, stale in previous.items():
        if key in used or not stale.has_translation:
            continue
        kept = [
            c for c in stale.extracted_comments if not c.startswith((CHECK_NOTE, GLOSSARY_NOTE))
        ]
        # A copy: the catalog as read stays as it was, for the comparison below.
        merged.append(replace(stale, obsolete=True, extracted_comments=kept))
    active = [e for e in merged if not e.obsolete]
    if old is not None and existing is not None and (header, merged) == _entries(old):
        # Nothing changed: write_po would give canonical(existing), which keeps the
        # translator's bytes below either way. Most updates change nothing, and writing
        # the text only to compare it was a twentieth of a build (issue 20).
        lines = [e.line or 1 for e in old.entries if not e.obsolete]
        judged = [(e, verdicts[id(e)], line) for e, line in zip(active, lines, strict=True)]
        return Merged(existing, _translations(judged, path=path, lang=locale.tag))
    text = write_po([header, *merged])
    # The same entries in another tool's line layout (translate-toolkit, Poedit): the
    # translator's bytes stay, so the repository does not flip between layouts. (`old` is
    # `existing` as parsed above, unchanged.)
    if existing is not None and text != existing and old is not None and _canonical_of(old) == text:
        return Merged(existing, read_translations(existing, path=path, lang=locale.tag))
    # write_po puts the header, then the active entries in order: one `msgid` line each.
    lines = [n for n, line in enumerate(text.split("\n"), start=1) if line.startswith("msgid ")]
    return Merged(
        text,
        _translations(
            [(e, verdicts[id(e)], line) for e, line in zip(active, lines[1:], strict=True)],
            path=path,
            lang=locale.tag,
        ),
    )


def _translations(
    judged: Sequence[tuple[Entry, Verdict, int]], *, path: str, lang: str
) -> Translations:
    """Judged entries -> what may be printed, and why each other one is held back."""
    entries: dict[tuple[str | None, str], TranslatedEntry] = {}
    held: dict[tuple[str | None, str], HeldEntry] = {}
    for entry, verdict, line in judged:
        key = (entry.msgctxt, entry.msgid)
        if verdict.hold is None:
            entries[key] = TranslatedEntry(msgstr=entry.msgstr, line=line)
        elif verdict.hold is not Hold.OBSOLETE:
            held[key] = HeldEntry(hold=verdict.hold.value, reasons=verdict.reasons, line=line)
    return Translations(path=path, lang=lang, entries=entries, held=held)


def _judge(entry: Entry) -> Verdict:
    return judge(
        entry.msgid,
        entry.msgstr,
        is_fuzzy=entry.is_fuzzy,
        is_obsolete=entry.obsolete,
        msgid_plural=entry.msgid_plural,
        previous_msgid=entry.previous_msgid,
    )


@functools.lru_cache(maxsize=4)
def _template(text: str) -> tuple[Entry, tuple[Entry, ...]]:
    """A template parsed once for all the languages merged from it (merge copies what
    it takes from these entries and never changes them)."""
    header, entries = _entries(_parse(text, path="the POT template"))
    return header, tuple(entries)


def _merged_header(
    pot_header: Entry, old: Catalog | None, *, locale: LocaleInfo, created: dt.datetime
) -> Entry:
    pot_fields = _header_fields(pot_header.msgstr)
    project = pot_fields.get("Project-Id-Version", "")
    if old is None:
        return _header(
            {
                "Project-Id-Version": project,
                "Language-Team": locale.english_name,
                "POT-Creation-Date": pot_fields.get("POT-Creation-Date", ""),
            },
            created=created,
            comments=[f"{locale.english_name} translation of {project}."],
            language=locale.gettext_name,
            plural_forms=locale.plural_forms,
        )
    fields = dict(old.metadata)
    fields["POT-Creation-Date"] = pot_fields.get("POT-Creation-Date", "")
    fields.setdefault("Language", locale.gettext_name)  # a translator's own value wins
    fields.setdefault("Plural-Forms", locale.plural_forms)
    if not fields.get("Language"):
        fields["Language"] = locale.gettext_name
    return Entry(
        msgid="",
        msgstr=_header_text(fields),
        translator_comments=list(old.header.translator_comments) if old.header else [],
        flags=["fuzzy"] if old.header_is_fuzzy else [],
    )


def _header_fields(text: str) -> dict[str, str]:
    fields = {}
    for line in text.split("\n"):
        name, _, value = line.partition(":")
        if value:
            fields[name.strip()] = value.strip()
    return fields


def _keep(entry: Entry, old: Entry, *, is_fuzzy: bool) -> None:
    entry.msgstr = old.msgstr
    entry.msgstr_plural = dict(old.msgstr_plural)
    entry.translator_comments = list(old.translator_comments)
    for flag in old.flags:  # translators' flags, such as no-wrap, survive
        if flag not in entry.flags and flag != "fuzzy":
            entry.flags.append(flag)
    entry.extracted_comments += [c for c in old.extracted_comments if c.startswith(MEMORY_NOTE)]
    if is_fuzzy and entry.has_translation:
        entry.flags.insert(0, "fuzzy")


def _note_unsafe_changes(entry: Entry, may_note: bool) -> Verdict:
    """The entry's check note, derived from its state: while it is fuzzy with an old
    msgid (`#|`) whose change matters, the note says what changed; once a translator
    confirms it (clears fuzzy, in any tool) the note goes. Nothing here sets fuzzy: a
    confirmed translation that still disagrees on a number is held back by `judge`."""
    entry.extracted_comments = [c for c in entry.extracted_comments if not c.startswith(CHECK_NOTE)]
    verdict = _judge(entry)
    if verdict.check_note is not None and may_note:
        entry.extracted_comments.append(verdict.check_note)
    return verdict


def read_translations(
    text: str, *, path: str, lang: str, locale: LocaleInfo | None = None
) -> Translations:
    """PO text -> the entries fit to publish (`publishable.judge`), and why each other
    active entry is held back. With `locale`, the header must match it."""
    catalog = _parse(text, path=path)
    if locale is not None:
        check_header(catalog, text, locale=locale, path=path)
    return _translations(
        [(e, _judge(e), e.line or 1) for e in catalog.entries if not e.obsolete],
        path=path,
        lang=lang,
    )


def read_memory(text: str, *, path: str) -> dict[str, Remembered]:
    """A catalog -> the translations it would print, as memory for other articles: a
    translation held back here is never reused elsewhere."""
    catalog = _parse(text, path=path)
    return {
        e.msgid: Remembered(e.msgstr, path) for e in catalog.entries if _judge(e).is_publishable
    }


def read_entries(
    text: str, *, path: str
) -> tuple[dict[str, str], list[CatalogEntry], dict[int, str], list[tuple[CatalogEntry, str]]]:
    """PO text -> header fields, active entries, translator comments by line, and each
    fuzzy entry whose English changed in a way that matters, with its check note (derived
    from the entry, whether or not the note is in the file)."""
    catalog = _parse(text, path=path)
    entries = []
    comments: dict[int, str] = {}
    checked = []
    for e in catalog.entries:
        if e.obsolete:
            continue
        record = CatalogEntry(
            msgid=e.msgid,
            msgstr=e.msgstr,
            msgctxt=e.msgctxt,
            line=e.line or 1,
            is_fuzzy=e.is_fuzzy,
            msgid_plural=e.msgid_plural,
            msgstr_plural=tuple(v for _, v in sorted(e.msgstr_plural.items())),
            previous_msgid=e.previous_msgid,
        )
        entries.append(record)
        if e.translator_comments:
            comments[record.line] = "\n".join(e.translator_comments)
        note = _judge(e).check_note
        if note is not None:
            checked.append((record, note))
    return dict(catalog.metadata), entries, comments, checked


@dataclass(frozen=True, slots=True)
class CatalogStats:
    """Entries and English words by state; words are what translators are paid for."""

    total: int
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int
    words_total: int
    words_translated: int
    words_fuzzy: int
    words_untranslated: int
    held: int  # translated and confirmed, but held back: the translation disagrees with
    # the English (a number, address, placeholder...), so the English is printed
    words_held: int


def _word_count(text: str) -> int:
    return len(re.findall(r"\w+(?:[’'-]\w+)*", re.sub(r"\{/?\d+\}", " ", text)))


def catalog_stats(text: str, *, path: str) -> CatalogStats:
    catalog = _parse(text, path=path)
    active = [e for e in catalog.entries if not e.obsolete]
    by_hold: dict[Hold | None, list[Entry]] = {}
    for entry in active:
        by_hold.setdefault(_judge(entry).hold, []).append(entry)
    done = by_hold.get(None, [])
    fuzzy = by_hold.get(Hold.FUZZY, [])
    held = by_hold.get(Hold.UNSAFE, [])
    empty = by_hold.get(Hold.UNTRANSLATED, []) + by_hold.get(Hold.PLURAL, [])
    return CatalogStats(
        total=len(active),
        translated=len(done),
        fuzzy=len(fuzzy),
        untranslated=len(empty),
        obsolete=len(catalog.entries) - len(active),
        words_total=sum(_word_count(e.msgid) for e in active),
        words_translated=sum(_word_count(e.msgid) for e in done),
        words_fuzzy=sum(_word_count(e.msgid) for e in fuzzy),
        words_untranslated=sum(_word_count(e.msgid) for e in empty),
        held=len(held),
        words_held=sum(_word_count(e.msgid) for e in held),
    )
