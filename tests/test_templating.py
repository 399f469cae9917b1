"""templating.py: escaped inline HTML, the script marks (RTL isolation, Korean words,
Chinese tails) and the shared stylesheet."""

from __future__ import annotations

from importlib import resources
from typing import Any

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


# The Jinja macro label_html replaced (issue 20): the function must give its bytes.
_LABEL_MACRO = """{% macro label(l, doc) -%}
{% if l.is_fallback %}<span lang="en" dir="ltr">{% for part, role in l.parts %}{% if role in ("page", "pages", "blank") %}<span class="{{ role }}"></span>{% else %}{{ part | nfc }}{% endif %}{% endfor %}</span>
{%- else %}{% for part, role in l.parts %}
{%- if role == "en" %}<bdi lang="en" dir="ltr">{{ part | nfc }}</bdi>
{%- elif role in ("page", "pages", "blank") %}<span class="{{ role }}"></span>
{%- else %}{{ part | script_text(doc) }}{% endif %}
{%- endfor %}{% endif %}
{%- endmacro %}{{ label(l, doc) }}"""  # noqa: E501


@pytest.mark.parametrize("tag", ["en", "es", "ar", "ko", "zh-Hans"])
@pytest.mark.parametrize("is_fallback", [False, True])
def test_labels_are_written_as_the_template_macro_wrote_them(tag: str, is_fallback: bool) -> None:
    from types import SimpleNamespace

    from pipeline.locales import locale_info
    from pipeline.model import LabelText
    from pipeline.templating import label_html

    doc: Any = SimpleNamespace(locale=locale_info(tag, origin="test"))
    parts = (
        ("Página ", ""),
        ("", "page"),
        (" de ", ""),
        ("", "pages"),
        (" · “Gene <therapy> & you” 2.0 Cafe\u0301 ", "en"),
        ("전화 번호 ㈜ 이 수 있습니다 Café ", ""),
        ("", "blank"),
        ("مرض السكري من النوع 2 (Type 2™)", ""),
        ("疫苗接种。", ""),
    )
    label = LabelText(parts, is_fallback=is_fallback)
    macro = environment().from_string(_LABEL_MACRO)
    assert str(label_html(label, doc)) == macro.render(l=label, doc=doc)
