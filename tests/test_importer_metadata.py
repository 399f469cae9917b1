"""A page's address -> its publisher and the heading that is its title."""

from __future__ import annotations

import pytest

from pipeline.importer import default_import_rules, import_document
from pipeline.importer.metadata import (
    address_parts,
    address_score,
    original_address,
    publisher_from_address,
)

DIRECTORY = default_import_rules().publishers


def test_an_archived_copy_gives_the_original_address() -> None:
    archived = (
        "https://webarchive.library.unt.edu/eot2008/20080916064358/"
        "http://www.fda.gov/consumer/updates/druginfo041108.html"
    )
    assert original_address(archived) == "http://www.fda.gov/consumer/updates/druginfo041108.html"
    assert original_address("https://www.nhs.uk/conditions/hay-fever/") == (
        "https://www.nhs.uk/conditions/hay-fever/"
    )
    # a single slash after the scheme, as some archives write it
    assert original_address("https://a.org/2009/http:/www.cancer.gov/x/PDQ") == (
        "http://www.cancer.gov/x/PDQ"
    )


@pytest.mark.parametrize(
    ("url", "text", "publisher", "is_guess"),
    [
        # the page spells out the acronym its host name is
        ("https://www.nccih.nih.gov/about", "The National Center for Complementary and "
         "Integrative Health (NCCIH) is the lead Federal agency.",
         "National Center for Complementary and Integrative Health", False),
        ("https://www.nhlbi.nih.gov/subscribe/4896", "resources from NHLBI’s program",
         "NHLBI", False),
        # a name whose letters are the host's
        ("https://newsinhealth.nih.gov/about-us", "NIH News in Health is a monthly newsletter.",
         "NIH News in Health", False),
        ("https://www.england.nhs.uk/x/", "Creating a new NHS England: it merged.",
         "NHS England", False),
        # the directory of publishers, when the page names none
        ("https://www.cdc.gov/bloodpressure/about.htm", "Blood pressure is a force.",
         "Centers for Disease Control and Prevention", False),
        ("https://www.nichd.nih.gov/x", "The NIH Clinical Center is open.",
         "Eunice Kennedy Shriver National Institute of Child Health and Human Development",
         False),  # the most specific part of the address wins over "NIH" in a notice
        ("https://www.nhs.uk/conditions/hay-fever/", "Hay fever is common.", "NHS", False),
        # nothing known: the host name itself, for the editor to check
        ("https://health.example.org/flu", "The flu is an infection.", "health.example.org",
         True),
    ],
)  # fmt: skip
def test_publisher_from_address(url: str, text: str, publisher: str, is_guess: bool) -> None:
    assert publisher_from_address(url, [text], DIRECTORY) == (publisher, is_guess)


def test_a_two_letter_host_part_is_no_acronym() -> None:
    found, _ = publisher_from_address("https://clinicalinfo.od.nih.gov/x", ["OD HIV"], DIRECTORY)
    assert found == "National Institutes of Health"


def test_address_parts_and_scores() -> None:
    assert address_parts("https://www.cdc.gov/bloodpressure/about.htm") == (
        "about",
        "bloodpressure",
    )
    assert address_parts("https://www.cdc.gov/about/facts/index.html") == ("facts", "about")
    parts = address_parts("https://www.cdc.gov/bloodpressure/about.htm")
    assert address_score("About High Blood Pressure", parts) > address_score("Learn more", parts)
    fda = address_parts("http://www.fda.gov/consumer/updates/druginfo041108.html")
    assert address_score("Find the Latest Drug Product and Safety Information", fda) > (
        address_score("U.S. Food and Drug Administration", fda)
    )  # "information" by its first letters, "info"
    assert address_score("Mission", address_parts("https://x.gov/plans/introduction")) == 0
    assert address_score("Introduction", address_parts("https://x.gov/plans/introduction")) > 0


def test_the_address_picks_the_title_among_header_labels() -> None:
    page = (
        b"Introduction\n\ncouncil pano\n\nMission\n\n"
        b"The mission of the center is to define the usefulness and safety of care.\n"
    )
    without = import_document(page, filename="page.txt")
    with_url = import_document(
        page, filename="page.txt", source_url="https://www.nccih.nih.gov/about/introduction"
    )
    assert "title: Mission" in without.markdown  # the last label above the text
    assert "title: Introduction" in with_url.markdown
    assert "# url: https://www.nccih.nih.gov/about/introduction" in with_url.markdown
    assert "url" not in with_url.missing
    assert "url" in without.missing
    assert ("image-text", 3, "council pano") in {(d.rule, d.line, d.text) for d in with_url.dropped}


def test_a_title_below_notice_sentences() -> None:
    page = (
        b"Creating a new service: two teams have joined. Learn more.\n"
        b"Safety and quality\n"
        b"These pages present information about how we process personal data for safety.\n"
    )
    result = import_document(
        page, filename="page.txt", source_url="https://www.example.org/privacy/safety-and-quality/"
    )
    assert result.markdown.startswith("---\ntitle: Safety and quality\n")
    notice = "Creating a new service: two teams have joined. Learn more."
    assert ("page-notice", notice) in {(d.rule, d.text) for d in result.dropped}


def test_fields_not_found_are_named_for_the_editor() -> None:
    page = b"Diabetes affects an estimated 38.4 million people in the United States.\n"
    result = import_document(page, filename="page.txt")
    assert {"title", "publisher", "last_reviewed", "url"} <= set(result.missing)
    assert "title: TODO  # not found in the input; fill it in" in result.markdown
    guessed = import_document(page, filename="p.txt", source_url="https://health.example.org/d")
    assert "publisher (guessed)" in guessed.missing
