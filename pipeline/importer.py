"""A saved web page, Word file or copied page text -> a clean source article and what was dropped.

Three readers turn their input into the same units (a heading, paragraph, list item, term or
definition with its plain text, its Markdown and where it came from); general rules then mark
the units that are page chrome, each mark named for the rule that made it; what is left is
written as a source article in the format `source.py` reads. Words and sizes the rules use
live in `data/import-rules.yaml`; nothing here names one site.
"""

from __future__ import annotations

import codecs
import datetime as dt
import difflib
import functools
import io
import re
import textwrap
import unicodedata
import xml.parsers.expat
import zipfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from importlib import resources
from pathlib import PurePath
from typing import Any
from urllib.parse import quote, urljoin
from xml.etree import ElementTree

import yaml

from pipeline.errors import InputError
from pipeline.import_metadata import (
    address_parts,
    address_score,
    original_address,
    publisher_from_address,
    publishers_from,
)
from pipeline.import_notices import (
    fold,
    is_byline,
    is_citation,
    is_file_link,
    is_image_text,
    is_metadata_label,
    notice_class,
    notice_classes_from,
)


@dataclass(frozen=True, slots=True)
class Dropped:
    """One piece of the input that is not in the article, and the rule that left it out."""

    rule: str  # such as "advert", "call-to-action", "page-footer"
    line: int  # 1-based line in the input; 0 for HTML and Word files, which have no lines
    text: str


@dataclass(frozen=True, slots=True)
class ImportResult:
    """A source article ready for an editor, and the report of what the import left out."""

    markdown: str  # the whole source file: YAML front matter + Markdown body, ending with "\n"
    slug: str
    dropped: tuple[Dropped, ...]
    # Front-matter fields written as a TODO placeholder ("publisher"), or guessed and worth a
    # check ("language (guessed)"). "url" is listed too: it lives in a `# url:` comment.
    missing: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ImportRules:
    """Words and sizes that tell chrome from content, read from `data/import-rules.yaml`."""

    short_line_words: int
    heading_max_words: int
    item_max_words: int
    repeat_min: int
    repeat_min_near_chrome: int
    promo_max_words: int
    body_min_words: int
    wrap_width: int
    separators: frozenset[str]
    html_areas: Mapping[str, str]  # class or id token -> rule name
    stopwords: Mapping[str, frozenset[str]]  # language -> its most frequent words
    date_orders: Mapping[str, str]  # language -> "mdy" or "dmy"
    months: Mapping[str, int]
    minor_words: frozenset[str]
    action_verbs: frozenset[str]
    ad_labels: frozenset[str]
    ui_labels: frozenset[str]
    notice_stems: tuple[str, ...]
    toc_markers: frozenset[str]
    review_words: Mapping[str, str]  # word -> language, so a date is read in its language
    published_words: Mapping[str, str]
    future_words: tuple[str, ...]
    site_link_openers: tuple[str, ...]
    site_words: frozenset[str]
    speech_verbs: frozenset[str]
    video_words: frozenset[str]
    publisher_phrases: tuple[str, ...]
    url_labels: tuple[str, ...]
    breadcrumb_roots: frozenset[str]
    social_networks: frozenset[str]
    credentials: frozenset[str]
    icon_nouns: frozenset[str]
    icon_words: frozenset[str]
    site_phrases: tuple[str, ...]
    notice_classes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # class -> phrases
    image_openers: tuple[str, ...] = ()  # "illustration of": a picture's words
    metadata_labels: frozenset[str] = frozenset()  # "source", "revision state": a CMS field
    resource_words: tuple[str, ...] = ()  # "resources", "fact sheets": a pointer elsewhere
    publishers: Mapping[str, str] = field(default_factory=dict)  # host -> publisher name


_RULES_PATH = "pipeline/data/import-rules.yaml"
_INT_SETTINGS = (
    "short_line_words",
    "heading_max_words",
    "item_max_words",
    "repeat_min",
    "repeat_min_near_chrome",
    "promo_max_words",
    "body_min_words",
    "wrap_width",
)
_WORD_LISTS = (
    "stopwords",
    "minor_words",
    "action_verbs",
    "ad_labels",
    "ui_labels",
    "notice_stems",
    "toc_markers",
    "review_words",
    "published_words",
    "future_words",
    "site_link_openers",
    "site_words",
    "speech_verbs",
    "video_words",
    "publisher_phrases",
    "url_labels",
    "breadcrumb_roots",
    "social_networks",
    "image_openers",
    "metadata_labels",
    "resource_words",
)


