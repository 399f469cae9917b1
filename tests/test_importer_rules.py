"""importer/rules.py: the rules file, the default one and a project's own, read and
checked."""

from __future__ import annotations

import pytest
from importing import CASES, ROOT

from pipeline.errors import InputError
from pipeline.importer import Dropped, import_document
from pipeline.importer.rules import default_import_rules, parse_import_rules

# --- Rules data -----------------------------------------------------------------------------


def test_a_site_phrase_in_the_rules_file_drops_its_line() -> None:
    text = (ROOT / "pipeline/data/import-rules.yaml").read_text("utf-8")
    text = text.replace(
        "site_phrases:\n",
        'site_phrases:\n  - phrase: "Flu season tracker"\n    why: "a test"\n',
    )
    rules = parse_import_rules(text, path="rules.yaml")
    page = (CASES / "flu-clinic-page.html").read_bytes()
    page = page.replace(b"<h2>Prevention</h2>", b"<p>Flu season tracker</p><h2>Prevention</h2>")
    result = import_document(page, filename="flu.html", rules=rules)
    assert Dropped("site-phrase", 0, "Flu season tracker") in result.dropped
    # the shipped file names one site's label, with its reason (the corpus showed no general rule)
    assert default_import_rules().site_phrases == ("applies to england",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a\n- b", "rules.yaml: the import rules must be a mapping of settings."),
        ("short_line_words: [", "rules.yaml:1: the import rules are not valid YAML: expected"),
        ("short_line_words: eight", "rules.yaml: 'short_line_words' in the import rules must be "),
    ],
)
def test_bad_rules_file(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_import_rules(text, path="rules.yaml")
    assert str(caught.value).startswith(message)


def test_the_default_rules_are_read_once_and_hold_every_section() -> None:
    rules = default_import_rules()
    assert rules is default_import_rules()  # read once per process
    assert rules.months["january"] == 1
    assert "facebook" in rules.social_networks
    assert rules.url_labels
