"""Frozen records shared by every stage; data and small properties only."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum

from pipeline.locales import LocaleInfo
from pipeline.records import quick_init

# An article's file name and URL part: what source front matter and `import --slug` accept.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Link targets a handout may carry (no javascript:, data: or relative paths).
SAFE_LINK_SCHEMES = ("http://", "https://", "mailto:", "tel:")


class BlockKind(StrEnum):
    TITLE = "title"  # the article title from the front matter: the handout's h1
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TERM = "term"  # a definition-list term ("Gene addition")
    DEFINITION = "definition"  # its explanation


class SpanKind(StrEnum):
    EMPHASIS = "em"
    STRONG = "strong"
    LINK = "link"
    CODE = "code"


@quick_init
@dataclass(frozen=True, slots=True)
class Text:
    """A run of plain text inside a sentence."""

    text: str


@quick_init
@dataclass(frozen=True, slots=True)
class Span:
    """Inline markup around other inlines: emphasis, strong, a link or code."""

    kind: SpanKind
    children: tuple[Inline, ...]
    href: str | None = None  # links only; never translatable text


Inline = Text | Span


@quick_init
@dataclass(frozen=True, slots=True)
class Placeholder:
    """What `{n}...{/n}` stands for in a msgid: the markup a translation must keep."""

    number: int
    kind: SpanKind
    href: str | None = None


@quick_init
@dataclass(frozen=True, slots=True)
class Unfinished:
    """A front-matter value left for the editor (TODO, an unknown date, a guess): while
    one is there, no handout of the article is printed."""

    key: str
    line: int  # 1-based line of the key in the file
    sentence: str  # what is wrong and what to do


@quick_init
@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The article's metadata, validated."""

    title: str
    slug: str
    locale: LocaleInfo  # the article's language, validated where the front matter is read
    publisher: str
    original_title: str
    last_reviewed: dt.date
    target_grade: float
    critical_sections: tuple[str, ...]  # headings whose text must be translated to publish
    title_line: int  # 1-based line of `title:` in the file
    source_url: str | None = None  # the original page's address, printed on the handout
    unfinished: tuple[Unfinished, ...] = ()  # values left for the editor, in file order
    original: str | None = None  # the imported text this plain version rewrites, from source/
    original_line: int = 2  # 1-based line of `original:`

    @property
    def language(self) -> str:
        """The BCP 47 tag as the front matter should spell it ("en", "zh-Hans")."""
        return self.locale.tag


@quick_init
@dataclass(frozen=True, slots=True)
class Clinic:
    """The clinic that hands the handout over (`[tool.handouts] clinic`): printed on every
    handout; an empty field prints as a line to write on."""

    name: str = ""
    phone: str = ""
    address: str = ""


NO_CLINIC = Clinic()  # no clinic in the settings: lines to write on


# Sections a patient handout carries, named by their `##` heading in the English source:
# the key points (a box at the top), the call to action and the questions to ask.
SECTION_ROLES = {
    "key points": "key-points",
    "when to call your care team": "when-to-call",
    "questions to ask": "questions",
    "questions to ask your care team": "questions",
}


@quick_init
@dataclass(frozen=True, slots=True)
class SourceBlock:
    """One Markdown block: a heading, paragraph, list item, term or definition."""

    kind: BlockKind
    inlines: tuple[Inline, ...]
    line: int  # 1-based, counted in the whole file, front matter included
    section: tuple[str, ...]  # heading path, outermost first
    anchor: str  # stable id from section and position in it, never a line number
    section_anchor: str  # the anchor of the innermost heading, "intro" before any
    level: int = 0  # heading level (2-6); 1 is the title
    group: int | None = None  # index of the list or definition list holding it
    ordered: bool = False  # an item of a numbered list
    depth: int = 0  # list nesting, 0 for top-level items
    source_lines: tuple[str, ...] = ()  # the block as written, to find each sentence's line

    @property
    def role(self) -> str | None:
        """The handout part this block belongs to ("key-points"...), from its section."""
        return SECTION_ROLES.get(self.section[0].casefold()) if self.section else None


@quick_init
@dataclass(frozen=True, slots=True)
class SourceDocument:
    path: str  # relative to the project root, as users type it
    meta: FrontMatter
    blocks: tuple[SourceBlock, ...]


