"""SourceDocument -> Article: sentences with stable ids, placeholders and 1-based lines."""

from __future__ import annotations

import functools
import hashlib
from collections import defaultdict
from dataclasses import replace

import pysbd

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

# Headings, terms and the title are labels: one segment each, never split.
_SPLIT_KINDS = {BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.DEFINITION}


@functools.cache
def _splitter(language: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=language, clean=False)


def split_sentences(text: str, *, language: str = "en") -> tuple[str, ...]:
    """Text (placeholders allowed) -> sentences, never cutting a placeholder pair apart.

    pysbd knows abbreviations ("U.S.", "e.g.", "Dr.") and decimals ("1.5"), which a
    split on full stops does not.
    """
    pieces = [p.strip() for p in _splitter(language).segment(text) if p.strip()]
    sentences: list[str] = []
    pending = ""
    for piece in pieces:
        pending = f"{pending} {piece}" if pending else piece
        if is_balanced(pending):  # emphasis across two sentences keeps them together
            sentences.append(pending)
            pending = ""
    if pending:
        sentences.append(pending)
    return tuple(sentences)


def segment_article(document: SourceDocument) -> Article:
    """Blocks -> sentences, each a translatable and scorable unit."""
    language = document.meta.language.split("-")[0]
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
        for sentence in sentences:
            text, mapping = renumber(sentence)
            sentence_placeholders = tuple(
                replace(placeholders[old - 1], number=new) for old, new in mapping.items()
            )
            segment_id = _segment_id(block, to_plain(text), ids)
            segments.append(
                Segment(
                    segment_id=segment_id,
                    kind=block.kind,
                    text=to_plain(text),
                    msgid=text,
                    placeholders=sentence_placeholders,
                    path=document.path,
                    line=block.line,
                    section=block.section,
                    anchor=block.anchor,
                )
            )
        blocks.append(ArticleBlock(block=block, segments=tuple(segments)))
    return Article(path=document.path, meta=document.meta, blocks=_with_contexts(blocks))


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
