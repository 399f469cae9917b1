"""SourceDocument -> Article: sentences with stable ids, placeholders and 1-based lines."""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace

import pysbd
from pysbd.exclamation_words import ExclamationWords
from pysbd.lang.english import English

from pipeline.model import (
    Article,
    ArticleBlock,
    BlockKind,
    Segment,
    SourceBlock,
    SourceDocument,
    Text,
)
from pipeline.placeholders import is_balanced, renumber, to_msgid, to_plain

_LEADING_CLOSERS = re.compile(r"(?:\{/\d+\}\s*)+")
_TERMINATOR = re.compile(r"[.!?…。！？\n\r]")
_SENTENCE_CLOSE = re.compile(r"[.!?…。！？]?(?:\s|\{/\d+\})*\Z")

# Words with a full stop that never end a sentence, though pysbd may split after them:
# "approx. 2.5 mg", "Dr. Lee". Titles keep their capital; the rest match in any case.
_NEVER_FINAL = {
    "en": ("approx.", "e.g.", "i.e.", "cf.", "vs.", "incl.", "esp.", "Dr.", "Mr.", "Mrs.", "Ms."),
    "es": ("aprox.", "ej.", "Dr.", "Dra.", "Sr.", "Sra.", "Ud.", "Uds.", "núm."),
}
# A full stop that starts a word (".gov", ".org"): pysbd ends a sentence on it.
_WORD_STARTING_DOT = re.compile(r"(?:^|[\s(\[\"“}])\.\Z")  # "}": a placeholder
# "…to help.Symptoms of hay fever", "…disabilities.B-2 Understand": a copy that lost the space
# between two sentences. Not inside an address or a name with capitals ("nhs.Uk" is rare).
_GLUED_END = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z]|[A-Z]-\d)")
# "... 281.4 million Americans.i More than ...": a note mark after the full stop ends it.
_NOTE_MARK_END = re.compile(r"(?:[a-z]{2}|\d{4})\.(?:i{1,3}|iv|vi{0,3}|ix|x|\d{1,2})(?=\s+[A-Z])")

# Headings, terms and the title are labels: one segment each, never split.
_SPLIT_KINDS = {BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.DEFINITION}


@functools.cache
def _splitter(language: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=language, clean=False)


def has_no_inner_sentence_end(text: str) -> bool:
    """No full stop, question or exclamation mark or line break but at the end: one
    sentence, as pysbd would find, without its cost (most blocks are like this)."""
    close = _SENTENCE_CLOSE.search(text)
    return not _TERMINATOR.search(text, 0, close.start() if close else len(text))


