"""handout_parts.py: a handout's blocks grouped as the printed page shows them: lists
under one container, short lists in columns, sections with a role, key points first."""

from __future__ import annotations

from conftest import article_of

from pipeline.handout_parts import ListView, group_blocks, role_sections
from pipeline.locales import locale_info
from pipeline.localize import localize

BODY = """Rest after your treatment.

- Rest.
- Drink water.

## Key points

- Call us if you have a fever.

Dose
: One tablet.
"""


def _blocks() -> list[object]:
    document, _ = localize(article_of(BODY), None, None, locale=locale_info("en", origin="t"))
    return list(group_blocks(document.blocks))


def test_list_items_are_grouped_under_one_container() -> None:
    parts = _blocks()
    lists = [p for p in parts if isinstance(p, ListView)]
    assert [(view.kind, len(view.items)) for view in lists] == [("ul", 2), ("ul", 1), ("dl", 2)]
    assert [len(group) for group in lists[2].term_groups] == [2]  # the term and its definition


def test_key_points_print_first() -> None:
    sections = role_sections(_blocks())  # type: ignore[arg-type]
    assert sections[0].role == "key-points"
    assert [s.role for s in sections].count("key-points") == 1


def test_many_short_items_print_in_columns() -> None:
    names = "\n".join(f"- Product {n}" for n in range(6))
    document, _ = localize(article_of(names), None, None, locale=locale_info("en", origin="t"))
    [view] = [p for p in group_blocks(document.blocks) if isinstance(p, ListView)]
    assert view.is_compact
    two = next(p for p in _blocks() if isinstance(p, ListView))  # two short items
    assert not two.is_compact