@quick_init
@dataclass(frozen=True, slots=True)
class Segment:
    """One source sentence: one msgid for translators, one scored unit for editors."""

    segment_id: str  # built from section and content, never from a line number
    kind: BlockKind
    text: str  # plain text, whitespace normalised: what editors and formulas read
    msgid: str  # text with `{n}...{/n}` placeholders for inline markup
    placeholders: tuple[Placeholder, ...]
    path: str
    line: int
    section: tuple[str, ...]
    anchor: str  # the block's anchor
    msgctxt: str | None = None  # only to tell identical sentences apart

    @property
    def section_title(self) -> str:
        return self.section[-1] if self.section else ""


@quick_init
@dataclass(frozen=True, slots=True)
class ArticleBlock:
    """A source block and the sentences it was split into."""

    block: SourceBlock
    segments: tuple[Segment, ...]


@quick_init
@dataclass(frozen=True, slots=True)
class Article:
    path: str
    meta: FrontMatter
    blocks: tuple[ArticleBlock, ...]

    @property
    def segments(self) -> tuple[Segment, ...]:
        return tuple(s for b in self.blocks for s in b.segments)

    def sections(self) -> dict[str, Section]:
        """Each section by its heading's anchor ("intro" before the first heading), with
        the blocks it holds; a section holds its subsections' blocks too."""
        heads: dict[str, tuple[str, int]] = {}
        members: dict[str, list[int]] = {}
        open_sections: list[tuple[int, str]] = []  # (level, anchor) of the headings above
        for index, block in enumerate(self.blocks):
            source = block.block
            if source.kind is BlockKind.HEADING:
                while open_sections and open_sections[-1][0] >= source.level:
                    open_sections.pop()
                open_sections.append((source.level, source.anchor))
                heads[source.anchor] = (source.section[-1], source.line)
            keys = [anchor for _, anchor in open_sections] or ["intro"]
            if keys == ["intro"] and "intro" not in heads:
                heads["intro"] = (f"{self.meta.title} (introduction)", source.line)
            for key in keys:
                members.setdefault(key, []).append(index)
        return {
            key: Section(label, line, tuple(members.get(key, ())))
            for key, (label, line) in heads.items()
        }


@quick_init
@dataclass(frozen=True, slots=True)
class Section:
    """A section of an article: its heading's text and line, and its blocks' indexes."""

    label: str
    line: int
    blocks: tuple[int, ...]


@quick_init
@dataclass(frozen=True, slots=True)
class TranslatedEntry:
    """One usable translation from a catalog, with where it stands for messages."""

    msgstr: str
    line: int  # 1-based line of the msgid in the PO file


@quick_init
@dataclass(frozen=True, slots=True)
class HeldEntry:
    """A catalog entry whose translation is not printed, and why (`publishable.judge`)."""

    hold: str  # a `publishable.Hold` value: "fuzzy", "unsafe", "untranslated"...
    reasons: tuple[str, ...]  # unsafe: each disagreement; fuzzy: what changed in the English
    line: int  # 1-based line of the msgid in the PO file


@quick_init
@dataclass(frozen=True, slots=True, eq=False)  # eq=False: a dict field, compared by identity
class Translations:
    """A catalog reduced to what localizing needs: the entries fit to publish, and
    why each other active entry is held back."""

    path: str
    lang: str
    entries: dict[tuple[str | None, str], TranslatedEntry]  # (msgctxt, msgid) -> entry
    held: dict[tuple[str | None, str], HeldEntry] = field(default_factory=dict)


@quick_init
@dataclass(frozen=True, slots=True)
class LocalizedSentence:
    segment_id: str
    inlines: tuple[Inline, ...]
    is_fallback: bool  # English shown because no publishable translation exists


@quick_init
@dataclass(frozen=True, slots=True)
class LocalizedBlock:
    block: SourceBlock
    sentences: tuple[LocalizedSentence, ...]


