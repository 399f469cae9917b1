"""LocalizedDocument -> a tagged PDF/UA-1 handout through Typst (the `typst` binding).

The second PDF engine (`[tool.handouts] pdf_engine = "typst"`). It does not convert the
print HTML: it lays out the same data the HTML template gets (the localized document, its
labels, the paper size) with `templates/handout.typ`. Every word travels as JSON in
`sys.inputs` and the template places it as text, so a translation holding `#`, `*`, `[`
or `$` prints those characters and cannot inject Typst markup.

What WeasyPrint needs spans for, the data marks as runs: Korean words kept whole (lines
break between words only), a Chinese block's last two characters kept together, Latin
runs in Arabic set left to right as units (the same splits as the HTML, from
`templating`). A `TypstPrinter` keeps one compiler (fonts scanned once) for every handout
a worker prints.
"""

from __future__ import annotations

import functools
import json
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from pipeline.handout_parts import ListView, group_blocks, role_sections
from pipeline.model import (
    BlockKind,
    Inline,
    LabelText,
    LocalizedBlock,
    LocalizedDocument,
    LocalizedSentence,
    Span,
    SpanKind,
)
from pipeline.templating import EMPTY_LABEL_ROLES, hangul_words, ltr_runs, split_tail

Run = dict[str, Any]  # {"k": kind, ...}: one piece of inline text for the template
PAPERS = {"letter": "letter", "a4": "a4"}
# The Typst language code for a BCP 47 tag (Typst takes ISO 639 codes; the script of
# zh-Hans is chosen by the font, Noto Sans CJK SC).
SCRIPTS = {"ar": "arabic", "ko": "hangul", "ru": "cyrillic", "vi": "vietnamese", "zh": "han"}


@dataclass(frozen=True, slots=True)
class _Marking:
    """How a language's text is split into runs (as `templating` marks the HTML)."""

    rtl: bool = False
    keep_words: bool = False  # Korean
    glue_tail: bool = False  # Chinese


def _marking(document: LocalizedDocument) -> _Marking:
    language = document.locale.language
    return _Marking(
        rtl=document.locale.is_rtl, keep_words=language == "ko", glue_tail=language == "zh"
    )


def _text_runs(text: str, marking: _Marking, *, tail: bool = False) -> list[Run]:
    if marking.rtl:
        pieces = ltr_runs(text)
        return [{"k": "ltr" if is_ltr else "t", "v": p} for p, is_ltr in pieces if p]
    if marking.keep_words:
        return [{"k": "keep" if kept else "t", "v": p} for p, kept in hangul_words(text) if p]
    if tail:
        return [{"k": "keep" if kept else "t", "v": p} for p, kept in split_tail(text) if p]
    return [{"k": "t", "v": unicodedata.normalize("NFC", text)}]


def _inline_runs(
    nodes: Sequence[Inline], marking: _Marking, *, last: Inline | None = None
) -> list[Run]:
    runs: list[Run] = []
    for node in nodes:
        if isinstance(node, Span):
            children = _inline_runs(node.children, marking, last=last)
            if node.kind is SpanKind.LINK:
                runs.append({"k": "link", "href": node.href or "", "c": children})
            else:
                kind = {SpanKind.EMPHASIS: "em", SpanKind.STRONG: "strong"}.get(node.kind, "code")
                runs.append({"k": kind, "c": children})
        else:
            runs += _text_runs(node.text, marking, tail=node is last)
    return runs


def _sentences(
    sentences: Sequence[LocalizedSentence], document: LocalizedDocument, marking: _Marking
) -> list[Run]:
    """A block's sentences; one shown in English (not translated yet) is marked English."""
    runs: list[Run] = []
    for number, sentence in enumerate(sentences, start=1):
        if number > 1 and document.sentence_joiner:
            runs.append({"k": "t", "v": document.sentence_joiner})
        if sentence.is_fallback:
            runs.append({"k": "en", "c": _inline_runs(sentence.inlines, _Marking())})
            continue
        inlines = sentence.inlines
        ends_in_text = bool(inlines) and not isinstance(inlines[-1], Span)
        ends_block = marking.glue_tail and number == len(sentences) and ends_in_text
        last = inlines[-1] if ends_block else None
        runs += _inline_runs(inlines, marking, last=last)
    return runs