@functools.cache
def default_import_rules() -> ImportRules:
    """The rules shipped with the pipeline."""
    text = resources.files("pipeline").joinpath("data/import-rules.yaml").read_text("utf-8")
    return parse_import_rules(text, path=_RULES_PATH)


def parse_import_rules(text: str, *, path: str) -> ImportRules:
    """The text of an import-rules file -> ImportRules, or InputError saying what is wrong."""
    try:
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        reason = (error.problem or "invalid YAML").rstrip(".")
        line = mark.line + 1 if mark else None
        raise InputError(
            f"the import rules are not valid YAML: {reason}.", path=path, line=line
        ) from None
    except yaml.YAMLError:
        raise InputError("the import rules are not valid YAML.", path=path) from None
    if not isinstance(data, dict):
        raise InputError("the import rules must be a mapping of settings.", path=path)

    def fail(key: str, expected: str) -> InputError:
        return InputError(f"'{key}' in the import rules must be {expected}.", path=path)

    def strings(value: object, key: str) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            raise fail(key, "a list of words")
        return [str(v) for v in value]

    def words(value: object, key: str) -> list[str]:
        return [w.casefold() for w in strings(value, key)]

    for key in _INT_SETTINGS:
        if not isinstance(data.get(key), int) or isinstance(data.get(key), bool):
            raise fail(key, "a whole number")
    languages = data.get("languages")
    if not isinstance(languages, dict) or not languages:
        raise fail("languages", "a mapping from language codes to word lists")
    merged: dict[str, set[str]] = {key: set() for key in _WORD_LISTS}
    stopwords: dict[str, frozenset[str]] = {}
    date_orders: dict[str, str] = {}
    months: dict[str, int] = {}
    review_words: dict[str, str] = {}
    published_words: dict[str, str] = {}
    for language, lists in languages.items():
        if not isinstance(lists, dict):
            raise fail(f"languages.{language}", "a mapping of word lists")
        for key in _WORD_LISTS:
            merged[key].update(words(lists.get(key), f"languages.{language}.{key}"))
        stopwords[str(language)] = frozenset(words(lists.get("stopwords"), "stopwords"))
        order = lists.get("numeric_date_order", "mdy")
        if order not in ("mdy", "dmy"):
            raise fail(f"languages.{language}.numeric_date_order", "'mdy' or 'dmy'")
        date_orders[str(language)] = order
        for word in words(lists.get("review_words"), "review_words"):
            review_words.setdefault(word, str(language))
        for word in words(lists.get("published_words"), "published_words"):
            published_words.setdefault(word, str(language))
        month_map = lists.get("months") or {}
        if not isinstance(month_map, dict) or not all(
            isinstance(v, int) and 1 <= v <= 12 for v in month_map.values()
        ):
            raise fail(f"languages.{language}.months", "a mapping of month names to 1-12")
        months.update({str(k).casefold(): v for k, v in month_map.items()})
    areas = data.get("html_areas") or {}
    if not isinstance(areas, dict):
        raise fail("html_areas", "a mapping from rule names to class tokens")
    area_tokens = {
        token: str(rule) for rule, tokens in areas.items() for token in words(tokens, "html_areas")
    }
    phrases = data.get("site_phrases") or []
    if not isinstance(phrases, list) or not all(
        isinstance(p, dict) and isinstance(p.get("phrase"), str) and p.get("why") for p in phrases
    ):
        raise fail("site_phrases", "a list of {phrase, why} entries")

    def tuple_of(key: str) -> tuple[str, ...]:
        return tuple(sorted(merged[key], key=lambda w: (-len(w), w)))  # longest first

    return ImportRules(
        **{key: data[key] for key in _INT_SETTINGS},
        separators=frozenset(strings(data.get("separators"), "separators")),
        html_areas=area_tokens,
        stopwords=stopwords,
        date_orders=date_orders,
        months=months,
        minor_words=frozenset(merged["minor_words"]),
        action_verbs=frozenset(merged["action_verbs"]),
        ad_labels=frozenset(merged["ad_labels"]),
        ui_labels=frozenset(merged["ui_labels"]),
        notice_stems=tuple_of("notice_stems"),
        toc_markers=frozenset(merged["toc_markers"]),
        review_words=review_words,
        published_words=published_words,
        future_words=tuple_of("future_words"),
        site_link_openers=tuple_of("site_link_openers"),
        site_words=frozenset(merged["site_words"]),
        speech_verbs=frozenset(merged["speech_verbs"]),
        video_words=frozenset(merged["video_words"]),
        publisher_phrases=tuple_of("publisher_phrases"),
        url_labels=tuple_of("url_labels"),
        breadcrumb_roots=frozenset(merged["breadcrumb_roots"]),
        social_networks=frozenset(merged["social_networks"]),
        credentials=frozenset(strings(data.get("credentials"), "credentials")),
        icon_nouns=frozenset(words(data.get("icon_nouns"), "icon_nouns")),
        icon_words=frozenset(words(data.get("icon_words"), "icon_words")),
        site_phrases=tuple(p["phrase"].casefold() for p in phrases),
        notice_classes=notice_classes_from(data.get("notice_classes"), fail),
        image_openers=tuple_of("image_openers"),
        metadata_labels=frozenset(merged["metadata_labels"]),
        resource_words=tuple_of("resource_words"),
        publishers=publishers_from(data.get("publishers"), fail),
    )


