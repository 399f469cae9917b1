"""importer/dates.py: review and publish dates in the page's own words and order, and the
page's address from a labelled line."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.importer.dates import _page_url, _parse_date, _review_date
from pipeline.importer.rules import default_import_rules

RULES = default_import_rules()


@pytest.mark.parametrize(
    ("text", "when", "kind", "is_guess"),
    [
        ("Last reviewed on 06/17/2025.", dt.date(2025, 6, 17), "reviewed", False),
        ("Last reviewed: 03/04/2024", dt.date(2024, 3, 4), "reviewed", True),  # or 3 April
        ("Last reviewed: 2023-11-02", dt.date(2023, 11, 2), "reviewed", False),
        ("Reviewed: January 2022", dt.date(2022, 1, 1), "reviewed", True),  # no day
        ("Jan 13, 2006", dt.date(2006, 1, 13), "dated", False),
    ],
)
def test_dates_found_with_what_they_are(
    text: str, when: dt.date, kind: str, is_guess: bool
) -> None:
    found = _review_date(text, RULES)
    assert found is not None
    assert (found.when, found.kind, found.is_guess) == (when, kind, is_guess)


def test_a_sentence_that_mentions_a_review_is_no_date_line() -> None:
    sentence = (
        "Your doctor will review your results with you at the next visit, which is usually "
        "about two weeks after 06/17/2025 or so."
    )
    assert _review_date(sentence, RULES) is None
    assert _review_date("Drink plenty of water.", RULES) is None


def test_day_first_orders_and_impossible_dates() -> None:
    assert _parse_date("17/06/2025", RULES, order="dmy") == (dt.date(2025, 6, 17), False)
    assert _parse_date("04/03/2024", RULES, order="dmy") == (dt.date(2024, 3, 4), True)
    assert _parse_date("06/22/16", RULES, order="mdy") == (dt.date(2016, 6, 22), False)
    assert _parse_date("2025-02-30", RULES, order="mdy") is None


def test_the_page_address_only_from_a_labelled_line() -> None:
    label = next(iter(RULES.url_labels))
    assert _page_url(f"{label}: https://example.org/flu.", RULES) == "https://example.org/flu"
    assert _page_url("See https://example.org/flu for more.", RULES) is None
    assert _page_url("No address here.", RULES) is None
