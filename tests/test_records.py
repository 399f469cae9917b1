"""quick_init: a record made with it is the record the dataclass makes, only sooner."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
import sys
from dataclasses import dataclass, field

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import model, publishable, scores, terminal
from pipeline.records import quick_init


def _twin(cls: type) -> type:
    """The same fields as a plain frozen slots dataclass, with the generated __init__."""
    return dataclass(frozen=True, slots=True)(
        type(
            cls.__name__,
            (),
            {
                "__annotations__": {f.name: f.type for f in dataclasses.fields(cls)},
                **{
                    f.name: field(default=f.default, default_factory=f.default_factory, init=f.init)
                    for f in dataclasses.fields(cls)
                },
            },
        )
    )


@quick_init
@dataclass(frozen=True, slots=True)
class Sample:
    name: str
    count: int = 2
    tags: list[str] = field(default_factory=list)
    kind: str = field(default="sample", init=False)
    seen: list[str] = field(default_factory=lambda: ["made"], init=False)


@quick_init
@dataclass(frozen=True, slots=True)
class Checked:
    value: int

    def __post_init__(self) -> None:
        if self.value < 0:
            raise ValueError("negative")


QUICK = [
    cls
    for module in (model, scores, publishable, terminal)
    for cls in vars(module).values()
    if inspect.isclass(cls)
    and cls.__module__ == module.__name__
    and dataclasses.is_dataclass(cls)
    and cls.__init__.__module__ == module.__name__
]


def test_the_records_a_build_makes_by_the_million_are_quick() -> None:
    made = {cls.__name__ for cls in QUICK}
    hot = {"Scores", "FormulaResult", "ScoredSegment", "LocalizedSentence", "Verdict"}
    assert hot | {"Effects", "Segment"} <= made


@pytest.mark.parametrize("cls", QUICK, ids=lambda c: c.__name__)
def test_a_quick_record_takes_the_dataclass_arguments(cls: type) -> None:
    quick = inspect.signature(vars(cls)["__init__"])
    plain = inspect.signature(vars(_twin(cls))["__init__"])
    assert list(quick.parameters) == list(plain.parameters)
    for name, parameter in quick.parameters.items():
        expected = plain.parameters[name].default
        if expected is inspect.Parameter.empty:
            assert parameter.default is inspect.Parameter.empty, name
        elif parameter.default is not expected:  # a factory: made afresh on each call
            assert {f.name: f for f in dataclasses.fields(cls)}[name].default_factory


def test_defaults_factories_and_fields_outside_init_are_as_the_dataclass_sets_them() -> None:
    one, two = Sample("a"), Sample("b", 3, ["x"])
    assert (one.count, one.tags, one.kind, one.seen) == (2, [], "sample", ["made"])
    assert two == Sample(name="b", count=3, tags=["x"])
    assert one.tags is not Sample("a").tags  # a fresh list each time, not one shared


def test_a_quick_record_stays_frozen_equal_hashable_and_picklable() -> None:
    record = scores.FormulaResult("smog", 7.5, None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.value = 1.0  # type: ignore[misc]
    assert record == scores.FormulaResult(key="smog", value=7.5)
    assert hash(record) == hash(scores.FormulaResult("smog", 7.5))
    assert pickle.loads(pickle.dumps(record)) == record
    assert dataclasses.replace(record, value=8.0).value == 8.0


def test_post_init_runs_and_bad_arguments_fail_as_they_did() -> None:
    with pytest.raises(ValueError, match="negative"):
        Checked(-1)
    with pytest.raises(TypeError):
        Checked()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Checked(1, 2)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Checked(values=1)  # type: ignore[call-arg]


def test_quick_init_refuses_what_it_cannot_make_quick() -> None:
    @dataclass(slots=True)
    class Mutable:
        value: int

    @dataclass(frozen=True, slots=True, kw_only=True)
    class KeywordOnly:
        value: int

    for cls in (Mutable, KeywordOnly):
        with pytest.raises(TypeError, match="quick_init"):
            quick_init(cls)


@given(
    st.integers(0, 10**6),
    st.integers(0, 10**4),
    st.integers(0, 10**6),
    st.lists(st.tuples(st.sampled_from(["smog", "flesch_kincaid"]), st.floats(-50, 50))),
    st.one_of(st.none(), st.integers(0, 10**6)),
)
def test_scores_made_quick_equal_scores_made_by_the_dataclass(
    words: int,
    sentences: int,
    syllables: int,
    results: list[tuple[str, float]],
    sentence_words: int | None,
) -> None:
    plain_scores = _twin(scores.Scores)
    values = (words, sentences, syllables, 1, 2, 3, 4, 5, 6)
    made = tuple(scores.FormulaResult(key, value) for key, value in results)
    quick = scores.Scores(*values, made, sentence_words)
    plain = plain_scores(*values, made, sentence_words)
    assert dataclasses.astuple(quick) == dataclasses.astuple(plain)
    assert sys.getsizeof(quick) == sys.getsizeof(plain)  # the same slots, nothing added
