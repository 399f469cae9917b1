"""Frozen records that are quick to make.

A frozen dataclass's generated `__init__` sets each field through
`object.__setattr__(self, "name", value)`, which looks the name up again on every call:
for the records a build makes by the million (scores, scored sentences, localized
sentences) that was about a fourteenth of a build's CPU time (issue 20). `quick_init`
gives such a class an `__init__` that takes the same arguments and sets each slot
through the slot's own descriptor, about twice as fast; the class stays frozen (its
`__setattr__` still refuses), equal, hashable and picklable as before.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

_Record = TypeVar("_Record")
_FACTORY = object()  # stands for "the field's default factory" in a signature


def quick_init(cls: type[_Record]) -> type[_Record]:
    """A frozen slots dataclass, with an `__init__` that sets its slots directly.

    Applied on top of `@dataclass(frozen=True, slots=True)`; the arguments, defaults,
    default factories and `__post_init__` are the dataclass's own."""
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__}: quick_init is for frozen slots dataclasses")
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    if any(f.kw_only for f in fields):
        raise TypeError(f"{cls.__name__}: quick_init does not take keyword-only fields")
    names: dict[str, Any] = {"_FACTORY": _FACTORY}
    signature, body = ["self"], []
    for f in fields:
        names[f"_set_{f.name}"] = cls.__dict__[f.name].__set__  # the slot's descriptor
        has_default = f.default is not dataclasses.MISSING
        has_factory = f.default_factory is not dataclasses.MISSING
        names[f"_default_{f.name}"] = f.default
        names[f"_factory_{f.name}"] = f.default_factory
        if f.init:
            default = "=_FACTORY" if has_factory else f"=_default_{f.name}" if has_default else ""
            signature.append(f"{f.name}{default}")
            value = f.name
            if has_factory:
                value = f"_factory_{f.name}() if {f.name} is _FACTORY else {f.name}"
        elif has_default or has_factory:
            value = f"_default_{f.name}" if has_default else f"_factory_{f.name}()"
        else:
            continue  # no init and no default: left unset, as the dataclass does
        body.append(f"    _set_{f.name}(self, {value})")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    source = f"def __init__({', '.join(signature)}):\n" + ("\n".join(body) or "    pass") + "\n"
    exec(source, names)  # generated from the class's own fields, as dataclasses does
    init = names["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    setattr(cls, "__init__", init)  # noqa: B010 - mypy refuses assigning a method
    return cls
