"""The build cache: which articles are unchanged since the last build, by content hash.

An article is rebuilt when any of its inputs changed (the source, its catalogs and the
shared label catalogs, in every language), when the settings or the pipeline itself
(code, templates, stylesheet, data, key library versions) changed, or when one of its
outputs is missing. Hashes are recomputed only for files whose size or modification
time moved, as git does, so an unchanged library is checked in a blink.
"""

from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import orjson

from pipeline import installed
from pipeline.files import write_atomically

CACHE_VERSION = 1
_LIBRARIES = ("babel", "jinja2", "markdown-it-py", "pysbd", "textstat", "weasyprint")


@functools.cache
def pipeline_fingerprint() -> str:
    """A hash of the package's files and of the libraries whose output we publish; once
    per process (5 to 10 ms), as the code does not change under a running command."""
    digest = hashlib.sha256()
    package = resources.files("pipeline")
    for path in sorted(_package_files(Path(str(package)))):
        digest.update(path.relative_to(Path(str(package))).as_posix().encode())
        digest.update(path.read_bytes())
    digest.update(library_versions(_LIBRARIES))
    return digest.hexdigest()


def library_versions(names: tuple[str, ...]) -> bytes:
    """`name=version` of each installed library (or `name=missing`), for a fingerprint."""
    return "".join(f"{name}={installed.version(name) or 'missing'}" for name in names).encode()


def _package_files(folder: Path) -> list[Path]:
    return [
        p
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    ]


@dataclass(slots=True)
class BuildCache:
    """Per article: the hash of its inputs and what its build produced, to replay."""

    path: Path
    root: Path  # file keys are relative to it, so a moved project keeps its cache
    settings: str
    stats: dict[str, list[Any]] = field(default_factory=dict)  # file -> [mtime_ns, size, sha]
    articles: dict[str, dict[str, Any]] = field(default_factory=dict)
    _listed: set[str] = field(default_factory=set)  # folders listed (`_all_exist`)
    _existing: set[str] = field(default_factory=set)  # their files, as paths from the root
    _prefix: str = ""  # the root as text with a separator, for os calls

    def __post_init__(self) -> None:
        self._prefix = os.path.join(self.root, "")  # noqa: PTH118

    @classmethod
    def load(cls, path: Path, *, root: Path, settings: str) -> BuildCache:
        try:
            data = orjson.loads(path.read_bytes())  # issue 20: a third faster than json's
        except (OSError, ValueError):  # orjson.JSONDecodeError is a ValueError
            return cls(path, root, settings)
        if not isinstance(data, dict):
            return cls(path, root, settings)
        if data.get("version") != CACHE_VERSION:
            return cls(path, root, settings)
        # Records made under other settings stay (their keys, which hash the settings,
        # can no longer match): they still say what the index listed for each article.
        return cls(path, root, settings, data.get("stats", {}), data.get("articles", {}))

    def file_hash(self, file: str) -> str:
        """A file's content hash (by its path from the root), read again only if its
        size or mtime changed."""
        try:
            # os and text, not pathlib: this runs for every input of every article.
            stat = os.stat(self._prefix + file)  # noqa: PTH116
        except OSError:
            return "missing"
        known = self.stats.get(file)
        if known and known[0] == stat.st_mtime_ns and known[1] == stat.st_size:
            return str(known[2])
        try:
            sha = hashlib.sha256((self.root / file).read_bytes()).hexdigest()
        except OSError:
            return "unreadable"  # the build reports it; never cached as fresh
        self.stats[file] = [stat.st_mtime_ns, stat.st_size, sha]
        return sha

    def inputs_key(self, files: list[str]) -> str:
        """One hash of the settings and of these files (paths from the root)."""
        digest = hashlib.sha256(self.settings.encode())
        for file in files:
            digest.update(file.encode())
            digest.update(self.file_hash(file).encode())
        return digest.hexdigest()

    def has_record(self, article: str) -> bool:
        """Whether a build of this article was recorded (fresh or not)."""
        return article in self.articles

    def fresh(self, article: str, key: str) -> dict[str, Any] | None:
        """The recorded build of an article whose inputs and outputs are as recorded."""
        record = self.articles.get(article)
        if record is None or record.get("key") != key:
            return None
        if not self._all_exist(record.get("outputs", [])):
            return None
        return record

    def _all_exist(self, files: list[str]) -> bool:
        """Whether every one of these files (paths from the root) exists. One listing per
        folder instead of a stat per file, and one set difference per article instead of
        a lookup per file: a library has tens of thousands of outputs in a dozen folders
        (issue 20: the 500-article library's 31,500 in 38 ms against 44, most of it now
        the listings themselves)."""
        missing = set(files).difference(self._existing)
        for file in missing:
            folder = file.rpartition("/")[0]
            if folder not in self._listed:
                self._listed.add(folder)
                try:
                    names = os.listdir(self._prefix + folder)  # noqa: PTH208
                except OSError:
                    names = []
                within = f"{folder}/" if folder else ""
                self._existing.update(within + name for name in names)
        return missing <= self._existing

    def recorded_index(self, article: str) -> list[dict[str, Any]]:
        """What the last build of an article put in the index, fresh or not."""
        return list(self.articles.get(article, {}).get("index", []))

    def record(self, article: str, entry: dict[str, Any]) -> None:
        self.articles[article] = entry

    def forget(self, article: str) -> None:
        self.articles.pop(article, None)

    def save(self) -> None:
        data = {
            "version": CACHE_VERSION,
            "settings": self.settings,
            "stats": dict(sorted(self.stats.items())),
            "articles": dict(sorted(self.articles.items())),
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Compact, by orjson: a sixth of the time of json's C encoder, which took 40 ms of
        # an edited article's build on a 500-article library (issue 20).
        write_atomically(self.path, orjson.dumps(data, option=orjson.OPT_SORT_KEYS))


def load_index_rows(path: Path, *, pipeline: str) -> dict[str, str]:
    """The index rows an earlier build rendered (`render_html.index_page`: row key ->
    HTML), if the same pipeline (code, templates, libraries) rendered them; else none."""
    try:
        data = orjson.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("pipeline") != pipeline:
        return {}
    rows = data.get("rows")
    if not isinstance(rows, dict):
        return {}
    return {key: html for key, html in rows.items() if isinstance(html, str)}


def save_index_rows(path: Path, rows: dict[str, str], *, pipeline: str) -> None:
    """Keep the rows of the index just written, for the next build to reuse."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, orjson.dumps({"pipeline": pipeline, "rows": rows}))
