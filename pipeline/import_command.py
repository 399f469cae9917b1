"""`handouts import`: a saved page, Word file or copied text -> source/<slug>.md, the report
of what was dropped, and the new article's reading level."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.diagnose import diagnose_article, hardest, plain_words
from pipeline.errors import InputError, Problem
from pipeline.inputs import article_report, load_article
from pipeline.layout import Layout
from pipeline.outputs import write_output, write_output_bytes
from pipeline.terminal import (
    Effects,
    Result,
    reading_level,
)

if TYPE_CHECKING:  # the importer is loaded by `handouts import` only
    from pipeline.importer import Dropped, ImportResult


MAX_IMPORT_BYTES = 20_000_000  # a saved page with inline images can be large; a handout is not


def run_import(
    root: Path,
    source: str,
    *,
    slug: str | None = None,
    keep: Sequence[str] = (),
    force: bool = False,
    url: str | None = None,
) -> Result:
    """A saved page, a Word file or copied text -> source/<slug>.md, a report of what
    was dropped (output/reports/<slug>.import.txt), and the new article's grade."""
    from pipeline.importer import import_document

    path = Path(source)  # as the user typed it: from the folder they are in
    try:
        if path.is_file() and path.stat().st_size > MAX_IMPORT_BYTES:
            raise InputError(
                f"the file is over {MAX_IMPORT_BYTES // 1_000_000} MB; save the page without "
                "its images and try again.",
                path=source,
            )
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError("this is a folder, not a file.", path=source) from None
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror or error}).", path=source) from None
    imported = import_document(data, filename=source, slug=slug, keep=keep, source_url=url)
    target = Layout(root).article(imported.slug)
    shown = Layout(root).shown(target)
    if target.exists() and not force:
        raise InputError(
            "an article with this slug exists; choose another with --slug, or --force to "
            "replace it.",
            path=shown,
        )
    written = write_output_bytes(
        root, target, imported.markdown.encode("utf-8"), within=Layout(root).source
    )
    report = import_report(imported, source=source)
    written += write_output(root, Layout(root).import_report(imported.slug), report)
    messages = [f"wrote {shown}; dropped {len(imported.dropped)} lines or blocks:"]
    for rule, count in sorted(Counter(d.rule for d in imported.dropped).items()):
        messages.append(f"  {rule}: {count}")
    messages.append(f"  (each one in output/reports/{imported.slug}.import.txt)")
    warnings = tuple(
        f"{shown}: the front matter's {field_name} could not be found; check it."
        for field_name in imported.missing
    )
    try:
        article = load_article(root, target)
    except InputError as error:
        said = Effects(messages=tuple(messages), warnings=warnings)
        return Result.of(written + said + Effects(problems=(Problem.from_error(error),)))
    scored = article_report(article)
    messages.append(f"reading level: {reading_level(scored)}")
    for diagnosis in hardest(diagnose_article(article, scored, words=plain_words()), 5):
        reasons = "; ".join(f.reason for f in diagnosis.findings)
        messages.append(f"  line {diagnosis.line}: {diagnosis.text} ({reasons})")
    return Result.of(written + Effects(messages=tuple(messages), warnings=warnings))


def import_report(imported: ImportResult, *, source: str) -> str:
    """What the importer dropped, grouped by the rule that dropped it."""
    lines = [f"Import of {source} -> source/{imported.slug}.md", ""]
    by_rule: dict[str, list[Dropped]] = {}
    for dropped in imported.dropped:
        by_rule.setdefault(dropped.rule, []).append(dropped)
    for rule in sorted(by_rule):
        lines.append(f"{rule} ({len(by_rule[rule])})")
        for dropped in by_rule[rule]:
            where = f"line {dropped.line}: " if dropped.line else ""
            lines.append(f"  {where}{dropped.text}")
        lines.append("")
    if imported.missing:
        lines.append("Not found, to fill in: " + ", ".join(imported.missing))
    return "\n".join(lines).rstrip("\n") + "\n"
