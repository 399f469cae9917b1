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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.cache import BuildCache
from pipeline.errors import InputError, Outcome, Problem
from pipeline.files import write_atomically
from pipeline.inputs import source_paths
from pipeline.layout import LABELS_DOMAIN, Layout
from pipeline.outputs import write_output_bytes
from pipeline.publish import write_index
from pipeline.terminal import Effects, Result, total

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
    write_atomically(path, (json.dumps(data, indent=1, sort_keys=True) + "\n").encode())


@dataclass(frozen=True, slots=True)
class _Shards:
    """What the shards' folders say: each article's cache record, the settings and
    parts they were built with, the label catalogs they wrote, and what is wrong."""

    records: dict[str, dict[str, Any]]
    settings: frozenset[str]
    parts: frozenset[int]
    counts: frozenset[int]
    labels: dict[str, tuple[bytes, Path]]  # catalog -> its bytes and the first shard
    copies: tuple[tuple[Path, str], ...]  # (shard, output) for each file an article made
    problems: tuple[Problem, ...]


def merge_shards(root: Path, shards: list[Path]) -> Result:
    """The shards' outputs, catalogs, index and cache in `root`, as one build gives."""
    found = _read_shards(shards)
    parts = [Effects(problems=found.problems)]
    parts += [_copy(shard, root, output) for shard, output in found.copies]
    counts, done = found.counts, found.parts
    if (
        len(counts) > 1
        or len(found.settings) > 1
        or (counts and done != set(range(1, 1 + max(counts))))
    ):
        message = (
            f"shards {sorted(done)} of {sorted(counts)} with "
            f"{len(found.settings)} different settings: give every shard of one build "
            "(same N, same commit and settings)."
        )
        parts.append(Effects(problems=(Problem(message, Outcome.INPUT),)))
    effects = total(parts)
    if effects.problems:
        return Result.of(effects)
    parts += [
        write_output_bytes(root, root / name, data)
        for name, (data, _) in sorted(found.labels.items())
    ]
    library = [Layout(root).shown(path) for path in source_paths(root, None)]
    index = [
        entry for article in library for entry in found.records.get(article, {}).get("index", [])
    ]
    parts.append(write_index(root, index))
    (settings,) = found.settings
    BuildCache(root / BUILD_CACHE, root, settings, articles=found.records).save()
    effects = total(parts)
    summary = (
        f"{len(shards)} shards merged: {len(found.records)} articles; "
        f"{len(effects.written)} files written."
    )
    return Result.of(effects, summary=summary)


def _read_shards(shards: list[Path]) -> _Shards:
    records: dict[str, dict[str, Any]] = {}
    settings: set[str] = set()
    parts: set[int] = set()
    counts: set[int] = set()
    labels: dict[str, tuple[bytes, Path]] = {}
    copies: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    for shard in shards:
        try:
            done = json.loads((shard / SHARD_RECORD).read_text("utf-8"))
            if not done["articles"]:  # a small library leaves a shard empty
                parts.add(int(done["shard"]))
                counts.add(int(done["of"]))
                continue
            cache = json.loads((shard / BUILD_CACHE).read_text("utf-8"))
        except (OSError, ValueError, KeyError) as error:
            message = (
                f"{shard}: not a built shard ({error}); run `handouts build --shard K/N` "
                "there first."
            )
            problems.append(Problem(message, Outcome.INPUT))
            continue
        parts.add(int(done["shard"]))
        counts.add(int(done["of"]))
        settings.add(str(cache["settings"]))
        for article in done["articles"]:
            record = cache["articles"].get(article)
            if record is None:  # its build had problems; the shard reported them
                message = f"{shard}: {article} was not built; see that shard's log."
                problems.append(Problem(message, Outcome.INPUT))
                continue
            records[article] = record
            copies += [(shard, output) for output in record["outputs"]]
        for catalog in sorted((shard / "locales").glob(f"**/{LABELS_DOMAIN}.po*")):
            name = catalog.relative_to(shard).as_posix()
            kept = labels.setdefault(name, (catalog.read_bytes(), shard))
            if kept[0] != catalog.read_bytes():
                message = (
                    f"{name}: shards {kept[1]} and {shard} wrote it differently; "
                    "build every shard from the same commit and settings."
                )
                problems.append(Problem(message, Outcome.INPUT))
    if len({str(record.get("print")) for record in records.values()}) > 1:
        message = (
            "the shards printed with different print settings (paper, PDF engine): "
            "build every shard from the same commit and settings."
        )
        problems.append(Problem(message, Outcome.INPUT))
    return _Shards(
        records,
        frozenset(settings),
        frozenset(parts),
        frozenset(counts),
        labels,
        tuple(copies),
        tuple(problems),
    )


def _copy(shard: Path, root: Path, output: str) -> Effects:
    try:
        data = (shard / output).read_bytes()
    except OSError as error:
        message = f"{shard / output}: cannot be read ({error.strerror})."
        return Effects(problems=(Problem(message, Outcome.INPUT),))
    return write_output_bytes(root, root / output, data)
