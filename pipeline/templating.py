"""The Jinja environment and stylesheet shared by handouts and reports (package data)."""

from __future__ import annotations

import contextlib
import functools
import re
import unicodedata
from collections.abc import Sequence
from importlib import resources

import jinja2
import jinja2.bccache
from markupsafe import Markup, escape

from pipeline.model import Inline, LocalizedDocument, LocalizedSentence, Span, SpanKind


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline", "templates"),
        autoescape=True,  # translations are untrusted text
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["nfc"] = lambda text: unicodedata.normalize("NFC", text)
    env.filters["isolate_ltr"] = isolate_ltr
    env.filters["inline_html"] = inline_html
    env.filters["sentences"] = sentences_html
    return env


_FALLBACK = Markup('<span lang="en" dir="ltr" class="fallback">{}</span>')


def sentences_html(sentences: Sequence[LocalizedSentence], doc: LocalizedDocument) -> Markup:
    """A block's sentences in the document's language; a sentence shown in English
    (not translated yet) is marked lang="en" and kept left to right."""
    rtl = doc.direction == "rtl"
    joiner = escape(doc.sentence_joiner)
    parts = []
    for sentence in sentences:
        if sentence.is_fallback:
            parts.append(_FALLBACK.format(inline_html(sentence.inlines)))
        else:
            parts.append(inline_html(sentence.inlines, rtl))
    return Markup(joiner.join(parts))


def inline_html(nodes: Sequence[Inline], rtl: bool = False) -> Markup:
    """Inline text and spans -> escaped HTML (a, em, strong, code). A filter, not a
    macro: the spans nest, and a recursive macro took a tenth of a build."""
    parts: list[str] = []
    _inline_parts(nodes, rtl, parts)
    return Markup("".join(parts))


def _inline_parts(nodes: Sequence[Inline], rtl: bool, parts: list[str]) -> None:
    for node in nodes:
        if isinstance(node, Span):
            if node.kind is SpanKind.LINK:
                parts.append(f'<a href="{escape(node.href or "")}">')
                tag = "a"
            else:
                tag = "code" if node.kind is SpanKind.CODE else node.kind.value
                parts.append(f"<{tag}>")
            _inline_parts(node.children, rtl, parts)
            parts.append(f"</{tag}>")
        elif rtl:
            parts.append(isolate_ltr(node.text))
        else:
            parts.append(escape(unicodedata.normalize("NFC", node.text)))


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept in the user's temporary folder (Jinja makes it private
    and checks it), so a one-article build need not compile them again; a cache that
    cannot be written only costs that time."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    try:
        return _CompiledTemplates()
    except (OSError, RuntimeError):  # no private temporary folder to be had
        return None


# A left-to-right run inside right-to-left text: Latin words, numbers, product names
# with their marks, and the spaces and punctuation between them.
_LTR_RUN = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9™®©%+./:,'’\-]*(?:\s+[A-Za-z0-9][A-Za-z0-9™®©%+./:,'’\-]*)*"
)


def isolate_ltr(text: str) -> Markup:
    """Escape text for an RTL page, each Latin run in <bdi> so the bidirectional
    algorithm cannot move its parts (a ™ or a number jumping to the wrong side)."""
    text = unicodedata.normalize("NFC", text)
    parts: list[str] = []
    position = 0
    for match in _LTR_RUN.finditer(text):
        parts.append(str(escape(text[position : match.start()])))
        run = match.group(0).rstrip(".,:")  # sentence punctuation belongs to the Arabic
        parts.append(f"<bdi>{escape(run)}</bdi>{escape(match.group(0)[len(run) :])}")
        position = match.end()
    parts.append(str(escape(text[position:])))
    return Markup("".join(parts))


@functools.cache
def stylesheet() -> str:
    return resources.files("pipeline").joinpath("static/handout.css").read_text("utf-8")
