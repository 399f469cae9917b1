"""importer/walk.py: an HTML tree -> units in reading order, each with its kind and the page
area around it; hidden text, embeds and link targets a handout cannot hold noted."""

from __future__ import annotations

import lxml.html

from pipeline.importer.rules import default_import_rules
from pipeline.importer.units import Dropped, _Kind
from pipeline.importer.walk import _PageWalk, _row_text

PAGE = """<html><body>
<nav><ul><li><a href="/">Home</a></li></ul></nav>
<main>
<h1>Going home</h1>
<p>Rest <strong>today</strong>. See <a href="https://example.org/g">the guide</a>.</p>
<ol><li>Walk.<ul><li>Slowly.</li></ul></li></ol>
<p hidden>Secret</p>
<iframe title="Video: going home"></iframe>
<table><tr><th>Sign</th><th>What to do</th></tr><tr><td>Fever</td><td>Call us</td></tr></table>
<p><a href="#top">Back to top</a></p>
</main>
<aside><p>Related pages</p></aside>
</body></html>"""


def _walked() -> _PageWalk:
    walk = _PageWalk(base_url="https://example.org/flu", rules=default_import_rules())
    walk.walk(lxml.html.document_fromstring(PAGE).find("body"), area=None, in_article=False)
    return walk


def test_units_in_reading_order_with_kind_area_and_markdown() -> None:
    units = _walked().units
    shape = [(u.kind, u.plain, u.area) for u in units]
    assert shape[0] == (_Kind.ITEM, "Home", "navigation")
    assert shape[1] == (_Kind.HEADING, "Going home", None)
    assert units[1].level == 1
    assert units[2].plain == "Rest today. See the guide."
    assert units[2].markdown == "Rest **today**. See [the guide](https://example.org/g)."
    items = [(u.plain, u.depth, u.is_ordered) for u in units if u.kind is _Kind.ITEM][1:3]
    assert items == [("Walk.", 0, True), ("Slowly.", 1, False)]
    assert shape[-1] == (_Kind.PARAGRAPH, "Related pages", "sidebar")


def test_a_table_becomes_one_item_a_row() -> None:
    rows = [u.plain for u in _walked().units if "Fever" in u.plain]
    assert rows == ["Fever: Call us"]
    assert _row_text([("A", "A"), ("1", "1"), ("2", "2")], ["", "B", "C"]) == (
        "A: B: 1; C: 2",
        "A: B: 1; C: 2",
    )
    assert _row_text([("Call:", "Call:"), ("911", "911")], []) == ("Call: 911", "Call: 911")


def test_hidden_text_and_embeds_are_noted_not_kept() -> None:
    walk = _walked()
    assert Dropped("hidden-text", 0, "Secret") in walk.side_drops
    assert Dropped("embed", 0, "Video: going home") in walk.side_drops
    assert not any("Secret" in u.plain for u in walk.units)


def test_an_in_page_link_is_kept_as_text_and_its_target_noted() -> None:
    unit = next(u for u in _walked().units if u.plain == "Back to top")
    assert unit.markdown == "Back to top"
    assert unit.lost_links == ("Back to top -> #top",)
