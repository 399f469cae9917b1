"""The `{n}...{/n}` notation: round trips, and a translation can never add markup."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.model import Inline, Placeholder, Span, SpanKind, Text
from pipeline.placeholders import (
    PlaceholderError,
    is_balanced,
    renumber,
    to_inlines,
    to_msgid,
    to_plain,
)

LINK = Span(SpanKind.LINK, (Text("the guide"),), "https://example.org/g")


def test_msgid_hides_the_link_target() -> None:
    msgid, placeholders = to_msgid((Text("See "), LINK, Text(".")))
    assert msgid == "See {1}the guide{/1}."
    assert placeholders == (Placeholder(1, SpanKind.LINK, "https://example.org/g"),)
    assert "example.org" not in msgid


def test_literal_braces_are_doubled_and_read_back() -> None:
    msgid, placeholders = to_msgid((Text("Use {dose} as written"),))
    assert msgid == "Use {{dose}} as written"
    assert to_plain(msgid) == "Use {dose} as written"
    assert to_inlines(msgid, placeholders) == (Text("Use {dose} as written"),)


def test_translation_may_move_the_pair() -> None:
    _, placeholders = to_msgid((Text("See "), LINK, Text(".")))
    assert to_inlines("{1}La guía{/1} explica.", placeholders) == (
        Span(SpanKind.LINK, (Text("La guía"),), "https://example.org/g"),
        Text(" explica."),
    )


@pytest.mark.parametrize(
    ("translation", "reason"),
    [
        ("Vea la guía.", "missing"),
        ("Vea {1}la guía.", "never closed"),
        ("Vea {1}la{/1} {1}guía{/1}.", "used twice"),
        ("Vea {2}la guía{/2}.", "not in the msgid"),
        ("Vea la guía{/1}.", "not open"),
    ],
)
def test_broken_placeholders_are_refused(translation: str, reason: str) -> None:
    _, placeholders = to_msgid((Text("See "), LINK, Text(".")))
    with pytest.raises(PlaceholderError, match=reason):
        to_inlines(translation, placeholders)


def test_renumber_starts_each_sentence_at_one() -> None:
    assert renumber("{3}a{/3} and {4}b{/4}") == ("{1}a{/1} and {2}b{/2}", {3: 1, 4: 2})


def test_balance() -> None:
    assert is_balanced("{1}a {2}b{/2}{/1}")
    assert not is_balanced("{1}a {2}b{/1}{/2}")
    assert not is_balanced("{1}a")


_text = st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=12)
_inline: st.SearchStrategy[Inline] = st.recursive(
    _text.map(Text),
    lambda children: st.builds(
        Span,
        st.sampled_from([SpanKind.EMPHASIS, SpanKind.STRONG, SpanKind.LINK]),
        st.lists(children, min_size=1, max_size=3).map(tuple),
        st.just("https://example.org/"),
    ),
    max_leaves=6,
)


def _merged(nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
    msgid, placeholders = to_msgid(nodes)
    return to_inlines(msgid, placeholders)


@given(st.lists(_inline, min_size=1, max_size=4).map(tuple))
def test_round_trip_keeps_words_and_markup(nodes: tuple[Inline, ...]) -> None:
    msgid, placeholders = to_msgid(nodes)
    assert to_msgid(to_inlines(msgid, placeholders)) == (msgid, placeholders)


@given(st.text())
def test_any_translation_is_text_or_refused(translation: str) -> None:
    """Whatever a translator types, markup comes only from the msgid's placeholders."""
    try:
        nodes = to_inlines(translation, ())
    except PlaceholderError:
        return
    assert all(isinstance(node, Text) for node in nodes)
