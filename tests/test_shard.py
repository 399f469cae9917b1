"""A library built in 3 shards and merged gives the bytes of one build (issue 20)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import set_config

from pipeline.cli import main
from pipeline.shard import articles_in_shard, parse_shard, shard_of

TOPICS = ["rest", "water", "sleep", "walking", "fever", "eye-drops", "bandage"]


def _article(slug: str) -> str:
    return f"""---
title: {slug.replace("-", " ").capitalize()} after treatment
slug: {slug}
language: en
publisher: Clinic
original_title: {slug}
last_reviewed: 2025-01-02
target_grade: 6
---

Read this about {slug.replace("-", " ")}. Ask your nurse if you have questions.
"""


@pytest.fixture
def library(project: Path) -> Path:
    for article in (project / "source").glob("*.md"):
        article.unlink()
    for slug in TOPICS:
        (project / f"source/{slug}.md").write_text(_article(slug), "utf-8")
    # Two languages, one of each direction: the shards' PDFs and caches are merged file
    # by file, so more languages add build time, not cases.
    set_config(project, publish_threshold=0, languages=["ar", "es"])
    return project


def _files(root: Path) -> dict[str, bytes]:
    found = {}
    for folder in ("output", "locales"):
        for path in sorted((root / folder).rglob("*")):
            name = path.relative_to(root).as_posix()
            if path.is_file() and not name.startswith("output/.cache/"):
                found[name] = path.read_bytes()
    return found


def test_three_shards_merged_are_the_single_build(library: Path, tmp_path: Path) -> None:
    shards = [tmp_path / f"shard-{k}" for k in (1, 2, 3)]
    merged = tmp_path / "merged"
    for copy in [*shards, merged]:
        shutil.copytree(library, copy)
    assert main(["build", "--root", str(library), "-q"]) == 0
    for part, shard in enumerate(shards, start=1):
        assert main(["build", "--shard", f"{part}/3", "--root", str(shard), "-q"]) == 0
    assert main(["merge", *map(str, shards), "--root", str(merged), "-q"]) == 0
    single, combined = _files(library), _files(merged)
    assert any(name.endswith(".pdf") for name in single)
    assert sorted(combined) == sorted(single)
    assert [name for name in single if combined[name] != single[name]] == []
    # Every article was built by exactly one shard; with 7 articles, hashing leaves
    # shard 2 empty (merged all the same).
    parts = [articles_in_shard(library, k, 3) for k in (1, 2, 3)]
    assert sorted(a for part in parts for a in part) == [f"source/{s}.md" for s in sorted(TOPICS)]
    assert [len(part) for part in parts] == [3, 0, 4]
    # The merged cache is a real build cache: building there again rebuilds nothing.
    assert main(["build", "--root", str(merged), "-q"]) == 0
    assert _files(merged) == combined


def test_shards_are_stable_and_checked() -> None:
    assert parse_shard("2/3") == (2, 3)
    assert {shard_of("rest", 3) for _ in range(3)} == {shard_of("rest", 3)}
    assert all(shard_of(slug, 1) == 1 for slug in TOPICS)
    for wrong in ("0/3", "4/3", "3", "a/b", "1/0"):
        with pytest.raises(Exception, match="K/N"):
            parse_shard(wrong)


def test_a_missing_shard_is_refused(library: Path, tmp_path: Path) -> None:
    shards = [tmp_path / f"shard-{k}" for k in (1, 2)]
    for part, shard in enumerate(shards, start=1):
        shutil.copytree(library, shard)
        assert main(["build", "--shard", f"{part}/3", "--root", str(shard), "--no-pdf", "-q"]) == 0
    merged = tmp_path / "merged"
    shutil.copytree(library, merged)
    assert main(["merge", *map(str, shards), "--root", str(merged)]) == 2
    assert not (merged / "output/index.html").exists()


def test_bad_shard_arguments_are_one_line_and_exit_2(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "--shard", "4/3", "--root", str(library)]) == 2
    assert main(["build", "--shard", "1/2", "rest", "--root", str(library)]) == 2
    errors = capsys.readouterr().err.strip().splitlines()
    assert errors == [
        "command line: --shard takes K/N with 1 <= K <= N, such as 2/3, not '4/3'.",
        "command line: give --shard or articles, not both.",
    ]
    assert not (library / "output").exists()


def test_shards_printed_on_different_paper_are_refused(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Print settings are kept apart from the others in the build cache (a change prints
    the PDFs again, nothing else), so the merge checks them apart too."""
    shards = [tmp_path / f"shard-{k}" for k in (1, 2)]
    for part, shard in enumerate(shards, start=1):
        shutil.copytree(library, shard)
        set_config(shard, paper="a4" if part == 2 else "letter")
        assert main(["build", "--shard", f"{part}/2", "--root", str(shard), "--no-pdf", "-q"]) == 0
    merged = tmp_path / "merged"
    shutil.copytree(library, merged)
    capsys.readouterr()
    assert main(["merge", *map(str, shards), "--root", str(merged), "-q"]) == 2
    assert "the shards printed with different print settings" in capsys.readouterr().err
    assert not (merged / "output/index.html").exists()
