"""A library built on many machines: `handouts build --shard K/N`, then `handouts merge`.

Each shard is a checkout of the project that builds the articles whose slug hashes to
it (SHA-256 of the slug, modulo N: stable as articles come and go, and the same on
every machine, so a CI matrix, Kubernetes jobs or a Slurm array need share nothing but
the repository). A shard records which part it built in output/.cache/shard.json.

The merge, run in one checkout with the shards' folders as arguments, takes from each
shard exactly the files its articles produced (handouts, reports, their catalogs, as
its build cache lists them) and the label catalogs every shard writes alike, writes
the index from the shards' records, and leaves a build cache that a later
`handouts build` there replays: the same bytes as one machine building the library.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from pipeline.cache import BuildCache
from pipeline.errors import InputError, Outcome, Problem
from pipeline.inputs import source_paths
from pipeline.layout import LABELS_DOMAIN, Layout
from pipeline.outputs import write_output_bytes
from pipeline.publish import write_index
from pipeline.render_html import IndexEntry
from pipeline.terminal import Result

SHARD_RECORD = Path("output/.cache/shard.json")
BUILD_CACHE = Path("output/.cache/build.json")
_SHARD = re.compile(r"(\d+)/(\d+)")


def parse_shard(text: str) -> tuple[int, int]:
    """'2/3' -> (2, 3): the second of three parts, counted from 1."""
    found = _SHARD.fullmatch(text.strip())
    if found is None or not 1 <= int(found.group(1)) <= int(found.group(2)):
        raise InputError(
            f"--shard takes K/N with 1 <= K <= N, such as 2/3, not {text!r}.",
            path="command line",
        )
    return int(found.group(1)), int(found.group(2))


def shard_of(slug: str, count: int) -> int:
    """Which of `count` shards builds the article `slug` (1-based)."""
    return int(hashlib.sha256(slug.encode("utf-8")).hexdigest(), 16) % count + 1


def articles_in_shard(root: Path, shard: int, count: int) -> list[str]:
    """The shard's articles, as paths from the root, in the library's order."""
    return [
        Layout(root).shown(path)
        for path in source_paths(root, None)
        if shard_of(path.stem, count) == shard
    ]


def record_shard(root: Path, shard: int, count: int, articles: list[str]) -> None:
    """Say in the shard's output which part of the library it built (for the merge)."""
    path = root / SHARD_RECORD
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"shard": shard, "of": count, "articles": articles}
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", "utf-8")
    temporary.replace(path)


def merge_shards(root: Path, shards: list[Path]) -> Result:
    """The shards' outputs, catalogs, index and cache in `root`, as one build gives."""
    result = Result()
    records: dict[str, dict[str, Any]] = {}
    settings: set[str] = set()
    parts: set[int] = set()
    counts: set[int] = set()
    labels: dict[str, tuple[bytes, Path]] = {}
    for shard in shards:
        try:
            done = json.loads((shard / SHARD_RECORD).read_text("utf-8"))
            if not done["articles"]:  # a small library leaves a shard empty
                parts.add(int(done["shard"]))
                counts.add(int(done["of"]))
                continue
            cache = json.loads((shard / BUILD_CACHE).read_text("utf-8"))
        except (OSError, ValueError, KeyError) as error:
            result.problems.append(
                Problem(
                    f"{shard}: not a built shard ({error}); run `handouts build --shard K/N` "
                    "there first.",
                    Outcome.INPUT,
                )
            )
            continue
        parts.add(int(done["shard"]))
        counts.add(int(done["of"]))
        settings.add(str(cache["settings"]))
        for article in done["articles"]:
            record = cache["articles"].get(article)
            if record is None:  # its build had problems; the shard reported them
                result.problems.append(
                    Problem(
                        f"{shard}: {article} was not built; see that shard's log.",
                        Outcome.INPUT,
                    )
                )
                continue
            records[article] = record
            for output in record["outputs"]:
                _copy(shard, root, output, result)
        for catalog in sorted((shard / "locales").glob(f"**/{LABELS_DOMAIN}.po*")):
            name = catalog.relative_to(shard).as_posix()
            kept = labels.setdefault(name, (catalog.read_bytes(), shard))
            if kept[0] != catalog.read_bytes():
                result.problems.append(
                    Problem(
                        f"{name}: shards {kept[1]} and {shard} wrote it differently; "
                        "build every shard from the same commit and settings.",
                        Outcome.INPUT,
                    )
                )
    if len(counts) > 1 or len(settings) > 1 or (counts and parts != set(range(1, 1 + max(counts)))):
        result.problems.append(
            Problem(
                f"shards {sorted(parts)} of {sorted(counts)} with "
                f"{len(settings)} different settings: give every shard of one build "
                "(same N, same commit and settings).",
                Outcome.INPUT,
            )
        )
    if result.problems:
        return result
    for name, (data, _) in sorted(labels.items()):
        write_output_bytes(root, result, root / name, data)
    library = [Layout(root).shown(path) for path in source_paths(root, None)]
    index = [
        IndexEntry(**entry)
        for article in library
        for entry in records.get(article, {}).get("index", [])
    ]
    write_index(root, index, result)
    merged = BuildCache(root / BUILD_CACHE, root, settings.pop(), articles=records)
    merged.save()
    result.summary = (
        f"{len(shards)} shards merged: {len(records)} articles; "
        f"{len(result.written)} files written."
    )
    return result


def _copy(shard: Path, root: Path, output: str, result: Result) -> None:
    try:
        data = (shard / output).read_bytes()
    except OSError as error:
        result.problems.append(
            Problem(f"{shard / output}: cannot be read ({error.strerror}).", Outcome.INPUT)
        )
        return
    write_output_bytes(root, result, root / output, data)
