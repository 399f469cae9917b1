"""Time plain-handouts against po4a, translate-toolkit and mdpo on one generated library.

Run it as `bench/run` (see that file for the options); `bench/run --help` lists them.
One run generates a corpus (bench/corpus.py), sets every tool up outside the timed
region (its own extraction, then each msgstr pseudo-translated by bench/pseudo.py),
then times, K times each:

- the catalog round trip, Markdown -> POT -> 8 updated PO files -> translated output,
  as three commands per tool (extract, update, translate); the round trip is their sum;
- plain-handouts' full build (reports, HTML, text; no PDF) from an empty output/, in
  one process (-j 1) as well, for a tenth of the articles (is memory flat?), again
  after one sentence of one article is edited, and the PDF build of a few articles,
  with the peak memory of each build (/usr/bin/time and the process tree's PSS);
- `handouts --help`.

It prints one table (median seconds, ratio to plain-handouts), checks the targets of
the issue "Fast at the scale of a health system's library" (PASS/FAIL, never an exit
code: the numbers are for people) and writes bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import corpus
import pdf_bench
from pseudo import LOCALES

PROJECT = "plain-handouts"
ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PEERS = BENCH / ".peers"
HANDOUTS = ROOT / ".venv" / "bin" / "handouts"
TIME = Path("/usr/bin/time")
# command -> Debian package
DEBIAN = {"po4a": "po4a", "msgmerge": "gettext", str(TIME): "time"}
# venv under bench/.peers -> a script it installs; each is installed from
# bench/peers/<venv>.lock (exact versions and hashes; `make lock` regenerates them)
PEER_VENVS = {"ttk": "po2md", "mdpo": "po2md"}
PEER_LOCKS = BENCH / "peers"
ROUND_TRIP = ("extract", "update", "translate")
ROUND_TRIP_STEP = "round trip (peers: sum of 3 steps; plain-handouts: one build)"
COLD = "full build --no-pdf, cold (empty output/)"
COLD_SERIAL = "full build --no-pdf, cold, one process (-j 1)"
COLD_TENTH = "full build --no-pdf, cold, a tenth of the articles"
EDITED = ("Find more handouts in our", "Find more free handouts in our")


# The full run (the setting) and --quick, for a machine others share: each
# option given on the command line wins over these.
FULL = {
    "articles": 500,
    "runs": 3,
    # 180 handouts: enough that the PDFs per second measure printing, not start-up
    "pdf_articles": 20,
    "peers": "po4a,translate-toolkit,mdpo",
    "results": BENCH / "RESULTS.md",
}
QUICK = {
    "articles": 50,
    "runs": 1,
    "pdf_articles": 2,
    "peers": "mdpo",
    "results": BENCH / ".quick-RESULTS.md",  # not committed: RESULTS.md is the full run's
}
QUICK_HELP = "50 articles, 1 run, mdpo only, 2 articles with PDFs, into bench/.quick-RESULTS.md"


# The machine's load when the run started and ended: the machine is shared, and a busy
# one slows every tool (see the Machine section of the report).
LOADS: list[str] = []


def note_load(when: str) -> None:
    LOADS.append(f"{' / '.join(f'{x:.1f}' for x in os.getloadavg())} {when}")


class StepError(Exception):
    """A command failed or ran out of time; the row shows why instead of a number."""


@dataclass(slots=True)
class Measure:
    tool: str
    step: str
    seconds: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)  # user + system, all processes
    error: str | None = None
    compare: str | None = None  # the plain-handouts step this row is compared with
    note: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds and not self.error else None

    @property
    def cpu_median(self) -> float | None:
        return statistics.median(self.cpu_seconds) if self.cpu_seconds and not self.error else None

    tree_kb: list[int] = field(default_factory=list)

    @property
    def peak_mb(self) -> float | None:
        """The largest single process (GNU time's maximum resident set size)."""
        return max(self.rss_kb) / 1024 if self.rss_kb else None

    @property
    def tree_mb(self) -> float | None:
        """All processes of the command at once (worker pools add up), sampled."""
        return max(self.tree_kb) / 1024 if self.tree_kb else None


@dataclass(slots=True)
class Bench:
    work: Path
    runs: int
    timeout: float
    log: Path
    measures: dict[tuple[str, str], Measure] = field(default_factory=dict)

    def measure(
        self, tool: str, step: str, *, compare: str | None = None, note: str = ""
    ) -> Measure:
        key = (tool, step)
        if key not in self.measures:
            self.measures[key] = Measure(tool, step, compare=compare, note=note)
        return self.measures[key]

    def run(self, command: Sequence[str | Path], *, cwd: Path, ok: Sequence[int] = (0,)) -> int:
        """Run once under /usr/bin/time; returns the peak RSS in KiB (seconds are timed
        by the caller, which may add several commands up; the CPU seconds of the command
        and every process it waited for are added to `cpu_seconds`)."""
        rss = self.work / "rss.txt"
        argv = [str(TIME), "-f", "%M %U %S", "-o", str(rss), *map(str, command)]
        with self.log.open("a", encoding="utf-8") as log:
            log.write(f"\n$ (cd {cwd} && {' '.join(map(str, command))})\n")
            log.flush()
            process = subprocess.Popen(argv, cwd=cwd, stdout=log, stderr=log)
            deadline = time.monotonic() + self.timeout
            tree_kb = 0
            while process.poll() is None:
                sampling = time.process_time()
                tree_kb = max(tree_kb, tree_rss_kb(process.pid))
                if time.monotonic() > deadline:
                    process.kill()
                    process.wait()
                    raise StepError(f"timed out after {self.timeout:g} s")
                time.sleep(sample_pause(time.process_time() - sampling))
        if process.returncode not in ok:
            raise StepError(f"exit {process.returncode} (see the log)")
        found = re.findall(
            r"^(\d+) ([\d.]+) ([\d.]+)\s*$", rss.read_text(encoding="utf-8"), re.MULTILINE
        )
        largest = int(found[-1][0]) if found else 0
        self.cpu_seconds += float(found[-1][1]) + float(found[-1][2]) if found else 0.0
        # A command shorter than one sample still used at least its largest process.
        self.tree_kb = max(self.tree_kb, tree_kb, largest)
        return largest

    tree_kb: int = 0  # the largest RSS summed over a command's process tree, sampled
    cpu_seconds: float = 0.0  # user + system seconds of the commands of one step

    def timed(
        self,
        tool: str,
        step: str,
        action: Callable[[], list[int]],
        *,
        compare: str | None = None,
        note: str = "",
    ) -> float | None:
        """One timed repetition of a step, recorded; None if it failed."""
        measure = self.measure(tool, step, compare=compare, note=note)
        if measure.error:
            return None
        self.tree_kb = 0
        self.cpu_seconds = 0.0
        start = time.perf_counter()
        try:
            rss = action()
        except StepError as error:
            measure.error = str(error)
            print(f"  {tool} {step}: {error}", flush=True)
            return None
        elapsed = time.perf_counter() - start
        measure.seconds.append(elapsed)
        measure.rss_kb.extend(rss)
        measure.tree_kb.append(self.tree_kb)
        measure.cpu_seconds.append(self.cpu_seconds)
        print(f"  {tool:18} {step:44} {elapsed:9.3f} s", flush=True)
        return elapsed


def sample_pause(cost: float) -> float:
    """Seconds to wait before the next memory sample, after one that took `cost` CPU
    seconds: 50 ms, or longer where a sample costs more than a twentieth of that. Reading
    the proportional set sizes walks each process's page tables: 13 ms a sample of the
    500-article build's three processes, which at one sample every 50 ms took 0.17 of
    this machine's 2 cores from the build being timed (and nothing from a one-process
    peer, which leaves a core free)."""
    return max(0.05, 20 * cost)


def tree_rss_kb(pid: int) -> int:
    """Memory of a process and all its descendants, in KiB: the sum of their proportional
    set sizes (PSS), so pages that forked workers share are counted once. Descendants
    come from each thread's /proc children list, so a sample reads only the tree, not
    every process of the machine (the sampler shares the CPUs with the build)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text(encoding="utf-8")
        except OSError:
            continue  # the process ended meanwhile
        found = re.search(r"^Pss:\s+(\d+) kB", rollup, re.MULTILINE)
        total += int(found.group(1)) if found else 0
    return total


# --- installing the peers -------------------------------------------------------------


def ensure_debian(*, install: bool) -> None:
    missing = sorted(
        {
            package
            for command, package in DEBIAN.items()
            if not (Path(command).exists() if command.startswith("/") else shutil.which(command))
        }
    )
    if not missing:
        return
    if not install or os.geteuid() != 0 or shutil.which("apt-get") is None:
        sys.exit(f"bench: install the Debian packages {' '.join(missing)} first.")
    print(f"installing Debian packages: {' '.join(missing)}", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, env=env)


def ensure_venvs(*, install: bool) -> None:
    """Each Python peer in its own venv: translate-toolkit and mdpo both install md2po
    and po2md, and neither belongs in the project's environment."""
    for name, script in PEER_VENVS.items():
        venv = PEERS / name
        if (venv / "bin" / script).exists():
            continue
        if not install:
            sys.exit(f"bench: {venv} is missing; run without --no-install.")
        lock = PEER_LOCKS / f"{name}.lock"
        print(f"installing {lock.relative_to(ROOT)} into {venv}", flush=True)
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, "--require-hashes", "--no-deps", "-r", str(lock)], check=True)


