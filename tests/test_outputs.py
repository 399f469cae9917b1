"""outputs.py: outputs written atomically and only when their bytes change, inside output/
or locales/; each written file and each failure noted in the step's Effects; stale
handouts removed, never through a link."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import Outcome
from pipeline.outputs import remove_output, write_output


def test_a_file_is_noted_as_produced_and_as_written_only_when_it_changes(tmp_path: Path) -> None:
    target = tmp_path / "output/es/a.txt"
    first = write_output(tmp_path, target, "Descanse.\n")
    again = write_output(tmp_path, target, "Descanse.\n")
    assert (first.targets, first.written) == (("output/es/a.txt",), ("output/es/a.txt",))
    assert (again.targets, again.written) == (("output/es/a.txt",), ())
    assert target.read_text("utf-8") == "Descanse.\n"


def test_a_write_that_fails_costs_that_file_only(tmp_path: Path) -> None:
    (tmp_path / "output/es/a.txt").mkdir(parents=True)  # a folder where the file goes
    result = write_output(tmp_path, tmp_path / "output/es/a.txt", "x") + write_output(
        tmp_path, tmp_path / "output/es/b.txt", "y"
    )
    assert [(p.message, p.outcome) for p in result.problems] == [
        ("output/es/a.txt: cannot be written: Is a directory.", Outcome.INPUT)
    ]
    assert result.written == ("output/es/b.txt",)


def test_stale_outputs_are_removed_only_inside_output(tmp_path: Path) -> None:
    (tmp_path / "output/es").mkdir(parents=True)
    stale = tmp_path / "output/es/old.html"
    stale.write_text("old", "utf-8")
    remove_output(tmp_path, stale)
    assert not stale.exists()
    outside = tmp_path / "source.md"
    outside.write_text("keep", "utf-8")
    remove_output(tmp_path, outside)
    link = tmp_path / "output/es/link.html"
    link.symlink_to(outside)
    remove_output(tmp_path, link)
    assert outside.read_text("utf-8") == "keep"
    assert link.is_symlink()
