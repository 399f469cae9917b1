"""Property tests: whatever bytes a user feeds the readers, the only exception that
escapes is the project's own InputError (which the CLI prints as one line)."""

from __future__ import annotations

import contextlib
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from pipeline.catalog import merge, read_translations
from pipeline.errors import InputError
from pipeline.locales import locale_info
from pipeline.placeholders import PlaceholderError, to_inlines, to_msgid
from pipeline.segment import segment_article, split_sentences
from pipeline.source import parse_source

PO_PIECES = st.sampled_from(
    [
        'msgid ""\n',
        'msgstr ""\n',
        '"Content-Type: text/plain; charset=UTF-8\\n"\n',
        '"Language: es\\n"\n',
        'msgid "Rest."\n',
        'msgstr "Descanse."\n',
        'msgctxt "term"\n',
        'msgid_plural "tablets"\n',
        'msgstr[0] "una"\n',
        'msgstr[1] "dos"\n',
        "#, fuzzy\n",
        '#| msgid "Old"\n',
        '#~ msgid "Gone"\n',
        '#~ msgstr "Ido"\n',
        "# comment\n",
        "#. extracted\n",
        '"continued"\n',
        '"unclosed\n',
        '"bad \\q escape"\n',
        "\n",
        "\r\n",
        "\ufeff",
        "garbage line\n",
    ]
)
FRONT_PIECES = st.sampled_from(
    [
        "---\n",
        "title: T\n",
        "slug: t\n",
        "language: en\n",
        "publisher: P\n",
        "original_title: O\n",
        "last_reviewed: 2025-01-02\n",
        "last_reviewed: not a date\n",
        "target_grade: 6\n",
        "target_grade: [6]\n",
        "critical_sections: [x]\n",
        "title: !!python/object:os.system x\n",
        "- list\n",
        "key: [unclosed\n",
        "\n## Heading\n\n",
        "Text. More text.\n",
        "- item\n",
        "  - nested\n",
        "Term\n: explanation\n",
        "<div>html</div>\n",
        "[link](javascript:x)\n",
        "[link](https://example.org)\n",
        "![image](x.png)\n",
        "# Title\n",
        "```\ncode\n```\n",
    ]
)
CREATED = dt.datetime(2025, 1, 2, tzinfo=dt.UTC)
ES = locale_info("es", origin="t")


@given(st.lists(PO_PIECES, max_size=25).map("".join) | st.text(max_size=300))
def test_po_reader_raises_only_input_error(text: str) -> None:
    with contextlib.suppress(InputError):
        read_translations(text, path="x.po", lang="es", locale=ES)


@given(st.lists(PO_PIECES, max_size=25).map("".join))
def test_po_merge_raises_only_input_error(text: str) -> None:
    template = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Rest."\nmsgstr ""\n'
    )
    with contextlib.suppress(InputError):
        merge(template, text, locale=ES, path="x.po", created=CREATED)


@given(st.lists(FRONT_PIECES, max_size=20).map("".join) | st.text(max_size=300))
def test_source_reader_and_segmenter_raise_only_input_error(text: str) -> None:
    with contextlib.suppress(InputError):
        segment_article(parse_source(text, path="source/t.md"))


@given(st.text(max_size=300))
def test_sentence_splitter_never_loses_words(text: str) -> None:
    words = "".join(text.split())
    assert "".join("".join(split_sentences(text)).split()) == words


@given(st.text(max_size=100))
def test_placeholder_parser_raises_only_placeholder_error(text: str) -> None:
    from pipeline.model import Span, SpanKind, Text

    _, placeholders = to_msgid((Span(SpanKind.LINK, (Text("x"),), "https://e.org"),))
    with contextlib.suppress(PlaceholderError):
        to_inlines(text, placeholders)