# --- Entry point ---------------------------------------------------------------------------


class _Format(StrEnum):
    TEXT = "text"
    HTML = "html"
    DOCX = "docx"


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
    if slug is not None and not _SLUG.fullmatch(slug):
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


# --- Units: what every reader produces -----------------------------------------------------


class _Kind(StrEnum):
    LINE = "line"  # copied text not yet known to be a heading, list item or paragraph
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"
    TERM = "term"
    DEFINITION = "definition"


@dataclass(frozen=True, slots=True)
class _Unit:
    """One block of the input before the rules keep or drop it."""

    plain: str  # what a reader sees, whitespace normalised
    markdown: str  # the same as inline Markdown, escaped
    line: int  # 1-based line of its first line in copied text; 0 for HTML and Word
    kind: _Kind = _Kind.LINE
    level: int = 0  # heading level
    depth: int = 0  # list nesting, 0 for a top-level item
    is_ordered: bool = False
    group: int = 0  # which list or definition list it belongs to
    pieces: int = 1  # lines joined into it, or links in it: a sign of cut-out link text
    area: str | None = None  # the HTML page area around it ("sidebar"), if the page names one
    match_text: str = ""  # its text as the extractor writes it, when that differs (table rows)
    is_bullet: bool = False  # copied text: the line began with a list mark
    is_definition: bool = False  # copied text: the line began with ": "
    lost_links: tuple[str, ...] = ()  # link targets a handout cannot hold ("#top", "/page")
    after_blank: bool = False  # copied text: a blank line comes before it, so a block starts


@dataclass(frozen=True, slots=True)
class _Found:
    """Metadata found in the input; None where the input does not say."""

    title: str | None = None
    original_title: str | None = None
    publisher: str | None = None
    url: str | None = None
    language: str | None = None
    reviewed: dt.date | None = None
    is_reviewed_guess: bool = False


@dataclass(frozen=True, slots=True)
class _Article:
    blocks: tuple[_Unit, ...]  # kinds final, headings at their final levels
    dropped: tuple[Dropped, ...]
    found: _Found


@dataclass(slots=True)
class _Marks:
    """Which units the rules dropped and why; `keep` wins over every rule."""

    units: Sequence[_Unit]
    keep: tuple[str, ...]
    rules: dict[int, str] = field(default_factory=dict)

    def mark(self, index: int, rule: str) -> bool:
        if index in self.rules or self.is_kept(index):
            return False
        self.rules[index] = rule
        return True

    def is_kept(self, index: int) -> bool:
        text = self.units[index].plain
        return any(k in text for k in self.keep)

    def live(self) -> list[int]:
        return [i for i in range(len(self.units)) if i not in self.rules]

    def dropped(self) -> list[Dropped]:
        return [
            Dropped(rule, self.units[i].line, self.units[i].plain)
            for i, rule in sorted(self.rules.items())
        ]


# --- Text helpers shared by the rules ------------------------------------------------------

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_WORD = re.compile(r"[^\W\d_]+(?:[’'\-.][^\W\d_]+)*")
# ... or a note mark after the full stop: "... in the United States.1", "... in 2000.iii"
_ENDS_SENTENCE = re.compile(
    r"(?:[.!?…。！？](?:[\"'”’)\]]|™|®)*|(?:(?<=[a-z]{2})|(?<=\d{4}))\.(?:i{1,3}|iv|vi{0,3}|ix|x|\d{1,2}))$"
)
_SPACES = {0xA0: " ", 0x2007: " ", 0x202F: " ", 0x200B: None, 0x200C: None, 0x2060: None,
           0xFEFF: None, 0xAD: None, 0x09: " "}  # fmt: skip


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).translate(_SPACES).split())


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _key(text: str) -> str:
    """Text reduced to letters and digits: how two copies of one line are compared."""
    return re.sub(r"[\W_]+", "", text.casefold())


