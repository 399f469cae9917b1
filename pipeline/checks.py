"""Catalog entries + locale + glossary -> Problems a translator should fix (exit 1).

Named for what they check, like translate-toolkit's pofilter and Weblate's checks,
each problem reads `path:line: what is wrong, and what to do.` They run on entries
a translator has confirmed: translated and not fuzzy. The safety checks are
`publishable.safety_problems`, the same that keep a translation off paper in `build`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pipeline.errors import Outcome, Problem
from pipeline.locales import PLURAL_SAMPLE, LocaleInfo, known_plurals, parse_plural_forms
from pipeline.model import CatalogEntry
from pipeline.publishable import safety_problems

_END_CLASSES = {
    "period": ".。։۔।",
    "question": "?？؟;",  # ";" is the Greek question mark's look-alike
    "exclamation": "!！",
    "colon": ":：",
}
_CLOSERS = "\"'”’»)]）」』】›"
ALLOW_IDENTICAL = "allow-identical"  # a translator comment that accepts an English msgstr
GLOSSARY_NOTE = "Glossary:"  # the start of the comment glossary_note writes


@dataclass(frozen=True, slots=True)
class GlossaryTerm:
    source: str
    target: str
    line: int


def check_catalog(
    entries: Sequence[CatalogEntry],
    *,
    locale: LocaleInfo,
    path: str,
    glossary: Sequence[GlossaryTerm] = (),
    comments: Mapping[int, str] | None = None,
) -> list[Problem]:
    """Every problem in a catalog, in file order. `comments` maps an entry's line to
    its translator comments."""
    # The header's Language is checked where the catalog is read (catalog.check_header),
    # with its line: a catalog without one cannot be read, and is reported once, there.
    problems: list[Problem] = []
    for entry in entries:
        if entry.is_fuzzy or not (entry.msgstr or any(entry.msgstr_plural)):
            continue
        translations = entry.msgstr_plural or (entry.msgstr,)
        for msgstr in translations:
            allow_identical = ALLOW_IDENTICAL in (comments or {}).get(entry.line, "")
            for sentence in _entry_problems(
                entry.msgid,
                msgstr,
                locale=locale,
                glossary=glossary,
                allow_identical=allow_identical,
            ):
                problems.append(Problem(f"{path}:{entry.line}: {sentence}", Outcome.CONTENT))
    return problems


def plural_forms_warning(
    header: Mapping[str, str], *, locale: LocaleInfo, path: str, line: int
) -> str | None:
    """A valid Plural-Forms rule that no tool records for the language -> a warning.

    Compared by behaviour: `plural=n != 1;` (Weblate) and `plural=(n != 1);` (msginit) are
    the same rule. A header msgfmt refuses is bad input, reported when the catalog is read.
    """
    known = known_plurals(locale.tag)
    value = header.get("Plural-Forms")
    if known is None or value is None:
        return None
    try:
        rule = parse_plural_forms(value)
    except ValueError:
        return None
    if known.recognise(rule) is not None:
        return None
    expected = known.new
    where = f"{path}:{line}: warning:"
    if rule.nplurals != expected.nplurals:
        return (
            f"{where} the Plural-Forms header gives nplurals={rule.nplurals}, which no recorded "
            f"rule for {locale.english_name} does; new catalogs get “{expected.header}” "
            f"({known.definitions[0][0]})."
        )
    differ = rule.differences(expected)
    first = differ[0] if differ else PLURAL_SAMPLE[-1]
    return (
        f"{where} the Plural-Forms header picks other forms than the rule for "
        f"{locale.english_name} ({known.definitions[0][0]}) for {len(differ)} of the numbers "
        f"0–999 (n = {first} gets "
        f"form {rule.forms[PLURAL_SAMPLE.index(first)]}, not "
        f"{expected.forms[PLURAL_SAMPLE.index(first)]}); use “{expected.header}”."
    )


def _entry_problems(
    msgid: str,
    msgstr: str,
    *,
    locale: LocaleInfo,
    glossary: Sequence[GlossaryTerm],
    allow_identical: bool,
) -> list[str]:
    # What keeps a translation off paper (the one rule build uses), then what is
    # only worth a translator's look.
    found = [f"{sentence}." for sentence in safety_problems(msgid, msgstr)]
    if msgid[:1].isspace() != msgstr[:1].isspace() or msgid[-1:].isspace() != msgstr[-1:].isspace():
        found.append("leading or trailing spaces differ from the msgid's.")
    expected, got = _end_class(msgid), _end_class(msgstr)
    if expected != got:
        wanted = f"end with a {expected} mark" if expected else "end without a full stop or colon"
        found.append(f"the msgstr should {wanted}, as the msgid does.")
    if (
        not locale.is_english
        and not allow_identical
        and msgstr == msgid
        and len(re.findall(r"[^\W\d_]{2,}", msgid)) >= 2
    ):
        found.append(
            "the msgstr is the English text; translate it, or add the translator comment "
            f"“# {ALLOW_IDENTICAL}” if it is right as it is."
        )
    for term in terms_in(msgid, glossary):
        if not _has_term(msgstr, term.target):
            found.append(
                f"the glossary says “{term.source}” is “{term.target}” (glossary line "
                f"{term.line}), and the msgstr does not use it."
            )
    return found


def terms_in(msgid: str, glossary: Sequence[GlossaryTerm]) -> list[GlossaryTerm]:
    """The glossary terms an English sentence uses, in its order; longest terms first,
    each word once: "gene therapy" is found, and then not "gene" inside it again."""
    found: list[tuple[int, GlossaryTerm]] = []
    remaining = msgid
    for term in sorted(glossary, key=lambda t: -len(t.source)):
        match = _source_term(term.source).search(remaining)
        if match is not None:
            start, end = match.span()
            remaining = remaining[:start] + " " * (end - start) + remaining[end:]
            found.append((start, term))
    return [term for _, term in sorted(found, key=lambda pair: pair[0])]


def glossary_note(msgid: str, glossary: Sequence[GlossaryTerm]) -> str | None:
    """The `#.` comment that shows a translator the glossary's terms in this sentence
    with the translation `check` expects."""
    used = terms_in(msgid, glossary)
    if not used:
        return None
    return GLOSSARY_NOTE + " " + "; ".join(f"“{t.source}” → “{t.target}”" for t in used) + "."


def _end_class(text: str) -> str | None:
    stripped = text.rstrip().rstrip(_CLOSERS).rstrip()
    if not stripped:
        return None
    for name, marks in _END_CLASSES.items():
        if stripped[-1] in marks:
            return name
    return None


def _source_term(term: str) -> re.Pattern[str]:
    """An English term with its plural and possessive: "stem cell" finds "stem cells"."""
    words = [re.escape(w) for w in term.split()]
    last = words[-1]
    if last.endswith("y"):
        words[-1] = f"{last[:-1]}(?:y|ies)"  # therapy, therapies
    return re.compile(r"\b" + r"\s+".join(words) + r"(?:s|es|'s|’s)?\b", re.IGNORECASE)


def _has_term(text: str, term: str) -> bool:
    """A term by the start of each of its words, so plurals and gender endings count:
    "terapia génica" is found in "terapias génicas"."""
    words = [re.escape(w) for w in unicodedata.normalize("NFC", term.lower()).split()]
    pattern = r"\b" + r"\w*\s+".join(words) + r"\w*"
    return re.search(pattern, unicodedata.normalize("NFC", text.lower())) is not None


def parse_glossary(text: str, *, path: str) -> list[GlossaryTerm]:
    """A glossary CSV (`source,target[,explanation]`, as Weblate imports it) -> terms."""
    import csv
    import io

    from pipeline.errors import InputError

    rows = list(csv.reader(io.StringIO(text)))
    if not rows or [c.strip().lower() for c in rows[0][:2]] != ["source", "target"]:
        raise InputError(
            "a glossary starts with the header row “source,target”.", path=path, line=1
        )
    terms = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            raise InputError(
                "each glossary row needs a source term and its translation.", path=path, line=number
            )
        terms.append(GlossaryTerm(row[0].strip(), row[1].strip(), number))
    return terms
