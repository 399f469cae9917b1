"""What every reader produces: units (a heading, paragraph, list item, term or definition
with its plain text, its Markdown and where it came from), the marks rules put on them, the
import's result, and the text helpers the rules share."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from pipeline.importer.rules import ImportRules


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
