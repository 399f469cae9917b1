"""PDF figures for bench/run (issue 20): throughput, where a PDF's time goes per
script, the incremental PDF build and the sharded build against the single one.

Timed builds run `handouts` as a user does (wall seconds, under /usr/bin/time, in the
benchmark's table). The per-script split runs in this process on the print HTML of
the same library and counts CPU seconds (`time.process_time`), which a shared machine
disturbs less than wall time: a cold render (a new font configuration and the
stylesheet parsed for every document, as the build did before the warm engine), then
the warm engine of pipeline/pdf_engine.py, each with its preview, and the Typst engine
(pipeline/pdf_typst.py) warm in the same way.

The engines are also compared as a build runs them: one warm worker process per core
prints every handout of the library (preview included) from the same inputs, for each
engine in turn; that gives PDFs per second on this machine, CPU seconds per PDF by
script and each worker's peak memory (`python bench/pdf_bench.py --help` runs this
comparison alone on a generated library).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from runner import Bench

    from pipeline.pdf_engine import PrintJob

# Language tag -> the script its handouts are set in (fonts and shaping differ).
SCRIPTS = {"ar": "Arabic", "ru": "Cyrillic", "zh-Hans": "Han", "ko": "Hangul"}
PDF_COLD = "PDF build, cold"
RESTYLED = "PDF build, print setting changed (paper size)"
SHARDS = 3
ENGINES = ("weasyprint", "typst")
TARGET_RATE = 20.0  # PDFs per second on this 2-core machine (issue 20; aim for 50)


@dataclass(slots=True)
class ScriptCost:
    script: str
    pdfs: int = 0
    cold: float = 0.0  # CPU s, all PDFs, cold render + preview
    warm: float = 0.0  # CPU s, all PDFs, warm engine + preview
    phases: dict[str, float] = field(default_factory=dict)  # warm, CPU-ish wall s
    typst: float = 0.0  # CPU s, all PDFs, warm Typst engine + preview


@dataclass(slots=True)
class EngineRate:
    """One engine printing the library in warm worker processes, one per core."""

    engine: str
    workers: int
    pdfs: int = 0
    wall: float = 0.0  # s, first job handed out to last PDF and preview back
    cpu: float = 0.0  # CPU s summed over the workers' jobs
    peak_rss_mb: float = 0.0  # the largest worker's maximum resident set
    scripts: dict[str, list[float]] = field(default_factory=dict)  # script -> CPU s per PDF

    @property
    def rate(self) -> float:
        return self.pdfs / self.wall if self.wall else 0.0


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
    engines: list[EngineRate] = field(default_factory=list)
    load: str = ""  # the machine's load average when the engines were compared


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
    config = root / "pyproject.toml"
    settings = config.read_text("utf-8")
    for name in ENGINES:  # the same cold build with each engine named in the settings
        config.write_text(_with_engine(settings, name), "utf-8")
        bench.timed("plain-handouts", f"{PDF_COLD}, pdf_engine = {name}", cold)
    config.write_text(settings, "utf-8")
    bench.run(build, cwd=root, ok=(0, 1))  # untimed: the default engine's PDFs again
    if not facts.engines:  # once per bench run: it takes its own repetitions
        facts.load = _load()
        facts.engines = engine_rates(root)
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

    paper = "a4" if 'paper = "a4"' not in settings else "letter"

    def restyled() -> list[int]:
        text = re.sub(r'^paper = ".*"\n', "", settings, flags=re.MULTILINE)
        config.write_text(
            text.replace("[tool.handouts]\n", f'[tool.handouts]\npaper = "{paper}"\n')
        )
        return [bench.run(build, cwd=root, ok=(0, 1))]

    before = _snapshot(root)
    bench.timed("plain-handouts", RESTYLED, restyled)
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
    from pipeline.pdf_typst import typst_data
    from pipeline.render_html import render_handout
    from pipeline.render_pdf import preview_png, render_pdf
    from pipeline.translations import localize_all

    config = load_config(root)
    pages: dict[str, list[str]] = {}
    typst_pages: dict[str, list[str]] = {}
    for path in source_paths(root, None)[:per_language]:
        article = load_article(root, path)
        localized, _ = localize_all(root, config, article)  # and what it reports
        for item in localized:
            script = SCRIPTS.get(item.locale.tag, "Latin")
            html = render_handout(item.document, for_pdf=True, paper=config.paper)
            pages.setdefault(script, []).append(html)
            data = typst_data(item.document, paper=config.paper)
            typst_pages.setdefault(script, []).append(data)
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
        typst = PdfEngine()
        typst.render_typst(typst_pages[script][0])  # warm in the same way
        start = time.process_time()
        for data in typst_pages[script]:
            typst.preview(typst.render_typst(data).data)
        cost.typst = time.process_time() - start
        costs.append(cost)
    return costs


def _with_engine(settings: str, engine: str) -> str:
    text = re.sub(r'^pdf_engine = ".*"\n', "", settings, flags=re.MULTILINE)
    return text.replace("[tool.handouts]\n", f'[tool.handouts]\npdf_engine = "{engine}"\n')


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def library_jobs(root: Path, engine: str) -> list[list[tuple[str, PrintJob]]]:
    """Per article, (script, print job) for each of its handouts, as the build prints
    them."""
    import dataclasses

    from pipeline.config import load_config
    from pipeline.inputs import load_article, source_paths
    from pipeline.publish import print_job
    from pipeline.translations import localize_all

    config = dataclasses.replace(load_config(root), pdf_engine=engine)
    jobs = []
    for path in source_paths(root, None):
        article = load_article(root, path)
        localized, _ = localize_all(root, config, article)  # and what it reports
        jobs.append(
            [
                (SCRIPTS.get(item.locale.tag, "Latin"), print_job(item.document, config))
                for item in localized
            ]
        )
    return jobs


def _warm_worker(jobs: list[PrintJob]) -> None:
    """A worker as a build keeps it: fonts loaded, one handout of each script printed."""
    from pipeline.pdf_engine import engine

    for job in jobs:
        engine().preview(engine().print(job).data)


def _print_one(item: tuple[str, PrintJob]) -> tuple[str, float, int]:
    from pipeline.pdf_engine import engine

    script, job = item
    start = time.process_time()
    engine().preview(engine().print(job).data)
    spent = time.process_time() - start
    return script, spent, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def engine_rates(root: Path, *, workers: int | None = None) -> list[EngineRate]:
    """Each engine prints the library's handouts (but the first article's, which warm
    the workers up) in `workers` fresh processes, PDF and preview each."""
    workers = workers or os.cpu_count() or 1
    rates = []
    for name in ENGINES:
        first, *others = library_jobs(root, name)
        warm_up = list({script: job for script, job in first}.values())
        measured = [item for article in others for item in article]
        rate = EngineRate(name, workers)
        # Fresh processes (spawn): each worker's memory is its own, not the parent's.
        context = multiprocessing.get_context("spawn")
        with context.Pool(workers, initializer=_warm_worker, initargs=(warm_up,)) as pool:
            pool.map(_sleep, range(workers))  # every worker started and warm before timing
            start = time.perf_counter()
            results = pool.map(_print_one, measured, chunksize=1)
            rate.wall = time.perf_counter() - start
        rate.pdfs = len(results)
        for script, spent, rss_kb in results:
            rate.cpu += spent
            rate.peak_rss_mb = max(rate.peak_rss_mb, rss_kb / 1024)
            rate.scripts.setdefault(script, []).append(spent)
        rates.append(rate)
    return rates


def _sleep(_: Any) -> None:
    time.sleep(0.2)  # long enough that the pool hands one to each worker


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
    restyled = bench.measures.get(("plain-handouts", RESTYLED))
    printed = facts.restyled.get("pdf", 0)
    if restyled is not None and restyled.median and printed:
        rate = printed / restyled.median
        lines.append(
            f"- A print setting changed: {printed} PDFs printed again (with previews) in "
            f"{restyled.median:.2f} s = **{rate:.1f} PDFs per second** on {facts.cores} cores, "
            "wall time, start-up and cache checks included: the rate the build prints at."
        )
    for name in ENGINES:
        measure = bench.measures.get(("plain-handouts", f"{PDF_COLD}, pdf_engine = {name}"))
        if measure is not None and measure.median and facts.pdfs:
            lines.append(
                f'- The same cold build with `pdf_engine = "{name}"`: {measure.median:.2f} s '
                f"= {facts.pdfs / measure.median:.1f} PDFs per second, everything else the "
                "build writes included (catalogs, reports, HTML, text, index)."
            )
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
    lines += engine_markdown(facts)
    if facts.scripts:
        lines += [
            "",
            "Per script, CPU seconds per PDF in one process (preview included): cold is a new "
            "font configuration and the stylesheet parsed for each document (the build "
            "before issue 20); warm is pipeline/pdf_engine.py. The warm engine's time split:",
            "",
            "| Script | PDFs | Cold CPU s/PDF | Warm CPU s/PDF | Speed-up "
            "| Layout | Fonts | Writing | Preview | Typst CPU s/PDF | Typst vs warm |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for cost in facts.scripts:
            total = sum(cost.phases.values()) or 1.0
            shares = " | ".join(
                f"{100 * cost.phases[p] / total:.0f}%"
                for p in ("layout", "fonts", "writing", "preview")
            )
            typst = cost.typst / cost.pdfs
            lines.append(
                f"| {cost.script} | {cost.pdfs} | {cost.cold / cost.pdfs:.3f} | "
                f"{cost.warm / cost.pdfs:.3f} | {cost.cold / cost.warm:.2f}x | {shares} | "
                f"{typst:.3f} | {cost.warm / cost.typst if cost.typst else 0:.1f}x |"
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
    # The rate is read where the build prints and does nothing else: a print setting
    # changed, so every PDF of the library is printed again with its preview (the cold
    # build also writes catalogs, reports, HTML and text; its rate is shown beside).
    cold = median(PDF_COLD)
    restyled = median(RESTYLED)
    name = f"at least 20 PDFs per second on {facts.cores} cores, previews included"
    printed = facts.restyled.get("pdf", 0)
    if restyled and printed:
        rate = printed / restyled
        beside = (
            f"; the cold build, everything else included: {facts.pdfs / cold:.1f} a second"
            if cold and facts.pdfs
            else ""
        )
        detail = f"a print setting changed: {printed} PDFs in {restyled:.2f} s = {rate:.1f}/s"
        found.append((name, rate >= TARGET_RATE, detail + beside))
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


def engine_markdown(facts: PdfFacts) -> list[str]:
    """The engines side by side: PDFs per second in warm workers, CPU and memory."""
    if not facts.engines:
        return []
    lines = [
        "",
        f"The engines side by side ({facts.load}): one warm worker per core prints every "
        "handout of the PDF library but the first article's (which warm the workers up: "
        "fonts loaded, one handout of each script printed), PDF and first-page preview "
        "each, from the inputs the build gives the engine (print HTML for WeasyPrint, the "
        f"handout's data for Typst). Target: {TARGET_RATE:.0f} PDFs per second or more. "
        "On free cores is the workers' count over the CPU seconds a PDF takes: the rate "
        "when nothing else runs, which the measured rate approaches as the load falls.",
        "",
        "| Engine | Workers | PDFs | Wall s | PDFs per second (measured) | CPU s per PDF "
        "| PDFs per second on free cores | Peak RSS per worker MB | Target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for rate in facts.engines:
        per_pdf = rate.cpu / max(rate.pdfs, 1)
        # What the workers would print with a core each to themselves: a shared machine
        # gives them a fraction of it, which the measured rate shows.
        capacity = rate.workers / per_pdf if per_pdf else 0.0
        verdict = (
            f"{'PASS' if rate.rate >= TARGET_RATE else 'FAIL'} measured, "
            f"{'PASS' if capacity >= TARGET_RATE else 'FAIL'} on free cores"
        )
        lines.append(
            f"| {rate.engine} | {rate.workers} | {rate.pdfs} | {rate.wall:.2f} | "
            f"{rate.rate:.1f} | {per_pdf:.3f} | **{capacity:.0f}** | "
            f"{rate.peak_rss_mb:.0f} | {verdict} |"
        )
    scripts = sorted({script for rate in facts.engines for script in rate.scripts})
    names = [rate.engine for rate in facts.engines]
    lines += [
        "",
        "CPU seconds per PDF (preview included) by script, median over the handouts:",
        "",
        "| Script | " + " | ".join(names) + " | Speed-up |",
        "|---|" + "---:|" * (len(names) + 1),
    ]
    for script in scripts:
        medians = [
            statistics.median(rate.scripts[script]) if script in rate.scripts else 0.0
            for rate in facts.engines
        ]
        speed_up = medians[0] / medians[-1] if medians[-1] else 0.0
        cells = " | ".join(f"{m:.3f}" for m in medians)
        lines.append(f"| {script} | {cells} | {speed_up:.1f}x |")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """The engine comparison alone, on a generated library (no peers, no timed builds)."""
    parser = argparse.ArgumentParser(prog="bench/pdf_bench.py", description=main.__doc__)
    parser.add_argument("--articles", type=int, default=10, help="library size (default: 10)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    import corpus

    with tempfile.TemporaryDirectory(prefix="pdf-bench-") as work:
        root = Path(work) / "pdf"
        corpus.generate(root, count=args.articles, seed=args.seed, locales=8)
        facts = PdfFacts(load=_load())
        facts.engines = engine_rates(root, workers=args.workers)
    sys.stdout.write("\n".join(engine_markdown(facts)) + "\n")
    return 0


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


if __name__ == "__main__":
    sys.exit(main())
