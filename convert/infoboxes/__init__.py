"""Infobox knowledge: which Wikipedia template a field set is, and how to lay it out.

PLACEHOLDER (foundation): every infobox is the generic ``Infobox`` with humanised labels.
The template registry and inference replace this (see the infobox issue).
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from ..model import DataRow, Infobox, InfoboxField, InfoboxLayout


def humanize(name: str) -> str:
    """``birth_place`` -> ``Birth place``."""
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def build_infobox(
    fields: Sequence[InfoboxField],
    *,
    line: int = 0,
    template_override: str | None = None,
    registry_file: Path | None = None,
    lang: str = "en",
) -> Infobox:
    """The model's :class:`Infobox` for ``fields``: template, confidence and layout."""
    rows = tuple(DataRow(humanize(f.name), f.name, f.value) for f in fields)
    layout = InfoboxLayout(title=None, subtitle=None, image="", caption=None, rows=rows)
    return Infobox(
        fields=tuple(fields), template="", template_name="Infobox", confidence=0.0,
        layout=layout, line=line,
    )