# Issue 20: pysbd is the slowest step of reading an article, and a library repeats
# paragraphs; the result is an immutable tuple, so a repeat is a lookup (bounded).
@functools.lru_cache(maxsize=1024)
def split_sentences(text: str, *, language: str = "en") -> tuple[str, ...]:
    """Text (placeholders allowed) -> sentences, never cutting a placeholder pair apart.

    pysbd knows abbreviations ("U.S.", "e.g.", "Dr.") and decimals ("1.5"), which a
    split on full stops does not. Sentences are cut from the original text, so its
    spacing survives; a closing `{/n}` that pysbd put first goes back to its sentence.
    """
    if has_no_inner_sentence_end(text):
        return (text.strip(),) if text.strip() else ()
    starts: list[int] = []
    position = 0
    plain = _plain_sentences(text) if language == "en" else None
    for piece in plain if plain is not None else _pysbd_segment(_splitter(language), text):
        found = text.find(piece.strip(), position)
        if not piece.strip():
            continue
        if found < 0:  # pysbd changed the text: keep the block whole rather than guess
            return (text.strip(),)
        starts.append(found)
        position = found + len(piece.strip())
    if not starts:
        return (text.strip(),) if text.strip() else ()
    starts[0] = 0  # nothing before the first sentence may be lost
    starts = _real_starts(text, starts, _NEVER_FINAL.get(language, ()))
    pieces = [text[a:b].strip() for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    sentences: list[str] = []
    for piece in pieces:
        closing = _LEADING_CLOSERS.match(piece)
        if closing and sentences:
            sentences[-1] += closing.group(0).rstrip()
            piece = piece[closing.end() :].lstrip()
        if sentences and not is_balanced(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {piece}".strip()
        elif piece:
            sentences.append(piece)
    return tuple(part for sentence in sentences if sentence for part in _unglued(sentence))


# Issue 20: most paragraphs of an English article are plain sentences, and pysbd (the
# slowest step of reading an article) splits them where a full stop, question or
# exclamation mark ends a word of two or more lowercase letters that is not an
# abbreviation and a capital follows. Text holding anything else its rules look at
# (numbers with a point, quotes, brackets, placeholders, single letters, lists, names
# such as Yahoo!) goes to pysbd; tests/test_segment.py checks both give the same pieces.
_PLAIN_TEXT = re.compile(r"[A-Za-z0-9 ,;:%/'’.!?-]+")
_STRAY_QUOTE = re.compile(r"(?<![A-Za-z])['’]")
_PLAIN_END = re.compile(r"([A-Za-z'’-]*)([.!?])(?: +(?=[A-Z])|\Z)")


@functools.cache
def _abbreviations() -> frozenset[str]:
    return frozenset(a.lower() for a in English.Abbreviation.ABBREVIATIONS)


# Names pysbd keeps whole with their "!" ("Yahoo!", "Yum!"), wherever they end a word.
_EXCLAIMED = tuple(w[:-1] for w in ExclamationWords.EXCLAMATION_WORDS if w.endswith("!"))


def _plain_sentences(text: str) -> list[str] | None:
    """What `_pysbd_segment` gives for plain English sentences, or None for any other
    text (see above)."""
    if not _PLAIN_TEXT.fullmatch(text) or _STRAY_QUOTE.search(text):
        return None
    pieces: list[str] = []
    start = 0
    for match in _PLAIN_END.finditer(text):
        word, mark = match.groups()
        if len(word) < 2 or not word[-2:].islower():
            return None
        if mark == "." and word.lower() in _abbreviations():
            return None
        if mark == "!" and word.endswith(_EXCLAIMED):
            return None
        pieces.append(text[start : match.end()])
        start = match.end()
    ends = text.count(".") + text.count("!") + text.count("?")
    if ends != len(pieces):  # a mark inside a sentence, or one followed by no capital
        return None
    if start < len(text):
        pieces.append(text[start:])
    return pieces


def _pysbd_segment(segmenter: pysbd.Segmenter, text: str) -> list[str]:
    """What `segmenter.segment(text)` returns (clean=False, no char spans): pysbd's
    sentences, each found again in the text with its trailing spaces, in order, a
    sentence it cannot find left out. pysbd finds each one with a regular expression
    made from the sentence, which compiles one pattern per sentence and evicts the
    patterns of its own rules from `re`'s cache; plain `str.find` does the same search."""
    if not text:
        return []
    segmenter.original_text = text
    sentences = segmenter.processor(text).process()
    if not all(sentences):  # an empty one matches anywhere: leave that case to pysbd
        return list(segmenter.segment(text))
    pieces: list[str] = []
    prior_end = 0
    for sentence in sentences:
        start = text.find(sentence)
        while start >= 0:
            end = start + len(sentence)
            while end < len(text) and text[end].isspace():
                end += 1
            if end > prior_end:
                pieces.append(text[start:end])
                prior_end = end
                break
            start = text.find(sentence, end)
    return pieces


def _real_starts(text: str, starts: list[int], never_final: tuple[str, ...]) -> list[int]:
    """pysbd's sentence starts, less those after an abbreviation ("approx. 2.5 mg") or a
    full stop that begins a domain ("A .gov website")."""
    kept = starts[:1]
    for start in starts[1:]:
        if not _cannot_end(text[kept[-1] : start].strip(), never_final):
            kept.append(start)
    return kept


def _cannot_end(sentence: str, never_final: tuple[str, ...]) -> bool:
    if not sentence or _WORD_STARTING_DOT.search(sentence):
        return True
    last = sentence.rsplit(maxsplit=1)[-1].lstrip('(["“')
    return any(
        last == word if word[0].isupper() else last.casefold() == word for word in never_final
    )


def _unglued(sentence: str) -> list[str]:
    cuts = sorted(
        [
            m.start()
            for m in _GLUED_END.finditer(sentence)
            if not re.search(r"[/@]|www\.|\.\w+\.", _token_before(sentence, m.start()))
        ]
        + [m.end() for m in _NOTE_MARK_END.finditer(sentence)]
    )
    if not cuts or not is_balanced(sentence):
        return [sentence]
    bounds = [0, *cuts, len(sentence)]
    parts = [sentence[a:b].strip() for a, b in itertools.pairwise(bounds)]
    if not all(is_balanced(part) for part in parts):
        return [sentence]  # a placeholder pair would be cut apart
    return [part for part in parts if part]


def _token_before(text: str, end: int) -> str:
    start = max(text.rfind(" ", 0, end), 0)
    return text[start:end]


def segment_article(document: SourceDocument) -> Article:
    """Blocks -> sentences, each a translatable and scorable unit."""
    language = document.meta.locale.language
    title_block = SourceBlock(
        kind=BlockKind.TITLE,
        inlines=(Text(document.meta.title),),
        line=document.meta.title_line,
        section=(),
        anchor="title",
        section_anchor="intro",
        level=1,
    )
    ids: defaultdict[str, int] = defaultdict(int)
    blocks: list[ArticleBlock] = []
    for block in (title_block, *document.blocks):
        msgid, placeholders = to_msgid(block.inlines)
        if block.kind in _SPLIT_KINDS:
            sentences = split_sentences(msgid, language=language)
        else:
            sentences = (msgid,)
        segments = []
        locate = _line_finder(block)
        for sentence in sentences:
            text, mapping = renumber(sentence)
            sentence_placeholders = tuple(
                replace(placeholders[old - 1], number=new) for old, new in mapping.items()
            )
            words = to_plain(text)
            segment_id = _segment_id(block, words, ids)
            segments.append(
                Segment(
                    segment_id=segment_id,
                    kind=block.kind,
                    text=words,
                    msgid=text,
                    placeholders=sentence_placeholders,
                    path=document.path,
                    line=locate(words),
                    section=block.section,
                    anchor=block.anchor,
                )
            )
        blocks.append(ArticleBlock(block=block, segments=tuple(segments)))
    return Article(path=document.path, meta=document.meta, blocks=_with_contexts(blocks))


def _line_finder(block: SourceBlock) -> Callable[[str], int]:
    """Sentence -> the 1-based line it starts on, searching the block as written.

    Whitespace is folded on both sides, so rewrapping does not matter; a sentence
    whose words are split by markup falls back to the line of the one before it.
    """
    folded: list[str] = []
    lines: list[int] = []
    for offset, raw in enumerate(block.source_lines):
        for char in " ".join(raw.split()) + " ":
            folded.append(char)
            lines.append(block.line + offset)
    text = "".join(folded)
    state = {"position": 0, "line": block.line}

    def locate(sentence: str) -> int:
        probe = " ".join(sentence.split())[:24]
        found = text.find(probe, state["position"]) if probe else -1
        if found >= 0:
            state["position"] = found + len(probe)
            state["line"] = lines[found]
        return state["line"]

    return locate


def _segment_id(block: SourceBlock, text: str, seen: defaultdict[str, int]) -> str:
    """Section anchor + a hash of the words: stable when other sentences move or change."""
    digest = hashlib.sha1(f"{block.section_anchor}\n{text}".encode()).hexdigest()[:8]
    base = f"{block.section_anchor}.{digest}"
    seen[base] += 1
    return base if seen[base] == 1 else f"{base}-{seen[base]}"


def _with_contexts(blocks: list[ArticleBlock]) -> tuple[ArticleBlock, ...]:
    """Give msgctxt only to one text used as different kinds of block.

    The same words as a heading and as a list term can need different grammar in the
    translation; the same sentence twice in running text is one entry.
    """
    kinds: defaultdict[str, set[BlockKind]] = defaultdict(set)
    for block in blocks:
        for segment in block.segments:
            kinds[segment.msgid].add(segment.kind)
    return tuple(
        ArticleBlock(
            block=b.block,
            segments=tuple(
                replace(s, msgctxt=s.kind.value) if len(kinds[s.msgid]) > 1 else s
                for s in b.segments
            ),
        )
        for b in blocks
    )
