"""errors.py: one sentence naming file and line, and the exit code it leads to."""

from __future__ import annotations

import pytest

from pipeline.errors import InputError, Outcome, Problem


def test_an_input_error_reads_path_line_sentence() -> None:
    error = InputError("this msgid is already defined at line 10.", path="a.po", line=13)
    assert str(error) == "a.po:13: this msgid is already defined at line 10."
    assert (error.path, error.line) == ("a.po", 13)


def test_without_a_line_the_whole_file_is_at_fault() -> None:
    assert str(InputError("the catalog is empty.", path="a.po")) == "a.po: the catalog is empty."


def test_a_problem_from_an_input_error_exits_2() -> None:
    problem = Problem.from_error(InputError("bad.", path="source/x.md", line=3))
    assert problem == Problem("source/x.md:3: bad.", Outcome.INPUT)
    assert int(problem.outcome) == 2
    assert (int(Outcome.OK), int(Outcome.CONTENT)) == (0, 1)


def test_problems_are_frozen() -> None:
    problem = Problem("x", Outcome.CONTENT)
    with pytest.raises(AttributeError):
        problem.message = "y"  # type: ignore[misc]


def test_an_input_error_raised_in_a_worker_reaches_the_build_whole() -> None:
    """A worker's exception crosses back pickled: an InputError keeps its path and line."""
    import pickle

    error = pickle.loads(pickle.dumps(InputError("needs fonts.", path="pyproject.toml", line=3)))
    assert isinstance(error, InputError)
    assert (str(error), error.line) == ("pyproject.toml:3: needs fonts.", 3)