# --- corpora and setup ----------------------------------------------------------------


def fill_catalogs(folder: Path) -> int:
    """Every <lang>/*.po under `folder` -> complete, each msgstr pseudo-translated from
    the tool's own msgid (tools key their entries differently)."""
    count = 0
    for po in sorted(folder.glob("*/*.po")):
        lang = po.parent.name.replace("_", "-")
        corpus.translate_catalog(po, po, lang=lang, team=f"pseudo-{lang}")
        count += 1
    return count


def copy_sources(project: Path, target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(project / "source", target / "source")


def po4a_configs(root: Path, langs: Sequence[str]) -> None:
    """po4a.cfg (POT, PO and translations for every article) and pot.cfg (POT only)."""
    documents = [
        f"[type: text] source/{p.name} $lang:out/$lang/{p.name} pot={p.stem} "
        'opt:"-o markdown -o yfm_keys=title,original_title"'
        for p in sorted((root / "source").glob("*.md"))
    ]
    names = " ".join(corpus.gettext_name(lang) for lang in langs)
    full = [f"[po4a_langs] {names}", "[po4a_paths] pot/$master.pot $lang:po/$lang/$master.po"]
    (root / "po4a.cfg").write_text("\n".join([*full, *documents]) + "\n", encoding="utf-8")
    (root / "pot.cfg").write_text(
        "\n".join(["[po4a_paths] pot/$master.pot", *documents]) + "\n", encoding="utf-8"
    )
    for folder in ("pot", *(f"po/{corpus.gettext_name(lang)}" for lang in langs)):
        (root / folder).mkdir(parents=True, exist_ok=True)


@dataclass(frozen=True, slots=True)
class Tool:
    name: str
    root: Path
    steps: dict[str, Callable[[], list[int]]]
    compare: dict[str, str]  # step -> plain-handouts step


def project_tool(bench: Bench, root: Path) -> Tool:
    def handouts(*args: str, ok: Sequence[int] = (0, 1)) -> Callable[[], list[int]]:
        def action() -> list[int]:
            # The round trip times the whole job, as the peers do it: no build cache.
            shutil.rmtree(root / "output" / ".cache", ignore_errors=True)
            # Exit 1 is a content gate (a handout held back), not a failed build.
            return [bench.run([HANDOUTS, *args, "--root", root, "-q"], cwd=root, ok=ok)]

        return action

    return Tool(
        PROJECT,
        root,
        {
            "extract": handouts("extract"),
            "update": handouts("update"),
            "translate": handouts("build", "--no-pdf"),
        },
        {},
    )


def po4a_tool(bench: Bench, root: Path) -> Tool:
    po4a = ["po4a", "--force", "--keep", "0"]  # --force: redo the work, as the others do
    return Tool(
        "po4a",
        root,
        {
            "extract": lambda: [bench.run([*po4a, "--no-translations", "pot.cfg"], cwd=root)],
            "update": lambda: [bench.run([*po4a, "--no-translations", "po4a.cfg"], cwd=root)],
            "translate": lambda: [bench.run([*po4a, "--no-update", "po4a.cfg"], cwd=root)],
        },
        {},
    )


def ttk_tool(bench: Bench, root: Path, langs: Sequence[str]) -> Tool:
    bin_ = PEERS / "ttk" / "bin"
    quiet = ["--progress=none", "--errorlevel=none"]
    names = [corpus.gettext_name(lang) for lang in langs]

    def per_lang(make: Callable[[str], list[str | Path]]) -> Callable[[], list[int]]:
        return lambda: [bench.run(make(name), cwd=root) for name in names]

    return Tool(
        "translate-toolkit",
        root,
        {
            # YAML front matter would be one unit to translate; the others keep it too.
            "extract": lambda: [
                bench.run(
                    [bin_ / "md2po", *quiet, "-P", "--no-frontmatter", "-i", "source", "-o", "pot"],
                    cwd=root,
                )
            ],
            "update": per_lang(
                lambda n: [bin_ / "pot2po", *quiet, "-t", f"po/{n}", "-i", "pot", "-o", f"po/{n}"]
            ),
            "translate": per_lang(
                lambda n: [
                    bin_ / "po2md",
                    *quiet,
                    "--no-frontmatter",
                    *("-t", "source", "-i", f"po/{n}", "-o", f"out/{n}"),
                ]
            ),
        },
        {},
    )


def mdpo_tool(bench: Bench, root: Path, langs: Sequence[str]) -> Tool:
    python = PEERS / "mdpo" / "bin" / "python"
    driver = BENCH / "peer_mdpo.py"
    names = [corpus.gettext_name(lang) for lang in langs]

    def step(name: str, *extra: str) -> Callable[[], list[int]]:
        return lambda: [bench.run([python, driver, name, root, *extra], cwd=root)]

    return Tool(
        "mdpo",
        root,
        {
            "extract": step("extract"),
            "update": step("update", *names),
            "translate": step("translate", *names),
        },
        {},
    )


def setup(bench: Bench, tool: Tool, langs: Sequence[str]) -> None:
    """Untimed: each tool's own catalogs, complete, and a first translated output."""
    names = [corpus.gettext_name(lang) for lang in langs]
    root = tool.root
    if tool.name == PROJECT:
        # The generator writes PO files with polib; the first build rewrites them as msgcat
        # does. Timed runs then start from the project's own steady state.
        bench.run([HANDOUTS, "build", "--no-pdf", "--root", root, "-q"], cwd=root, ok=(0, 1))
        return
    if tool.name == "po4a":
        po4a_configs(root, langs)
        bench.run(["po4a", "--keep", "0", "--no-translations", "po4a.cfg"], cwd=root)
    elif tool.name == "translate-toolkit":
        tool.steps["extract"]()
        for folder in ("po", "out"):
            (root / folder).mkdir(exist_ok=True)  # it creates one level of folders, not two
        for name in names:
            bench.run(
                [
                    PEERS / "ttk" / "bin" / "pot2po",
                    "--progress=none",
                    "-i",
                    "pot",
                    "-o",
                    f"po/{name}",
                ],
                cwd=root,
            )
    elif tool.name == "mdpo":
        tool.steps["extract"]()
        tool.steps["update"]()
    filled = fill_catalogs(root / "po")
    print(f"  {tool.name}: {filled} PO files pseudo-translated", flush=True)
    tool.steps["translate"]()


# --- the benchmark --------------------------------------------------------------------


def round_trips(bench: Bench, tools: Sequence[Tool]) -> None:
    for run in range(1, bench.runs + 1):
        print(f"round trip, run {run} of {bench.runs}", flush=True)
        for tool in tools:
            times, cpu = [], []
            for step in ROUND_TRIP:
                label = "build --no-pdf" if tool.name == PROJECT and step == "translate" else step
                times.append(bench.timed(tool.name, label, tool.steps[step], compare=step))
                cpu.append(bench.cpu_seconds)
            measure = bench.measure(tool.name, ROUND_TRIP_STEP, compare="round trip")
            complete = [t for t in times if t is not None]
            if len(complete) != len(times):
                measure.error = "a step failed"
            elif tool.name == PROJECT:
                # `handouts build` alone is the whole round trip: it extracts, updates the
                # catalogs and writes the translated output (plus reports). The separate
                # extract and update rows are shown for information, not added.
                measure.seconds.append(complete[-1])
                measure.cpu_seconds.append(cpu[-1])
            else:
                measure.seconds.append(sum(complete))
                measure.cpu_seconds.append(sum(cpu))


def edit_sentence(source: Path) -> None:
    """Add a word to one sentence, or take it out again: each build after an edit sees
    exactly one changed sentence."""
    text = source.read_text(encoding="utf-8")
    plain, edited = EDITED
    if edited in text:
        text = text.replace(edited, plain, 1)
    elif plain in text:
        text = text.replace(plain, edited, 1)
    else:
        raise StepError(f"{source.name} has no sentence starting “{plain}”")
    source.write_text(text, encoding="utf-8")


def project_builds(
    bench: Bench, root: Path, pdf_root: Path | None, pdf_facts: pdf_bench.PdfFacts
) -> None:
    build: list[str | Path] = [HANDOUTS, "build", "--no-pdf", "--root", root, "-q"]
    sources = sorted((root / "source").glob("*.md"))
    first = sources[0]
    pdf_article: list[str | Path] = [
        HANDOUTS,
        "build",
        "--root",
        root,
        "-q",
        f"source/{first.name}",
    ]
    for run in range(1, bench.runs + 1):
        print(f"plain-handouts builds, run {run} of {bench.runs}", flush=True)

        def cold() -> list[int]:
            shutil.rmtree(root / "output", ignore_errors=True)
            return [bench.run(build, cwd=root, ok=(0, 1))]

        bench.timed(PROJECT, COLD, cold)

        def cold_serial() -> list[int]:
            shutil.rmtree(root / "output", ignore_errors=True)
            return [bench.run([*build, "-j", "1"], cwd=root, ok=(0, 1))]

        bench.timed(PROJECT, COLD_SERIAL, cold_serial)

        def cold_tenth() -> list[int]:
            shutil.rmtree(root / "output", ignore_errors=True)
            names = [f"source/{p.name}" for p in sources[: max(1, len(sources) // 10)]]
            return [bench.run([*build, *names], cwd=root, ok=(0, 1))]

        bench.timed(PROJECT, COLD_TENTH, cold_tenth, note="for memory as the library grows")

        def edited(*articles: str) -> Callable[[], list[int]]:
            def action() -> list[int]:
                edit_sentence(first)
                return [bench.run([*build, *articles], cwd=root, ok=(0, 1))]

            return action

        # Untimed: a cache that matches the code and inputs as they are now, so the timed
        # build after the edit rebuilds that article alone.
        try:
            bench.run(build, cwd=root, ok=(0, 1))
        except StepError as error:
            print(f"  warm-up build failed: {error}", flush=True)

        bench.timed(PROJECT, "full build --no-pdf, one sentence edited", edited())
        bench.timed(
            PROJECT,
            "build --no-pdf of that article only, edited",
            edited(f"source/{first.name}"),
            note="`handouts build ARTICLE`",
        )
        # Issue 20: one edited sentence with its PDFs in place, in this large library.
        # Printing all of it would take an hour on two cores, so the article's own PDFs
        # are made first (untimed), then the edited article is built again with them.
        try:
            bench.run(pdf_article, cwd=root, ok=(0, 1))
        except StepError as error:
            print(f"  PDF warm-up build failed: {error}", flush=True)

        def edited_with_pdfs() -> list[int]:
            edit_sentence(first)
            return [bench.run(pdf_article, cwd=root, ok=(0, 1))]

        bench.timed(
            PROJECT,
            f"PDF build of one article, one sentence edited ({pdf_bench.EDITED_LIBRARY})",
            edited_with_pdfs,
            note="`handouts build ARTICLE`, its PDFs in place",
        )
        if pdf_root is not None:  # issue 20: throughput, incremental and sharded PDF builds
            pdf_bench.pdf_builds(bench, pdf_root, HANDOUTS, edit_sentence, pdf_facts)
    if pdf_root is not None:
        print("PDF cost per script (CPU seconds, in this process)", flush=True)
        pdf_facts.scripts = pdf_bench.script_costs(pdf_root)
    for _ in range(max(bench.runs, 5)):
        bench.timed(PROJECT, "handouts --help", lambda: [bench.run([HANDOUTS, "--help"], cwd=root)])


# --- reporting ------------------------------------------------------------------------


def seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def table_rows(bench: Bench) -> list[tuple[str, str, str, str, str, str]]:
    rows = []
    ours = {m.compare: m.median for m in bench.measures.values() if m.tool == PROJECT}
    for m in bench.measures.values():
        base = ours.get(m.compare) if m.compare else None
        ratio = f"{m.median / base:.2f}" if m.median is not None and base else "—"
        shown = f"failed: {m.error}" if m.error else seconds(m.median)
        peak = "—" if m.peak_mb is None else f"{m.peak_mb:.0f} / {m.tree_mb or 0:.0f}"
        cpu = "—" if m.cpu_median is None else f"{m.cpu_median:.2f}"
        step = m.step + (f" ({m.note})" if m.note else "")
        rows.append((m.tool, step, shown, cpu, ratio, peak))
    return rows


def render_table(rows: Sequence[tuple[str, ...]], runs: int) -> list[str]:
    header = (
        "Tool", "Step", f"Median s ({runs} runs)", "CPU s", "Ratio", "Peak RSS MB (1 / all)"
    )  # fmt: skip
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |"]
    lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        cells = [
            c.ljust(w) if i < 2 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


@dataclass(frozen=True, slots=True)
class Target:
    name: str
    passed: bool | None  # None: not measured
    detail: str


def targets(
    bench: Bench, articles: int, pdf_facts: pdf_bench.PdfFacts | None = None
) -> list[Target]:
    def median(tool: str, step: str) -> float | None:
        found = bench.measures.get((tool, step))
        return found.median if found else None

    def cpu(tool: str, step: str) -> float | None:
        found = bench.measures.get((tool, step))
        return found.cpu_median if found else None

    ours = median(PROJECT, ROUND_TRIP_STEP)
    found: list[Target] = []
    # Issue 20: at least twice as fast as mdpo, the fastest peer.
    for peer, factor in (("po4a", 3.0), ("translate-toolkit", 1.0), ("mdpo", 2.0)):
        theirs = median(peer, ROUND_TRIP_STEP)
        want = f"at least {factor:g}x faster than" if factor > 1 else "faster than"
        name = f"catalog round trip {want} {peer}"
        if ours is None or theirs is None:
            found.append(Target(name, None, "not measured"))
            continue
        speedup = theirs / ours
        passed = speedup >= factor if factor > 1 else speedup > 1
        detail = f"{peer} {theirs:.2f} s / ours {ours:.2f} s = {speedup:.2f}x"
        cpu_theirs, cpu_ours = cpu(peer, ROUND_TRIP_STEP), cpu(PROJECT, ROUND_TRIP_STEP)
        if cpu_theirs and cpu_ours:
            detail += (
                f" (CPU seconds: {cpu_theirs:.1f} / {cpu_ours:.1f} = "
                f"{cpu_theirs / cpu_ours:.2f}x, ours on every core)"
            )
        found.append(Target(name, passed, detail))
    scale = "" if articles >= 500 else f" (measured on {articles} articles; the target is for 500)"
    for name, step, limit in (
        ("one-sentence rebuild under 1 s", "full build --no-pdf, one sentence edited", 1.0),
        ("cold full build under 60 s", COLD, 60.0),
        ("`handouts --help` under 0.3 s", "handouts --help", 0.3),
    ):
        value = median(PROJECT, step)
        detail = (
            "not measured" if value is None else f"{value:.3f} s" + (scale if limit > 0.3 else "")
        )
        found.append(Target(name, None if value is None else value < limit, detail))
    cold, serial = median(PROJECT, COLD), median(PROJECT, COLD_SERIAL)
    cores = os.cpu_count() or 1
    name = f"parallel speed-up at least 1.7x on 2 cores (this machine: {cores})"
    if cold is None or serial is None:
        found.append(Target(name, None, "not measured"))
    else:
        found.append(
            Target(
                name,
                serial / cold >= 1.7 if cores == 2 else None,
                f"-j 1 {serial:.2f} s / default {cold:.2f} s = {serial / cold:.2f}x",
            )
        )
    whole, tenth = bench.measures.get((PROJECT, COLD)), bench.measures.get((PROJECT, COLD_TENTH))
    name = "peak memory flat as the library grows (all articles within 25% of a tenth of them)"
    if whole is None or tenth is None or not whole.tree_mb or not tenth.tree_mb:
        found.append(Target(name, None, "not measured"))
    else:
        found.append(
            Target(
                name,
                whole.tree_mb <= 1.25 * tenth.tree_mb,
                f"{whole.tree_mb:.0f} MB for {articles} articles, {tenth.tree_mb:.0f} MB for "
                f"{max(1, articles // 10)} (all processes at once)",
            )
        )
    builds = [
        m
        for m in bench.measures.values()
        if m.tool == PROJECT and "build" in m.step and "PDF" not in m.step and m.peak_mb
    ]
    peak = max((m.peak_mb or 0.0 for m in builds), default=None)
    tree = max((m.tree_mb or 0.0 for m in builds), default=None)
    found.append(
        Target(
            "peak memory of `handouts build --no-pdf` under 300 MB",
            None if peak is None or tree is None else max(peak, tree) < 300,
            "not measured"
            if peak is None or tree is None
            else f"{tree:.0f} MB for all its processes at once, {peak:.0f} MB for the largest"
            f" one{scale}",
        )
    )
    if pdf_facts is not None:
        found += [Target(*target) for target in pdf_bench.targets(bench, pdf_facts)]
    return found


def verdict(target: Target) -> str:
    return {True: "PASS", False: "FAIL", None: "n/a "}[target.passed]


def code_fingerprint() -> str:
    """The project's code as it is now: another engineer may be changing it mid-run."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "pipeline").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def first_line(command: Sequence[str | Path]) -> str:
    try:
        completed = subprocess.run(
            list(map(str, command)), capture_output=True, text=True, check=False, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return "not found"
    text = (completed.stdout or completed.stderr).strip()
    return text.splitlines()[0] if text else "unknown"


def machine() -> list[tuple[str, str]]:
    cpu = "unknown"
    memory = "unknown"
    with Path("/proc/cpuinfo").open(encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with Path("/proc/meminfo").open(encoding="utf-8") as info:
        for line in info:
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    system = platform.platform()
    release = Path("/etc/os-release")
    if release.exists():
        found = re.search(r'^PRETTY_NAME="?([^"\n]*)', release.read_text(encoding="utf-8"), re.M)
        system = f"{found.group(1) if found else system} ({platform.release()})"
    commit = first_line(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"])
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--", "pipeline"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    version = first_line(
        [ROOT / ".venv" / "bin" / "python", "-c", "import pipeline as p; print(p.__version__)"]
    )
    return [
        ("CPU", f"{cpu}, {os.cpu_count()} logical cores"),
        ("RAM", memory),
        ("OS", system),
        ("Python", f"{platform.python_version()} ({sys.executable})"),
        (
            PROJECT,
            f"{version}, commit {commit}"
            + (" with uncommitted changes in pipeline/" if dirty else ""),
        ),
        ("po4a", first_line(["po4a", "--version"])),
        ("GNU gettext (po4a's msgmerge)", first_line(["msgmerge", "--version"])),
        ("translate-toolkit", first_line([PEERS / "ttk" / "bin" / "md2po", "--version"])),
        ("mdpo", first_line([PEERS / "mdpo" / "bin" / "md2po", "--version"])),
        ("Load average (1, 5, 15 min)", "; ".join(LOADS) or "unknown"),
    ]


def report(
    bench: Bench,
    *,
    pdf_facts: pdf_bench.PdfFacts | None = None,
    args: argparse.Namespace,
    command: str,
    started: str,
    words: int,
) -> str:
    rows = table_rows(bench)
    found = targets(bench, args.articles, pdf_facts)
    lines = [
        "# Benchmark results",
        "",
        f"Regenerated by `{command}` on {started}. Do not edit: run it again.",
        "",
        f"Corpus: {args.articles} generated articles ({words:,} words of Markdown, seed "
        f"{args.seed}), {args.locales} languages ({', '.join(LOCALES[: args.locales])}), "
        "every catalog complete (pseudo-translated by `bench/pseudo.py`). "
        f"Each figure is the median of {args.runs} run{'s' if args.runs > 1 else ''}.",
        "",
        *render_table(rows, args.runs),
        "",
        "CPU s: the median of the seconds the command's processes spent on the CPU (user and "
        "system, `/usr/bin/time`, worker processes included): unlike wall time it barely "
        "moves when something else runs on the machine. "
        "Ratio: the row's median divided by plain-handouts' median for the same step "
        "(above 1: plain-handouts is faster). Peak RSS: the largest single process "
        "(`/usr/bin/time`'s maximum resident set size) / all the command's processes at once "
        "(their proportional set sizes summed, sampled from /proc every 50 ms, or every 20 "
        "times a sample's own CPU time where that is longer, so the sampler takes no more "
        "than a twentieth of a core from the command it times: a process pool adds up, "
        "shared pages count once); the memory target uses the larger.",
        "",
        "## Targets",
        "",
        *(f"- {verdict(t)} {t.name}: {t.detail}" for t in found),
        "",
        "## What each tool runs",
        "",
        "Every tool starts from its own complete catalogs (its own extraction, each msgstr "
        "pseudo-translated from its own msgid, outside the timed region) and an unchanged "
        "library, so each step redoes its whole job:",
        "",
        "- plain-handouts: `handouts extract`, `handouts update`, `handouts build --no-pdf`, "
        "each after deleting the build cache (output/.cache), so the build redoes every "
        "article as the peers do (its default: one process per CPU core). "
        "The build re-extracts and re-merges by itself and also writes readability reports "
        "(HTML, JSON, CSV) and an HTML and a text handout per article and language (English "
        "included) and the index; the peers write translated Markdown only.",
        "- po4a: one configuration file for every article; `po4a --force --no-translations "
        "pot.cfg` (templates only), `po4a --force --no-translations po4a.cfg` (templates and "
        "`msgmerge` of every PO file), `po4a --force --no-update po4a.cfg` (translated "
        "Markdown); format `text` with `-o markdown`. `--force` because po4a otherwise skips "
        "files older than their outputs, which would time nothing.",
        "- translate-toolkit: `md2po -P --no-frontmatter -i source -o pot` (one process for "
        "the folder), then per language `pot2po -t po/LANG -i pot -o po/LANG` and "
        "`po2md --no-frontmatter -t source -i po/LANG -o out/LANG`.",
        "- mdpo: its `md2po`/`po2md` functions in one process per step (`bench/peer_mdpo.py`), "
        "per article: `md2po` to a template, `md2po --po-filepath PO --save` per language "
        "(mdpo's update reads the Markdown, not the template), `po2md --pofiles PO --save`. "
        "Its command line takes one article per process; "
        "9 processes per article for 8 languages would mostly time interpreter start-up.",
        "",
        "plain-handouts' builds: cold is `handouts build --no-pdf` after deleting output/ "
        "(its cache included), by default with one process per core, then with `-j 1` for "
        "the parallel speed-up, then for the first tenth of the articles only (`handouts "
        "build ARTICLE...`) to see whether memory grows with the library; each edited "
        "build follows a change to one sentence of the "
        "first article (a word added, or taken out again), with the build cache of the "
        "previous build in place; the PDF build is `handouts build` (PDFs and previews) of "
        f"the first {args.pdf_articles} articles of the same library, after deleting output/.",
        "",
        "## Machine",
        "",
        *(f"- {name}: {value}" for name, value in machine()),
        "",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/run", description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"a short run for a shared machine: {QUICK_HELP}",
    )
    parser.add_argument("--articles", type=int, help="library size (default: 500)")
    parser.add_argument("--runs", type=int, help="repetitions; medians (default: 3)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default: 1)")
    parser.add_argument("--locales", type=int, default=8, choices=range(1, 9), metavar="1-8")
    parser.add_argument("--pdf-articles", type=int, help="articles in the PDF build (0: skip)")
    parser.add_argument(
        "--peers", help="comma-separated peers to compare (default: all three; '' for none)"
    )
    parser.add_argument(
        "--timeout", type=float, default=3600, help="seconds one command may take (default: 3600)"
    )
    parser.add_argument("--work", type=Path, help="folder for corpora (default: a temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the corpora afterwards")
    parser.add_argument("--results", type=Path, help="where to write the report")
    parser.add_argument(
        "--no-install", action="store_true", help="fail instead of installing missing peers"
    )
    args = parser.parse_args(argv)
    for name, value in (QUICK if args.quick else FULL).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    command = "bench/run " + " ".join(argv if argv is not None else sys.argv[1:])
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    code_before = code_fingerprint()
    peers = [p.strip() for p in args.peers.split(",") if p.strip()]
    unknown = sorted(set(peers) - {"po4a", "translate-toolkit", "mdpo"})
    if unknown:
        parser.error(f"unknown peer {unknown[0]!r}; choose from po4a, translate-toolkit, mdpo")
    note_load("at the start")
    ensure_debian(install=not args.no_install)
    ensure_venvs(install=not args.no_install)
    # As `pip install` does for an installed package (and for the peers): the pipeline's
    # bytecode compiled once. The editable install under PYTHONDONTWRITEBYTECODE=1 would
    # otherwise compile all of pipeline/ in every command (60-90 ms of an edited article).
    compileall.compile_dir(ROOT / "pipeline", quiet=1)

    work = args.work or Path(tempfile.mkdtemp(prefix="handouts-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    bench = Bench(work=work.resolve(), runs=args.runs, timeout=args.timeout, log=work / "bench.log")
    bench.log.write_text("", encoding="utf-8")
    langs = LOCALES[: args.locales]
    pdf_facts = pdf_bench.PdfFacts()
    try:
        print(f"generating {args.articles} articles in {work}", flush=True)
        project = work / "project"
        corpus.generate(project, count=args.articles, seed=args.seed, locales=args.locales)
        pdf_root = None
        if args.pdf_articles:
            pdf_root = work / "pdf"
            corpus.generate(pdf_root, count=args.pdf_articles, seed=args.seed, locales=args.locales)
        words = sum(
            len(p.read_text(encoding="utf-8").split()) for p in (project / "source").glob("*.md")
        )
        tools = [project_tool(bench, project)]
        makers: dict[str, Callable[[Path], Tool]] = {
            "po4a": lambda root: po4a_tool(bench, root),
            "translate-toolkit": lambda root: ttk_tool(bench, root, langs),
            "mdpo": lambda root: mdpo_tool(bench, root, langs),
        }
        for peer in peers:
            root = work / peer
            copy_sources(project, root)
            tools.append(makers[peer](root))
        print("setting up (untimed)", flush=True)
        ready = []
        for tool in tools:
            try:
                setup(bench, tool, langs)
            except StepError as error:
                print(f"  {tool.name}: setup failed: {error}", flush=True)
                bench.measure(tool.name, ROUND_TRIP_STEP).error = f"setup failed: {error}"
                continue
            ready.append(tool)
        round_trips(bench, ready)
        project_builds(bench, project, pdf_root, pdf_facts)
    finally:
        if not args.keep and args.work is None:
            shutil.copy(bench.log, BENCH / ".last-bench.log")
            shutil.rmtree(work, ignore_errors=True)
    note_load("at the end")
    rows = table_rows(bench)
    print()
    print(f"{args.articles} articles, {args.locales} languages, median of {args.runs} runs")
    print("\n".join(render_table(rows, args.runs)))
    print()
    for target in targets(bench, args.articles, pdf_facts):
        print(f"{verdict(target)}  {target.name}: {target.detail}")
    code_after = code_fingerprint()
    changed = code_after != code_before
    if changed:
        print(
            f"\nWARNING: pipeline/ changed during the run ({code_before} -> {code_after}); "
            "the figures mix versions of the code. Run again when it is quiet."
        )
    text = report(
        bench, pdf_facts=pdf_facts, args=args, command=command, started=started, words=words
    )
    pdf_section = "\n".join(pdf_bench.markdown(bench, pdf_facts))
    print(pdf_section)
    before, tools_section, after = text.partition("## What each tool runs")
    text = before + pdf_section + "\n" + tools_section + after
    text += f"- pipeline/ content hash: {code_before}" + (
        f", changed during the run to {code_after}: figures mix versions\n" if changed else "\n"
    )
    args.results.write_text(text, encoding="utf-8")
    print(f"\nwrote {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
