"""A template's display rows: what a layout draws, in order, and their lazily read form.

:class:`RowSpec` is one entry of a template's display order (from the ``rows`` of
``templates/infoboxes/registry.yaml``). :class:`PickledRows` is how the registry cache
keeps them: still pickled until a layout first reads them, since inference never does.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from typing import Any, Iterator, Literal, Sequence, overload

from convert.infoboxes.patterns import Pattern, reduce_by_fields

RowKind = Literal["data", "header", "columns", "table", "pairs", "group"]


@dataclass(frozen=True, slots=True)
class RowSpec:
    """One entry of a template's display order.

    ``data``: a label and one or more parameters shown under it (the first present one carries
    the label, the rest continue the row with label ``""``); ``header``: a band; ``columns``:
    one side-by-side row per parameter pattern (``combatant{n}``); ``table``: one
    side-by-side row per number (``years{n}``, ``clubs{n}``...); ``pairs``: a label
    parameter and a value parameter sharing a number (``leader_title1`` / ``leader_name1``);
    ``group``: ``children`` repeated once per number present (office 1, then office 2...).
    """

    kind: RowKind
    label: str | None
    params: tuple[Pattern, ...] = ()
    children: tuple[RowSpec, ...] = ()

    __reduce__ = reduce_by_fields


class PickledRows(Sequence[RowSpec]):
    """A template's display rows as loaded from the registry cache: kept pickled until a
    layout first reads them.

    Only layouts read rows (inference needs the vocabulary index alone), a run draws few of
    the registry's templates, and the rows are most of its objects: unpickling all of them
    made every one-shot call pay for the whole registry's layouts. A sequence equal to the
    tuple of rows it stands for."""

    __slots__ = ("_blob", "_rows")

    def __init__(self, blob: bytes) -> None:
        self._blob = blob
        self._rows: tuple[RowSpec, ...] | None = None

    @classmethod
    def of(cls, rows: Sequence[RowSpec]) -> PickledRows:
        """``rows`` as a PickledRows (itself if it already is one, still unread or not)."""
        if isinstance(rows, PickledRows):
            return rows
        return cls(pickle.dumps(tuple(rows), protocol=pickle.HIGHEST_PROTOCOL))

    @property
    def unread(self) -> bool:
        """Whether the rows are still pickled (no layout has read them yet)."""
        return self._rows is None

    def _get(self) -> tuple[RowSpec, ...]:
        if self._rows is None:
            self._rows = pickle.loads(self._blob)  # noqa: S301 - written with the registry cache
        return self._rows

    def __reduce__(self) -> tuple[Any, ...]:
        return PickledRows, (self._blob,)

    @overload
    def __getitem__(self, index: int) -> RowSpec: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[RowSpec]: ...
    def __getitem__(self, index: int | slice) -> RowSpec | Sequence[RowSpec]:
        return self._get()[index]

    def __len__(self) -> int:
        return len(self._get())

    def __iter__(self) -> Iterator[RowSpec]:
        return iter(self._get())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (PickledRows, tuple)):
            return self._get() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._get())

    def __repr__(self) -> str:
        return repr(self._get())


__all__ = ["RowKind", "RowSpec", "PickledRows"]
