"""word_frequency.py: wordfreq's English Zipf values from a table of its list, the same
float for every word, with wordfreq asked for the words its tokenizer may cut otherwise."""

from __future__ import annotations

import contextlib
import functools
import importlib
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wordfreq import get_frequency_list
from wordfreq import zipf_frequency as wordfreq_zipf

from pipeline import word_frequency
from pipeline.word_frequency import (
    FrequencyTable,
    read_table,
    table_bytes,
    use_table,
    zipf_frequency,
)

ROOT = Path(__file__).resolve().parent.parent
# The shapes diagnose, facts and scorecard cut words in, and a broader one.
_WORDS = re.compile(r"[A-Za-z][A-Za-z’'-]*[A-Za-z]|[A-Za-z][A-Za-z’'-]*|[^\W\d_]+")


@functools.cache
def _english() -> FrequencyTable:
    """The table made from wordfreq's own English list, as language_data makes it."""
    return read_table(table_bytes(get_frequency_list("en")))


@contextlib.contextmanager
def _table_in_use() -> Iterator[FrequencyTable]:
    before = list(word_frequency._in_use)
    use_table(_english())
    try:
        yield _english()
    finally:
        word_frequency._in_use[:] = before


@pytest.fixture
def in_use() -> Iterator[FrequencyTable]:
    with _table_in_use() as table:
        yield table


def _texts() -> Iterator[str]:
    """The project's articles and originals, the test articles, and the benchmark's
    500-article library (bench/corpus.py, seed 1, as bench/run makes it)."""
    for folder in ("source", "tests/prose", "tests/golden"):
        for path in sorted((ROOT / folder).rglob("*.md")):
            yield path.read_text("utf-8")
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        corpus = importlib.import_module("corpus")
    finally:
        sys.path.remove(str(ROOT / "bench"))
    for _, text in corpus.articles(500, seed=1):
        yield text


def _forms(word: str) -> set[str]:
    """The word as each caller passes it: lowered (diagnose, facts), with its curly
    apostrophes straightened (scorecard), and as written."""
    return {word, word.lower(), word.replace("’", "'"), word.lower().replace("’", "'")}


def test_every_word_of_the_articles_and_the_corpus_gets_wordfreqs_value(
    in_use: FrequencyTable,
) -> None:
    words = {form for text in _texts() for match in _WORDS.findall(text) for form in _forms(match)}
    assert len(words) > 2000  # about 2,070 forms
    differ = {w: (zipf_frequency(w), wordfreq_zipf(w, "en")) for w in words}
    differ = {w: pair for w, pair in differ.items() if pair[0] != pair[1]}
    assert differ == {}
    # and the table answered for the lowercase ones, wordfreq was not needed for them
    lowercase = {w for w in words if w.isascii() and w.islower()}
    asked_wordfreq = {w for w in lowercase if word_frequency._tokens(w) is None}
    assert len(asked_wordfreq) <= len(lowercase) // 1000, sorted(asked_wordfreq)


def test_every_word_of_the_list_gets_its_own_value(in_use: FrequencyTable) -> None:
    listed = [w for bucket in get_frequency_list("en") for w in bucket]
    sample = listed[::97] + listed[:2000] + listed[-500:]  # common, rare and in between
    assert [zipf_frequency(w) for w in sample] == [wordfreq_zipf(w, "en") for w in sample]
    assert zipf_frequency("health") == wordfreq_zipf("health", "en") > 5


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="abehiostuyéàïøÿßſ÷'’-AÉ1 ", min_size=1, max_size=14))
def test_any_text_gets_wordfreqs_value(text: str) -> None:
    with _table_in_use():  # not a fixture: hypothesis runs the body many times per fixture
        assert zipf_frequency(text) == wordfreq_zipf(text, "en")


def test_words_wordfreq_may_cut_otherwise_are_asked_of_it(in_use: FrequencyTable) -> None:
    # "ma'am" is cut after "ma'" (wordfreq's French rule, in every language), capitals
    # and "ß" are case-folded, digits and other scripts go through wordfreq's own steps.
    for word in ("ma'am", "l’été", "Health", "covid-19", "straße", "'tis", "naïve÷", "σκύλος"):
        assert word_frequency._tokens(word) is None
        assert zipf_frequency(word) == wordfreq_zipf(word, "en")
    # what the table answers itself: parts joined by hyphens, apostrophes within
    assert word_frequency._tokens("follow-up") == [b"follow", b"up"]
    assert word_frequency._tokens("child’s") == [b"child's"]
    assert word_frequency._tokens("type-") == [b"type"]
    assert word_frequency._tokens("café") == ["café".encode()]
    assert zipf_frequency("naïve") == wordfreq_zipf("naïve", "en") > 2
    assert zipf_frequency("well-being") == wordfreq_zipf("well-being", "en") > 3
    assert zipf_frequency("zzyzxqv") == wordfreq_zipf("zzyzxqv", "en") == 0


def test_without_a_table_wordfreq_answers() -> None:
    before = list(word_frequency._in_use)
    word_frequency._in_use.clear()
    try:
        assert zipf_frequency("nephrotoxicity") == wordfreq_zipf("nephrotoxicity", "en")
    finally:
        word_frequency._in_use[:] = before


def test_a_table_reads_back_what_was_written() -> None:
    table = read_table(table_bytes([["the", "of"], [], ["zebra", "apple", "the"], ["é"]]))
    assert table.bucket(b"the") == 2  # a word in two buckets: the later, as wordfreq's dict
    assert table.bucket(b"of") == 0
    assert table.bucket(b"apple") == 2
    assert table.bucket("é".encode()) == 3
    assert table.bucket(b"a") is None
    assert table.bucket(b"zz") is None
    assert table.bucket(b"") is None


def test_a_damaged_table_is_refused() -> None:
    data = table_bytes([["the", "of"], ["apple"]])
    with pytest.raises(ValueError, match="not a word-frequency table"):
        read_table(b"something else" + data)
    with pytest.raises(ValueError, match="cut short"):
        read_table(data[:-1])
    with pytest.raises(ValueError, match="cut short"):
        read_table(data[:40])


def test_a_new_table_is_asked_not_the_answers_of_the_last() -> None:
    before = list(word_frequency._in_use)
    try:
        use_table(read_table(table_bytes([["apple"]])))  # bucket 0: 10 ** 0, Zipf 9
        assert zipf_frequency("apple") == 9.0
        use_table(read_table(table_bytes([[], [], [], [], ["apple"]])))
        assert zipf_frequency("apple") == 8.96  # bucket 4: a frequency of 10 ** -0.04
    finally:
        word_frequency._in_use[:] = before
        zipf_frequency.cache_clear()
