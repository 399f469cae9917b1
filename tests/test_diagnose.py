"""Why a sentence is hard: each check on sentences whose answer is known."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FRONT

from pipeline.diagnose import diagnose_article, hardest, plain_words
from pipeline.language_data import language_data
from pipeline.locales import locale_info
from pipeline.model import Article
from pipeline.readability import regrade, score_article
from pipeline.scores import SentenceDiagnosis, Severity
from pipeline.segment import segment_article
from pipeline.source import parse_source

ROOT = Path(__file__).resolve().parent.parent


def article(body: str) -> Article:
    return segment_article(parse_source(FRONT + "\n" + body, path="source/test.md"))


def diagnose(body: str, lang: str = "en") -> dict[str, SentenceDiagnosis]:
    source = article(body)
    report = score_article(source, data=language_data(), locale=locale_info(lang, origin="test"))
    return {d.text: d for d in diagnose_article(source, report, words=plain_words())}


def codes(diagnosis: SentenceDiagnosis) -> list[str]:
    return [f.code for f in diagnosis.findings]


def test_sentence_length() -> None:
    twenty_one = " ".join(["cat"] * 20) + " sat."
    thirty_one = " ".join(["cat"] * 30) + " sat."
    found = diagnose(f"{twenty_one} {thirty_one} Cats sat.")
    assert found[twenty_one].findings[0].severity is Severity.MODERATE
    assert "21 words" in found[twenty_one].findings[0].reason
    assert found[thirty_one].severity is Severity.SEVERE
    assert codes(found["Cats sat."]) == []


@pytest.mark.parametrize(
    ("body", "flagged"),
    [
        ("People with HIV can get care.", True),
        ("People with human immunodeficiency virus (HIV) can get care. HIV is treatable.", False),
        ("HIV (human immunodeficiency virus) can be treated.", False),
        ("It was approved in the U.S. last year.", False),
    ],
)
def test_acronyms_spelled_out_at_first_use(body: str, flagged: bool) -> None:
    found = diagnose(body)
    acronyms = [f for d in found.values() for f in d.findings if f.code == "acronym"]
    assert bool(acronyms) is flagged
    assert len(acronyms) <= 1  # only where it first appears


def test_jargon_unless_explained() -> None:
    found = diagnose(
        "Thalassemia is a blood disease. "
        "The cells proliferate (make more copies of themselves). "
        "They make more copies of themselves (proliferate).\n\n"
        "Hemophilia\n: A disease where blood does not clot.\n\n"
        "Hemophilia is rare."
    )
    assert "jargon" in codes(found["Thalassemia is a blood disease."])
    assert "jargon" not in codes(found["The cells proliferate (make more copies of themselves)."])
    assert "jargon" not in codes(found["Hemophilia is rare."])  # explained by its term


def test_names_and_products_are_not_jargon() -> None:
    found = diagnose("Ask about Zolgensma® and Lenmeldy for Duchenne.\n\n- Luxturna™\n- Lenmeldy\n")
    assert all("jargon" not in codes(d) for d in found.values())


@pytest.mark.parametrize(
    ("sentence", "passive"),
    [
        ("The genes are delivered by a virus.", True),
        ("It has been studied for decades.", True),
        ("This method can be used at home.", True),
        ("The virus delivers the genes.", False),
        ("You are tired after treatment.", False),
    ],
)
def test_passive_voice(sentence: str, passive: bool) -> None:
    assert ("passive" in codes(diagnose(sentence)[sentence])) is passive


def test_plain_alternatives_cite_their_source() -> None:
    found = diagnose(
        "Doctors utilize tests. Nurses administer the medication. Bad adverse reactions."
    )
    utilize = next(f for f in found["Doctors utilize tests."].findings if f.code == "plain")
    assert utilize.suggestion is not None
    assert "“use”" in utilize.suggestion
    assert "Federal Plain Language Guidelines" in utilize.suggestion
    nurses = [
        f.suggestion
        for f in found["Nurses administer the medication."].findings
        if f.code == "plain"
    ]
    assert len(nurses) == 2
    reactions = [f for f in found["Bad adverse reactions."].findings if f.code == "plain"]
    assert len(reactions) == 1  # the longest term wins, not "adverse" and "reactions" twice


def test_every_plain_word_has_a_source() -> None:
    words = plain_words()
    assert len(words) >= 40
    assert all(w.term and w.plain and w.source for w in words)
    assert len({w.term for w in words}) == len(words)


def test_translations_get_length_checks_only() -> None:
    source = article("Take the medication now.")
    report = score_article(
        source,
        data=language_data(),
        locale=locale_info("es", origin="test"),
        texts={s.segment_id: "Tome el medicamento ahora." for s in source.segments},
    )
    diagnoses = diagnose_article(source, report, words=plain_words())
    assert all(codes(d) == [] for d in diagnoses)


def test_gene_therapy_hardest_sentences() -> None:
    path = ROOT / "source" / "gene-therapy.md"
    source = segment_article(parse_source(path.read_text("utf-8"), path="source/gene-therapy.md"))
    diagnoses = diagnose_article(
        source, score_article(source, data=language_data()), words=plain_words()
    )
    acronyms = {
        f.reason.split("”")[0].strip("“")
        for d in diagnoses
        for f in d.findings
        if f.code == "acronym"
    }
    assert acronyms == {"HIV", "IV", "CRISPR"}
    top = hardest(diagnoses)
    assert len(top) == 10
    # The plain-language article has no severe sentence: the worst are moderate, and the
    # one with the most findings (three unexplained medical words, many syllables) leads.
    assert all(d.severity is not Severity.SEVERE for d in diagnoses)
    assert top[0].severity is Severity.MODERATE
    assert top[0].text == "Duchenne muscular dystrophy and spinal muscular atrophy."
    assert [d.severity for d in top] == sorted((d.severity for d in top), reverse=True)
    lines = {d.text: d.line for d in diagnoses}
    assert lines["You can be born with a gene change, or you can get one later in life."] == 28


def test_topic_words_are_not_flagged_as_hard() -> None:
    """The title is "Test"; "immunotherapy" is the subject once explained in a term."""
    body = (
        "Immunotherapy\n: A medicine that helps your immune system.\n\n"
        "Immunotherapy medications activate several defensive mechanisms.\n"
    )
    found = diagnose(body)
    sentence = found["Immunotherapy medications activate several defensive mechanisms."]
    syllables = next(f for f in sentence.findings if f.code == "syllables")
    assert "Immunotherapy" not in syllables.reason
    assert "medications" in syllables.reason
    glossed = diagnose("Your doctor uses a vector (a small carrier) every time.\n")
    assert all(f.code != "jargon" for d in glossed.values() for f in d.findings)


def test_fragments_are_never_among_the_hardest() -> None:
    body = (
        "Some gene therapies:\n\n- Metachromatic leukodystrophy\n- Adrenoleukodystrophy\n\n"
        "Scientists are investigating extraordinarily complicated interventions.\n"
    )
    source = article(body)
    report = score_article(source, data=language_data())
    diagnoses = diagnose_article(source, report, words=plain_words())
    fragment = next(d for d in diagnoses if d.text == "Metachromatic leukodystrophy")
    assert fragment.role == "fragment"
    assert fragment.grade is None
    assert [d.text for d in hardest(diagnoses)] == [
        "Scientists are investigating extraordinarily complicated interventions."
    ]


def test_each_finding_says_how_much_it_matters() -> None:
    source = article(
        "Scientists are currently investigating extraordinarily complicated interventions "
        "that are administered by specialists in hospitals and small clinics across the "
        "country every year.\n"
    )
    report = score_article(source, data=language_data())
    diagnoses = diagnose_article(
        source,
        report,
        words=plain_words(),
        grade_of=lambda s: regrade(
            s, locale=locale_info("en", origin="test"), key="flesch_kincaid"
        ),
    )
    (diagnosis,) = (d for d in diagnoses if d.role == "sentence")
    impacts = {f.code: f.impact for f in diagnosis.findings}
    assert impacts["long"].startswith("matters ")
    assert "lowers this sentence's grade by" in impacts["syllables"]
    assert impacts["passive"].startswith("no effect on the grade")
    drops = [float(i.rsplit(" ", 1)[1]) for i in impacts.values() if "lowers" in i]
    assert all(d > 0 for d in drops)