def _folded(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s.-]+", " ", text.casefold()).split()).strip(" .-")


def _ends_sentence(text: str) -> bool:
    return bool(_ENDS_SENTENCE.search(text))


def _is_label(text: str, max_words: int) -> bool:
    """Short and unpunctuated at the end: a heading, list item, menu entry or button."""
    count = len(_words(text))
    return 0 < count <= max_words and not _ends_sentence(text) and text[-1] not in ":;,"


def _is_question(text: str, rules: ImportRules) -> bool:
    return (
        text.endswith("?") and len(_words(text)) <= rules.heading_max_words and text.count("?") == 1
    )


def _is_title_case(text: str, rules: ImportRules) -> bool:
    content = [w for w in _words(text) if w.casefold() not in rules.minor_words]
    return len(content) >= 2 and all(w[0].isupper() for w in content)


def _is_body(unit: _Unit, rules: ImportRules) -> bool:
    """A sentence long enough to be article text rather than a label."""
    text = unit.plain
    return unit.is_definition or (
        (_ends_sentence(text) or text.endswith(":")) and len(_words(text)) >= rules.body_min_words
    )


# --- Rules that judge one unit alone -------------------------------------------------------

_PHONE = re.compile(r"(?<![\w/])\+?\(?\d[\d\s().-]{5,}\d(?![\w/])")
_DURATION = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?$")
_COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved", re.IGNORECASE)
_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"]+")


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


# --- Metadata in text lines ----------------------------------------------------------------

