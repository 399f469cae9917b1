"""Shared site notices as classes, and the other kinds of page furniture known by one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.importer import default_import_rules, import_document, parse_import_rules
from pipeline.importer.notices import (
    fold,
    is_byline,
    is_citation,
    is_file_link,
    is_image_text,
    is_metadata_label,
    notice_class,
)

ROOT = Path(__file__).resolve().parents[1]

CLASSES = default_import_rules().notice_classes


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        # lines as real pages of the corpus (tests/import-corpus) copy them
        ("An official website of the United States government", "official-site"),
        ("Here’s how you know", "official-site"),
        ("U.S. flag", "official-site"),
        (
            "The .gov means it’s official. Federal government websites often end in .gov or "
            ".mil. Before sharing sensitive information, make sure you’re on a federal "
            "government site.",
            "official-site",
        ),
        ("Official websites use .gov A .gov website belongs to an official government "
         "organization in the United States.", "official-site"),
        ("Secure .gov websites use HTTPS A lock ( ) or https:// means you've safely connected "
         "to the .gov website. Share sensitive information only on official, secure websites.",
         "secure-site"),
        ("The site is secure. The https:// ensures that you are connecting to the official "
         "website and that any information you provide is encrypted and transmitted securely.",
         "secure-site"),
        ("We’ve put some small files called cookies on your device to make our site work.",
         "cookie"),
        ("We use some essential cookies to make this website work.", "cookie"),
        ("Let us know if this is OK. We’ll use a cookie to save your choice.", "cookie"),
        ("Skip to main content", "skip-link"),
        ("Skip to main contentLink to External Link Policy", "skip-link"),
        ("Skip Navigation Bar", "skip-link"),
        ("Change text size", "accessibility"),
        ("Accessibility statement", "accessibility"),
        ("Because of a lapse in government funding, the information on this website may not "
         "be up to date, transactions submitted via the website may not be processed, and the "
         "agency may not be able to respond to inquiries until appropriations are enacted.",
         "site-status"),
        ("Updates regarding government operating status and resumption of normal operations "
         "can be found at OPM.gov.", "site-status"),
        ("RSS feed RSS feed for Consumer Updates [what is RSS?]", "subscribe"),
        ("Documents in PDF format require the Adobe Acrobat Reader®. If you experience "
         "problems with PDF documents, please download the latest version of the Reader®.",
         "download-help"),
        ("Creating a new NHS England: NHS Digital and NHS England have now merged.",
         "site-news"),
    ],
)  # fmt: skip
def test_shared_notices_are_known_by_class(line: str, kind: str) -> None:
    assert notice_class(line, CLASSES) == kind


@pytest.mark.parametrize(
    "sentence",
    [
        "Eat fewer cookies and cakes, and more fruit.",
        "The site of the injection may feel sore for a day or two.",
        "Your skin is secure against most germs when it is not broken.",
        "Keep the medicine out of the sight of children; skip a dose if you forget it.",
        "Use a larger text size on your phone if the label is hard to read.",
    ],
)
def test_article_sentences_are_no_notices(sentence: str) -> None:
    assert notice_class(sentence, CLASSES) is None


def test_a_long_paragraph_that_quotes_a_notice_is_text() -> None:
    paragraph = "Some pages say we use cookies. " + "Read the label on the box first. " * 20
    assert notice_class(paragraph, CLASSES) is None


def test_notice_phrases_compare_with_straight_quotes() -> None:
    assert fold("Here’s How  You Know") == "here's how you know"


@pytest.mark.parametrize(
    ("line", "is_picture"),
    [
        ("Illustration of how blood pressure is the measurement of force applied to artery "
         "walls.", True),
        ("Image of a neighborhood", True),
        ("Cover page of PDF version of this article, including montage of a computer mouse "
         "and a Web browser search field.", True),
        ("Imagine your day without pain.", False),
        ("Images of the brain show how the disease spreads over many years, and what the "
         "doctors saw in the scans of older people who had the disease for decades.", False),
    ],
)  # fmt: skip
def test_picture_text(line: str, is_picture: bool) -> None:
    assert is_image_text(line, default_import_rules().image_openers) is is_picture


def test_citations_are_known() -> None:
    assert is_citation(
        "Kochanek KD, Xu JQ, Murphy SL, Miniño AM, Kung HC. Deaths: final data for 2009 "
        "Cdc-pdf[PDF-3M]. Nat Vital Stat Rep. 2011;60(3):1-117."
    )
    assert is_citation("Smith J, et al. Sleep and memory. doi:10.1000/182")
    assert not is_citation("Take 2 tablets in 2024; then 1 a day for 3 days.")


def test_file_links_are_known_by_size() -> None:
    assert is_file_link("Printer-friendly PDF (331 KB)")
    assert is_file_link("Leaflet (Word, 52 KB)")
    assert not is_file_link("Take 5 ml (one teaspoon) twice a day.")


def test_metadata_labels() -> None:
    labels = default_import_rules().metadata_labels
    assert is_metadata_label("Source: National Institute of Mental Health", labels)
    assert is_metadata_label("Revision State: Archived", labels)
    assert not is_metadata_label("Symptoms: fever and a cough", labels)  # a label, not a field
    assert not is_metadata_label("Source: the water you drink can carry germs.", labels)


def test_the_report_names_each_class() -> None:
    page = (
        "An official website of the United States government\n"
        "Here’s how you know\n"
        "Skip to main content\n"
        "We use cookies to make this site work.\n"
        "Flu\n"
        "The flu is an infection of your nose, throat and lungs. Rest and drink fluids.\n"
    )
    result = import_document(page.encode(), filename="flu.txt")
    rules = {item.text: item.rule for item in result.dropped}
    assert rules["An official website of the United States government"] == "official-site"
    assert rules["Here’s how you know"] == "official-site"
    assert rules["Skip to main content"] == "skip-link"
    assert rules["We use cookies to make this site work."] == "cookie"
    assert result.markdown.startswith("---\ntitle: Flu\n")  # never a notice


def test_bylines_and_photo_credits() -> None:
    credentials = default_import_rules().credentials
    assert is_byline("Story C. Landis, Ph.D.", credentials)
    assert is_byline(
        "Story C. Landis, Ph.D. Director, National Institute of Neurological Disorders and Stroke",
        credentials,
    )
    assert not is_byline("Fever, cough, and a sore throat", credentials)
    says = (  # a sentence that names a doctor deep inside is article text
        "The Food and Drug Administration (FDA) takes a comprehensive approach to making "
        "information on potential drug risks available to the public, says Paul Seligman, M.D."
    )
    assert not is_byline(says, credentials)


def test_a_date_alone_under_the_title_is_the_page_date() -> None:
    page = (
        "Fact Sheet\nJan 13, 2006\nPromoting Health\n"
        "Improving the health of all women and girls is part of the plan. It matters.\n"
    )
    result = import_document(page.encode(), filename="page.txt")
    assert "last_reviewed: 2006-01-13\n" in result.markdown
    assert ("review-date", "Jan 13, 2006") in {(d.rule, d.text) for d in result.dropped}


def test_a_saved_page_keeps_its_heading_and_names_its_banners() -> None:
    page = """<html lang="en"><head><title>Asthma | NHLBI, NIH</title></head><body>
    <section class="usa-banner"><p>An official website of the United States government</p>
    <p>Here’s how you know</p><p>Official websites use .gov A .gov website belongs to an
    official government organization in the United States.</p></section>
    <div><p>Because of a lapse in government funding, the information on this website may
    not be up to date.</p></div>
    <main><h1>Asthma</h1><p>Asthma is a chronic (long-term) condition that affects the
    airways in the lungs. The airways are tubes that carry air in and out of your lungs.</p>
    <p>If you have asthma, the airways can become inflamed and narrowed at times.</p></main>
    </body></html>"""
    result = import_document(
        page.encode(), filename="asthma.html", source_url="https://www.nhlbi.nih.gov/health/asthma"
    )
    assert result.markdown.startswith("---\ntitle: Asthma\n")
    assert "publisher: National Heart, Lung, and Blood Institute\n" in result.markdown
    rules = {item.rule for item in result.dropped}
    assert {"official-site", "site-status"} <= rules
    body = result.markdown.split("\n---\n", 1)[1]
    assert ".gov" not in body
    assert "lapse" not in body


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ("notice_classes: [cookie]", "a mapping from class names to lists of phrases"),
        ("publishers: [cdc.gov]", "a mapping from web addresses to publisher names"),
    ],
)
def test_a_bad_new_section_in_the_rules_file_is_named(section: str, message: str) -> None:
    text = (ROOT / "pipeline/data/import-rules.yaml").read_text("utf-8")
    key = section.split(":")[0]
    start = text.index(f"\n{key}:\n")
    end = text.index("\n# ---", start)
    broken = text[:start] + f"\n{section}\n" + text[end:]
    with pytest.raises(InputError) as caught:
        parse_import_rules(broken, path="rules.yaml")
    assert str(caught.value) == f"rules.yaml: '{key}' in the import rules must be {message}."
