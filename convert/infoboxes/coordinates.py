"""Coordinates written as separate parameters (``latd = 43``, ``latm = 42``, ``latns = N``,
``longd = 79``...) drawn as one value, ``43°42′N 79°24′W``, the way Wikipedia's templates
show them, instead of six lines of bare numbers and letters.

Three spellings of the parts are in use across templates: ``latd/latm/lats/latns`` with
``longd/longm/longs/longew`` (settlements), ``lat_d/lat_m/lat_s/lat_ns`` with
``long_d/...`` and ``lat_deg/lat_min/lat_sec/lat_dir`` with ``lon_deg/...``.
"""

from __future__ import annotations

import re
from typing import Sequence

from convert.model import DataRow, FieldValue, LayoutRow, Paragraph, Text

# Canonical part of each spelling: (axis, slot) with slot 0 degrees, 1 minutes, 2 seconds,
# 3 hemisphere.
_PARTS: dict[str, tuple[str, int]] = {}
for _lat, _long in (
    ("latd latm lats latns", "longd longm longs longew"),
    ("lat_d lat_m lat_s lat_ns", "long_d long_m long_s long_ew"),
    ("lat_deg lat_min lat_sec lat_dir", "lon_deg lon_min lon_sec lon_dir"),
):
    for _name_of_axis, _spelled in (("lat", _lat), ("long", _long)):
        for _slot, _name in enumerate(_spelled.split()):
            _PARTS[_name] = (_name_of_axis, _slot)

_MARKS = ("°", "′", "″")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
_HEMISPHERES = {"lat": ("N", "S"), "long": ("E", "W")}


def _part(field: str) -> tuple[str, int] | None:
    return _PARTS.get(field.strip().lower().replace(" ", "_"))


def _axis(values: dict[int, str], axis: str) -> str | None:
    """``43°42′N`` from the parts of one axis, or None when they are not plain numbers
    and a hemisphere letter (anything else is shown as written)."""
    if 0 not in values:
        return None
    text = ""
    for slot, mark in enumerate(_MARKS):
        if slot in values:
            if not _NUMBER.fullmatch(values[slot]):
                return None
            text += values[slot] + mark
    hemisphere = values.get(3, "").upper()
    if hemisphere and hemisphere not in _HEMISPHERES[axis]:
        return None
    return text + hemisphere


def join_coordinates(rows: Sequence[LayoutRow]) -> list[LayoutRow]:
    """``rows`` with each run of coordinate-part rows (a labelled row and the rows that
    continue it) replaced by one row showing the position; other rows are kept."""
    out: list[LayoutRow] = []
    i = 0
    while i < len(rows):
        run = _parts_from(rows, i)
        joined = _joined(run) if run else None
        if joined is not None:
            out.append(joined)
            i += len(run)
        else:
            out.append(rows[i])
            i += 1
    return out


def _parts_from(rows: Sequence[LayoutRow], i: int) -> list[tuple[DataRow, tuple[str, int]]]:
    """The run of coordinate-part rows that starts at ``rows[i]`` (a labelled row, then
    those that continue it), each with its part; empty when ``rows[i]`` starts none."""
    run: list[tuple[DataRow, tuple[str, int]]] = []
    for j in range(i, len(rows)):
        row = rows[j]
        if not isinstance(row, DataRow) or row.continues != (j > i):
            break
        part = _part(row.field)
        if part is None:
            break
        run.append((row, part))
    return run


def _joined(run: Sequence[tuple[DataRow, tuple[str, int]]]) -> DataRow | None:
    parts: dict[str, dict[int, str]] = {"lat": {}, "long": {}}
    for row, (axis, slot) in run:
        parts[axis][slot] = " ".join(row.value.text.split())
    lat, long = _axis(parts["lat"], "lat"), _axis(parts["long"], "long")
    if lat is None or long is None:
        return None
    text = f"{lat} {long}"
    first = run[0][0]
    return DataRow(first.label, first.field, FieldValue(text, (Paragraph((Text(text),)),)))
