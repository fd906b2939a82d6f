"""The document model as a pandoc JSON AST (shared by the EPUB and DOCX writers).

pandoc reads this with ``-f json`` (or ``pandoc.read(s, "json")`` in the batch driver), so
nothing in an article is ever parsed as Markdown, HTML or LaTeX: article text only ever
becomes ``Str`` nodes, and this module never emits ``RawBlock``/``RawInline``.

Public API (stable; additive changes only):

* :data:`API_VERSION` - the pandoc-types version of the bundled pandoc (3.9).
* :class:`AstOptions` - what differs between writers and between books: id namespace,
  where internal links and images point, whether empty sections are dropped.
* :func:`article_blocks` - one article: title heading, short description, infoboxes, body.
* :func:`blocks`, :func:`inlines`, :func:`text_inlines` - model nodes to pandoc nodes.
* :func:`infobox_blocks` - an :class:`~convert.model.Infobox` as a pandoc ``Table`` with
  class ``infobox``, laid out from :class:`~convert.model.InfoboxLayout` (title as caption,
  subtitle, image, header bands, label/value rows with ``<th>`` labels, side-by-side
  columns, full-width rows).
* :func:`cell`, :func:`row`, :func:`table`, :func:`table_body`, :func:`image_inline`,
  :func:`attr`, :func:`node` - builders for pandoc nodes.
* :func:`meta`, :func:`meta_inlines`, :func:`meta_string`, :func:`document`, :func:`dumps`.

Every pandoc node is plain JSON data (dicts and lists) in pandoc's own encoding
(``{"t": "Str", "c": "word"}``); helpers build the few shapes used here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping

from convert.model import (
    Block, BlockQuote, Bold, BulletList, Code, CodeBlock, ColumnsRow, DataRow, Document, ExternalLink,
    FieldValue, FullRow, HeaderRow, Heading, HorizontalRule, Image, Infobox, Inline, Italic, LineBreak,
    Link, ListItem, OrderedList, Paragraph, Table, TableCell, Text, block_text, inline_text,
    unknown_node,
)
from convert.infoboxes.pictures import picture_rows
from convert.wiki import wiki_url
from convert.writers.common.layout import drawn_layout
from convert.writers.common.images import body_shows, required_alt

API_VERSION: tuple[int, int, int, int] = (1, 23, 1, 1)
"""``pandoc-api-version`` of the bundled pandoc (``pandoc -t json`` on empty input)."""

Node = dict[str, Any]
Attr = list[Any]

# Characters XML 1.0 forbids (EPUB and DOCX are both XML) plus C1 controls, which are never
# meaningful text: removed here, the one place where article text enters the AST.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"[ \t\r\n]+")
_CLASS_SAFE = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class AstOptions:
    """How model nodes become pandoc nodes.

    ``id_prefix`` namespaces every heading id (a bundle gives each article its own, since
    every article has its own ``History``); ``link_target`` gives the href of an internal
    :class:`~convert.model.Link` (default: the Wikipedia URL in ``lang``); ``image_source``
    maps a bare image file name to the path or media-bag key pandoc should embed, or
    ``None`` to leave the image out (never a URL: pandoc would fetch it);
    ``drop_empty_sections`` drops headings whose section holds nothing (``Heading.empty``);
    ``include_title`` starts :func:`article_blocks` with the title as a level-1 heading;
    ``lead_image`` shows the article's own image (``Metadata.image_file``) under the title
    when no infobox shows an image; ``flat_sides`` gives the two sides of a conflict as two
    cells of the box row rather than a nested table (Word handles a flat table better,
    and its box grid already puts them side by side).
    """

    id_prefix: str = ""
    lang: str = "en"
    link_target: Callable[[Link], str] | None = None
    image_source: Callable[[str], str | None] | None = None
    drop_empty_sections: bool = True
    include_title: bool = True
    lead_image: bool = False
    flat_sides: bool = False

    def href(self, link: Link) -> str:
        """Where an internal link points (by default: Wikipedia, or this article's section
        for a bare ``#anchor``)."""
        if self.link_target is not None:
            return self.link_target(link)
        if not link.page.strip():
            return "#" + self.id_prefix + "_".join((link.anchor or "").split())
        return wiki_url(self.lang, link.page, link.anchor)

    def image(self, file_name: str) -> str | None:
        """The embeddable source of an image file, or ``None``."""
        if not file_name or self.image_source is None:
            return None
        return self.image_source(file_name)


# --------------------------------------------------------------------------- node helpers


def attr(ident: str = "", classes: Iterable[str] = (), pairs: Iterable[tuple[str, str]] = ()) -> Attr:
    """A pandoc ``Attr``: ``[id, [classes], [[key, value]]]``."""
    return [ident, list(classes), [list(p) for p in pairs]]


def node(tag: str, content: Any = None) -> Node:
    """``{"t": tag, "c": content}`` (no ``c`` for nullary nodes)."""
    return {"t": tag} if content is None else {"t": tag, "c": content}


def clean_text(text: str) -> str:
    """``text`` without characters that XML cannot carry."""
    return _XML_ILLEGAL.sub("", text)


def one_line(text: str) -> str:
    """``text`` as one trimmed line (a title): XML-illegal characters dropped, runs of
    whitespace one space."""
    return _SPACES.sub(" ", clean_text(text)).strip()


def class_name(text: str) -> str:
    """A CSS class token from free text (``military conflict`` -> ``military-conflict``)."""
    return _CLASS_SAFE.sub("-", text.lower()).strip("-")


def text_inlines(text: str) -> list[Node]:
    """Plain text as one ``Str`` (runs of ASCII whitespace become one space), or nothing.

    pandoc's own readers make a ``Str`` per word with ``Space`` between; its writers accept
    spaces inside a ``Str`` and render them the same (HTML and DOCX alike), and one node per
    run instead of two per word makes the AST a third of the size and pandoc's EPUB writer
    a third faster.
    """
    text = _SPACES.sub(" ", clean_text(text))
    if not text:
        return []
    if _many_quotes(text):
        return _chunks(text)
    return [node("Str", text)]


# pandoc's HTML writer (EPUB) takes time quadratic in the quotes of one Str: a paragraph
# of 96 KB with 8,000 apostrophes took 12 s, twice that 180 s, a few KB of "'" past the
# timeout. Such text goes as Str runs of at most _CHUNK characters, cut at spaces where
# there are some (Str, Space, Str shows the same text): linear, and most paragraphs,
# with fewer quotes, stay one Str.
_CHUNK = 256
_QUOTES_PER_STR = 32


def _many_quotes(text: str) -> bool:
    """Whether ``text`` is too long, and holds too many quotes, to go to pandoc in one run."""
    return len(text) > _CHUNK and text.count("'") + text.count('"') > _QUOTES_PER_STR


def _code_pieces(text: str) -> list[str]:
    """Inline code as one piece, or, with many quotes, pieces of _CHUNK characters (for
    the same reason as :func:`_chunks`; adjacent code runs show as one)."""
    if _many_quotes(text):
        return [text[i : i + _CHUNK] for i in range(0, len(text), _CHUNK)]
    return [text]


def _chunks(text: str) -> list[Node]:
    out: list[Node] = []
    start = 0
    while len(text) - start > _CHUNK:
        cut = text.rfind(" ", start + 1, start + _CHUNK)
        if cut > start:
            out.extend((node("Str", text[start:cut]), node("Space")))
            start = cut + 1
        else:
            out.append(node("Str", text[start : start + _CHUNK]))
            start += _CHUNK
    if start < len(text):
        out.append(node("Str", text[start:]))
    return out


# --------------------------------------------------------------------------- inlines


def inlines(nodes: Iterable[Inline], opts: AstOptions) -> list[Node]:
    """Model inlines as pandoc inlines."""
    out: list[Node] = []
    for n in nodes:
        if isinstance(n, Text):
            out.extend(text_inlines(n.text))
        elif isinstance(n, Bold):
            out.append(node("Strong", inlines(n.children, opts)))
        elif isinstance(n, Italic):
            out.append(node("Emph", inlines(n.children, opts)))
        elif isinstance(n, Code):
            out.extend(node("Code", [attr(), piece]) for piece in _code_pieces(clean_text(n.text)))
        elif isinstance(n, Link):
            out.append(node("Link", [attr(classes=["wikilink"]), inlines(n.children, opts), [opts.href(n), ""]]))
        elif isinstance(n, ExternalLink):
            out.append(node("Link", [attr(classes=["external"]), inlines(n.children, opts), [clean_text(n.url), ""]]))
        elif isinstance(n, LineBreak):
            out.append(node("LineBreak"))
        else:
            unknown_node(n)
    return out


# --------------------------------------------------------------------------- blocks

_ALIGN = {"": "AlignDefault", "left": "AlignLeft", "center": "AlignCenter", "right": "AlignRight"}
_LANG_SAFE = re.compile(r"^[A-Za-z0-9_+#.-]{1,40}$")


def blocks(nodes: Iterable[Block], opts: AstOptions) -> list[Node]:
    """Model blocks as pandoc blocks (empty sections dropped when ``opts`` says so)."""
    out: list[Node] = []
    for n in nodes:
        if isinstance(n, Heading):
            if heading_shown(n, opts.drop_empty_sections):
                # (A heading without an id, as a model from elsewhere may hold, gets none:
                # the bare prefix twice was a duplicate id epubcheck refuses.)
                ident = opts.id_prefix + n.id if n.id else ""
                out.append(node("Header", [n.level, attr(ident), inlines(n.children, opts)]))
        elif isinstance(n, Paragraph):
            if n.children and inline_text(n.children).strip():  # blanks alone (nbsp...) show nothing
                out.append(node("Para", inlines(n.children, opts)))
        elif isinstance(n, BulletList):
            out.append(node("BulletList", [blocks(i.blocks, opts) for i in n.items]))
        elif isinstance(n, OrderedList):
            style = [n.start, node("Decimal"), node("Period")]
            out.append(node("OrderedList", [style, [blocks(i.blocks, opts) for i in n.items]]))
        elif isinstance(n, ListItem):
            # A list item outside a list keeps its bullet rather than losing its marker.
            out.append(node("BulletList", [blocks(n.blocks, opts)]))
        elif isinstance(n, BlockQuote):
            out.append(node("BlockQuote", blocks(n.blocks, opts)))
        elif isinstance(n, CodeBlock):
            classes = [n.language] if _LANG_SAFE.match(n.language) else []
            out.append(node("CodeBlock", [attr(classes=classes), clean_text(n.text)]))
        elif isinstance(n, Table):
            out.extend(_table(n, opts))
        elif isinstance(n, Image):
            out.extend(_figure(n, opts))
        elif isinstance(n, HorizontalRule):
            out.append(node("HorizontalRule"))
        else:
            unknown_node(n)
    return out


def heading_shown(heading: Heading, drop_empty_sections: bool = True) -> bool:
    """Whether :func:`blocks` keeps ``heading``: not when its section is empty (and those are
    dropped), nor when it has no visible text (a blank entry in a table of contents; its
    content then continues the section before)."""
    return not (heading.empty and drop_empty_sections) and bool(inline_text(heading.children).strip())


def cell(blocks_: list[Node], *, colspan: int = 1, align: str = "", classes: Iterable[str] = ()) -> list[Any]:
    """A pandoc table ``Cell``."""
    return [attr(classes=classes), node(_ALIGN.get(align, "AlignDefault")), 1, colspan, blocks_]


def row(cells: list[list[Any]], classes: Iterable[str] = ()) -> list[Any]:
    """A pandoc table ``Row``."""
    return [attr(classes=classes), cells]


def table(
    columns: int, head_rows: list[list[Any]], bodies: list[list[Any]], *,
    caption: list[Node] | None = None, classes: Iterable[str] = (),
) -> Node:
    """A pandoc ``Table`` with default column widths; ``bodies`` from :func:`table_body`."""
    colspecs = [[node("AlignDefault"), node("ColWidthDefault")] for _ in range(columns)]
    cap = [None, [node("Plain", caption)] if caption else []]
    return node("Table", [attr(classes=classes), cap, colspecs, [attr(), head_rows], bodies, [attr(), []]])


def table_body(rows: list[list[Any]], *, head: list[list[Any]] | None = None, row_heads: int = 0) -> list[Any]:
    """A pandoc ``TableBody``: ``head`` rows are an intermediate header, ``row_heads``
    leading columns of each row are row headers (``<th>``)."""
    return [attr(), row_heads, head or [], rows]


def _table(t: Table, opts: AstOptions) -> list[Node]:
    if t.columns <= 0 or not (t.head or t.body):
        return []

    def cells(r: tuple[TableCell, ...]) -> list[list[Any]]:
        return [cell(_plain(inlines(c.children, opts)), align=c.align) for c in r]

    head = [row(cells(r)) for r in t.head]
    body = [row(cells(r)) for r in t.body]
    caption = inlines(t.caption, opts) if t.caption else None
    return [table(t.columns, head, [table_body(body)] if body else [], caption=caption, classes=["wikitable"])]


def _plain(content: list[Node]) -> list[Node]:
    return [node("Plain", content)] if content else []


def image_inline(source: str, alt: str, classes: Iterable[str] = ()) -> Node:
    """An ``Image`` inline whose description (the alt text) is ``alt``."""
    return node("Image", [attr(classes=classes), text_inlines(alt), [source, ""]])


def _figure(img: Image, opts: AstOptions) -> list[Node]:
    source = opts.image(img.file)
    caption = inlines(img.caption, opts)
    if source is None:
        # No local copy: the caption is article text all the same, kept as the PDF and
        # wikitext keep it (it was dropped here, and the reader lost it in EPUB and DOCX).
        return [node("Div", [attr(classes=["caption-only"]), [node("Para", caption)]])] if caption else []
    # The caption is shown with the figure: a screen reader must not read it twice.
    alt = required_alt(img.alt if img.alt.strip() != inline_text(img.caption).strip() else "", img.file)
    body = [node("Plain", [image_inline(source, alt)])]
    return [node("Figure", [attr(), [None, _plain(caption)], body])]


# --------------------------------------------------------------------------- infoboxes

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
        out = _plain(text_inlines(value.text))
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
        acc.band(row([cell(_plain(inls), colspan=full, classes=[cls])]))

    if lay.subtitle is not None:
        sub = value_inlines(lay.subtitle, opts)
        if lay.subtitle_prefix:
            sub = text_inlines(lay.subtitle_prefix + " ") + sub
        acc.add(row([cell(_plain(sub), colspan=full, classes=["infobox-subheader"])]), 0)
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
            label = cell(_plain(text_inlines(r.label)), classes=["infobox-label"])
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


# --------------------------------------------------------------------------- articles


def article_blocks(doc: Document, opts: AstOptions) -> list[Node]:
    """One article: title (level 1, id = ``opts.id_prefix`` or ``title``), the short
    description, each infobox as a table, then the body."""
    out: list[Node] = []
    if opts.include_title:
        ident = opts.id_prefix.rstrip("-_") or "title"
        out.append(node("Header", [1, attr(ident), text_inlines(one_line(doc.meta.title) or "Untitled")]))
    if doc.meta.short_description:
        out.append(node("Div", [attr(classes=["shortdescription"]), [node("Para", text_inlines(doc.meta.short_description))]]))
    boxes = [b for box in doc.infoboxes for b in infobox_blocks(box, opts)]
    if opts.lead_image and not any(opts.image(drawn_layout(box).image) for box in doc.infoboxes) \
            and not body_shows(doc, doc.meta.image_file):
        source = opts.image(doc.meta.image_file)
        if source is not None:
            figure = [node("Plain", [image_inline(source, doc.meta.title)])]
            out.append(node("Figure", [attr(classes=["lead-image"]), [None, []], figure]))
    out.extend(boxes)
    out.extend(blocks(doc.body, opts))
    return out


# --------------------------------------------------------------------------- metadata & document


def meta_string(value: str) -> Node:
    """A machine value (language code, path, identifier)."""
    return node("MetaString", clean_text(value))


def meta_inlines(text: str) -> Node:
    """Human-readable text (title, description): plain ``Str`` nodes, never parsed."""
    return node("MetaInlines", text_inlines(text))


def meta(value: Any) -> Node:
    """A pandoc ``MetaValue`` from Python data: ``str`` -> MetaString, ``bool`` -> MetaBool,
    lists and mappings recursively; a ready pandoc node (``{"t": "Meta..."}``) as is."""
    if isinstance(value, Mapping):
        if str(value.get("t", "")).startswith("Meta"):
            return dict(value)
        return node("MetaMap", {str(k): meta(v) for k, v in value.items()})
    if isinstance(value, bool):
        return node("MetaBool", value)
    if isinstance(value, str):
        return meta_string(value)
    if isinstance(value, (list, tuple)):
        return node("MetaList", [meta(v) for v in value])
    raise TypeError(f"cannot make pandoc metadata from {type(value).__name__}")


def document(body: list[Node], metadata: Mapping[str, Any]) -> dict[str, Any]:
    """A complete pandoc document; ``metadata`` values go through :func:`meta`."""
    return {
        "pandoc-api-version": list(API_VERSION),
        "meta": {str(k): meta(v) for k, v in metadata.items()},
        "blocks": body,
    }


def dumps(ast: Mapping[str, Any]) -> bytes:
    """Compact UTF-8 JSON as pandoc reads it."""
    return json.dumps(ast, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


__all__ = [
    "API_VERSION", "AstOptions", "attr", "node", "clean_text", "class_name", "text_inlines",
    "inlines", "blocks", "cell", "row", "table", "table_body", "image_inline", "article_blocks", "heading_shown",
    "infobox_blocks", "value_blocks", "value_inlines", "inline_text_of", "meta_string", "meta_inlines", "meta", "document", "dumps",
]
