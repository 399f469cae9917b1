"""cache.py: an article is fresh only while its inputs, the settings, the pipeline and its
outputs are as recorded; hashes are read again only when a file's size or time moves."""

from __future__ import annotations

import json
import os
import shutil
from importlib import metadata
from pathlib import Path

from pipeline.cache import (
    CACHE_VERSION,
    BuildCache,
    library_versions,
    load_index_rows,
    pipeline_fingerprint,
    save_index_rows,
)


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "source").mkdir(parents=True)
    (root / "output/es").mkdir(parents=True)
    (root / "source/a.md").write_text("one", "utf-8")
    (root / "output/es/a.html").write_text("<p>", "utf-8")
    return root


def _cache(root: Path, settings: str = "s1") -> BuildCache:
    return BuildCache.load(root / "output/.cache/build.json", root=root, settings=settings)


def _recorded(root: Path) -> tuple[BuildCache, str]:
    """A cache that recorded source/a.md's build (output/es/a.html), saved."""
    cache = _cache(root)
    key = cache.inputs_key(["source/a.md"])
    cache.record("source/a.md", {"key": key, "outputs": ["output/es/a.html"]})
    cache.save()
    return cache, key


def test_a_recorded_article_is_fresh_until_an_input_changes(tmp_path: Path) -> None:
    root = _project(tmp_path)
    cache = _cache(root)
    key = cache.inputs_key(["source/a.md"])
    index = [{"title": "A"}]
    cache.record("source/a.md", {"key": key, "outputs": ["output/es/a.html"], "index": index})
    cache.save()
    again = _cache(root)
    assert again.fresh("source/a.md", again.inputs_key(["source/a.md"])) is not None
    assert again.recorded_index("source/a.md") == index
    (root / "source/a.md").write_text("two", "utf-8")
    assert again.inputs_key(["source/a.md"]) != key


def test_other_settings_or_a_missing_output_is_not_fresh(tmp_path: Path) -> None:
    root = _project(tmp_path)
    cache, key = _recorded(root)
    other = _cache(root, settings="s2")
    assert other.inputs_key(["source/a.md"]) != key
    (root / "output/es/a.html").unlink()
    assert _cache(root).fresh("source/a.md", key) is None
    assert cache.fresh("source/b.md", key) is None


def test_fresh_needs_every_output_in_its_own_folder(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "output/fr").mkdir()
    (root / "output/index.html").write_text("<p>", "utf-8")
    (root / "top.txt").write_text("t", "utf-8")
    cache = _cache(root)
    key = cache.inputs_key(["source/a.md"])

    def fresh_with(outputs: list[str]) -> bool:
        cache.record("source/a.md", {"key": key, "outputs": outputs})
        return cache.fresh("source/a.md", key) is not None

    assert fresh_with(["output/es/a.html", "output/index.html", "top.txt"])
    assert not fresh_with(["output/es/a.html", "output/fr/a.html"])  # its name, elsewhere
    assert not fresh_with(["output/de/a.html"])  # a folder that is not there
    assert not fresh_with(["output/es/b.html", "output/es/a.html"])
    assert fresh_with([])


def test_a_hash_is_read_again_only_when_size_or_time_moves(tmp_path: Path) -> None:
    root = _project(tmp_path)
    cache = _cache(root)
    first = cache.file_hash("source/a.md")
    stat = (root / "source/a.md").stat()
    (root / "source/a.md").write_text("owt", "utf-8")  # same size...
    os.utime(root / "source/a.md", ns=(stat.st_atime_ns, stat.st_mtime_ns))  # ...same time
    assert cache.file_hash("source/a.md") == first  # trusted, as git trusts its index
    os.utime(root / "source/a.md", ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    assert cache.file_hash("source/a.md") != first
    assert cache.file_hash("source/gone.md") == "missing"


def test_a_moved_project_keeps_its_cache(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _, key = _recorded(root)
    moved = Path(shutil.copytree(root, tmp_path / "moved"))
    assert _cache(moved).fresh("source/a.md", key) is not None


def test_a_cache_of_another_version_or_unreadable_starts_empty(tmp_path: Path) -> None:
    root = _project(tmp_path)
    path = root / "output/.cache/build.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"version": CACHE_VERSION + 1, "articles": {"a": {}}}), "utf-8")
    assert _cache(root).articles == {}
    path.write_text("{not json", "utf-8")
    assert _cache(root).articles == {}


def test_the_pipeline_fingerprint_is_stable() -> None:
    assert pipeline_fingerprint() == pipeline_fingerprint()
    assert len(pipeline_fingerprint()) == 64


def test_library_versions_name_each_library_or_say_it_is_missing() -> None:
    versions = library_versions(("babel", "no-such-library-here"))
    assert versions == f"babel={metadata.version('babel')}no-such-library-here=missing".encode()


def test_index_rows_are_kept_for_the_same_pipeline_only(tmp_path: Path) -> None:
    path = tmp_path / "output" / ".cache" / "index-rows.json"
    assert load_index_rows(path, pipeline="p1") == {}  # none yet
    save_index_rows(path, {"k1": "<tr>one</tr>", "k2": "<tr>two</tr>"}, pipeline="p1")
    assert load_index_rows(path, pipeline="p1") == {"k1": "<tr>one</tr>", "k2": "<tr>two</tr>"}
    assert load_index_rows(path, pipeline="p2") == {}  # other code or templates: none reused
    path.write_bytes(path.read_bytes()[:20])  # torn
    assert load_index_rows(path, pipeline="p1") == {}
    path.write_text('{"pipeline": "p1", "rows": {"k1": 3, "k2": "<tr>two</tr>"}}', "utf-8")
    assert load_index_rows(path, pipeline="p1") == {"k2": "<tr>two</tr>"}
