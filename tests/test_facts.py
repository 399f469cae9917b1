"""The facts of an original that a plain rewrite must keep, and `check` naming each one lost."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.facts import extract_facts, missing_facts
from pipeline.model import Article
from pipeline.segment import segment_article
from pipeline.source import parse_source


def front(slug: str, extra: str = "") -> str:
    return (
        f"---\ntitle: Sickle cell disease\nslug: {slug}\nlanguage: en\npublisher: Clinic\n"
        f"original_title: Sickle cell disease\nlast_reviewed: 2026-01-02\ntarget_grade: 18\n"
        f"{extra}---\n\n"
    )


ORIGINAL = front("demo") + (
    "Sickle cell disease is an inherited blood disorder.\n"  # line 11
    "\n"
    "Approved treatments include:\n"  # 13
    "\n"
    "- Casgevy™\n"  # 15
    "- Lyfgenia®\n"  # 16
    "\n"
    "Hydroxyurea is taken as 15 mg per kg once a day.\n"  # 18
    "Some people may have severe pain crises.\n"  # 19
    "The medicine does not cure the disease.\n"  # 20
    "Call your doctor right away if you have a fever.\n"  # 21
)
PLAIN = front("demo", "original: originals/demo.md\n") + (
    "Sickle cell disease is a blood disorder you are born with.\n"
    "\n"
    "These medicines are approved: Casgevy and Lyfgenia.\n"
    "\n"
    "You take hydroxyurea as 15 mg per kg once a day.\n"
    "Some people may have severe pain.\n"
    "The medicine does not cure the disease.\n"
    "If you have a fever, call your doctor now.\n"
)


def article(text: str, path: str = "source/demo.md") -> Article:
    return segment_article(parse_source(text, path=path))


def test_every_kind_of_fact_is_found_in_the_original() -> None:
    found = {(f.kind, f.text, f.line) for f in extract_facts(article(ORIGINAL))}
    assert {
        ("condition", "sickle cell disease", 11),
        ("condition", "blood disorder", 11),
        ("name", "Casgevy", 15),
        ("name", "Lyfgenia", 16),
        ("number", "15 mg", 18),
        ("hedge", "some", 19),
        ("hedge", "may", 19),
        ("warning", "severe", 19),
        ("negation", "not", 20),
        ("action", "call", 21),
    } <= found


def test_a_faithful_rewrite_loses_nothing() -> None:
    assert missing_facts(article(ORIGINAL), article(PLAIN)) == ()


@pytest.mark.parametrize(
    ("edit", "kind", "text", "line"),
    [
        (("Casgevy and ", ""), "name", "Casgevy", 15),
        (("15 mg", "10 mg"), "number", "15 mg", 18),
        (("may have", "have"), "hedge", "may", 19),
        (("does not cure", "cures"), "negation", "not", 20),
        (("may have severe pain", "may have pain that can be bad"), "warning", "severe", 19),
        (
            ("If you have a fever, call your doctor now.", "A fever is common."),
            "action",
            "call",
            21,
        ),
    ],
)
def test_each_lost_fact_is_named_against_the_original(
    edit: tuple[str, str], kind: str, text: str, line: int
) -> None:
    lost = missing_facts(article(ORIGINAL), article(PLAIN.replace(*edit)))
    assert [(f.kind, f.text, f.line) for f in lost] == [(kind, text, line)]


def test_a_hedge_moved_to_another_subject_is_lost() -> None:
    plain = PLAIN.replace("Some people may have severe pain.", "Some pain may be severe.")
    lost = missing_facts(article(ORIGINAL), article(plain))
    # "some" spoke of people, "may" of having pain: neither says that now.
    assert [(f.kind, f.text) for f in lost] == [("hedge", "some"), ("hedge", "may")]


def project_with_original(tmp_path: Path, plain: str) -> Path:
    root = tmp_path / "project"
    (root / "source" / "originals").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[tool.handouts]\nlanguages = []\n", "utf-8")
    (root / "source" / "originals" / "demo.md").write_text(ORIGINAL, "utf-8")
    (root / "source" / "demo.md").write_text(plain, "utf-8")
    return root


def test_check_names_a_dropped_drug_against_the_original(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project_with_original(tmp_path, PLAIN)
    assert main(["check", "--root", str(root)]) == 0
    (root / "source" / "demo.md").write_text(PLAIN.replace("Casgevy and ", ""), "utf-8")
    capsys.readouterr()
    assert main(["check", "--root", str(root)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "source/originals/demo.md:15: the plain version source/demo.md leaves out the drug, "
        "product or proper name “Casgevy”; say it there too."
    ]


def test_originals_are_not_built_as_articles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project_with_original(tmp_path, PLAIN)
    assert main(["report", "--root", str(root)]) == 0
    assert sorted(p.name for p in (root / "output" / "reports").glob("*.json")) == ["demo.en.json"]
    assert main(["report", "--root", str(root), "source/originals/demo.md"]) == 2
    assert "not an article of the project" in capsys.readouterr().err


def test_a_missing_original_is_bad_input_naming_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project_with_original(tmp_path, PLAIN)
    (root / "source" / "originals" / "demo.md").unlink()
    assert main(["check", "--root", str(root)]) == 2
    assert capsys.readouterr().err.startswith(
        "source/demo.md:9: the original 'originals/demo.md' is not a file in source/;"
    )


VOCABULARY = re.findall(
    r"\S+",
    "some people may not need Casgevy™ 15 mg per day severe pain call your doctor sickle "
    "cell disease thalassemia rarely never the medicine can cause risk HIV often Duchenne "
    "muscular dystrophy without a shot you should take it with food most children",
)


@given(
    sentences=st.lists(
        st.lists(st.sampled_from(VOCABULARY), min_size=3, max_size=14), min_size=1, max_size=8
    )
)
def test_an_article_keeps_every_fact_of_its_own(sentences: list[list[str]]) -> None:
    """Whatever the words, the facts found in a text are found kept in that same text."""
    body = " ".join(" ".join(words).capitalize() + "." for words in sentences)
    text = front("demo") + body + "\n"
    assert missing_facts(article(text), article(text)) == ()