def _label(label: LabelText, marking: _Marking) -> list[Run]:
    """A label's words in the handout's language, its page numbers and blank lines."""
    runs: list[Run] = []
    for part, role in label.parts:
        if role in EMPTY_LABEL_ROLES:
            runs.append({"k": role})
        elif role == "en" or label.is_fallback:
            runs.append(_english(part, marking))
        elif part:
            runs += _text_runs(part, marking)
    return [{"k": "en", "c": runs}] if label.is_fallback else runs


def _english(text: str, marking: _Marking) -> Run:
    """A short English value (the source's name, the English title, the language's
    English name): in right-to-left text one left-to-right unit, as HTML's <bdi>."""
    text = unicodedata.normalize("NFC", text)
    if marking.rtl:
        return {"k": "ltr", "v": text, "lang": "en"}
    return {"k": "en", "c": [{"k": "t", "v": text}]}


def _plain(sentences: Sequence[LocalizedSentence], joiner: str) -> str:
    def text(nodes: Sequence[Inline]) -> str:
        return "".join(text(n.children) if isinstance(n, Span) else n.text for n in nodes)

    return unicodedata.normalize("NFC", joiner.join(text(s.inlines) for s in sentences))


@dataclass(slots=True)
class _Builder:
    document: LocalizedDocument
    english: dict[str, tuple[LocalizedSentence, ...]] = field(default_factory=dict)
    english_document: LocalizedDocument | None = None

    @property
    def marking(self) -> _Marking:
        return _marking(self.document)

    def english_of(self, anchor: str) -> list[Run] | None:
        if self.english_document is None or anchor not in self.english:
            return None
        return _sentences(self.english[anchor], self.english_document, _Marking())

    def block(self, block: LocalizedBlock) -> dict[str, Any]:
        return {
            "text": _sentences(block.sentences, self.document, self.marking),
            "en": self.english_of(block.block.anchor),
        }

    def part(self, part: LocalizedBlock | ListView) -> dict[str, Any]:
        if isinstance(part, ListView) and part.kind == "dl":
            groups = [
                [self.block(item) | {"term": item.block.kind is BlockKind.TERM} for item in group]
                for group in part.term_groups
            ]
            return {"k": "dl", "groups": groups}
        if isinstance(part, ListView):
            items = [self.block(item) for item in part.items]
            return {"k": part.kind, "compact": part.is_compact, "items": items}
        if part.block.kind is BlockKind.HEADING:
            return {"k": "h", "level": part.block.level} | self.block(part)
        return {"k": "p"} | self.block(part)


def typst_data(
    document: LocalizedDocument,
    *,
    paper: str = "letter",
    english: LocalizedDocument | None = None,
) -> str:
    """The handout as the JSON `templates/handout.typ` lays out (sorted keys: the same
    document gives the same text, which the PDF cache keys on)."""
    builder = _Builder(document)
    if english is not None:
        builder.english = {b.block.anchor: b.sentences for b in english.blocks}
        builder.english_document = english
    marking = builder.marking
    labels = document.labels
    base = document.locale.language
    title = _sentences(document.title, document, marking)
    dot: Run = {"k": "t", "v": " · "}
    first_line = _label(labels.source, marking)
    if labels.translated_from is not None:
        first_line += [dot, *_label(labels.translated_from, marking)]
    second_line = [
        *title,
        dot,
        *_label(labels.last_reviewed, marking),
        dot,
        *_label(labels.page_of, marking),
    ]
    clinic = _text_runs(document.clinic_name, marking) if document.clinic_name else [{"k": "blank"}]
    data = {
        "lang": base,
        "script": SCRIPTS.get(base, "latin"),
        "dir": document.direction,
        "paper": PAPERS[paper],
        "title_text": _plain(document.title, document.sentence_joiner),
        "title": title,
        "title_en": None if english is None else _sentences(english.title, english, _Marking()),
        "note": _label(labels.fallback_note, marking) if document.has_fallback else None,
        "language": None
        if labels.english_title is None
        else {
            "native": document.language_name,
            "english": [_english(document.english_language_name, marking)],
            "title": _label(labels.english_title, marking),
        },
        "sections": [
            {"role": section.role, "parts": [builder.part(part) for part in section.parts]}
            for section in role_sections(group_blocks(document.blocks))
        ],
        "care": {
            "heading": _label(labels.care_team, marking),
            "fields": [clinic, _label(labels.phone, marking), _label(labels.address, marking)],
        },
        "source_url": document.source_url,
        "disclaimer": _label(labels.disclaimer, marking),
        "running": [first_line, second_line],
        "term_separator": "：" if base == "zh" else ": ",
    }
    return _dumped(data)


