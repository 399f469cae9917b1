"""An article's units -> the source file `source.py` reads (front matter and Markdown)."""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import PurePath

import yaml

from pipeline.importer.metadata import (
    original_address,
    publisher_from_address,
)
from pipeline.importer.rules import ImportRules
from pipeline.importer.units import (
    _WORD,
    ImportResult,
    _Article,
    _is_title_case,
    _Kind,
    _Unit,
    _words,
)

# --- The source file -----------------------------------------------------------------------


# Long: the front matter's fields, each found or guessed and noted when missing, in the order the
# file lists them.
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
