"""po_matching.py: which old or remembered translation is close enough to offer as fuzzy."""

from __future__ import annotations

from pipeline.model import Remembered
from pipeline.po_matching import FUZZY_CUTOFF, MEMORY_NOTE, closest, offer_from_memory, similarity
from pipeline.po_writer import Entry

LONG = "Gene therapy works by changing the genes inside your body's cells."


def test_similarity_is_by_words_not_characters() -> None:
    assert similarity("Do not drink.", "Do not drive.") < FUZZY_CUTOFF
    assert similarity(LONG, LONG.replace("changing", "altering")) > FUZZY_CUTOFF
    assert similarity("Rest.", "rest") == 1.0  # case and punctuation weigh nothing


def test_closest_prefers_the_same_block() -> None:
    entry = Entry(msgid=LONG, references=["source/a.md#how-p1"])
    elsewhere = Entry(msgid=LONG.replace("changing", "altering"), references=["source/a.md#x"])
    same_block = Entry(msgid=LONG.replace("cells", "tissues"), references=["source/a.md#how-p1"])
    assert closest(entry, [elsewhere, same_block]) is same_block
    assert closest(Entry(msgid="Drink water."), [elsewhere, same_block]) is None


def test_a_remembered_translation_is_offered_as_fuzzy_with_its_english() -> None:
    entry = Entry(msgid=LONG)
    remembered = {LONG.replace("changing", "altering"): Remembered("Traducción.", "es/b.po")}
    offer_from_memory(entry, remembered)
    assert entry.msgstr == "Traducción."
    assert entry.is_fuzzy
    assert entry.previous_msgid == LONG.replace("changing", "altering")
    assert entry.extracted_comments[-1].startswith(MEMORY_NOTE)
    assert "es/b.po" in entry.extracted_comments[-1]


def test_nothing_close_is_nothing_offered() -> None:
    entry = Entry(msgid="Do not drive.")
    offer_from_memory(entry, {"Do not drink.": Remembered("No beba.", "es/b.po")})
    assert (entry.msgstr, entry.flags, entry.previous_msgid) == ("", [], None)
