"""How Wikipedia shows some values, for known and unknown templates alike: decided here,
in the layout, so that every writer shows the same.

- Units from the parameter name: ``area_total_km2 = 2300`` is "2,300 km² (900 sq mi)" as
  Wikipedia's ``{{convert}}`` writes it (number in the article language's digit grouping,
  the converted value rounded to the same place as the given one); the imperial partner
  given beside it (``area_total_sq_mi``) is then not shown a second time.
- Time zones: ``utc_offset = +2`` is "UTC+2", and a time zone row shows "UTC+2 (EET)".
- The generic ``{{Infobox}}``'s numbered rows: ``label3`` + ``data3`` are one row
  "label: data", ``header3`` a header band.
"""

from __future__ import annotations

import math
import re
from typing import Sequence

from convert.model import DataRow, FieldValue, HeaderRow, InfoboxField, LayoutRow, Paragraph, Text
from convert.infoboxes.patterns import humanize, normalise

# name suffix -> (unit shown, converted unit, factor to it); density before plain area.
_UNITS: tuple[tuple[str, str, str, float], ...] = (
    ("density_km2", "/km²", "/sq mi", 2.58999),
    ("density_sq_mi", "/sq mi", "/km²", 1 / 2.58999),
    ("_km2", "km²", "sq mi", 0.386102),
    ("_sq_mi", "sq mi", "km²", 2.58999),
    ("_ha", "ha", "acres", 2.47105),
    ("_acre", "acres", "ha", 0.404686),
    ("_km", "km", "mi", 0.621371),
    ("_mi", "mi", "km", 1.609344),
    ("_m", "m", "ft", 3.28084),
    ("_ft", "ft", "m", 0.3048),
    ("_percent", "%", "", 0.0),
)
# The metric parameter that a given imperial one repeats (shown converted beside it).
_PARTNERS = {"_sq_mi": "_km2", "_acre": "_ha", "_mi": "_km", "_ft": "_m"}
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_OFFSET = re.compile(r"(?:utc|gmt)?\s*([+\-−±])\s*(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE)
# Digit grouping and decimal mark by wiki language (English's otherwise).
_GROUPING = {
    **dict.fromkeys(("de", "nl", "it", "es", "pt", "da", "id", "tr", "el", "ro", "sl", "hr", "sr"), (".", ",")),
    **dict.fromkeys(("fr", "ru", "sv", "pl", "cs", "sk", "fi", "no", "nb", "nn", "uk", "bg", "hu", "et", "lt", "lv"),
                    ("\u202f", ",")),
}
_GENERIC = re.compile(r"(label|data|header)(\d+)")


def value_of(text: str) -> FieldValue:
    """A plain-text value (one paragraph)."""
    return FieldValue(text, (Paragraph((Text(text),)),))


def format_number(number: float, decimals: int, lang: str) -> str:
    """``number`` with ``decimals`` places, grouped as the wiki of ``lang`` writes it."""
    group, point = _GROUPING.get(lang.split("-")[0], (",", "."))
    whole, _, fraction = f"{abs(number):,.{max(decimals, 0)}f}".partition(".")
    text = whole.replace(",", group) + (point + fraction if fraction else "")
    return ("−" if number < 0 else "") + text


def _place(digits: str) -> int:
    """The decimal place of the last significant digit: ``2300`` -> -2, ``1.25`` -> 2."""
    if "." in digits:
        return len(digits.split(".")[1])
    bare = digits.replace(",", "").lstrip("+-")
    return -(len(bare) - len(bare.rstrip("0"))) if bare.strip("0") else 0


def with_unit(name: str, value: FieldValue, lang: str) -> FieldValue | None:
    """``value`` with the unit its parameter name gives, if it is a bare number."""
    text = value.text.strip()
    if not _NUMBER.fullmatch(text):
        return None
    for suffix, unit, other, factor in _UNITS:
        if name.endswith(suffix):
            number = float(text.replace(",", ""))
            place = _place(text)
            shown = format_number(number, place, lang)
            joined = f"{shown}{unit}" if unit.startswith(("/", "%")) else f"{shown} {unit}"
            if not other:
                return value_of(joined)
            converted = round(number * factor, place)
            rest = format_number(converted, place, lang)
            rest = f"{rest}{other}" if other.startswith("/") else f"{rest} {other}"
            return value_of(f"{joined} ({rest})")
    return None


def utc_offset(text: str) -> str | None:
    """``+2`` / ``-5:30`` / ``UTC+2`` -> ``UTC+2`` / ``UTC−05:30``; None if not an offset."""
    found = _OFFSET.fullmatch(text.strip())
    if found is None:
        return None
    sign = {"-": "−", "−": "−", "+": "+", "±": "±"}[found.group(1)]
    hours = int(found.group(2))
    minutes = f":{found.group(3)}" if found.group(3) and found.group(3) != "00" else ""
    return f"UTC{sign}{hours:02d}{minutes}" if minutes else f"UTC{sign}{hours}"


def generic_rows(fields: Sequence[InfoboxField]) -> tuple[list[LayoutRow], set[int]]:
    """Rows of the generic box's numbered parameters (``label{n}`` + ``data{n}``, ``header{n}``)
    in number order, and the ids of the fields they use."""
    numbered: dict[int, dict[str, InfoboxField]] = {}
    for f in fields:
        found = _GENERIC.fullmatch(normalise(f.name))
        if found:
            numbered.setdefault(int(found.group(2)), {}).setdefault(found.group(1), f)
    rows: list[LayoutRow] = []
    used: set[int] = set()
    for number in sorted(numbered):
        parts = numbered[number]
        if "header" in parts:
            rows.append(HeaderRow(" ".join(parts["header"].value.text.split())))
            used.add(id(parts["header"]))
        if "data" in parts:
            label = parts.get("label")
            text = " ".join(label.value.text.split()) if label is not None else ""
            rows.append(DataRow(text, parts["data"].name, parts["data"].value))
            used.add(id(parts["data"]))
            if label is not None:
                used.add(id(label))
    return rows, used


def finish(rows: Sequence[LayoutRow], lang: str) -> list[LayoutRow]:
    """Units and time zones in data rows; an imperial value whose metric partner is shown
    is left out (the metric row carries it converted), its label passed on if it had one."""
    present = {normalise(r.field) for r in rows if isinstance(r, DataRow)}
    out: list[LayoutRow] = []
    carry = ""
    for row in rows:
        if not isinstance(row, DataRow):
            out.append(row)
            continue
        name = normalise(row.field)
        partner = next((name[: -len(s)] + m for s, m in _PARTNERS.items() if name.endswith(s)), None)
        if partner is not None and partner in present and _NUMBER.fullmatch(row.value.text.strip()):
            carry = carry or (row.label if not row.continues else "")
            continue
        value = with_unit(name, row.value, lang)
        if re.fullmatch(r"utc_offset\d*(_dst)?", name):
            offset = utc_offset(row.value.text)
            value = value_of(offset) if offset else None
        if carry and not row.label:
            row = DataRow(carry, row.field, row.value)
            carry = ""
        out.append(DataRow(row.label, row.field, value, row.continues) if value is not None else row)
    return _time_zones(out)


def _time_zones(rows: list[LayoutRow]) -> list[LayoutRow]:
    """``Time zone: EET`` continued by ``UTC+2`` -> one row ``UTC+2 (EET)``, as Wikipedia."""
    out: list[LayoutRow] = []
    for row in rows:
        previous = out[-1] if out else None
        if (isinstance(row, DataRow) and row.continues and row.value.text.startswith("UTC")
                and isinstance(previous, DataRow) and re.fullmatch(r"timezone\d*(_dst)?", normalise(previous.field))
                and not previous.value.text.startswith("UTC")):
            zone = " ".join(previous.value.text.split())
            out[-1] = DataRow(previous.label or humanize(previous.field), row.field,
                              value_of(f"{row.value.text} ({zone})"), previous.continues)
            continue
        out.append(row)
    return out
