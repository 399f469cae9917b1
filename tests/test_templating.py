"""templating.py: escaped inline HTML, the script marks (RTL isolation, Korean words,
Chinese tails) and the shared stylesheet."""

from __future__ import annotations

from importlib import resources

import html5lib
import jinja2
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from pipeline.model import Span, SpanKind, Text
from pipeline.templating import (
    environment,
    escaped,
    glue_tail,
    inline_html,
    isolate_ltr,
    keep_words,
    stylesheet,
)


def test_translations_are_escaped_and_links_keep_their_target() -> None:
    nodes = (
        Text("Take <script>x</script> & "),
        Span(SpanKind.LINK, (Text("the guide"),), href="https://example.org/?a=1&b=2"),
        Span(SpanKind.STRONG, (Span(SpanKind.EMPHASIS, (Text("now"),)),)),
        Span(SpanKind.CODE, (Text("<b>"),)),
    )
    html = str(inline_html(nodes))
    assert html == (
        "Take &lt;script&gt;x&lt;/script&gt; &amp; "
        '<a href="https://example.org/?a=1&amp;b=2">the guide</a>'
        "<strong><em>now</em></strong><code>&lt;b&gt;</code>"
    )
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    assert [e.tag for e in tree.iter()][3:] == ["a", "strong", "em", "code"]  # after html/head/body


def test_latin_runs_in_arabic_are_isolated_left_to_right() -> None:
    html = str(isolate_ltr("استخدم Casgevy™ مرتين، 2 mg."))
    assert '<bdi dir="ltr">Casgevy™</bdi>' in html
    assert '<bdi dir="ltr">2 mg</bdi>.' in html  # the full stop belongs to the Arabic
    assert str(isolate_ltr("<b>")) == '&lt;<bdi dir="ltr">b</bdi>&gt;'  # escaped, then isolated


def test_korean_words_do_not_break_inside() -> None:
    html = str(keep_words("유전자 치료는 <좋다>"))
    assert html == (
        '<span class="nobr">유전자</span> <span class="nobr">치료는</span> '
        '<span class="nobr">&lt;좋다&gt;</span>'
    )
    assert str(keep_words("ABC def")) == "ABC def"  # no Hangul, no marks


def test_chinese_keeps_its_last_two_characters_together() -> None:
    assert str(glue_tail("基因治疗。")) == '基因<span class="nobr">治疗。</span>'
    assert str(glue_tail("好")) == "好"  # one character: nothing to glue
    assert str(glue_tail("说明<b>书")) == '说明&lt;<span class="nobr">b&gt;书</span>'  # escaped


def test_the_environment_escapes_and_refuses_undefined_names() -> None:
    env = environment()
    assert env.from_string("{{ x }}").render(x="<i>") == "&lt;i&gt;"
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing }}").render()


def test_the_stylesheet_is_the_package_data() -> None:
    shipped = resources.files("pipeline").joinpath("static/handout.css").read_text("utf-8")
    assert stylesheet() == shipped
    assert "@media print" in shipped or "font-size" in shipped


@given(st.text(alphabet=st.sampled_from([*"<>&\"'ab c", "é", "中", "\u00a0"])) | st.text())
def test_escaped_is_markupsafe_escape(text: str) -> None:
    """Issue 20: the shortcut for text with nothing to escape gives escape's bytes."""
    assert escaped(text) == str(escape(text))
    assert type(escaped(text)) is str
