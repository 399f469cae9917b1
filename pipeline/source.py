"""Markdown + YAML front matter -> SourceDocument of blocks (markdown-it-py)."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin

from pipeline.errors import InputError
from pipeline.locales import locale_info
from pipeline.model import (
    SAFE_LINK_SCHEMES,
    SLUG,
    BlockKind,
    FrontMatter,
    Inline,
    SourceBlock,
    SourceDocument,
    Span,
    SpanKind,
    Text,
    Unfinished,
)
from pipeline.placeholders import inline_text

MAX_LIST_DEPTH = 4  # deeper lists do not print legibly, and patients lose the thread
_COMMENT = re.compile(r"\s*<!--.*?-->\s*", re.DOTALL)
_SPAN_KINDS = {"em": SpanKind.EMPHASIS, "strong": SpanKind.STRONG, "link": SpanKind.LINK}

# key -> (required, expected types, what to write)
_FIELDS: dict[str, tuple[bool, tuple[type, ...], str]] = {
    "title": (True, (str,), "a text"),
    "slug": (True, (str,), "lowercase letters, digits and hyphens"),
    "language": (True, (str,), "a BCP 47 code such as 'en'"),
    "publisher": (True, (str,), "a text"),
    "original_title": (True, (str,), "a text"),
    "last_reviewed": (True, (dt.date,), "a date written YYYY-MM-DD"),
    "target_grade": (True, (int, float), "a number such as 6"),
    "critical_sections": (False, (list,), "a list of section headings"),
    "source_url": (False, (str,), "the original page's address, starting https://"),
    "original": (False, (str,), "a path inside source/ such as originals/<slug>.md"),
}
_ORIGINAL = re.compile(r"(?:[\w.-]+/)*[\w-][\w.-]*\.md")


def parse_source(text: str, *, path: str) -> SourceDocument:
    """The text of a source article -> its metadata and blocks."""
    meta_text, body, body_offset = _split_front_matter(text, path=path)
    meta = _read_front_matter(meta_text, path=path)
    blocks = tuple(_blocks(body, path=path, line_offset=body_offset))
    if not blocks:
        raise InputError("the article has no text after its front matter.", path=path)
    headings = {b.section[-1] for b in blocks if b.kind is BlockKind.HEADING}
    for critical in meta.critical_sections:
        if critical not in headings:
            raise InputError(
                f"the critical section “{critical}” is not a heading of this article.",
                path=path,
                line=_key_line(meta_text, "critical_sections"),
            )
    return SourceDocument(path=path, meta=meta, blocks=blocks)


def _key_line(meta_text: str, key: str) -> int:
    for number, line in enumerate(meta_text.split("\n"), start=2):
        if line.startswith(f"{key}:"):
            return number
    return 2


def _split_front_matter(text: str, *, path: str) -> tuple[str, str, int]:
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise InputError(
            "the file must start with YAML front matter between two '---' lines.",
            path=path,
            line=1,
        )
    for number, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return "".join(lines[1:number]), "".join(lines[number + 1 :]), number + 1
    raise InputError("the front matter opened here is never closed with '---'.", path=path, line=1)


class _Loader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so a bad one gets our message and line."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _yaml_mistake(error: yaml.MarkedYAMLError, meta_text: str) -> tuple[int, str]:
    """A YAML error -> the line where the mistake is and, for the common ones, the fix.
    (+1 for 1-based lines, +1 for the opening '---'.)"""
    problem = (error.problem or "invalid YAML").rstrip(".")
    mark = error.problem_mark or error.context_mark
    line = mark.line + 2 if mark else 1
    lines = meta_text.split("\n")
    if error.context == "while scanning a quoted scalar" and error.context_mark is not None:
        # PyYAML notices at the end of the front matter; the quote opened on this line.
        return error.context_mark.line + 2, (
            "this value opens a quote that is never closed; end the value with the same quote mark."
        )
    if problem.startswith("found character '\\t'"):
        return line, "this line is indented with a tab; YAML needs spaces."
    if problem == "mapping values are not allowed here" and mark is not None:
        text = lines[mark.line] if mark.line < len(lines) else ""
        key, _, value = text.partition(":")
        if value.strip():
            return line, (
                f"the value of '{key.strip()}' has a colon in it; put the whole value in "
                f'quotes, like this: {key.strip()}: "{value.strip()}".'
            )
    return line, f"the front matter is not valid YAML: {problem}."


# Long: one check per front-matter key, each with its own line and message.
def _read_front_matter(meta_text: str, *, path: str) -> FrontMatter:
    loader = _Loader(meta_text)
    try:
        # Parsed once: the node tree gives each key's line, and the values are built from
        # it (yaml.compose and then yaml.load parsed the text twice).
        node = loader.get_single_node()
        data = None if node is None else loader.construct_document(node)
    except yaml.constructor.ConstructorError as error:
        mark = error.problem_mark or error.context_mark
        raise InputError(
            "the front matter uses a YAML tag (such as !!python/...) that would build an "
            "object; write plain values.",
            path=path,
            line=mark.line + 2 if mark else 2,
        ) from None
    except yaml.MarkedYAMLError as error:
        line, sentence = _yaml_mistake(error, meta_text)
        raise InputError(sentence, path=path, line=line) from None
    except yaml.YAMLError as error:
        raise InputError(
            f"the front matter is not valid YAML: {error}.", path=path, line=2
        ) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise InputError(
            "the front matter must be a mapping of 'key: value' lines.", path=path, line=2
        )
    key_lines = {
        k.value: k.start_mark.line + 2 for k, _ in node.value if isinstance(k, yaml.ScalarNode)
    }

    def fail(key: str, sentence: str) -> InputError:
        return InputError(sentence, path=path, line=key_lines.get(key, 2))

    for key in data:
        if key not in _FIELDS:
            known = ", ".join(_FIELDS)
            raise fail(str(key), f"unknown front matter key '{key}'; the keys are {known}.")
    reviewed = data.get("last_reviewed")
    if isinstance(reviewed, str):
        with contextlib.suppress(ValueError):  # reported just below as not a date
            data["last_reviewed"] = dt.date.fromisoformat(reviewed.strip())
    for key, (required, types, expected) in _FIELDS.items():
        value = data.get(key)
        if value is None:
            if required:
                raise InputError(f"the front matter needs '{key}': {expected}.", path=path, line=2)
            continue
        is_bool = isinstance(value, bool)  # YAML `yes` is a bool, and bool is an int
        if is_bool or not isinstance(value, types) or isinstance(value, dt.datetime):
            raise fail(key, f"'{key}' must be {expected}, not {value!r}.")
    if not SLUG.fullmatch(data["slug"]):
        raise fail("slug", f"'slug' must be {_FIELDS['slug'][2]}, not {data['slug']!r}.")
    sections = data.get("critical_sections") or []
    if not all(isinstance(s, str) for s in sections):
        raise fail("critical_sections", "'critical_sections' must list headings as text.")
    source_url = data.get("source_url")
    if source_url is not None and not re.fullmatch(r"https?://\S+", source_url):
        raise fail("source_url", f"'source_url' must be {_FIELDS['source_url'][2]}.")
    original = data.get("original")
    if original is not None and (not _ORIGINAL.fullmatch(original) or ".." in original.split("/")):
        raise fail("original", f"'original' must be {_FIELDS['original'][2]}, not {original!r}.")
    grade = float(data["target_grade"])
    if not 1 <= grade <= 18:
        raise fail("target_grade", f"'target_grade' must be between 1 and 18, not {grade:g}.")
    return FrontMatter(
        title=_normalise(data["title"]),
        slug=data["slug"],
        locale=locale_info(data["language"], origin=path, line=key_lines.get("language", 2)),
        publisher=_normalise(data["publisher"]),
        original_title=_normalise(data["original_title"]),
        last_reviewed=data["last_reviewed"],
        target_grade=grade,
        critical_sections=tuple(_normalise(s) for s in sections),
        title_line=key_lines["title"],
        source_url=source_url,
        unfinished=_unfinished(data, node, meta_text, key_lines),
        original=original,
        original_line=key_lines.get("original", 2),
    )


_LEFT_FOR_EDITOR = re.compile(r"\b(?:TODO|FIXME|TBD)\b")
_EDITOR_COMMENT = re.compile(r"\s+#\s*(.*\b(?:TODO|guess\w*)\b.*?)\s*$", re.IGNORECASE)
_WHAT = {
    "title": "the article's title",
    "publisher": "the publisher's name",
    "original_title": "the title of the original page",
}
EARLIEST_REVIEW = dt.date(1950, 1, 1)  # an earlier "review" date is a placeholder (1900-01-01)
_NOT_PRINTED = "no handout of this article is printed until then"


def _unfinished(
    data: dict[str, object], node: yaml.MappingNode, meta_text: str, key_lines: dict[str, int]
) -> tuple[Unfinished, ...]:
    """Values the importer (or an editor) left to fill in: printed, a placeholder such as
    "Source: TODO" or "Last reviewed: January 1, 1900" would look like a fact."""
    found: dict[str, Unfinished] = {}
    lines = meta_text.split("\n")
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key not in _FIELDS or not isinstance(value_node, yaml.ScalarNode):
            continue
        line = key_lines[key]
        value = data.get(key)
        if key == "last_reviewed" and isinstance(value, dt.date) and value < EARLIEST_REVIEW:
            sentence = (
                f"'last_reviewed' is {value.isoformat()}, the mark for a review date that was "
                f"not found; write the date the source was last reviewed: {_NOT_PRINTED}."
            )
        elif isinstance(value, str) and _LEFT_FOR_EDITOR.search(value):
            sentence = (
                f"'{key}' is still “{_normalise(value)}”; write {_WHAT.get(key, 'its value')}: "
                f"{_NOT_PRINTED}."
            )
        elif comment := _EDITOR_COMMENT.match(
            lines[value_node.end_mark.line][value_node.end_mark.column :]
        ):
            sentence = (
                f"'{key}' was left for the editor to check (“# {comment.group(1)}”); check it, "
                f"then delete the comment: {_NOT_PRINTED}."
            )
        else:
            continue
        found.setdefault(key, Unfinished(key, line, sentence))
    return tuple(sorted(found.values(), key=lambda u: u.line))


def _normalise(text: str) -> str:
    return " ".join(text.split())


def slugify(text: str) -> str:
    """A heading -> an anchor: lowercase words joined by hyphens, any script."""
    return re.sub(r"[\W_]+", "-", text.lower()).strip("-") or "section"


@dataclass(slots=True)
class _Walk:
    """Where the token walk stands: open containers and the current section."""

    path: str
    line_offset: int
    section: list[tuple[int, str, str]] = field(default_factory=list)  # (level, heading, anchor)
    containers: list[tuple[str, int, bool]] = field(default_factory=list)  # (kind, group, ordered)
    groups: int = 0
    anchors: set[str] = field(default_factory=set)
    counts: dict[tuple[str, str], int] = field(default_factory=dict)

    def section_titles(self) -> tuple[str, ...]:
        return tuple(title for _, title, _ in self.section)

    def section_anchor(self) -> str:
        return self.section[-1][2] if self.section else "intro"

    def anchor(self, kind: str) -> str:
        base = self.section_anchor()
        number = self.counts.get((base, kind), 0) + 1
        self.counts[(base, kind)] = number
        anchor = f"{base}-{kind}{number}"
        while anchor in self.anchors:  # two sections with one heading
            anchor += "-x"
        self.anchors.add(anchor)
        return anchor

    def heading_anchor(self, title: str) -> str:
        anchor = slugify(title)
        suffix = 1
        while anchor in self.anchors:
            suffix += 1
            anchor = f"{slugify(title)}-{suffix}"
        self.anchors.add(anchor)
        return anchor


_KIND_LETTERS = {
    BlockKind.PARAGRAPH: "p",
    BlockKind.LIST_ITEM: "li",
    BlockKind.TERM: "dt",
    BlockKind.DEFINITION: "dd",
}


@functools.cache  # one for every article: a parse keeps its state in its own objects
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).use(deflist_plugin)


def _blocks(body: str, *, path: str, line_offset: int) -> Iterator[SourceBlock]:
    walk = _Walk(path=path, line_offset=line_offset)
    body_lines = body.split("\n")
    tokens = _parser().parse(body)
    heading_level = 0
    for index, token in enumerate(tokens):
        line = (token.map[0] if token.map else 0) + line_offset + 1
        match token.type:
            case "heading_open":
                heading_level = int(token.tag[1])
                if heading_level == 1:
                    raise InputError(
                        "the title comes from the front matter; start sections with '##'.",
                        path=path,
                        line=line,
                    )
            case "bullet_list_open" | "ordered_list_open" | "dl_open":
                if len(walk.containers) >= MAX_LIST_DEPTH:
                    raise InputError(
                        f"lists are nested more than {MAX_LIST_DEPTH} deep here; a handout "
                        "needs flatter lists.",
                        path=path,
                        line=line,
                    )
                walk.groups += 1
                walk.containers.append((token.type, walk.groups, token.type == "ordered_list_open"))
            case "bullet_list_close" | "ordered_list_close" | "dl_close":
                walk.containers.pop()
            case "html_block":
                if not _COMMENT.fullmatch(token.content):
                    raise InputError(_RAW_HTML, path=path, line=line)
            case "fence" | "code_block" | "table_open":
                raise InputError(
                    "code blocks and tables are not supported in handouts; write the text as "
                    "paragraphs or a list.",
                    path=path,
                    line=line,
                )
            case "inline":
                block = _block(token, tokens[index - 1], walk, heading_level, line)
                start, end = token.map if token.map else (0, 0)
                yield replace(block, source_lines=tuple(body_lines[start : max(end, start + 1)]))
            case _:
                pass


_RAW_HTML = "raw HTML is not passed into handouts; write it in Markdown instead."


def _block(token: Token, opener: Token, walk: _Walk, heading_level: int, line: int) -> SourceBlock:
    inlines = _inlines(token.children or [], path=walk.path, line=line)
    if opener.type == "heading_open":
        title = inline_text(inlines)
        while walk.section and walk.section[-1][0] >= heading_level:
            walk.section.pop()
        anchor = walk.heading_anchor(title)
        walk.section.append((heading_level, title, anchor))
        return SourceBlock(
            kind=BlockKind.HEADING,
            inlines=inlines,
            line=line,
            section=walk.section_titles(),
            anchor=anchor,
            section_anchor=anchor,
            level=heading_level,
        )
    kind = BlockKind.PARAGRAPH
    group: int | None = None
    ordered = False
    lists = [c for c in walk.containers if c[0] != "dl_open"]
    if opener.type == "dt_open":
        kind, group = BlockKind.TERM, walk.containers[-1][1]
    elif walk.containers:
        container, group, ordered = walk.containers[-1]
        kind = BlockKind.DEFINITION if container == "dl_open" else BlockKind.LIST_ITEM
    return SourceBlock(
        kind=kind,
        inlines=inlines,
        line=line,
        section=walk.section_titles(),
        anchor=walk.anchor(_KIND_LETTERS[kind]),
        section_anchor=walk.section_anchor(),
        group=group,
        ordered=ordered,
        depth=max(len(lists) - 1, 0),
    )


def _inlines(children: Sequence[Token], *, path: str, line: int) -> tuple[Inline, ...]:
    """markdown-it inline tokens -> our inline tree, whitespace normalised."""
    stack: list[tuple[Token | None, list[Inline]]] = [(None, [])]
    for child in children:
        nodes = stack[-1][1]
        match child.type:
            case "text":
                nodes.append(Text(child.content))
            case "softbreak" | "hardbreak":
                nodes.append(Text(" "))
            case "code_inline":
                nodes.append(Span(SpanKind.CODE, (Text(child.content),)))
            case "em_open" | "strong_open" | "link_open":
                stack.append((child, []))
            case "em_close" | "strong_close" | "link_close":
                opener, inner = stack.pop()
                assert opener is not None  # markdown-it closes what it opened
                kind = _SPAN_KINDS[opener.type.removesuffix("_open")]
                href = (
                    _checked_href(opener, path=path, line=line) if kind is SpanKind.LINK else None
                )
                stack[-1][1].append(Span(kind, tuple(inner), href))
            case "html_inline":
                if not _COMMENT.fullmatch(child.content):
                    raise InputError(_RAW_HTML, path=path, line=line)
            case "image":
                raise InputError(
                    "images are not supported in handouts yet; describe the picture in text.",
                    path=path,
                    line=line,
                )
            case _:
                nodes.append(Text(child.content))
    return _normalise_inlines(tuple(stack[0][1]))


def _checked_href(token: Token, *, path: str, line: int) -> str:
    href = str(token.attrs.get("href", ""))
    if not href.startswith(SAFE_LINK_SCHEMES):
        raise InputError(
            f"the link target '{href}' is not allowed; use an http(s), mailto: or tel: address.",
            path=path,
            line=line,
        )
    return href


def _normalise_inlines(nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Fold runs of whitespace to one space and trim the ends, keeping markup."""
    flat = _fold(nodes)
    return _trim(flat)


def _fold(nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
    folded: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text):
            text = re.sub(r"\s+", " ", node.text)
            if folded and isinstance(folded[-1], Text):
                text = folded.pop().text + text  # type: ignore[union-attr]
                text = re.sub(r"\s+", " ", text)
            if text:
                folded.append(Text(text))
        else:
            folded.append(Span(node.kind, _fold(node.children), node.href))
    return tuple(folded)


def _trim(nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
    items = list(nodes)
    if items and isinstance(items[0], Text):
        items[0] = Text(items[0].text.lstrip())
    if items and isinstance(items[-1], Text):
        items[-1] = Text(items[-1].text.rstrip())
    return tuple(n for n in items if not (isinstance(n, Text) and not n.text))