_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b")
_DAY_MONTH_YEAR = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th|º)?\s+(?:de\s+)?([^\W\d_]+)\.?,?\s+(?:de\s+|del\s+)?(\d{4})\b"
)
_MONTH_DAY_YEAR = re.compile(r"\b([^\W\d_]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_MONTH_YEAR = re.compile(r"\b([^\W\d_]+)\.?\s+(?:de\s+)?(\d{4})\b")
# A line that is a date and nothing else, as pages print under a title.
_DATE_ONLY = re.compile(
    r"[^\W\d_]{3,9}\.? \d{1,2},? \d{4}|\d{1,2} [^\W\d_]{3,9}\.? \d{4}"
    r"|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}"
)


@dataclass(frozen=True, slots=True)
class _DateLine:
    when: dt.date
    kind: str  # "reviewed", "published" or "future"
    is_guess: bool  # the day and month could be read either way, or the day is missing


def _review_date(text: str, rules: ImportRules) -> _DateLine | None:
    """ "Last reviewed on 06/17/2025." -> that date, if the line is a review or publish date."""
    if len(_words(text)) > 16:  # a label and a date, not a sentence that mentions a review
        return None
    folded = _folded(text)
    words = set(folded.split())
    language = next((lang for w, lang in rules.review_words.items() if w in words), None)
    kind = "reviewed"
    if any(f in folded for f in rules.future_words):
        kind = "future"
    elif language is None:
        language = next((lang for w, lang in rules.published_words.items() if w in folded), None)
        kind = "published"
    if language is None and _DATE_ONLY.fullmatch(text):
        language, kind = next(iter(rules.date_orders), "en"), "dated"  # "Jan 13, 2006"
    if language is None:
        return None
    found = _parse_date(text, rules, order=rules.date_orders.get(language, "mdy"))
    if found is None:
        return None
    when, is_guess = found
    return _DateLine(when, kind, is_guess)


def _parse_date(text: str, rules: ImportRules, *, order: str) -> tuple[dt.date, bool] | None:
    """A date written in a common form -> (date, whether day and month were guessed)."""
    candidates: list[tuple[int, int, int, bool]] = []  # year, month, day, is_guess
    if match := _ISO_DATE.search(text):
        candidates.append((int(match[1]), int(match[2]), int(match[3]), False))
    if match := _NUMERIC_DATE.search(text):
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        if len(match[3]) == 2:
            year += 2000  # "06/22/16": pages with two-digit years are from this century
        is_guess = first <= 12 and second <= 12 and first != second
        month, day = (first, second) if order == "mdy" else (second, first)
        if first > 12:
            month, day = second, first
        elif second > 12:
            month, day = first, second
        candidates.append((year, month, day, is_guess))
    for found in _DAY_MONTH_YEAR.finditer(text):
        if (named := rules.months.get(found[2].casefold())) is not None:
            candidates.append((int(found[3]), named, int(found[1]), False))
    for found in _MONTH_DAY_YEAR.finditer(text):
        if (named := rules.months.get(found[1].casefold())) is not None:
            candidates.append((int(found[3]), named, int(found[2]), False))
    for found in _MONTH_YEAR.finditer(text):
        if (named := rules.months.get(found[1].casefold())) is not None:
            candidates.append((int(found[2]), named, 1, True))  # no day: the 1st, a guess
    for year, month, day, is_guess in candidates:
        try:
            return dt.date(year, month, day), is_guess
        except ValueError:
            continue
    return None


def _page_url(text: str, rules: ImportRules) -> str | None:
    """ "URL of this page: https://..." -> the address."""
    match = _URL_IN_TEXT.search(text)
    if not match:
        return None
    label = _folded(text[: match.start()]).rstrip(" :")
    return match.group().rstrip(".,;)") if label in rules.url_labels else None


_ORG = r"(?P<org>[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|of|for|and|the|de|del|la|y)){0,7})"
_ORG_IS = re.compile(_ORG + r"\s+(?:is|es)\s+(?:an?|una?)\s+(?P<what>[^.;]{3,120})")
_ORG_COPYRIGHT = re.compile(r"(?i:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?" + _ORG)


def _publisher_in(text: str, rules: ImportRules) -> str | None:
    """ "X is a non-profit ..." or "© 2024 X." -> X."""
    for found in _ORG_IS.finditer(text):
        if any(p in found["what"].casefold() for p in rules.publisher_phrases):
            return found["org"].strip()
    if copyright_line := _ORG_COPYRIGHT.search(text):
        org = re.split(r"\.\s|,|\s+all rights", copyright_line["org"], flags=re.IGNORECASE)[0]
        return org.strip().rstrip(".") or None
    return None


def _found_in_units(units: Sequence[_Unit], rules: ImportRules) -> _Found:
    """Review date, page address and publisher named anywhere in the text, chrome included."""
    dates: dict[str, _DateLine] = {}
    url = publisher = None
    for unit in units:
        line = _review_date(unit.plain, rules)
        if line is not None:
            dates.setdefault(line.kind, line)
        url = url or _page_url(unit.plain, rules)
        publisher = publisher or _publisher_in(unit.plain, rules)
    best = dates.get("reviewed") or dates.get("published") or dates.get("dated")
    return _Found(
        publisher=publisher,
        url=url,
        reviewed=best.when if best else None,
        is_reviewed_guess=bool(best and best.is_guess),
    )


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


# --- Copied text ---------------------------------------------------------------------------

_BULLET = re.compile(r"^(?:(?P<mark>[•·▪◦‣●○■□–*-])|(?P<number>\d{1,3})[.)])\s+(?=\S)")
_JOIN_TIGHT = tuple(",.;:!?)]}…%™®’”")  # marks that cling to the word before them


def _read_text(
    text: str, *, rules: ImportRules, keep: tuple[str, ...], address: str | None = None
) -> _Article:
    raw_lines = text.splitlines()
    lines = [
        _Unit(
            plain=clean,
            markdown="",
            line=number,
            after_blank=number > 1 and not raw_lines[number - 2].strip(),
        )
        for number, raw in enumerate(raw_lines, start=1)
        if (clean := _normalise(raw))
    ]
    line_marks = _Marks(lines, keep)
    for index, line in enumerate(lines):  # lines that would spoil the joining of the others
        rule = _line_rule(line, rules)
        if rule is not None:
            line_marks.mark(index, rule)
    _mark_separated_trails(lines, line_marks, rules)
    joined = _join_lines([lines[i] for i in line_marks.live()], rules)
    premarked = {lines[i].line: rule for i, rule in line_marks.rules.items()}
    # Dropped lines go back in their place: the rules below look at a line's neighbours.
    units = sorted(
        [*joined, *(replace(lines[i], markdown=_escape(lines[i].plain)) for i in line_marks.rules)],
        key=lambda unit: unit.line,
    )
    found = _found_in_units(units, rules)
    marks = _Marks(units, keep)
    marks.rules.update({i: premarked[u.line] for i, u in enumerate(units) if u.line in premarked})
    contents = _mark_chrome(units, marks, rules)
    _mark_captions(units, marks, rules)
    title, original_title = _mark_page_header(
        units, marks, contents, rules, address=address_parts(address)
    )
    _mark_page_footer(units, marks, rules)
    _mark_closing_pointers(units, marks, rules)
    blocks = _classify([units[i] for i in marks.live()], contents, rules)
    dropped = marks.dropped()
    return _Article(
        blocks=tuple(_drop_empty_sections(blocks, dropped)),
        dropped=tuple(dropped),
        found=replace(found, title=title, original_title=original_title),
    )


def _line_rule(line: _Unit, rules: ImportRules) -> str | None:
    """Chrome that stands alone on a line and is never part of a sentence."""
    folded = _folded(line.plain)
    if folded in rules.ad_labels:
        return "advert"
    if _is_icon(folded, rules):
        return "icon"
    if _is_phone_line(line.plain) and not _PHONE.sub("", line.plain).strip(" :"):
        return "phone"
    return None


def _join_lines(lines: Sequence[_Unit], rules: ImportRules) -> list[_Unit]:
    """Lines of copied text -> blocks, rejoining link text that the copy put on lines of its own."""
    units: list[_Unit] = []
    for line in lines:
        text = line.plain
        bullet = _BULLET.match(text)
        previous = units[-1] if units else None
        if bullet:
            units.append(
                replace(
                    line,
                    plain=text[bullet.end() :],
                    is_bullet=True,
                    is_ordered=bool(bullet["number"]),
                )
            )
        elif (
            text.startswith(":") and text[1:].strip() and previous and _can_be_term(previous, rules)
        ):
            units.append(replace(line, plain=text[1:].strip(), is_definition=True))
        elif (
            previous is not None
            and not (line.after_blank and _is_label(previous.plain, rules.heading_max_words))
            and _continues(previous.plain, text, rules)
        ):  # a blank line after a heading or label starts a new block
            tight = text.startswith(_JOIN_TIGHT) or previous.plain.endswith("(")
            joined = previous.plain + ("" if tight else " ") + text
            units[-1] = replace(previous, plain=joined, pieces=previous.pieces + 1)
        else:
            units.append(line)
    return [replace(u, markdown=_escape(u.plain)) for u in units]


def _can_be_term(unit: _Unit, rules: ImportRules) -> bool:
    return not (unit.is_bullet or unit.is_definition) and _is_label(
        unit.plain, rules.short_line_words
    )


def _continues(before: str, text: str, rules: ImportRules) -> bool:
    """Does `text` go on with the sentence `before` left open?"""
    if _ends_sentence(before) or before.endswith(":"):
        return False
    first = text[0]
    if first.islower() or text.startswith(_JOIN_TIGHT):
        return True
    if first == "(" and text[1:2].islower():
        return True
    if before[-1] in ",;(—–":
        return True
    words = _words(before)
    short_link = len(_words(text)) <= 6 and not _ends_sentence(text)
    return bool(words) and words[-1].casefold() in rules.minor_words and short_link


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
_SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")
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
            not target.startswith(_SAFE_SCHEMES)
            and self.base_url
            and not target.startswith(("#", "javascript:"))
        ):
            target = urljoin(self.base_url, target)
        if not target.startswith(_SAFE_SCHEMES):
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
    title = head.title
    heading = next(
        (i for i, b in enumerate(blocks) if b.kind is _Kind.HEADING and b.level == 1), None
    )
    dropped = [*area_marks.dropped(), *marks.dropped()]
    if heading is not None:
        title = blocks[heading].plain
        dropped.append(Dropped("title", 0, title))
        del blocks[heading]
    blocks = _drop_empty_sections(_shift_heading_levels(blocks), dropped)
    dropped.extend(walk.side_drops)
    dropped.extend(_lost_links(blocks))
    found = _merge_found(head, from_text)
    return _Article(
        blocks=tuple(blocks),
        dropped=tuple(dropped),
        found=replace(found, title=title, original_title=head.original_title or title),
    )


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


