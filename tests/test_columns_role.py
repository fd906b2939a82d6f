"""A ColumnsRow says what it is (``role``), set once by the infobox layout: the sides of a
conflict or a row of a table (a career). PDF, EPUB (pandoc AST) and DOCX read the role and
guess nothing from field names or AST shapes."""

from __future__ import annotations

import json
from typing import Any, Iterator

import convert
from convert.model import ColumnsRow, Document, FieldValue, Infobox, InfoboxLayout, Paragraph, Text
from convert.writers import WriteOptions
from convert.writers.common.images import ImageStore
from convert.writers.common.links import BookLinks

PLAYER = b"""---
title: Player
infoboxes:
  - name:
      text: Jo Player
    birth_date:
      text: 1 May 1950
    position:
      text: Forward
    youthyears1:
      text: 1965-1967
    youthclubs1:
      text: Juniors
    years1:
      text: 1968-1970
    clubs1:
      text: Alpha FC
    caps1:
      text: '40'
    goals1:
      text: '12'
    years2:
      text: 1970-1975
    clubs2:
      text: Beta United
    caps2:
      text: '120'
    goals2:
      text: '33'
---

Jo Player is a footballer.
"""


def _value(text: str) -> FieldValue:
    return FieldValue(text, (Paragraph((Text(text),)),))


def _box(*rows: ColumnsRow) -> Infobox:
    layout = InfoboxLayout(title=_value("Box"), subtitle=None, image="", caption=None, rows=rows)
    return Infobox(fields=(), template="", template_name="Infobox", confidence=1.0, layout=layout)


# Two sides whose field names share no base, and a two-column table whose names do: the
# role, not the names, decides.
SIDES = ColumnsRow(("red_team", "blue_team"), (_value("Red"), _value("Blue")), role="sides")
TABLE = (ColumnsRow(("step1", "step2"), (_value("One"), _value("Two")), role="table"),
         ColumnsRow(("step3", "step4"), (_value("Three"), _value("Four")), role="table"))


def test_the_layout_sets_the_role() -> None:
    doc = convert.loads(PLAYER, "player.md")[0]
    roles = {r.fields[0]: r.role for r in doc.infoboxes[0].layout.rows if isinstance(r, ColumnsRow)}
    assert roles == {"youthyears1": "table", "years1": "table", "years2": "table"}
    battle = convert.load("seeds/battle-of-rastan.md")
    sides = [r.role for r in battle.infoboxes[0].layout.rows if isinstance(r, ColumnsRow)]
    assert sides and set(sides) == {"sides"}
    assert Document.from_dict(battle.to_dict()) == battle  # the role survives JSON


def test_pdf_reads_the_role() -> None:
    from convert.writers.pdf.html import HtmlBuilder
    from convert.writers.pdf.infobox import infobox_view

    view = infobox_view(HtmlBuilder("en", "a1", BookLinks(), lambda n: None), _box(SIDES, *TABLE))
    grids = [(r["style"], len(r["lines"])) for r in view["rows"] if r["kind"] == "columns"]
    assert grids == [("sides", 1), ("table", 2)]  # same width, other role: two grids


def _tables(value: Any) -> Iterator[tuple[list[str], int, int]]:
    """(classes, columns, rows) of every nested pandoc Table below ``value``."""
    if isinstance(value, dict):
        if value.get("t") == "Table":
            c = value["c"]
            yield c[0][1], len(c[2]), sum(len(b[3]) for b in c[4])
        for v in value.values():
            yield from _tables(v)
    elif isinstance(value, list):
        for v in value:
            yield from _tables(v)


def test_epub_and_docx_read_the_role() -> None:
    from convert.writers.pandoc.ast import AstOptions, infobox_blocks

    box = _box(SIDES, *TABLE)
    epub = [t for t in _tables(infobox_blocks(box, AstOptions())) if "infobox" not in t[0]]
    assert epub == [(["infobox-columns"], 2, 1), (["infobox-table"], 2, 2)]
    docx = [t for t in _tables(infobox_blocks(box, AstOptions(flat_sides=True))) if "infobox" not in t[0]]
    assert docx == [(["infobox-table"], 2, 2)]  # the sides are two cells of the box row


def test_docx_keeps_a_two_column_table_a_table() -> None:
    from convert.writers.docx.parts import Media, prepare_article

    doc = convert.loads(PLAYER, "player.md")[0]
    block = prepare_article(doc, WriteOptions.create(), Media(ImageStore(None), embed=True)).block
    text = json.dumps(block)
    assert text.count('"infobox-table"') == 2  # youth career and senior career grids
