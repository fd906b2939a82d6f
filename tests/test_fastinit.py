"""fast_init builds the same frozen dataclass instances as the generated __init__."""

from __future__ import annotations

import dataclasses
import inspect
import pickle

import pytest

from convert import model
from convert.fastinit import fast_init
from convert.frontend import sentence
from convert.frontend.yaml import values as yamlvalues
from convert.infoboxes import inference, patterns, registry

FAST = [
    *model._KINDS.values(), yamlvalues.YMap, yamlvalues.YList, yamlvalues.YScalar, sentence.LinkSpec,
    patterns.Pattern, registry.RowSpec, registry.Variant, inference.Candidate,
]


def _stock(cls: type) -> type:
    """The same fields in a class with dataclass's own __init__."""
    fields = [(f.name, f.type, dataclasses.field(default=f.default)) for f in dataclasses.fields(cls)]
    return dataclasses.make_dataclass(cls.__name__, fields, frozen=True, slots=True)


@pytest.mark.parametrize("cls", FAST, ids=lambda c: c.__name__)
def test_fast_init_matches_the_generated_one(cls: type) -> None:
    assert cls.__init__.__doc__ and "convert.fastinit" in cls.__init__.__doc__  # really replaced
    stock = _stock(cls)
    assert str(inspect.signature(cls)) == str(inspect.signature(stock))
    fields = dataclasses.fields(cls)
    values = [f"value {i}" for i in range(len(fields))]
    positional = cls(*values)
    keywords = cls(**{f.name: v for f, v in zip(fields, values)})
    assert positional == keywords
    assert [getattr(positional, f.name) for f in fields] == values
    assert dataclasses.astuple(stock(*values)) == tuple(values)
    required = [f for f in fields if f.default is dataclasses.MISSING]
    if len(required) < len(fields):  # the defaults are the declared ones
        partial = cls(*values[: len(required)])
        assert [getattr(partial, f.name) for f in fields[len(required):]] == [f.default for f in fields[len(required):]]
    if fields:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(positional, fields[0].name, "changed")
    with pytest.raises(TypeError):
        cls(*values, "one too many")


def test_nodes_still_hash_pickle_and_replace() -> None:
    link = model.Link("Homs Governorate", (model.Text("Homs"),))
    assert hash(link) == hash(model.Link(page="Homs Governorate", children=(model.Text("Homs"),), anchor=None))
    assert pickle.loads(pickle.dumps(link)) == link
    assert dataclasses.replace(link, anchor="History").anchor == "History"
    assert model.Document.from_dict(model.Document(
        model.Metadata("T", "", "", "", "", "", "en", "u"), (), (model.Paragraph((link,)),), "x.md",
    ).to_dict()).body == (model.Paragraph((link,)),)


def test_fast_init_refuses_what_it_cannot_copy() -> None:
    @dataclasses.dataclass(frozen=True)
    class NoSlots:
        a: int

    @dataclasses.dataclass(slots=True)
    class Mutable:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Factory:
        a: list[int] = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(frozen=True, slots=True)
    class PostInit:
        a: int

        def __post_init__(self) -> None:
            pass

    for cls in (NoSlots, Mutable, Factory, PostInit, int):
        with pytest.raises(TypeError):
            fast_init(cls)