def _iso_date(text: str) -> dt.date | None:
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", text)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


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
    title = _core_text(core, "dc:title")
    heading = next(
        (i for i, b in enumerate(blocks) if b.kind is _Kind.HEADING and b.level == 1), None
    )
    if heading is not None:
        title = blocks[heading].plain
        dropped.append(Dropped("title", 0, title))
        del blocks[heading]
    blocks = _drop_empty_sections(_shift_heading_levels(blocks), dropped)
    dropped.extend(walk.side_drops)
    dropped.extend(_lost_links(blocks))
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


# --- The source file -----------------------------------------------------------------------


def _assemble(
    article: _Article,
    *,
    filename: str,
    slug: str | None,
    rules: ImportRules,
    source_url: str | None = None,
) -> ImportResult:
    found = article.found
    missing: list[str] = []
    language, is_language_guess = _language(found.language, article.blocks, rules)
    if is_language_guess:
        missing.append(f"language (guessed: {language})")
    proper = _proper_words(article.blocks)
    blocks = [
        replace(
            b,
            plain=_sentence_case(b.plain, proper, rules),
            markdown=_escape(_sentence_case(b.plain, proper, rules)),
        )
        if b.kind is _Kind.HEADING and b.markdown == _escape(b.plain)  # no links to break
        else b
        for b in article.blocks
    ]
    title = _sentence_case(found.title, proper, rules) if found.title else None
    fields: list[tuple[str, str, str]] = []  # key, YAML value, comment

    def text_field(key: str, value: str | None, *, guess: bool = False) -> None:
        if value is None:
            missing.append(key)
            fields.append((key, "TODO", "not found in the input; fill it in"))
        else:
            if guess:
                missing.append(f"{key} (guessed)")
            fields.append((key, _yaml_scalar(value), "guessed; check it" if guess else ""))

    text_field("title", title)
    chosen_slug = slug or _slugify(title or PurePath(filename).stem)
    fields.append(("slug", _yaml_scalar(chosen_slug), ""))  # "no" and "true" are YAML bools
    fields.append(
        (
            "language",
            _yaml_scalar(language),
            "guessed from common words; check it" if is_language_guess else "",
        )
    )
    publisher, is_publisher_guess = found.publisher, False
    if publisher is None and source_url:
        page_texts = [b.plain for b in article.blocks] + [d.text for d in article.dropped]
        publisher, is_publisher_guess = publisher_from_address(
            source_url, page_texts, rules.publishers
        )
    text_field("publisher", publisher, guess=is_publisher_guess)
    text_field(
        "original_title",
        found.original_title or found.title,
        guess=not found.original_title and bool(found.title),
    )
    if found.reviewed is None:
        missing.append("last_reviewed")
        fields.append(
            ("last_reviewed", "1900-01-01", "TODO: not found; write the page's review date")
        )
    else:
        if found.is_reviewed_guess:
            missing.append("last_reviewed (guessed)")
        note = (
            "guessed (day and month, or the file's save date); check it"
            if found.is_reviewed_guess
            else ""
        )
        fields.append(("last_reviewed", found.reviewed.isoformat(), note))
    fields.append(("target_grade", "6", ""))
    lines = ["---"]
    for key, value, comment in fields:
        lines.append(f"{key}: {value}" + (f"  # {comment}" if comment else ""))
    url = found.url or (original_address(source_url) if source_url else None)
    if url:
        lines.append(f"# url: {url}")
    else:
        missing.append("url")
        lines.append("# url: TODO (the address of the original page; not found in the input)")
    lines.append("---")
    body = _render(blocks, rules)
    return ImportResult(
        markdown="\n".join(lines) + "\n\n" + body + "\n",
        slug=chosen_slug,
        dropped=article.dropped,
        missing=tuple(missing),
    )


