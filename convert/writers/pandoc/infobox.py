"""An infobox as a pandoc ``Table`` (shared by EPUB, DOCX and HTML).

The box is drawn from :func:`~convert.writers.common.layout.drawn_layout`, so every writer
shows the same rows: the title as caption, subtitle, pictures, header bands, label/value
rows with ``<th>`` labels, side-by-side columns, table grids and full-width rows. Values
are model blocks, turned into pandoc nodes by :mod:`convert.writers.pandoc.body`.
"""

from __future__ import annotations

from typing import Any

from convert.infoboxes.pictures import picture_rows
from convert.model import ColumnsRow, DataRow, FieldValue, FullRow, HeaderRow, Infobox, Paragraph, block_text, unknown_node
from convert.writers.common.images import required_alt
from convert.writers.common.layout import drawn_layout
from convert.writers.pandoc.body import AstOptions, blocks, inlines
from convert.writers.pandoc.nodes import (
    Node, attr, cell, class_name, image_inline, node, plain, row, table, table_body, text_inlines,
)

_BOX_COLUMNS = 2  # label | value, as on Wikipedia; wider rows span both


class _Bodies:
    """Collects rows into table bodies: a header band opens a new body (as its intermediate
    head), and label/value rows never share a body with full-width rows, because pandoc
    makes the first ``row_heads`` cells of *every* row of a body a ``<th>``."""

    def __init__(self) -> None:
        self.bodies: list[list[Any]] = []
        self.head: list[list[Any]] = []
        self.rows: list[list[Any]] = []
        self.row_heads = 0

    def flush(self) -> None:
        if self.rows or self.head:
            self.bodies.append(table_body(self.rows, head=self.head, row_heads=self.row_heads))
        self.head, self.rows, self.row_heads = [], [], 0

    def band(self, r: list[Any]) -> None:
        self.flush()
        self.head = [r]

    def add(self, r: list[Any], row_heads: int) -> None:
        if self.rows and self.row_heads != row_heads:
            self.flush()
        self.row_heads = row_heads
        self.rows.append(r)


def value_blocks(value: FieldValue | None, opts: AstOptions) -> list[Node]:
    """An infobox value as cell content; a lone paragraph becomes ``Plain`` (no margins)."""
    if value is None:
        return []
    out = blocks(value.blocks, opts)
    if len(out) == 1 and out[0]["t"] == "Para":
        out[0] = node("Plain", out[0]["c"])
    if not out and value.text.strip():
        out = plain(text_inlines(value.text))
    return out


def value_inlines(value: FieldValue | None, opts: AstOptions) -> list[Node]:
    """An infobox value as one line of inlines (for captions and headings)."""
    if value is None:
        return []
    if all(isinstance(b, Paragraph) for b in value.blocks):
        out: list[Node] = []
        for i, b in enumerate(value.blocks):
            if i:
                out.append(node("LineBreak"))
            out.extend(inlines(b.children, opts))  # type: ignore[union-attr]
        return out
    return text_inlines(block_text(value.blocks) or value.text)


