"""Calibration: this project's Flesch-Kincaid and SMOG against two other implementations.

Run: .venv/bin/python bench/calibration.py [ARTICLE.md ...]
(default: the prose fixtures in tests/prose and the articles in source/)

Each tool gets the article's text as it would from an editor: titles and headings left
out, every other block as written. textstat (0.7) splits sentences itself and drops
"sentences" of two words or fewer; `readability` (andreasvc, 0.3) reads one sentence per
line, so every list item and term is a sentence to it. Prints a Markdown table.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import readability
import textstat

from pipeline.language_data import language_data
from pipeline.readability import score_article
from pipeline.segment import segment_article
from pipeline.source import parse_source

ROOT = Path(__file__).resolve().parent.parent
_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")


def row(path: Path) -> str:
    shown = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
    article = segment_article(parse_source(path.read_text("utf-8"), path=shown))
    report = score_article(article, data=language_data())
    kept = [
        s
        for s, scored in zip(article.segments, report.segments, strict=True)
        if scored.role != "label"
    ]
    text = " ".join(s.text for s in kept)
    lines = "\n".join(" ".join(_TOKEN.findall(s.text)) for s in kept)
    other = readability.getmeasures(lines, lang="en")["readability grades"]
    ours = report.article
    return (
        f"| {shown} | {ours.sentences} | {ours.value('flesch_kincaid'):.1f} | "
        f"{ours.value('smog'):.1f} | {textstat.flesch_kincaid_grade(text):.1f} | "
        f"{textstat.smog_index(text):.1f} | {other['Kincaid']:.1f} | {other['SMOGIndex']:.1f} |"
    )


def main(paths: list[Path]) -> None:
    print("| Article | Sentences (ours) | FK ours | SMOG ours | FK textstat | SMOG textstat "
          "| FK readability | SMOG readability |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for path in paths:
        print(row(path))


if __name__ == "__main__":
    chosen = [Path(a).resolve() for a in sys.argv[1:]] or [
        *sorted((ROOT / "tests" / "prose").glob("*.md")),
        *sorted((ROOT / "source").glob("*.md")),
    ]
    main(chosen)