def _language(
    declared: str | None, blocks: Sequence[_Unit], rules: ImportRules
) -> tuple[str, bool]:
    """A BCP 47 tag without region ("en", "zh-Hans"), and whether it is a guess."""
    if declared:
        parts = re.split(r"[-_]", declared.strip())
        tag = parts[0].casefold()
        script = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
        if re.fullmatch(r"[a-z]{2,3}", tag):
            return (f"{tag}-{script}" if script else tag), False
    words = [w.casefold() for b in blocks for w in _words(b.plain)]
    counts = {
        lang: sum(1 for w in words if w in common) for lang, common in rules.stopwords.items()
    }
    ranked = sorted(counts, key=lambda lang: -counts[lang])  # stable: ties go to the first listed
    if not ranked or counts[ranked[0]] == 0:
        return "en", True
    best = counts[ranked[0]]
    runner_up = counts[ranked[1]] if len(ranked) > 1 else 0
    return ranked[0], not (best >= 5 and best >= 2 * runner_up)


def _proper_words(blocks: Sequence[_Unit]) -> frozenset[str]:
    """Words written with a capital inside sentences: names, which keep it in headings too."""
    proper: set[str] = set()
    for block in blocks:
        if block.kind is _Kind.HEADING:
            continue
        for match in re.finditer(r"(?<=[^\s.!?:;])(\s+)([A-Z][\w’'-]*)", block.plain):
            proper.add(match[2].casefold())
    return frozenset(proper)


