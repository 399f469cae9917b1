"""Article -> POT text; POT + PO -> merged PO; PO -> Translations (polib).

polib objects stay in this module: other stages see PO text or our records.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import polib

from pipeline.errors import InputError
from pipeline.locales import LocaleInfo
from pipeline.model import Article, Segment, SpanKind, TranslatedEntry, Translations

WRAP_WIDTH = 79  # GNU msgcat's default, so its round trip keeps our line breaks
FUZZY_CUTOFF = 0.7  # similarity below which an old translation is not offered

_KIND_WORDS = {
    SpanKind.EMPHASIS: "emphasis",
    SpanKind.STRONG: "strong emphasis",
    SpanKind.CODE: "code, keep as is",
}


@dataclass(frozen=True, slots=True)
class Label:
    """A word of the handout template, translated in the shared `handouts` catalog."""

    msgid: str
    comment: str


LABELS = (
    Label("Translated from English.", "Footer line on every translated handout."),
    Label("Source: {source}", "Footer: {source} is the publisher and original title."),
    Label(
        "Last reviewed: {date}",
        "Footer: {date} is the date the source was last medically reviewed, already "
        "written in your language.",
    ),
    Label("Patient handouts", "Title of the page that lists every handout."),
    Label(
        "Some sentences are not translated yet and are shown in English.",
        "Note at the top of a handout whose translation is not complete.",
    ),
)


def make_template(
    article: Article,
    *,
    grades: Mapping[str, float | None],
    created: dt.datetime,
) -> str:
    """Article -> POT text: one entry per distinct sentence, in reading order."""
    catalog = _new_catalog(
        project=article.meta.slug, created=created, language=None, plural_forms=None
    )
    entries: dict[tuple[str | None, str], polib.POEntry] = {}
    segments = article.segments
    for index, segment in enumerate(segments):
        key = (segment.msgctxt, segment.msgid)
        occurrence = (segment.path + "#" + segment.anchor, "")
        if key in entries:
            entry = entries[key]
            if occurrence not in entry.occurrences:
                entry.occurrences.append(occurrence)
            entry.comment += f"\nAlso segment {segment.segment_id}, in “{segment.section_title}”."
            continue
        before = segments[index - 1].text if index > 0 else ""
        after = segments[index + 1].text if index + 1 < len(segments) else ""
        entry = polib.POEntry(
            msgid=segment.msgid,
            msgstr="",
            msgctxt=segment.msgctxt,
            occurrences=[occurrence],
            comment=_extracted_comment(segment, grades.get(segment.segment_id), before, after),
        )
        if segment.placeholders:
            entry.flags.append("no-c-format")  # a `%` in health text is a percent sign
        entries[key] = entry
        catalog.append(entry)
    return _serialise(catalog)


def make_label_template(*, created: dt.datetime) -> str:
    """The template words shared by every handout -> POT text."""
    catalog = _new_catalog(project="handouts", created=created, language=None, plural_forms=None)
    for label in LABELS:
        entry = polib.POEntry(msgid=label.msgid, msgstr="", comment=label.comment)
        if "{" in label.msgid:
            entry.flags.append("python-brace-format")
        catalog.append(entry)
    return _serialise(catalog)


def _extracted_comment(segment: Segment, grade: float | None, before: str, after: str) -> str:
    lines = [f"Segment {segment.segment_id} ({segment.kind.value})."]
    if segment.section:
        lines.append(f"Section: {' > '.join(segment.section)}")
    if grade is not None:
        lines.append(f"Reading grade (Flesch-Kincaid): {grade:.1f}")
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
    return "\n".join(lines)


def _new_catalog(
    *, project: str, created: dt.datetime, language: str | None, plural_forms: str | None
) -> polib.POFile:
    catalog = polib.POFile(wrapwidth=WRAP_WIDTH)
    stamp = created.strftime("%Y-%m-%d %H:%M%z")
    catalog.metadata = {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": stamp,
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE" if language is None else stamp,
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": language or "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    if plural_forms:
        catalog.metadata["Plural-Forms"] = plural_forms
    return catalog


def _serialise(catalog: polib.POFile) -> str:
    catalog.wrapwidth = WRAP_WIDTH
    return str(catalog) + "\n" if not str(catalog).endswith("\n") else str(catalog)


_STRING = r'"(?:[^"\\]|\\.)*"'
_KEYWORD_LINE = re.compile(
    rf"(?:#~\s*)?(?:#\|\s*)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+{_STRING}\s*"
)
_STRING_LINE = re.compile(rf"(?:#~\s*)?(?:#\|\s*)?{_STRING}\s*")
_ESCAPE = re.compile(r"\\(.)")
_VALID_ESCAPES = set("\\\"ntrabfv01234567x?'")


def precheck(text: str, *, path: str) -> None:
    """Refuse what polib would silently accept: unclosed strings, stray text, bad escapes.

    polib lets an unterminated string lose its last character; GNU msgfmt refuses the
    file. We side with msgfmt, and say which line.
    """
    if text.startswith("\ufeff"):
        raise InputError(
            "the file starts with a byte-order mark; save it as UTF-8 without BOM.",
            path=path,
            line=1,
        )
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped or (stripped.startswith("#") and not stripped.startswith(("#~", "#|"))):
            continue
        if stripped.startswith(("#~", "#|")) and '"' not in stripped:
            continue  # an obsolete or previous-msgid comment with no string
        if not (_KEYWORD_LINE.fullmatch(stripped) or _STRING_LINE.fullmatch(stripped)):
            if stripped.count('"') % 2 == 1 or stripped.endswith('\\"'):
                sentence = "this string opens a quote that never closes."
            else:
                sentence = "this line is neither a comment, a keyword with a string, nor a string."
            raise InputError(sentence, path=path, line=number)
        for escape in _ESCAPE.finditer(stripped):
            if escape.group(1) not in _VALID_ESCAPES:
                raise InputError(
                    f"'\\{escape.group(1)}' is not a valid escape; write '\\\\' for a backslash.",
                    path=path,
                    line=number,
                )


def _parse(text: str, *, path: str) -> polib.POFile:
    """PO text -> polib catalog, or an InputError naming the line at fault."""
    precheck(text, path=path)
    try:
        return polib.pofile(text, wrapwidth=WRAP_WIDTH, check_for_duplicates=True)
    except OSError as error:
        found = re.search(r"line (\d+)", str(error))
        line = int(found.group(1)) if found else None
        raise InputError(
            "this catalog has a syntax error; fix it or run `msgfmt --check` on it.",
            path=path,
            line=line,
        ) from None
    except ValueError as error:  # polib's duplicate-entry check
        raise InputError(f"{error}; merge the two entries.", path=path) from None


def merge_catalog(
    template: str,
    existing: str | None,
    *,
    locale: LocaleInfo,
    path: str,
    created: dt.datetime,
) -> str:
    """POT text + the translator's PO text (or None) -> the updated PO text.

    Nothing a translator wrote is dropped: unchanged msgids keep their msgstr, a
    close match keeps it marked fuzzy with the old msgid in `#|`, and the rest stays
    in the file as obsolete `#~` entries, revived if the sentence comes back.
    """
    pot = _parse(template, path=path)
    old = _parse(existing, path=path) if existing is not None else None
    merged = _new_catalog(
        project=pot.metadata.get("Project-Id-Version", ""),
        created=created,
        language=locale.gettext_name,
        plural_forms=locale.plural_forms,
    )
    if old is not None:
        for name, value in old.metadata.items():  # translator's header fields win
            if name not in {"POT-Creation-Date", "Language", "Plural-Forms"}:
                merged.metadata[name] = value
    if old is not None and "PO-Revision-Date" not in old.metadata:
        merged.metadata["PO-Revision-Date"] = pot.metadata["POT-Creation-Date"]
    previous: dict[tuple[str | None, str], polib.POEntry] = {}
    if old is not None:
        previous = {(e.msgctxt, e.msgid): e for e in old}
    used: set[tuple[str | None, str]] = set()
    unmatched_new: list[polib.POEntry] = []
    for template_entry in pot:
        key: tuple[str | None, str] = (template_entry.msgctxt, template_entry.msgid)
        entry = _copy_from_template(template_entry)
        match = previous.get(key)
        if match is not None:
            _keep_translation(entry, match, is_fuzzy="fuzzy" in match.flags)
            if not match.obsolete:
                entry.previous_msgid = match.previous_msgid
                entry.previous_msgctxt = match.previous_msgctxt
            used.add(key)
        else:
            unmatched_new.append(entry)
        merged.append(entry)
    candidates = [
        e for k, e in previous.items() if k not in used and not e.obsolete and e.msgstr.strip()
    ]
    for entry in unmatched_new:
        best = _closest(entry.msgid, candidates)
        if best is None:
            continue
        _keep_translation(entry, best, is_fuzzy=True)
        entry.previous_msgid = best.msgid
        entry.previous_msgctxt = best.msgctxt
        used.add((best.msgctxt, best.msgid))
        candidates.remove(best)
    for key, stale in previous.items():
        if key in used or not (stale.msgstr.strip() or stale.tcomment):
            continue
        stale.obsolete = True
        merged.append(stale)
    return _serialise(merged)


def _copy_from_template(template_entry: polib.POEntry) -> polib.POEntry:
    return polib.POEntry(
        msgid=template_entry.msgid,
        msgstr="",
        msgctxt=template_entry.msgctxt,
        occurrences=list(template_entry.occurrences),
        comment=template_entry.comment,
        flags=list(template_entry.flags),
    )


def _keep_translation(entry: polib.POEntry, old: polib.POEntry, *, is_fuzzy: bool) -> None:
    entry.msgstr = old.msgstr
    entry.tcomment = old.tcomment
    for flag in old.flags:  # translators' flags, such as no-wrap, survive
        if flag not in entry.flags and flag != "fuzzy":
            entry.flags.append(flag)
    if is_fuzzy and entry.msgstr:
        entry.flags.insert(0, "fuzzy")


def _closest(msgid: str, candidates: Sequence[polib.POEntry]) -> polib.POEntry | None:
    best: polib.POEntry | None = None
    best_ratio = FUZZY_CUTOFF
    for candidate in candidates:
        ratio = difflib.SequenceMatcher(None, msgid, candidate.msgid).ratio()
        if ratio > best_ratio:
            best, best_ratio = candidate, ratio
    return best


def read_translations(text: str, *, path: str, lang: str) -> Translations:
    """PO text -> the entries fit to publish: translated, not fuzzy, not obsolete."""
    catalog = _parse(text, path=path)
    entries: dict[tuple[str | None, str], TranslatedEntry] = {
        (e.msgctxt, e.msgid): TranslatedEntry(msgstr=e.msgstr, line=e.linenum or 1)
        for e in catalog
        if not e.obsolete and "fuzzy" not in e.flags and e.msgstr.strip() and not e.msgid_plural
    }
    return Translations(path=path, lang=lang, entries=entries)


@dataclass(frozen=True, slots=True)
class CatalogStats:
    total: int
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int


def catalog_stats(text: str, *, path: str) -> CatalogStats:
    catalog = _parse(text, path=path)
    active = [e for e in catalog if not e.obsolete]
    fuzzy = sum(1 for e in active if "fuzzy" in e.flags)
    translated = sum(1 for e in active if e.msgstr.strip() and "fuzzy" not in e.flags)
    return CatalogStats(
        total=len(active),
        translated=translated,
        fuzzy=fuzzy,
        untranslated=len(active) - translated - fuzzy,
        obsolete=len(catalog) - len(active),
    )
