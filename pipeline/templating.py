"""The Jinja environment and stylesheet shared by handouts and reports (package data)."""

from __future__ import annotations

import contextlib
import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

import jinja2
import jinja2.bccache
from markupsafe import Markup, escape

from pipeline.model import (
    Inline,
    LabelText,
    LocalizedDocument,
    LocalizedSentence,
    Span,
    SpanKind,
    Text,
)


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
    env.filters["script_text"] = script_text
    env.globals["label"] = label_html
    return env


_HTML_SPECIAL = re.compile("[&<>\"']")


def escaped(text: str) -> str:
    """`markupsafe.escape(text)` as a str. Most text of a handout has nothing to escape,
    and making a Markup of each piece of it cost about 2% of a build (issue 20)."""
    return str(escape(text)) if _HTML_SPECIAL.search(text) else text


_FALLBACK = Markup('<span lang="en" dir="ltr" class="fallback">{}</span>')


@dataclass(frozen=True, slots=True)
class _Script:
    """How a language's text is marked so WeasyPrint lays it out as the script needs:
    it applies neither `word-break: keep-all` nor any rule against a last line of one
    character, so both are written as no-break spans."""

    rtl: bool = False
    keep_words: bool = False  # Korean: break between words (eojeol) only
    glue_tail: bool = False  # Chinese: the last two characters of a block stay together


def script_of(doc: LocalizedDocument) -> _Script:
    return _script(doc.locale.is_rtl, doc.locale.language)


@functools.lru_cache(maxsize=64)
def _script(rtl: bool, language: str) -> _Script:
    # A handout asks for every block's sentences: one record per language, not per block.
    return _Script(rtl=rtl, keep_words=language == "ko", glue_tail=language == "zh")


_NO_BREAK = '<span class="nobr">{}</span>'


def sentences_html(sentences: Sequence[LocalizedSentence], doc: LocalizedDocument) -> Markup:
    """A block's sentences in the document's language; a sentence shown in English
    (not translated yet) is marked lang="en" and kept left to right."""
    script = script_of(doc)
    joiner = escaped(doc.sentence_joiner)
    parts = []
    for number, sentence in enumerate(sentences, start=1):
        if sentence.is_fallback:
            parts.append(_FALLBACK.format(inline_html(sentence.inlines)))
        else:
            glue = script.glue_tail and number == len(sentences)
            parts.append(_inline_markup(sentence.inlines, script, glue_tail=glue))
    return Markup(joiner.join(parts))  # each part is escaped already


def script_text(text: str, doc: LocalizedDocument) -> Markup:
    """A label's words, marked for the document's script like its sentences."""
    return _inline_markup((Text(text),), script_of(doc))


EMPTY_LABEL_ROLES = ("page", "pages", "blank")  # filled by the PDF engine, or a line to write on


def label_html(label: LabelText, doc: LocalizedDocument) -> Markup:
    """A handout label (`LabelText`) as HTML: an English value inside a translation in
    <bdi lang="en">, a page number or a blank as an empty span the print styles fill, a
    label not translated yet marked English as a whole. A function, not a Jinja macro: a
    handout shows a dozen labels, and the macro's calls were about 1% of a build."""
    html = []
    for part, role in label.parts:
        if role in EMPTY_LABEL_ROLES:
            html.append(f'<span class="{role}"></span>')
        elif label.is_fallback:
            html.append(_escaped_nfc(part))
        elif role == "en":
            html.append(f'<bdi lang="en" dir="ltr">{_escaped_nfc(part)}</bdi>')
        else:
            html.append(script_text(part, doc))
    inner = "".join(html)
    return Markup(f'<span lang="en" dir="ltr">{inner}</span>' if label.is_fallback else inner)


def _escaped_nfc(text: str) -> str:
    return escaped(unicodedata.normalize("NFC", text))


def inline_html(nodes: Sequence[Inline], rtl: bool = False) -> Markup:
    """Inline text and spans -> escaped HTML (a, em, strong, code). A filter, not a
    macro: the spans nest, and a recursive macro took a tenth of a build."""
    return _inline_markup(nodes, _script(rtl, ""))


def _inline_markup(nodes: Sequence[Inline], script: _Script, *, glue_tail: bool = False) -> Markup:
    parts: list[str] = []
    last_text = _last_text(nodes) if glue_tail else None
    _inline_parts(nodes, script, parts, last_text)
    return Markup("".join(parts))


