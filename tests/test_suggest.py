"""Suggested rewrites: rules an editor can check, the same every time."""

from __future__ import annotations

import csv
import io
from importlib import resources

from conftest import FRONT

from pipeline.diagnose import diagnose_article, plain_words
from pipeline.language_data import language_data
from pipeline.readability import score_article
from pipeline.scores import PlainWord, Suggestion
from pipeline.segment import segment_article
from pipeline.source import parse_source
from pipeline.suggest import Definition, plain_definitions, suggest_rewrites


def suggestions(body: str) -> dict[str, Suggestion]:
    article = segment_article(parse_source(FRONT + "\n" + body, path="source/test.md"))
    report = score_article(article, data=language_data())
    diagnoses = diagnose_article(article, report, words=plain_words())
    found = suggest_rewrites(diagnoses, words=plain_words(), definitions=plain_definitions())
    return {s.original: s for s in found}


def test_plain_words_are_substituted_with_their_source() -> None:
    sentence = "The nurse will administer the medication if you experience adverse reactions."
    (suggestion,) = suggestions(sentence + "\n").values()
    assert suggestion.suggested.startswith("The nurse will give the medicine if you")
    assert "bad reactions" in suggestion.suggested
    assert any("CDC, Plain Language Thesaurus" in step for step in suggestion.steps)


def test_a_long_sentence_is_split_where_two_ideas_meet() -> None:
    sentence = (
        "These viruses have the ability to get inside your cells to deliver the new gene, "
        "but they are not the kind of virus that can make you sick."
    )
    (suggestion,) = suggestions(sentence + "\n").values()
    assert suggestion.suggested == (
        "These viruses have the ability to get inside your cells to deliver the new gene. "
        "But they are not the kind of virus that can make you sick. “Virus” means a tiny "
        "germ that can only grow inside living cells."
    )
    assert suggestion.steps[0].startswith("split at “, but”: 15 and 13 words")


def test_a_list_is_not_split_as_two_ideas() -> None:
    sentence = (
        "Approved gene therapies treat inherited blood disorders, diseases of the muscles, "
        "and eye diseases in children and adults."
    )
    found = suggestions(sentence + "\n")
    assert all("split" not in step for s in found.values() for step in s.steps)


def test_a_medical_word_is_defined_once_unless_explained_where_it_stands() -> None:
    body = (
        "Thalassemia changes the blood that carries oxygen through your body every day.\n\n"
        "Thalassemia is diagnosed in many children who have inherited it from parents.\n\n"
        "A vector (a carrier for genes) is administered through a vein in the arm today.\n"
    )
    found = suggestions(body)
    defined = [s.suggested.count("“Thalassemia” means") for s in found.values()]
    assert sum(defined) == 1
    vector = next(s for s in found.values() if s.original.startswith("A vector"))
    assert "“Vector” means" not in vector.suggested


def test_passive_voice_asks_who_acts() -> None:
    found = suggestions("The medicine is given by your nurse through a small tube.\n")
    (suggestion,) = found.values()
    assert suggestion.questions == (
        "“is given by your nurse”: start the sentence with who acts: “Your nurse …”.",
    )
    found = suggestions("The cells are changed in a lab before they go back.\n")
    assert next(iter(found.values())).questions[0].startswith("“are changed”: who does this?")


def test_the_same_sentences_get_the_same_suggestions() -> None:
    body = "The nurse will administer the medication if you experience adverse reactions.\n"
    assert suggestions(body) == suggestions(body)


def test_every_definition_has_a_public_domain_basis() -> None:
    text = resources.files("pipeline").joinpath("data/plain-definitions.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(plain_definitions()) >= 30
    for row in rows:
        assert "public domain" in row["source"], row["term"]
        assert row["definition"]
        assert not row["definition"].endswith(".")  # the rewrite adds the full stop


def test_inflections_follow_the_formal_word() -> None:
    words = [PlainWord("utilize", "use", "guide"), PlainWord("obtain", "get", "guide")]
    body = "The clinic utilizes machines and obtained many results for you.\n"
    article = segment_article(parse_source(FRONT + "\n" + body, path="source/test.md"))
    report = score_article(article, data=language_data())
    diagnoses = diagnose_article(article, report, words=words)
    (suggestion,) = suggest_rewrites(
        diagnoses, words=words, definitions=[Definition("x", "y", "z")]
    )
    assert suggestion.suggested == "The clinic uses machines and got many results for you."