def infobox_blocks(box: Infobox, opts: AstOptions) -> list[Node]:
    """The infobox as a two-column pandoc ``Table`` (classes ``infobox`` and
    ``infobox-<template>``), or nothing when the layout is empty."""
    lay = drawn_layout(box)
    acc = _Bodies()
    full = _BOX_COLUMNS

    def band(inls: list[Node], cls: str) -> None:
        acc.band(row([cell(plain(inls), colspan=full, classes=[cls])]))

    if lay.subtitle is not None:
        sub = value_inlines(lay.subtitle, opts)
        if lay.subtitle_prefix:
            sub = text_inlines(lay.subtitle_prefix + " ") + sub
        acc.add(row([cell(plain(sub), colspan=full, classes=["infobox-subheader"])]), 0)
    for group in picture_rows(box):
        shown = [(pic, src) for pic in group if (src := opts.image(pic.file)) is not None]
        cells = []
        for pic, src in shown:
            # Alt text only from *_alt parameters: the caption is right under the picture.
            content = [node("Plain", [image_inline(src, required_alt(pic.alt, pic.file))])]
            caption = value_inlines(pic.caption, opts)
            if caption:
                content.append(node("Div", [attr(classes=["infobox-caption"]), [node("Plain", caption)]]))
            cells.append(cell(content, colspan=full // len(shown), classes=["infobox-image"]))
        if cells:
            acc.add(row(cells), 0)
    last_data: list[Node] | None = None  # the content of the latest label | value cell
    grid: list[list[Any]] | None = None  # the rows of the latest table grid
    for r in lay.rows:
        if isinstance(r, DataRow) and r.continues and last_data is not None:
            last_data[:] = _continued(last_data, value_blocks(r.value, opts))
            continue
        last_data = None
        if isinstance(r, ColumnsRow) and r.role == "table" and len(r.values) > 1:
            # Consecutive rows of a table (years | club | caps) are one grid, so their
            # columns line up.
            cells = [cell(value_blocks(v, opts), classes=["infobox-column"]) for v in r.values]
            if grid is None or r.label or len(grid[0][1]) != len(cells):
                if r.label:
                    band(text_inlines(r.label), "infobox-label")
                grid = []
                inner = table(len(cells), [], [table_body(grid)], classes=["infobox-table"])
                acc.add(row([cell([inner], colspan=_BOX_COLUMNS, classes=["infobox-grid"])]), 0)
            grid.append(row(cells))
            continue
        grid = None
        if isinstance(r, HeaderRow):
            band(text_inlines(r.label), "infobox-header")
        elif isinstance(r, DataRow):
            label = cell(plain(text_inlines(r.label)), classes=["infobox-label"])
            last_data = value_blocks(r.value, opts)
            acc.add(row([label, cell(last_data, classes=["infobox-data"])]), 1)
        elif isinstance(r, ColumnsRow):
            if r.label:
                band(text_inlines(r.label), "infobox-label")
            acc.add(_columns_row(r, opts), 0)
        elif isinstance(r, FullRow):
            if r.label:
                band(text_inlines(r.label), "infobox-label")
            acc.add(row([cell(value_blocks(r.value, opts), colspan=full, classes=["infobox-full"])]), 0)
        else:
            unknown_node(r)
    acc.flush()
    title = value_inlines(lay.title, opts)
    if not acc.bodies and not title:
        return []
    classes = ["infobox"] + ([f"infobox-{class_name(box.template)}"] if class_name(box.template) else [])
    return [table(full, [], acc.bodies, caption=title or None, classes=classes)]


def _continued(above: list[Node], more: list[Node]) -> list[Node]:
    """The content of a value cell followed by a value that continues it (``Born``: name,
    date, place): one line each, as on Wikipedia, rather than a row of its own with an
    empty label."""
    if not more:
        return above
    if not above:
        return more
    if len(above) == len(more) == 1 and above[0]["t"] == more[0]["t"] == "Plain":
        return [node("Plain", above[0]["c"] + [node("LineBreak")] + more[0]["c"])]
    # Blocks (a list among the values): each line its own paragraph.
    return [node("Para", b["c"]) if b["t"] == "Plain" else b for b in above + more]


def _columns_row(r: ColumnsRow, opts: AstOptions) -> list[Any]:
    values = [value_blocks(v, opts) for v in r.values]
    if len(values) <= 1:
        return row([cell(values[0] if values else [], colspan=_BOX_COLUMNS, classes=["infobox-full"])])
    if opts.flat_sides and len(values) == 2:
        return row([cell(v, classes=["infobox-column"]) for v in values])
    # The sides of a conflict sit in a nested table of equal columns, as on Wikipedia, so
    # they do not force the box's label column to half the width.
    inner = table(len(values), [], [table_body([row([cell(v, classes=["infobox-column"]) for v in values])])],
                  classes=["infobox-columns"])
    return row([cell([inner], colspan=_BOX_COLUMNS, classes=["infobox-sides"])])


def inline_text_of(value: FieldValue | None) -> str:
    """The visible text of a value on one line (alt texts)."""
    if value is None:
        return ""
    return " ".join(block_text(value.blocks).split()) or " ".join(value.text.split())


__all__ = ["infobox_blocks", "value_blocks", "value_inlines", "inline_text_of"]