def _last_text(nodes: Sequence[Inline]) -> Text | None:
    """The text node that ends a block, if the block ends in plain text."""
    if nodes and isinstance(nodes[-1], Text):
        return nodes[-1]
    return None


def _inline_parts(
    nodes: Sequence[Inline], script: _Script, parts: list[str], last_text: Text | None
) -> None:
    for node in nodes:
        if isinstance(node, Span):
            if node.kind is SpanKind.LINK:
                parts.append(f'<a href="{escaped(node.href or "")}">')
                tag = "a"
            else:
                tag = "code" if node.kind is SpanKind.CODE else node.kind.value
                parts.append(f"<{tag}>")
            _inline_parts(node.children, script, parts, last_text)
            parts.append(f"</{tag}>")
        elif script.rtl:
            parts.append(isolate_ltr(node.text))
        elif script.keep_words:
            parts.append(keep_words(node.text))
        elif node is last_text:
            parts.append(glue_tail(node.text))
        else:
            parts.append(_escaped_nfc(node.text))


_HANGUL_WORD = re.compile(r"[^\s]*[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f][^\s]*")

# A text split into pieces, each with whether it is kept whole (Korean words, a Chinese
# block's last characters) or set left to right (Latin runs in right-to-left text): the
# HTML marks them with spans, the Typst PDF engine with boxes.
Pieces = list[tuple[str, bool]]


def hangul_words(text: str) -> Pieces:
    """NFC text split into Korean words (eojeol holding Hangul) and what lies between."""
    text = unicodedata.normalize("NFC", text)
    pieces: Pieces = []
    position = 0
    for match in _HANGUL_WORD.finditer(text):
        pieces += [(text[position : match.start()], False), (match.group(0), True)]
        position = match.end()
    return [*pieces, (text[position:], False)]


def keep_words(text: str) -> Markup:
    """Korean text with each word (eojeol) that holds Hangul in a no-break span, so
    lines break only at spaces, as Korean is set."""
    return Markup(
        "".join(
            _NO_BREAK.format(escaped(piece)) if kept else escaped(piece)
            for piece, kept in hangul_words(text)
        )
    )


# The last two letters of a block and the punctuation after them: a line holding one
# character of a Chinese paragraph reads as a mistake.
_TAIL = re.compile(r"\w\W*\w\W*$")


def split_tail(text: str) -> Pieces:
    """NFC text and its last two characters (with their punctuation), kept together."""
    text = unicodedata.normalize("NFC", text)
    match = _TAIL.search(text)
    if match is None or match.start() == 0:
        return [(text, False)]
    return [(text[: match.start()], False), (match.group(0), True)]


def glue_tail(text: str) -> Markup:
    """Escaped text whose last two characters cannot be split onto separate lines."""
    return Markup(
        "".join(
            _NO_BREAK.format(escaped(piece)) if kept else escaped(piece)
            for piece, kept in split_tail(text)
        )
    )


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
    r"\+?[A-Za-z0-9][A-Za-z0-9™®©%+./:,'’\-]*(?:\s+[A-Za-z0-9][A-Za-z0-9™®©%+./:,'’\-]*)*"
)


def ltr_runs(text: str) -> Pieces:
    """NFC text split into Latin runs (True) and the right-to-left text around them;
    sentence punctuation after a run belongs to the Arabic."""
    text = unicodedata.normalize("NFC", text)
    pieces: Pieces = []
    position = 0
    for match in _LTR_RUN.finditer(text):
        run = match.group(0).rstrip(".,:")
        pieces += [(text[position : match.start()], False), (run, True)]
        pieces.append((match.group(0)[len(run) :], False))
        position = match.end()
    return [*pieces, (text[position:], False)]


def isolate_ltr(text: str) -> Markup:
    """Escape text for an RTL page, each Latin run in <bdi> so the bidirectional
    algorithm cannot move its parts (a ™ or a number jumping to the wrong side)."""
    # An explicit dir: WeasyPrint does not guess the direction of a bare <bdi>.
    return Markup(
        "".join(
            f'<bdi dir="ltr">{escaped(piece)}</bdi>' if is_ltr else escaped(piece)
            for piece, is_ltr in ltr_runs(text)
        )
    )


@functools.cache
def stylesheet() -> str:
    return resources.files("pipeline").joinpath("static/handout.css").read_text("utf-8")
