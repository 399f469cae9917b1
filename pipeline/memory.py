"""The translation-memory store: a language's other article catalogs -> the publishable
translations they hold, kept in output/.cache/memory/<lang>.json so a large library reads
again only the catalogs that changed. Cache I/O only: a store that cannot be kept costs time."""

from __future__ import annotations

import contextlib
import functools
import json
from pathlib import Path
from typing import Any

from pipeline.cache import pipeline_fingerprint
from pipeline.catalog import read_memory
from pipeline.errors import InputError
from pipeline.files import read_text, write_bytes_if_changed
from pipeline.layout import LABELS_DOMAIN, Layout
from pipeline.locales import LocaleInfo
from pipeline.model import Remembered


@functools.cache
def _pipeline_once() -> str:
    """The pipeline's fingerprint, hashed once per process: its files do not change."""
    return pipeline_fingerprint()


def translation_memory(root: Path, locale: LocaleInfo, *, exclude: Path) -> dict[str, Remembered]:
    """Publishable translations from the language's other article catalogs.

    Each catalog's translations are kept in output/.cache/memory/<lang>.json with the
    file's size and time, so a new sentence in a library of hundreds of articles reads
    again only the catalogs that changed (reading all of them took seconds).
    """
    folder = Layout(root).catalogs(locale)
    store = Layout(root).memory_store(locale)
    try:
        kept: Any = json.loads(store.read_text("utf-8"))
    except (OSError, ValueError):
        kept = {}
    if not isinstance(kept, dict):
        kept = {}  # not ours, or damaged: it is written again
    fresh: dict[str, Any] = {}
    memory: dict[str, Remembered] = {}
    # Kept entries are what the pipeline judged publishable: a new pipeline judges again.
    rule = _pipeline_once()
    for path in sorted(folder.glob("*.po")):
        if path == exclude or path.stem == LABELS_DOMAIN:
            continue
        shown = Layout(root).shown(path)
        try:
            stat = path.stat()
        except OSError:
            continue
        record = kept.get(shown)
        if (
            not isinstance(record, dict)
            or record.get("stat") != [stat.st_mtime_ns, stat.st_size]
            or record.get("pipeline") != rule
            or not isinstance(record.get("entries"), dict)
        ):
            try:
                found = read_memory(read_text(path, shown_as=shown), path=shown)
            except InputError:
                continue  # a broken catalog is reported when its own article is built
            entries = {msgid: remembered.msgstr for msgid, remembered in found.items()}
            record = {
                "stat": [stat.st_mtime_ns, stat.st_size],
                "pipeline": rule,
                "entries": entries,
            }
        fresh[shown] = record
        for msgid, msgstr in record["entries"].items():
            memory.setdefault(msgid, Remembered(msgstr, shown))
    if fresh != kept:
        data = json.dumps(fresh, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        with contextlib.suppress(OSError):  # a cache that cannot be kept costs only time
            write_bytes_if_changed(store, data.encode("utf-8"), within=Layout(root).output)
    return memory