@quick_init
@dataclass(frozen=True, slots=True)
class Label:
    """A word of the handout template, translated in the shared `handouts` catalog."""

    msgid: str
    comment: str  # for the translator


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
        "Page {page} of {pages}",
        "Printed at the foot of each page of the PDF handout: {page} is this page's "
        "number, {pages} the number of pages.",
    ),
    Label(
        "Some sentences are not translated yet and are shown in English.",
        "Note at the top of a handout whose translation is not complete.",
    ),
    Label(
        "Your care team",
        "Heading of the box with the clinic's name, phone and address, printed on every "
        "handout (the people who look after the patient: doctors, nurses and others).",
    ),
    Label(
        "Phone: {phone}",
        "In the clinic box: {phone} is the clinic's phone number, or a blank line to write it on.",
    ),
    Label(
        "Address: {address}",
        "In the clinic box: {address} is the clinic's street address, or a blank line.",
    ),
    Label(
        "English title: {title}",
        "Top of a translated handout, after the language's name: {title} is the handout's "
        "title in English, so English-speaking staff know which handout it is.",
    ),
    Label(
        "This handout does not replace the advice of your care team.",
        "One-line disclaimer at the end of every handout.",
    ),
)


BLANK = "_" * 24  # a value left empty in settings, printed as a line to write on


@quick_init
@dataclass(frozen=True, slots=True)
class LabelText:
    """A template label, its placeholders filled; an English value (the original title)
    is kept apart so it can be marked lang="en" inside a translated sentence."""

    parts: tuple[tuple[str, str], ...]  # (text, role): role "" for words, "en" for an
    # English value, "page" or "pages" where a printed page number goes
    is_fallback: bool = False  # English, because the label is not translated yet

    @property
    def text(self) -> str:
        return "".join(BLANK if role == "blank" else part for part, role in self.parts)


@quick_init
@dataclass(frozen=True, slots=True)
class Labels:
    """Template words in the handout's language, placeholders already filled."""

    translated_from: LabelText | None  # None on English handouts
    source: LabelText
    last_reviewed: LabelText
    handouts: LabelText
    fallback_note: LabelText
    page_of: LabelText
    care_team: LabelText
    phone: LabelText
    address: LabelText
    english_title: LabelText | None  # None on English handouts
    disclaimer: LabelText


@quick_init
@dataclass(frozen=True, slots=True)
class LocalizedDocument:
    slug: str
    locale: LocaleInfo  # the language it is in, validated once: ask it, never parse a tag
    title: tuple[LocalizedSentence, ...]
    blocks: tuple[LocalizedBlock, ...]
    labels: Labels
    publisher: str
    original_title: str
    reviewed_iso: str
    has_fallback: bool
    source_url: str | None = None  # the original page, as the article's front matter gives it
    clinic_name: str = ""  # from settings; "" prints a line to write on

    @property
    def lang(self) -> str:  # BCP 47, for HTML `lang`
        return self.locale.tag

    @property
    def direction(self) -> str:  # "ltr" or "rtl"
        return self.locale.direction

    @property
    def sentence_joiner(self) -> str:  # " ", or "" for Chinese
        return self.locale.sentence_joiner

    @property
    def language_name(self) -> str:  # in the language itself
        return self.locale.native_name

    @property
    def english_language_name(self) -> str:  # the language named in English ("Spanish")
        return self.locale.english_name


@quick_init
@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """A PO entry as checks see it."""

    msgid: str
    msgstr: str
    msgctxt: str | None
    line: int  # 1-based line of the msgid
    is_fuzzy: bool
    msgid_plural: str | None = None
    msgstr_plural: tuple[str, ...] = ()
    previous_msgid: str | None = None  # the old English (`#|`) of a fuzzy entry


@quick_init
@dataclass(frozen=True, slots=True)
class Readiness:
    """Whether a translation may be printed, and why not."""

    lang: str
    words_total: int
    words_translated: int
    untranslated_critical: tuple[str, ...]  # critical sections with English left in them
    threshold: float  # percent of words

    @property
    def percent(self) -> float:
        return 100.0 * self.words_translated / self.words_total if self.words_total else 100.0

    @property
    def is_ready(self) -> bool:
        return self.percent >= self.threshold and not self.untranslated_critical


@quick_init
@dataclass(frozen=True, slots=True)
class Remembered:
    """A translation from another catalog of the same language, for reuse."""

    msgstr: str
    source: str  # the catalog it comes from, as a path
