"""PDF figures for bench/run (issue 20): throughput, where a PDF's time goes per
script, the incremental PDF build and the sharded build against the single one.

Timed builds run `handouts` as a user does (wall seconds, under /usr/bin/time, in the
benchmark's table). The per-script split runs in this process on the print HTML of
the same library and counts CPU seconds (`time.process_time`), which a shared machine
disturbs less than wall time: a cold render (a new font configuration and the
stylesheet parsed for every document, as the build did before the warm engine), then
the warm engine of pipeline/pdf_engine.py, each with its preview.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from runner import Bench

# Language tag -> the script its handouts are set in (fonts and shaping differ).
SCRIPTS = {"ar": "Arabic", "ru": "Cyrillic", "zh-Hans": "Han", "ko": "Hangul"}
PDF_COLD = "PDF build, cold"
SHARDS = 3


@dataclass(slots=True)
class ScriptCost:
    script: str
    pdfs: int = 0
    cold: float = 0.0  # CPU s, all PDFs, cold render + preview
    warm: float = 0.0  # CPU s, all PDFs, warm engine + preview
    phases: dict[str, float] = field(default_factory=dict)  # warm, CPU-ish wall s


@dataclass(slots=True)
class PdfFacts:
    pdfs: int = 0  # PDFs a cold build of the PDF library writes
    cores: int = field(default_factory=lambda: os.cpu_count() or 1)
    edited: dict[str, int] = field(default_factory=dict)  # kind -> files rewritten
    translated: dict[str, int] = field(default_factory=dict)
    restyled: dict[str, int] = field(default_factory=dict)
    shards_identical: bool | None = None
    shard_differences: list[str] = field(default_factory=list)
    scripts: list[ScriptCost] = field(default_factory=list)


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    found = {}
    for folder in ("output", "locales"):
        for path in (root / folder).rglob("*"):
            name = path.relative_to(root).as_posix()
            if path.is_file() and not name.startswith("output/.cache/"):
                stat = path.stat()
                found[name] = (stat.st_mtime_ns, stat.st_size)
    return found


def _rewritten(
    before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]
) -> dict[str, int]:
    kinds: dict[str, int] = {}
    for name, stamp in after.items():
        if before.get(name) != stamp:
            kind = "catalog" if name.startswith("locales/") else name.rsplit(".", 1)[-1]
            kinds[kind] = kinds.get(kind, 0) + 1
    return dict(sorted(kinds.items()))


def _files(root: Path) -> dict[str, bytes]:
    return {name: (root / name).read_bytes() for name in _snapshot(root)}


def pdf_builds(
    bench: Bench, root: Path, handouts: Path, edit: Callable[[Path], None], facts: PdfFacts
) -> None:
    """One run of the timed PDF builds of `root` (a generated library), into `facts`."""
    build: list[str | Path] = [handouts, "build", "--root", root, "-q"]
    count = len(list((root / "source").glob("*.md")))

    def cold() -> list[int]:
        shutil.rmtree(root / "output", ignore_errors=True)
        return [bench.run(build, cwd=root, ok=(0, 1))]

    bench.timed("plain-handouts", PDF_COLD, cold, note=f"{count} articles, PDFs and previews")
    facts.pdfs = len(list((root / "output").glob("*/*.pdf")))
    first = sorted((root / "source").glob("*.md"))[0]

    def edited() -> list[int]:
        edit(first)
        return [bench.run(build, cwd=root, ok=(0, 1))]

    before = _snapshot(root)
    bench.timed("plain-handouts", "PDF build, one sentence edited", edited)
    facts.edited = _rewritten(before, _snapshot(root))

    def translated() -> list[int]:
        _edit_translation(root / "locales/es/LC_MESSAGES" / f"{first.stem}.po")
        return [bench.run(build, cwd=root, ok=(0, 1))]

    before = _snapshot(root)
    bench.timed("plain-handouts", "PDF build, one Spanish sentence edited", translated)
    facts.translated = _rewritten(before, _snapshot(root))

    config = root / "pyproject.toml"
    settings = config.read_text("utf-8")
    paper = "a4" if 'paper = "a4"' not in settings else "letter"

    def restyled() -> list[int]:
        text = re.sub(r'^paper = ".*"\n', "", settings, flags=re.MULTILINE)
        config.write_text(
            text.replace("[tool.handouts]\n", f'[tool.handouts]\npaper = "{paper}"\n')
        )
        return [bench.run(build, cwd=root, ok=(0, 1))]

    before = _snapshot(root)
    bench.timed("plain-handouts", f"PDF build, print setting changed (paper {paper})", restyled)
    facts.restyled = _rewritten(before, _snapshot(root))
    config.write_text(settings, "utf-8")
    bench.run(build, cwd=root, ok=(0, 1))  # untimed: back to the library as generated
    single = _files(root)

    shards = [root.with_name(f"{root.name}-shard-{k}") for k in range(1, SHARDS + 1)]
    merged = root.with_name(f"{root.name}-merged")
    for copy in [*shards, merged]:
        shutil.rmtree(copy, ignore_errors=True)
        copy.mkdir()
        for part in ("source", "locales"):
            shutil.copytree(root / part, copy / part)
        shutil.copy(config, copy / "pyproject.toml")
    # The catalogs as the single build left them, so every copy starts alike.

    def sharded() -> list[int]:
        return [
            bench.run([handouts, "build", "--shard", f"{k}/{SHARDS}", "--root", shard, "-q"],
                      cwd=shard, ok=(0, 1))
            for k, shard in enumerate(shards, start=1)
        ]  # fmt: skip

    bench.timed(
        "plain-handouts",
        f"PDF build in {SHARDS} shards, one after another (sum)",
        sharded,
        note="one machine each in a batch system",
    )
    bench.timed(
        "plain-handouts",
        f"merge of the {SHARDS} shards",
        lambda: [bench.run([handouts, "merge", *shards, "--root", merged, "-q"], cwd=merged)],
    )
    combined = _files(merged)
    facts.shard_differences = sorted(
        name for name in set(single) | set(combined) if single.get(name) != combined.get(name)
    )
    facts.shards_identical = not facts.shard_differences
    for copy in [*shards, merged]:
        shutil.rmtree(copy, ignore_errors=True)


def script_costs(root: Path, *, per_language: int = 3) -> list[ScriptCost]:
    """Cold and warm CPU seconds per PDF, and the warm engine's phases, per script."""
    from pipeline.config import load_config
    from pipeline.inputs import load_article, source_paths
    from pipeline.pdf_engine import PdfEngine
    from pipeline.render_html import render_handout
    from pipeline.render_pdf import preview_png, render_pdf
    from pipeline.translations import localize_all

    config = load_config(root)
    pages: dict[str, list[str]] = {}
    for path in source_paths(root, None)[:per_language]:
        article = load_article(root, path)
        localized, _ = localize_all(root, config, article)  # and what it reports
        for item in localized:
            script = SCRIPTS.get(item.locale.tag, "Latin")
            html = render_handout(item.document, for_pdf=True, paper=config.paper)
            pages.setdefault(script, []).append(html)
    costs = []
    warm_up = PdfEngine()
    warm_up.render(next(iter(pages.values()))[0])  # the libraries loaded before timing
    for script, htmls in sorted(pages.items()):
        cost = ScriptCost(script, pdfs=len(htmls))
        start = time.process_time()
        for html in htmls:
            preview_png(render_pdf(html).data)
        cost.cold = time.process_time() - start
        engine = PdfEngine()
        engine.render(htmls[0])  # kept warm: a worker has printed before
        engine.seconds = dict.fromkeys(engine.seconds, 0.0)
        start = time.process_time()
        for html in htmls:
            engine.preview(engine.render(html).data)
        cost.warm = time.process_time() - start
        cost.phases = dict(engine.seconds)
        costs.append(cost)
    return costs


