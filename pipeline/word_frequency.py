"""How common an English word is, on wordfreq's Zipf scale, without importing wordfreq.

diagnose, facts and scorecard ask how common a word is (`zipf_frequency(word, "en")` of
wordfreq, its `large` English list). Importing wordfreq (regex, langcodes, ftfy) and
reading its 321,180 words into a dict cost about 0.35 s of every build, a third of an
edited article's (issue 20). Here the same list is a `FrequencyTable`: the words sorted in
one block of bytes and found by binary search, so nothing is built when it is loaded. The
edge `language_data` makes it once from wordfreq's own list, keeps it in its data folder
under wordfreq's version and hands it over with `use_table`.

A word is looked up in the table only where wordfreq's tokenizer is known to cut it one
way: lowercase Latin letters (ASCII and Latin-1's), apostrophes between letters, parts
joined by hyphens (each part one token). The value is then worked out with wordfreq's own
arithmetic, so it is the same float. Any other word (capitals, other scripts, digits, a
French-looking "l'eau"), or any word while no table is in use, is asked of wordfreq itself.
"""

from __future__ import annotations

import functools
import math
import re
import sys
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

_MAGIC = b"plain-handouts word frequencies 1\n"
# wordfreq's floor for a word it does not know: zipf_to_freq(0), one in a billion words.
_MINIMUM = 10**0 / 1e9
# Lowercase letters that case-folding and NFC leave as they are: ASCII and Latin-1's
# (à to ÿ, without ß, which folds to "ss", and ÷).
_LETTER = "a-zà-öø-ÿ"
# One part of a word that wordfreq keeps as one token (already case-folded); apostrophes
# after its last letter are not part of the token.
_PART = re.compile(rf"([{_LETTER}]+(?:['’][{_LETTER}]+)*)['’]*")
# wordfreq cuts one or two letters and an apostrophe before a vowel or "h" off the start
# of a token ("l'eau": "l'", "eau"), in every language: such parts are left to wordfreq.
_ELIDED = re.compile(rf"[{_LETTER}]{{1,2}}['’][aehiouyáéíóúàèìòùâêîôûåïöœ]")
_HYPHENS = re.compile(r"-+")


@dataclass(frozen=True, slots=True)
class FrequencyTable:
    """wordfreq's English list: `words` sorted as UTF-8 and laid end to end; word i is
    `words[starts[i]:starts[i + 1]]` and sits in wordfreq's bucket `centibels[i]` (a
    frequency of 10 ** (-centibels / 100))."""

    words: bytes
    starts: array[int]
    centibels: array[int]

    def bucket(self, token: bytes) -> int | None:
        """The token's bucket, or None when the list does not have it."""
        words, starts = self.words, self.starts
        low, high = 0, len(self.centibels)
        while low < high:  # bisect_left over the sorted words, without a list of them
            middle = (low + high) // 2
            if words[starts[middle] : starts[middle + 1]] < token:
                low = middle + 1
            else:
                high = middle
        if low < len(self.centibels) and words[starts[low] : starts[low + 1]] == token:
            return int(self.centibels[low])
        return None


def table_bytes(buckets: Sequence[Sequence[str]]) -> bytes:
    """wordfreq's frequency list (`get_frequency_list`: bucket i holds the words of
    frequency 10 ** (-i / 100)) -> the bytes `read_table` reads."""
    bucket_of: dict[bytes, int] = {}
    for index, bucket in enumerate(buckets):
        for word in bucket:
            bucket_of[word.encode()] = index  # a later bucket wins, as in wordfreq's dict
    ordered = sorted(bucket_of)
    starts = array("I", [0])
    for encoded in ordered:
        starts.append(starts[-1] + len(encoded))
    centibels = array("H", (bucket_of[encoded] for encoded in ordered))
    count = len(ordered).to_bytes(4, "little")
    return _MAGIC + count + _little_endian(starts) + _little_endian(centibels) + b"".join(ordered)


def read_table(data: bytes) -> FrequencyTable:
    """What `table_bytes` wrote -> a table; ValueError when the bytes are not one."""
    if not data.startswith(_MAGIC) or len(data) < len(_MAGIC) + 4:
        raise ValueError("not a word-frequency table")
    at = len(_MAGIC)
    count = int.from_bytes(data[at : at + 4], "little")
    at += 4
    starts, centibels = array("I"), array("H")
    starts_end = at + (count + 1) * starts.itemsize
    centibels_end = starts_end + count * centibels.itemsize
    if len(data) < centibels_end:
        raise ValueError("a word-frequency table cut short")
    starts.frombytes(data[at:starts_end])
    centibels.frombytes(data[starts_end:centibels_end])
    if sys.byteorder == "big":
        starts.byteswap()
        centibels.byteswap()
    words = data[centibels_end:]
    if starts[-1] != len(words):
        raise ValueError("a word-frequency table cut short")
    return FrequencyTable(words, starts, centibels)


def _little_endian(numbers: array[int]) -> bytes:
    if sys.byteorder == "big":
        numbers = array(numbers.typecode, numbers)
        numbers.byteswap()
    return numbers.tobytes()


_in_use: list[FrequencyTable] = []  # the table `use_table` was given, if any


def use_table(table: FrequencyTable) -> None:
    """Look words up in `table` from now on, in this process (and in workers it forks)."""
    _in_use[:] = [table]
    zipf_frequency.cache_clear()


# Bounded, and it fills with the few thousand words a library really uses: by Zipf's law
# most words of any text are repeats, and each lookup is a binary search in Python.
@functools.lru_cache(maxsize=16384)
def zipf_frequency(word: str) -> float:
    """wordfreq's `zipf_frequency(word, "en")`: 0 for a word it does not know, about 3 for
    once in a million words, 7 for the commonest."""
    tokens = _tokens(word) if _in_use else None
    if tokens is None:
        from wordfreq import zipf_frequency as ask_wordfreq  # heavy: 0.35 s on first use

        value: float = ask_wordfreq(word, "en")
        return value
    return _zipf(_in_use[0], tokens)


def _tokens(word: str) -> list[bytes] | None:
    """wordfreq's tokens of `word`, when they are certain; else None."""
    tokens = []
    # A hyphen is a word break ("type-" is "type"); an apostrophe between letters is not.
    for part in filter(None, _HYPHENS.split(word)):
        whole = _PART.fullmatch(part)
        if whole is None or _ELIDED.match(part):
            return None
        tokens.append(whole.group(1).replace("’", "'").encode())  # wordfreq uncurls quotes
    return tokens or None


def _zipf(table: FrequencyTable, tokens: list[bytes]) -> float:
    """wordfreq's `_word_frequency` and `zipf_frequency`, step by step (the same float
    operations in the same order, so the same result to the last bit)."""
    one_over_result = 0.0
    for token in tokens:
        bucket = table.bucket(token)
        if bucket is None:
            return round(math.log(_MINIMUM, 10) + 9, 2)  # any token unknown: the floor
        one_over_result += 1.0 / 10 ** (-bucket / 100)
    unrounded = max(1.0 / one_over_result, _MINIMUM)
    leading_zeroes = math.floor(-math.log(unrounded, 10))
    frequency = round(unrounded, leading_zeroes + 3)  # wordfreq keeps 3 significant digits
    return round(math.log(frequency, 10) + 9, 2)