def repapered(data: str, paper: str) -> str:
    """`typst_data` JSON laid out for another paper size: the text `typst_data` gives for
    that size (issue 20: a paper change prints again from the data the last build made)."""
    fields = json.loads(data)
    fields["paper"] = PAPERS[paper]
    return _dumped(fields)


def _dumped(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@functools.cache
def template() -> bytes:
    """The Typst template (package data)."""
    return resources.files("pipeline").joinpath("templates/handout.typ").read_bytes()


_FONTS_MADE = threading.Lock()


@functools.cache
def _fonts(font_folders: tuple[str, ...]) -> Any:
    import typst  # loaded only when PDFs are built with this engine

    return typst.Fonts(
        include_system_fonts=False, include_embedded_fonts=False, font_paths=list(font_folders)
    )


def shared_fonts(font_folders: Sequence[str]) -> Any:
    """Typst's fonts of `font_folders` (only those, never the machine's other fonts),
    scanned once a process and shared by every compiler in it: a face one compiler has
    read (20 MB for a Noto Sans CJK face) is there for the others, so printing in
    several threads holds each face once (issue 20)."""
    with _FONTS_MADE:  # two threads starting at once scan the folders once
        return _fonts(tuple(font_folders))


# The Noto CJK faces the template's scripts print Chinese and Korean in (templates/
# handout.typ, `scripts`; a test holds the two together): a language's first PDF in a
# process reads its faces whole from 20 MB collections.
LARGE_FACES = {"zh": "Noto Sans CJK SC", "ko": "Noto Sans CJK KR"}
_SAMPLES = {"zh": "中文", "ko": "한국어"}


def warm(font_folders: Sequence[str], languages: Iterable[str]) -> None:
    """Scan the fonts (`shared_fonts`) and read the regular and bold faces that
    `languages` print in, for the compilers of this process to find ready: a compile of
    a few characters in each, through a compiler of its own (nothing is written)."""
    import typst

    fonts = shared_fonts(font_folders)
    runs = [
        f'#text(font: "{LARGE_FACES[lang]}")[{_SAMPLES[lang]} *{_SAMPLES[lang]}*]'
        for lang in sorted(set(languages) & LARGE_FACES.keys())
    ]
    if runs:
        compiler = typst.Compiler(font_paths=fonts, ignore_system_fonts=True)
        compiler.compile(input="\n".join(runs).encode("utf-8"), format="pdf")


class TypstPrinter:
    """One Typst compiler, kept warm: the process's fonts (`shared_fonts`), and Typst's
    caches carry over between handouts. One per thread (a compiler is not shared)."""

    def __init__(self, font_folders: Sequence[str]) -> None:
        import typst

        self._compiler = typst.Compiler(
            font_paths=shared_fonts(font_folders), ignore_system_fonts=True
        )

    def render(self, data: str) -> bytes:
        """`typst_data` JSON -> a tagged PDF/UA-1 (language set, font subsets embedded).
        No creation date is written (the template sets none), so the bytes depend on the
        data alone."""
        pdf = self._compiler.compile(
            input=template(),
            format="pdf",
            sys_inputs={"data": data},
            pdf_standards=["ua-1"],
        )
        assert isinstance(pdf, bytes)  # one PDF, not pages of images
        return pdf