def markdown(bench: Bench, facts: PdfFacts) -> list[str]:
    """The PDF section of RESULTS.md."""
    cold = bench.measures.get(("plain-handouts", PDF_COLD))
    lines = ["## PDFs", ""]
    if cold is not None and cold.median and facts.pdfs:
        rate = facts.pdfs / cold.median
        lines += [
            f"- Cold PDF build: {facts.pdfs} PDFs (with previews) in {cold.median:.2f} s = "
            f"**{rate:.1f} PDFs per second** on {facts.cores} cores "
            f"({rate / facts.cores:.1f} per core), wall time.",
        ]
    if facts.edited:
        lines.append(
            f"- One sentence of one article edited: files rewritten {_kinds(facts.edited)}."
        )
    if facts.translated:
        lines.append(
            f"- One Spanish sentence of one article edited: files rewritten "
            f"{_kinds(facts.translated)}."
        )
    if facts.restyled:
        lines.append(
            f"- A print setting changed (paper size): files rewritten {_kinds(facts.restyled)}."
        )
    if facts.shards_identical is not None:
        verdict = (
            "the same bytes as the single build (every file of output/ and locales/)"
            if facts.shards_identical
            else f"DIFFERENT from the single build: {', '.join(facts.shard_differences[:5])}"
        )
        lines.append(f"- {SHARDS} shards built and merged: {verdict}.")
    if facts.scripts:
        lines += [
            "",
            "Per script, CPU seconds per PDF in one process (preview included): cold is a new "
            "font configuration and the stylesheet parsed for each document (the build "
            "before issue 20); warm is pipeline/pdf_engine.py. The warm engine's time split:",
            "",
            "| Script | PDFs | Cold CPU s/PDF | Warm CPU s/PDF | Speed-up "
            "| Layout | Fonts | Writing | Preview |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for cost in facts.scripts:
            total = sum(cost.phases.values()) or 1.0
            shares = " | ".join(
                f"{100 * cost.phases[p] / total:.0f}%"
                for p in ("layout", "fonts", "writing", "preview")
            )
            lines.append(
                f"| {cost.script} | {cost.pdfs} | {cost.cold / cost.pdfs:.3f} | "
                f"{cost.warm / cost.pdfs:.3f} | {cost.cold / cost.warm:.2f}x | {shares} |"
            )
        # Issue 20 asks for PDFs per second before and after: the same CPU figures as
        # the rate every core of the machine would print at, if nothing else ran.
        lines += [
            "",
            f"PDFs per second on {facts.cores} cores from those CPU seconds, "
            "before (cold) -> after (warm): "
            + "; ".join(
                f"{c.script} {facts.cores * c.pdfs / c.cold:.1f} -> "
                f"{facts.cores * c.pdfs / c.warm:.1f}"
                for c in facts.scripts
            )
            + ".",
        ]
    return [*lines, ""]


def targets(bench: Bench, facts: PdfFacts) -> list[tuple[str, bool | None, str]]:
    """Issue 20's PDF targets as (name, passed or None when not measured, detail)."""

    def median(step: str) -> float | None:
        found = bench.measures.get(("plain-handouts", step))
        return found.median if found else None

    found: list[tuple[str, bool | None, str]] = []
    cold = median(PDF_COLD)
    name = f"at least 20 PDFs per second on {facts.cores} cores, previews included"
    if cold and facts.pdfs:
        rate = facts.pdfs / cold
        found.append((name, rate >= 20, f"{facts.pdfs} PDFs in {cold:.2f} s = {rate:.1f} a second"))
    else:
        found.append((name, None, "not measured"))
    for step, label in (
        ("PDF build, one sentence edited", "the PDF library"),
        (f"PDF build of one article, one sentence edited ({EDITED_LIBRARY})", "its library"),
    ):
        value = median(step)
        found.append(
            (
                f"an edited sentence rebuilds with its PDFs in under 2 s ({label})",
                None if value is None else value < 2.0,
                "not measured" if value is None else f"{value:.3f} s",
            )
        )
    name = "a print setting changed rewrites PDFs and previews only"
    if facts.restyled:
        others = {kind: n for kind, n in facts.restyled.items() if kind not in {"pdf", "png"}}
        found.append((name, not others, f"files rewritten {_kinds(facts.restyled)}"))
    else:
        found.append((name, None, "not measured"))
    found.append(
        (
            f"{SHARDS} shards merged give the single build's bytes",
            facts.shards_identical,
            "not measured"
            if facts.shards_identical is None
            else "identical"
            if facts.shards_identical
            else f"differ: {', '.join(facts.shard_differences[:5])}",
        )
    )
    pdf_measures = [
        m
        for m in bench.measures.values()
        if m.tool == "plain-handouts" and "PDF" in m.step and "shard" not in m.step and m.tree_mb
    ]
    peak = max((max(m.tree_mb or 0.0, m.peak_mb or 0.0) for m in pdf_measures), default=None)
    found.append(
        (
            "peak memory of a build with PDFs under 300 MB (all processes at once)",
            None if peak is None else peak < 300,
            "not measured" if peak is None else f"{peak:.0f} MB at most",
        )
    )
    return found


# The step of bench/runner.py that edits one article of the round-trip library and
# builds it with PDFs (`handouts build ARTICLE`): the library is too large to print whole.
EDITED_LIBRARY = "the round-trip library"


def _edit_translation(catalog: Path) -> None:
    """A translator's edit: one word more in the first translated sentence, or less."""
    import polib

    po = polib.pofile(str(catalog))
    entry = next(e for e in po if e.msgstr.endswith(".") and not e.obsolete and not e.fuzzy)
    if entry.msgstr.endswith(" ya."):
        entry.msgstr = entry.msgstr.removesuffix(" ya.") + "."
    else:
        entry.msgstr = entry.msgstr.removesuffix(".") + " ya."
    po.save()


def _kinds(kinds: dict[str, int]) -> str:
    return ", ".join(f"{count} {kind}" for kind, count in kinds.items()) or "none"
