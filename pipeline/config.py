"""pyproject.toml [tool.handouts] -> Config: the languages, threshold, paper, clinic and formula a
project builds with, each setting checked with a message that says how to fix it."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputError
from pipeline.files import read_text
from pipeline.language_data import recall_babel
from pipeline.layout import Layout
from pipeline.locales import LocaleInfo, locale_info
from pipeline.model import (
    NO_CLINIC,
    Clinic,
)
from pipeline.pdf_engine import ENGINES as PDF_ENGINES
from pipeline.readability import (
    GRADE_FORMULAS,
)
from pipeline.render_html import PAPER_SIZES


@dataclass(frozen=True, slots=True)
class Config:
    languages: tuple[LocaleInfo, ...]  # the translations to build, besides the source language
    threshold: float = 100.0  # percent of English words translated before a handout prints
    paper: str = "letter"  # or "a4"
    bilingual: bool = False  # also write <slug>.bilingual.html (and .pdf) per translation
    max_pages: int = 2  # a handout longer than this on paper gets a warning
    clinic: Clinic = NO_CLINIC  # printed on every handout
    grade_formula: str = "smog"  # the formula English targets are checked in
    required_languages: tuple[str, ...] | None = None  # must publish for `check`; None: all
    # Typst (pipeline/pdf_typst.py) by default: every print rule holds on its PDFs and it
    # prints about eight times faster (bench/RESULTS-pdf.md); "weasyprint" for the HTML.
    pdf_engine: str = "typst"


def load_config(root: Path) -> Config:
    shown = "pyproject.toml"
    try:
        data = tomllib.loads(read_text(Layout(root).settings, shown_as=shown))
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"^(.*) \(at line (\d+), column \d+\)$", str(error))
        reason, line = (found.group(1), int(found.group(2))) if found else (str(error), None)
        raise InputError(f"this is not valid TOML: {reason}.", path=shown, line=line) from None
    settings = data.get("tool", {}).get("handouts", {})
    infos = _languages(settings.get("languages", []), shown)
    threshold = settings.get("publish_threshold", 100)
    if (
        isinstance(threshold, bool)
        or not isinstance(threshold, int | float)
        or not 0 <= threshold <= 100
    ):
        raise InputError(
            "[tool.handouts] publish_threshold must be a percentage from 0 to 100.", path=shown
        )
    paper = settings.get("paper", "letter")
    if paper not in PAPER_SIZES:
        raise InputError('[tool.handouts] paper must be "letter" or "a4".', path=shown)
    bilingual = settings.get("bilingual", False)
    if not isinstance(bilingual, bool):
        raise InputError("[tool.handouts] bilingual must be true or false.", path=shown)
    grade_formula = settings.get("grade_formula", "smog")
    if grade_formula not in GRADE_FORMULAS:
        raise InputError(
            '[tool.handouts] grade_formula must be "smog" or "flesch_kincaid".', path=shown
        )
    pdf_engine = settings.get("pdf_engine", "typst")
    if pdf_engine not in PDF_ENGINES:
        raise InputError('[tool.handouts] pdf_engine must be "weasyprint" or "typst".', path=shown)
    required = settings.get("required_languages")
    if required is not None and (
        not isinstance(required, list) or not all(isinstance(x, str) for x in required)
    ):
        raise InputError(
            "[tool.handouts] required_languages must be a list of locale codes.", path=shown
        )
    return Config(
        clinic=_clinic(settings.get("clinic", {}), shown),
        languages=tuple(sorted(set(infos), key=lambda i: i.tag)),
        threshold=float(threshold),
        paper=paper,
        bilingual=bilingual,
        grade_formula=grade_formula,
        required_languages=None if required is None else tuple(sorted(required)),
        pdf_engine=pdf_engine,
    )


def _languages(languages: object, shown: str) -> tuple[LocaleInfo, ...]:
    if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
        raise InputError("[tool.handouts] languages must be a list of locale codes.", path=shown)
    recall_babel()  # the languages' names without Babel's locale data, when known
    infos = tuple(locale_info(tag, origin=shown) for tag in languages)
    for info in infos:
        if not info.plural_forms:  # a new catalog's header would have no rule to give
            raise InputError(
                f"no plural rule is recorded for '{info.tag}' ({info.english_name}); add the "
                "language to pipeline/data/plural-forms.yaml.",
                path=shown,
            )
    return infos


def _clinic(settings: object, shown: str) -> Clinic:
    fields = ("name", "phone", "address")
    if not isinstance(settings, dict) or not all(
        key in fields and isinstance(value, str) for key, value in settings.items()
    ):
        raise InputError(
            "[tool.handouts] clinic must be a table of texts: name, phone and address.",
            path=shown,
        )
    return Clinic(**{key: " ".join(value.split()) for key, value in settings.items()})
