"""Helpers for the importer's tests (test_importer*.py): a case file imported, read back as
the build reads it, and the pieces the tests compare."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from pipeline.importer import Dropped, ImportResult, import_document
from pipeline.model import BlockKind, SourceBlock, SourceDocument
from pipeline.placeholders import inline_text
from pipeline.segment import segment_article
from pipeline.source import parse_source

ROOT = Path(__file__).resolve().parents[1]
CASES = Path(__file__).resolve().parent / "import-cases"


def import_case(path: Path, *, keep: Sequence[str] = ()) -> ImportResult:
    return import_document(path.read_bytes(), filename=path.name, keep=keep)


def read_back(result: ImportResult) -> SourceDocument:
    """The imported file read back as the build reads a source article."""
    return parse_source(result.markdown, path=f"source/{result.slug}.md")


def by_rule(dropped: tuple[Dropped, ...]) -> dict[str, list[str]]:
    grouped: defaultdict[str, list[str]] = defaultdict(list)
    for item in dropped:
        grouped[item.rule].append(item.text)
    return grouped


def sentence_texts(document: SourceDocument) -> list[str]:
    return [segment.text for segment in segment_article(document).segments]


def heading_levels(document: SourceDocument) -> list[tuple[int, str]]:
    return [
        (block.level, block.section[-1])
        for block in document.blocks
        if block.kind is BlockKind.HEADING
    ]


def block_text(block: SourceBlock) -> str:
    return inline_text(block.inlines)