def _sentence_case(text: str, proper: frozenset[str], rules: ImportRules) -> str:
    """ "Treatment Details" -> "Treatment details", as plain-language guides ask; names stay."""
    if not _is_title_case(text, rules):
        return text

    def lower(match: re.Match[str]) -> str:
        word = match.group()
        if word.casefold() in proper or word.isupper() or any(c.isupper() for c in word[1:]):
            return word
        return word.lower()

    first = _WORD.search(text)
    if first is None:
        return text
    head, tail = text[: first.end()], text[first.end() :]
    return head + _WORD.sub(lower, tail)


def _slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "article"


def _yaml_scalar(value: str) -> str:
    dumped: str = yaml.safe_dump(value, allow_unicode=True, width=1_000_000)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


_ESCAPED = re.compile(r"([\\`*_\[\]<>&])")
_BLOCK_START = re.compile(r"^(?:#{1,6}(?=\s|$)|[>+=~|:-]|\d{1,9}(?=[.)]))")
_RISKY_LINE = re.compile(r"^(?:[-+*>#=:|~`]|\d{1,9}[.)])")


def _escape(text: str) -> str:
    """Plain text -> Markdown that shows it as it is, never as markup or raw HTML."""
    return _ESCAPED.sub(r"\\\1", text)


def _escape_block_start(markdown: str) -> str:
    match = _BLOCK_START.match(markdown)
    if not match:
        return markdown
    if match.group()[:1].isdigit():
        end = match.end()
        return f"{markdown[:end]}\\{markdown[end:]}"  # "1. x" -> "1\. x"
    return f"\\{markdown}"


def _render(blocks: Sequence[_Unit], rules: ImportRules) -> str:
    chunks: list[str] = []
    previous: _Unit | None = None
    # (list group, is ordered) -> "-" or "*", "." or ")": bullets the copy put in a numbered
    # list's group still get a bullet mark
    marks: dict[tuple[int, bool], str] = {}
    numbers: dict[tuple[int, bool], int] = {}
    indents: dict[int, int] = {}  # depth -> where that depth's item text starts
    for block in blocks:
        markdown = _escape_block_start(block.markdown)
        separator = "\n\n"
        if block.kind is _Kind.HEADING:
            text = re.sub(r"#+$", lambda m: "\\" + m.group(), markdown)
            chunk = f"{'#' * block.level} {text}"
        elif block.kind is _Kind.ITEM:
            after_item = previous is not None and previous.kind is _Kind.ITEM
            if after_item:
                separator = "\n"
            key = (block.group, block.is_ordered)
            if key not in marks:
                marks[key] = _list_mark(block, previous if after_item else None, marks)
            mark = marks[key]
            if block.is_ordered:
                numbers[key] = numbers.get(key, 0) + 1
                mark = f"{numbers[key]}{mark}"
            indent = indents.get(block.depth - 1, 0) if block.depth else 0
            indents[block.depth] = indent + len(mark) + 1
            chunk = _wrap(f"{' ' * indent}{mark} ", " " * (indent + len(mark) + 1), markdown, rules)
        elif block.kind is _Kind.TERM:
            chunk = markdown
        elif (
            block.kind is _Kind.DEFINITION
            and previous is not None
            and previous.kind in (_Kind.TERM, _Kind.DEFINITION)
        ):
            separator = "\n" if previous.kind is _Kind.TERM else "\n\n"
            chunk = _wrap(": ", "  ", markdown, rules)
        else:
            chunk = _wrap("", "", markdown, rules)
        chunks.append((separator if chunks else "") + chunk)
        previous = block
    return "".join(chunks)


def _list_mark(
    block: _Unit, previous_item: _Unit | None, marks: Mapping[tuple[int, bool], str]
) -> str:
    """A new list's mark; CommonMark starts a new list only where the mark changes."""
    usual, other = (".", ")") if block.is_ordered else ("-", "*")
    is_sibling = previous_item is not None and previous_item.depth == block.depth
    previous_key = (previous_item.group, previous_item.is_ordered) if previous_item else None
    if is_sibling and previous_key is not None and marks.get(previous_key) == usual:
        return other
    return usual


def _wrap(first: str, rest: str, markdown: str, rules: ImportRules) -> str:
    """Wrap as editors do, unless a wrapped line would start a list, quote or heading."""
    lines = textwrap.wrap(
        markdown,
        width=rules.wrap_width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )
    risky_start = any(_RISKY_LINE.match(line[len(rest) :]) for line in lines[1:])
    if risky_start or any(line.endswith("\\") for line in lines[:-1]):
        return first + markdown
    return "\n".join(lines) if lines else first.rstrip()
