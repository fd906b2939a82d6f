"""An infobox's :class:`~convert.model.InfoboxLayout` as the context of ``infobox.html.jinja``.

The layout is drawn generically: a title band, ``Part of ...``, the image and caption, then
rows: header bands, ``label | value`` rows, values spanning the box, and side-by-side
cells. Consecutive side-by-side rows of the same role and width are one grid, so the columns
of a career table (years | club | caps | goals) line up.
"""

from __future__ import annotations

import re
from typing import Any, Sequence

from markupsafe import Markup

from convert.infoboxes.pictures import picture_rows
from convert.writers.common.images import required_alt
from convert.model import ColumnsRow, DataRow, FieldValue, FullRow, HeaderRow, Infobox, unknown_node
from convert.writers.common.layout import drawn_layout
from convert.writers.pdf.html import HtmlBuilder, attr_html, dir_of, text_html

MAX_ROWS = 400
"""Rows drawn per infobox. Real templates show far fewer; a box of thousands of fields (a
hostile or broken input) would take WeasyPrint minutes, so the rest is named, not drawn."""


def infobox_view(builder: HtmlBuilder, box: Infobox) -> dict[str, Any]:
    """The template context of one infobox (``box`` in ``infobox.html.jinja``)."""
    layout = drawn_layout(box)
    pictures = []
    for group in picture_rows(box):
        shown = []
        for pic in group:
            src = builder.resolve_image(pic.file)
            if src:
                builder.images_shown.append(pic.file)
                shown.append({"src": attr_html(src), "alt": attr_html(required_alt(pic.alt, pic.file)),
                              "caption": builder.value(pic.caption) if pic.caption else None})
        if shown:
            pictures.append(shown)
    image = pictures[0][0] if pictures and layout.image else None
    rows: list[dict[str, Any]] = []
    pending: list[ColumnsRow] = []

    def flush() -> None:
        if pending:
            rows.append(_grid(builder, pending))
            pending.clear()

    for row in layout.rows[:MAX_ROWS]:
        if isinstance(row, ColumnsRow):
            if pending and (len(pending[-1].values), pending[-1].role) != (len(row.values), row.role):
                flush()
            pending.append(row)
            continue
        flush()
        if isinstance(row, HeaderRow):
            rows.append({"kind": "header", "label": text_html(row.label)})
        elif isinstance(row, DataRow):
            value = builder.value(row.value)
            if row.continues and rows and rows[-1]["kind"] == "data":
                # The value goes on under the one above, in the same cell (Born: name,
                # date, place), not as a row of its own across the box.
                rows[-1]["value"] = Markup("<br>").join((rows[-1]["value"], value))
            else:
                rows.append({"kind": "data", "label": text_html(row.label),
                             "value": value, "dir": dir_of(row.value)})
        elif isinstance(row, FullRow):
            rows.append({"kind": "full", "label": text_html(row.label),
                         "value": builder.value(row.value), "dir": dir_of(row.value)})
        else:
            unknown_node(row)
    flush()
    hidden = len(layout.rows) - MAX_ROWS
    if hidden > 0:
        builder.warnings.append((box.line, f"pdf: infobox {box.template_name!r}: {hidden:,} rows past "
                                            f"the first {MAX_ROWS} are not drawn"))
        rows.append({"kind": "note", "label": text_html(f"{hidden:,} more rows are not shown.")})
    return {
        "template": box.template,
        "template_class": re.sub(r"[^a-z0-9]+", "-", box.template.lower()).strip("-"),
        "title": builder.value(layout.title) if layout.title else None,
        "subtitle": builder.value(layout.subtitle) if layout.subtitle else None,
        "subtitle_prefix": text_html(layout.subtitle_prefix),
        "image": image["src"] if image else None,
        "image_alt": image["alt"] if image else "",
        "caption": image["caption"] if image else None,
        "pictures": pictures,
        "rows": rows,
    }


def _weight(values: Sequence[FieldValue | None]) -> int:
    """How much room a table column wants, in characters: its longest word at least,
    its longest value at most, within sensible bounds."""
    longest_word = max((len(w) for v in values if v for w in v.text.split()), default=0)
    longest = max((len(v.text) for v in values if v), default=0)
    return max(3, longest_word + 2, min(longest, 22))


def _grid(builder: HtmlBuilder, rows: Sequence[ColumnsRow]) -> dict[str, Any]:
    width = len(rows[0].values)
    sides = rows[0].role == "sides"  # the grid holds rows of one role (see infobox_view)
    keep = list(range(width))
    if not sides:
        # A table column no row fills (a career without caps) is left out.
        keep = [j for j in keep if any((v := r.values[j]) is not None and v.text.strip() for r in rows)]
        keep = keep or [0]
    weights = [1] * len(keep) if sides else [_weight([r.values[j] for r in rows]) for j in keep]
    labelled = any(r.label for r in rows)
    share = 100.0 if not labelled else 68.0
    total = sum(weights)
    cols = [f"{share * w / total:.1f}%" for w in weights]
    lines = []
    for r in rows:
        cells = [{"value": builder.value(r.values[j]), "dir": dir_of(r.values[j])} for j in keep]
        lines.append({"label": text_html(r.label), "cells": cells})
    return {
        "kind": "columns",
        "style": "sides" if sides else "table",  # sides are divided by rules
        "width": len(keep),
        "cols": [Markup(c) for c in cols],
        "labelled": labelled,
        "lines": lines,
    }
