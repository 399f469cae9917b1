"""Coverage-guided fuzzing (atheris) of the readers users feed by hand.

Run: make fuzz (each target for FUZZ_SECONDS, default 30), or
     .venv/bin/python tests/fuzz.py TARGET -max_total_time=30
TARGET is one of: po, source, placeholders, segmenter. A finding is any exception
other than the project's own InputError or PlaceholderError; atheris then stops and
writes the input that caused it to crash-<hash> in the working folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Callable

import atheris  # type: ignore[import-untyped]  # ships no type hints

with atheris.instrument_imports():
    from pipeline.catalog import merge, read_translations
    from pipeline.errors import InputError
    from pipeline.locales import locale_info
    from pipeline.model import Span, SpanKind, Text
    from pipeline.placeholders import PlaceholderError, to_inlines, to_msgid
    from pipeline.segment import segment_article, split_sentences
    from pipeline.source import parse_source

ES = locale_info("es", origin="fuzz")
CREATED = dt.datetime(2025, 1, 2, tzinfo=dt.UTC)
TEMPLATE = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    'msgid "Rest."\nmsgstr ""\n'
)
_, PLACEHOLDERS = to_msgid((Span(SpanKind.LINK, (Text("x"),), "https://example.org"),))


def _text(data: bytes) -> str:
    text: str = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
    return text


def fuzz_po(data: bytes) -> None:
    text = _text(data)
    try:
        read_translations(text, path="x.po", lang="es", locale=ES)
        merge(TEMPLATE, text, locale=ES, path="x.po", created=CREATED)
    except InputError:
        pass


def fuzz_source(data: bytes) -> None:
    with contextlib.suppress(InputError):
        segment_article(parse_source(_text(data), path="source/x.md"))


def fuzz_placeholders(data: bytes) -> None:
    with contextlib.suppress(PlaceholderError):
        to_inlines(_text(data), PLACEHOLDERS)


def fuzz_segmenter(data: bytes) -> None:
    text = _text(data)
    if "".join("".join(split_sentences(text)).split()) != "".join(text.split()):
        raise AssertionError("the sentence splitter lost or added words")


TARGETS: dict[str, Callable[[bytes], None]] = {
    "po": fuzz_po,
    "source": fuzz_source,
    "placeholders": fuzz_placeholders,
    "segmenter": fuzz_segmenter,
}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: fuzz.py {{{','.join(TARGETS)}}} [libFuzzer options]")
    target = TARGETS[sys.argv.pop(1)]
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
