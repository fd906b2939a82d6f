"""DOCX-specific shaping of the shared pandoc AST (:mod:`convert.writers.pandoc.ast`).

The shared module says *what* the article is (an infobox is a ``Table`` with classes, the
short description a ``Div``); this module says how Word should show it, with pandoc's
``custom-style`` attribute naming styles from ``templates/docx/reference.docx``:

* the infobox table gets the ``Infobox`` table style, its caption becomes a title row inside
  the box, and each cell's content is wrapped in a ``Div`` naming the paragraph style of its
  role (``Infobox Label``, ``Infobox Header``...);
* the short description becomes a ``Subtitle`` paragraph;
* headings shift so that a single article's sections are ``Heading 1`` (its title is the
  ``Title`` paragraph), while in a book the article title is ``Heading 1``;
* an attribution paragraph (source, licence, image credit) closes each article.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Sequence

from convert.l10n import terms
from convert.model import Document, Heading, inline_text
from convert.writers.common.credits import PictureCredit
from convert.writers.pandoc.nodes import attr, cell, node, row, table_body, text_inlines
from convert.writers.pandoc.credits import credit_inlines

Node = dict[str, Any]

# Cell class from pandoc_ast -> paragraph style (display names in reference.docx).
CELL_STYLES: dict[str, str] = {
    "infobox-subheader": "Infobox Subtitle",
    "infobox-header": "Infobox Header",
    "infobox-label": "Infobox Label",
    "infobox-data": "Infobox Value",
    "infobox-column": "Infobox Value",
    "infobox-full": "Infobox Full",
    "infobox-image": "Infobox Image",
}
DIV_STYLES: dict[str, str] = {"shortdescription": "Subtitle", "infobox-caption": "Infobox Caption"}
# The box takes 62% of the text width, centred. Its grid has three columns so that
# label | value rows (36% | 64%) and the two sides of a conflict (50% | 50%) share it.
INFOBOX_SHARE = 0.62
INFOBOX_GRID = (0.36, 0.14, 0.50)


def styled(style: str, content: list[Node]) -> Node:
    """A ``Div`` whose paragraphs take the Word paragraph style named ``style``.

    ``Plain`` becomes ``Para``: in a table cell pandoc styles ``Plain`` as ``Compact``
    whatever Div surrounds it, and only ``Para`` takes the Div's style.
    """
    paras = [node("Para", b["c"]) if b["t"] == "Plain" else b for b in content]
    return node("Div", [attr(pairs=[("custom-style", style)]), paras])


def _classes(a: list[Any]) -> list[str]:
    return list(a[1])


def _with_style(a: list[Any], style: str) -> list[Any]:
    return [a[0], list(a[1]), [p for p in a[2] if p[0] != "custom-style"] + [["custom-style", style]]]


def shift_headers(blocks: list[Node], delta: int) -> list[Node]:
    """Headers moved ``delta`` levels (clamped to Word's 1..9), inside Divs too."""
    out: list[Node] = []
    for b in blocks:
        if b["t"] == "Header":
            level, a, inl = b["c"]
            b = node("Header", [max(1, min(9, level + delta)), a, inl])
        elif b["t"] == "Div":
            b = node("Div", [b["c"][0], shift_headers(b["c"][1], delta)])
        out.append(b)
    return out


def restyle(blocks: list[Node], image_size: Callable[[str], str | None]) -> list[Node]:
    """Top-level blocks with the infobox and short description given Word styles.

    ``image_size`` maps an image source to the width pandoc should give it (``"5.5cm"``)
    or ``None`` for pandoc's default.
    """
    out: list[Node] = []
    for b in blocks:
        if b["t"] == "Table" and "infobox" in _classes(b["c"][0]):
            b = _infobox(b, image_size)
        elif b["t"] == "Table":
            b = sized_table(b)
        elif b["t"] == "Figure":
            # A figure is drawn in the same frame as the box's picture (a portrait one
            # limited by its height), as the PDF draws it, not at the page's full width.
            a, caption, body = b["c"]
            body = [node("Plain", [_sized(i, image_size) for i in x["c"]]) if x["t"] == "Plain" else x for x in body]
            b = node("Figure", [a, caption, body])
        elif b["t"] == "Div":
            a, content = b["c"]
            style = next((DIV_STYLES[c] for c in _classes(a) if c in DIV_STYLES), None)
            b = node("Div", [_with_style(a, style) if style else a, restyle(content, image_size)])
        out.append(b)
    return out


# Characters of 10.5 pt text a column may want before it wraps, and across the text width.
_COLUMN_CAP = 32
_LINE_CHARS = 80  # average characters of 10.5 pt Arial across the text width


def sized_table(t: Node) -> Node:
    """An article table with column widths from its content.

    With pandoc's default widths every column gets the same share, so ``Manufacturer``
    breaks mid-word next to a column of two-digit numbers. As in HTML's automatic table
    layout, each column first gets its longest word, then the room left goes to the columns
    whose text wants more (capped, so prose wraps); a small table keeps its natural width.
    """
    a, caption, colspecs, head, bodies, foot = t["c"]
    if any(spec[1]["t"] != "ColWidthDefault" for spec in colspecs):
        return t
    n = len(colspecs)
    least, most = [3.0] * n, [3.0] * n
    rows = [(r, 1.2) for r in head[1]] + [(r, 1.0) for body in bodies for r in body[3]]
    rows += [(r, 1.2) for body in bodies for r in body[2]]
    for r, weight in rows:  # header text is bold, so wider
        column = 0
        for c in r[1]:
            if c[3] == 1 and column < n:  # spanning cells do not size columns
                words = _cell_words(c[4])
                longest = weight * max((len(w) for w in words), default=0) + 3
                text = weight * (sum(len(w) for w in words) + max(0, len(words) - 1)) + 3
                least[column] = max(least[column], longest)
                most[column] = max(most[column], min(text, _COLUMN_CAP), longest)
            column += c[3]
    if sum(most) <= _LINE_CHARS:
        widths = most
    elif sum(least) >= _LINE_CHARS:
        widths = [w * _LINE_CHARS / sum(least) for w in least]
    else:
        extra, spread = _LINE_CHARS - sum(least), sum(m - l for m, l in zip(most, least))
        widths = [l + extra * (m - l) / spread for m, l in zip(most, least)]
    colspecs = [[spec[0], node("ColWidth", round(w / _LINE_CHARS, 4))] for spec, w in zip(colspecs, widths)]
    return node("Table", [a, caption, colspecs, head, bodies, foot])


def _cell_words(blocks: list[Node]) -> list[str]:
    words: list[str] = []
    stack: list[Any] = list(blocks)
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get("t") in ("Str", "Code"):
                words.append(item["c"] if item["t"] == "Str" else item["c"][1])
            elif "c" in item:
                stack.append(item["c"])
        elif isinstance(item, list):
            stack.extend(item)
    return words


def _infobox(t: Node, image_size: Callable[[str], str | None]) -> Node:
    a, caption, colspecs, head, bodies, foot = t["c"]
    bodies = [_body(b, image_size, spans=len(colspecs) == 2) for b in bodies]
    title = caption[1]
    if title:
        # Inside the box (a title row), not a "Table Caption" paragraph floating above it.
        inls = [i for blk in title for i in blk["c"]]
        title_row = row([cell([styled("Infobox Title", [node("Plain", inls)])], colspan=len(INFOBOX_GRID))])
        bodies = [table_body([title_row])] + bodies
    if len(colspecs) == 2:
        colspecs = [[node("AlignDefault"), node("ColWidth", round(w * INFOBOX_SHARE, 4))] for w in INFOBOX_GRID]
    return node("Table", [_with_style(a, "Infobox"), [None, []], colspecs, head, bodies, foot])


def _spans(cells: list[list[Any]]) -> list[int]:
    """Grid spans of a two-column box row on the three-column grid."""
    if len(cells) == 1:
        return [3]
    if "infobox-label" in _classes(cells[0][0]):
        return [1, 2]
    return [2, 1]


def _body(body: list[Any], image_size: Callable[[str], str | None], *, spans: bool = False) -> list[Any]:
    a, row_heads, head, rows = body
    return [a, row_heads, [_row(r, image_size, spans) for r in head], [_row(r, image_size, spans) for r in rows]]


def _row(r: list[Any], image_size: Callable[[str], str | None], spans: bool) -> list[Any]:
    a, cells = r
    out = [_cell(c, image_size) for c in cells]
    if spans and len(cells) <= 2:
        out = [c[:3] + [span] + c[4:] for c, span in zip(out, _spans(cells))]
    return [a, out]


def _cell(c: list[Any], image_size: Callable[[str], str | None]) -> list[Any]:
    a, align, rowspan, colspan, content = c
    style = next((CELL_STYLES[k] for k in _classes(a) if k in CELL_STYLES), "Infobox Value")
    if style == "Infobox Label" and colspan > 1:
        style = "Infobox Full Label"  # a label band over a full-width value
    content = [_inner(b, image_size) for b in content]
    return [a, align, rowspan, colspan, [styled(style, content)] if content else []]


def _inner(b: Node, image_size: Callable[[str], str | None]) -> Node:
    """Blocks inside an infobox cell: size images, style captions and nested side tables."""
    if b["t"] == "Div":
        a, content = b["c"]
        style = next((DIV_STYLES[c] for c in _classes(a) if c in DIV_STYLES), None)
        inner = [_inner(x, image_size) for x in content]
        if style:
            return styled(style, inner)
        return node("Div", [a, inner])
    if b["t"] == "Plain":
        return node("Plain", [_sized(i, image_size) for i in b["c"]])
    if b["t"] == "Table":
        a, caption, colspecs, head, bodies, foot = b["c"]
        even = [[spec[0], node("ColWidth", 1 / len(colspecs))] for spec in colspecs]
        return node("Table", [_with_style(a, "Infobox Columns"), caption, even, head,
                              [_body(x, image_size) for x in bodies], foot])
    return b


def _sized(i: Node, image_size: Callable[[str], str | None]) -> Node:
    if i["t"] != "Image":
        return i
    a, alt, target = i["c"]
    width = image_size(target[0])
    if width is None:
        return i
    pairs = [p for p in a[2] if p[0] not in ("width", "height")] + [["width", width]]
    return node("Image", [[a[0], a[1], pairs], alt, target])


def attribution(doc: Document, credits: Iterable[PictureCredit] = ()) -> Node:
    """The closing paragraph: where the text comes from, under which licence, and each
    shown picture's author, licence and source."""
    m = doc.meta
    out: list[Node] = []

    def link(text: str, url: str) -> Node:
        return node("Link", [attr(), text_inlines(text), [url, ""]])

    def add(*parts: Node | str) -> None:
        for p in parts:
            # text_inlines turns leading and trailing spaces into Space nodes.
            out.extend(text_inlines(p) if isinstance(p, str) else [p])

    t = terms(m.lang)
    licence = link(m.licence, m.licence_url) if m.licence_url and m.licence else (m.licence or "CC BY-SA")
    sentences: list[tuple[str, dict[str, Node | str]]] = [
        ("from_wikipedia", {"article": link(m.title, m.source_url) if m.source_url else m.title}),
        ("text_by", {"licence": licence}),
    ]
    for n, (key, fields) in enumerate(sentences):
        pieces = [fields[text] if is_field else text for is_field, text in t.pieces(key)]
        if n + 1 < len(sentences):  # the space between sentences ends this one's text
            pieces[-1:] = [pieces[-1] + " "] if isinstance(pieces[-1], str) else [pieces[-1], " "]
        add(*pieces)
    paras = [node("Para", out)] + [node("Para", credit_inlines(c)) for c in credits]
    return styled("Attribution", paras)


def image_credits(credits: Sequence[PictureCredit], heading_text: str) -> list[Node]:
    """A book's one "Image credits" section, headed ``heading_text`` (nothing when no
    picture is shown)."""
    if not credits:
        return []
    heading = node("Header", [1, attr("image-credits"), text_inlines(heading_text)])
    return [heading, styled("Attribution", [node("Para", credit_inlines(c)) for c in credits])]


def without_highlighting(blocks: list[Node]) -> list[Node]:
    """``blocks`` (changed in place) with code blocks' language classes removed.

    pandoc's syntax highlighting adds token styles to ``styles.xml`` only when some code is
    highlighted, so one article's code would change the styles of every article written in
    the same batch; Word documents keep code plain instead.
    """
    for b in blocks:
        tag, c = b["t"], b.get("c", [])
        if tag == "CodeBlock":
            c[0][1] = []
        elif tag in ("Div", "Figure"):
            without_highlighting(c[-1])
        elif tag == "BlockQuote":
            without_highlighting(c)
        elif tag in ("BulletList", "OrderedList"):
            for item in c if tag == "BulletList" else c[1]:
                without_highlighting(item)
        elif tag == "Table":
            for body in c[4]:
                for r in body[2] + body[3]:
                    for cell_ in r[1]:
                        without_highlighting(cell_[4])
    return blocks

