"""The document model: what the front end decides once and every writer renders.

Frozen, slotted dataclasses with their generated ``__init__`` (so ``__post_init__`` may
check a node); no I/O and no knowledge of any output format. Blocks and inlines are closed unions: a writer
dispatches on the class and raises on a kind it does not know (see :func:`unknown_node`),
so a new node kind can never be dropped silently.

``Document.to_dict()`` / ``Document.from_dict()`` round-trip exactly: every node is a
mapping with a ``"kind"`` key naming its class, tuples become lists and back.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal, Mapping, NoReturn, Union


# --------------------------------------------------------------------------- inlines


@dataclass(frozen=True, slots=True)
class Text:
    """A run of plain text, exactly as the reader must see it (never markup)."""

    text: str


@dataclass(frozen=True, slots=True)
class Bold:
    """Strong emphasis around ``children``."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Italic:
    """Emphasis around ``children``."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Code:
    """Inline code (monospace), text shown verbatim."""

    text: str


@dataclass(frozen=True, slots=True)
class Link:
    """An internal wiki link.

    ``page`` is the target title normalised to spaces (``Homs Governorate``), ``anchor``
    the optional section (``#History`` without the ``#``), ``children`` what the reader sees.
    """

    page: str
    children: tuple[Inline, ...]
    anchor: str | None = None


@dataclass(frozen=True, slots=True)
class ExternalLink:
    """A link to an ``http``/``https``/``mailto`` URL (other schemes never reach the model)."""

    url: str
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class LineBreak:
    """A hard line break inside a paragraph or an infobox value."""


Inline = Union[Text, Bold, Italic, Code, Link, ExternalLink, LineBreak]
INLINE_KINDS: tuple[type, ...] = (Text, Bold, Italic, Code, Link, ExternalLink, LineBreak)

# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading.

    ``level`` is 2 for a top-level section (``##``), as on Wikipedia where level 1 is the
    title. ``id`` is unique within the document. ``empty`` is true when the section,
    subsections included, holds no content (writers that drop empty sections use it).
    """

    level: int
    id: str
    children: tuple[Inline, ...]
    empty: bool = False


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of inlines."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class ListItem:
    """One item of a list; may hold nested lists among its blocks."""

    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class BulletList:
    """An unordered list."""

    items: tuple[ListItem, ...]


@dataclass(frozen=True, slots=True)
class OrderedList:
    """A numbered list starting at ``start``."""

    items: tuple[ListItem, ...]
    start: int = 1


@dataclass(frozen=True, slots=True)
class BlockQuote:
    """A quotation."""

    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class CodeBlock:
    """Preformatted text."""

    text: str
    language: str = ""


@dataclass(frozen=True, slots=True)
class TableCell:
    """One cell; ``align`` is ``""``, ``"left"``, ``"center"`` or ``"right"``."""

    children: tuple[Inline, ...]
    align: str = ""


@dataclass(frozen=True, slots=True)
class Table:
    """A table. ``head`` rows are header rows (repeated across pages by paged writers).

    Every row of ``head`` and ``body`` has exactly ``columns`` cells (the front end pads).
    """

    head: tuple[tuple[TableCell, ...], ...]
    body: tuple[tuple[TableCell, ...], ...]
    columns: int
    caption: tuple[Inline, ...] = ()


@dataclass(frozen=True, slots=True)
class Image:
    """A figure. ``file`` is the bare file name (``Foo.jpg``), never fetched from ``src``.

    ``namespace`` and ``options``: how a file link the seed's converter left as wikitext
    wrote it (``Datei``; ``90px``, ``frameless``, ``upright=1.15``, ``alt=...``, in order,
    the caption apart): the wikitext writer writes that link back, the other writers draw
    the picture at their own size. Empty for an image of the Markdown body."""

    file: str
    alt: str
    caption: tuple[Inline, ...] = ()
    src: str = ""
    namespace: str = ""
    options: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class HorizontalRule:
    """A thematic break."""


Block = Union[
    Heading, Paragraph, BulletList, OrderedList, ListItem, BlockQuote, CodeBlock, Table, Image,
    HorizontalRule,
]
BLOCK_KINDS: tuple[type, ...] = (
    Heading, Paragraph, BulletList, OrderedList, ListItem, BlockQuote, CodeBlock, Table, Image,
    HorizontalRule,
)

# --------------------------------------------------------------------------- infoboxes


@dataclass(frozen=True, slots=True)
class FieldValue:
    """An infobox value as rich text.

    ``text`` is the sentence text as written in the seed (the round-trip reference);
    ``blocks`` is the same text as :class:`Paragraph` and :class:`BulletList` blocks with
    links and bold/italic placed; ``number`` is wtf_wikipedia's parsed number, if any.
    """

    text: str
    blocks: tuple[Block, ...]
    number: int | float | None = None


@dataclass(frozen=True, slots=True)
class InfoboxField:
    """One ``name = value`` parameter, in source order; ``line`` is its line in the seed."""

    name: str
    value: FieldValue
    line: int = 0


@dataclass(frozen=True, slots=True)
class HeaderRow:
    """A group header band across the box (``Belligerents``)."""

    label: str


@dataclass(frozen=True, slots=True)
class DataRow:
    """A ``label | value`` row. ``field`` names the parameter it shows.

    ``continues`` marks a row that goes on with the value of the row above, under the same
    label (``Born``: name, then date, then place): its ``label`` is ``""`` and writers draw
    its value in the cell above, as Wikipedia does. A row whose label is ``""`` without
    ``continues`` is a value spanning the box (an officeholder's ``order``)."""

    label: str
    field: str
    value: FieldValue
    continues: bool = False


ColumnsRole = Literal["sides", "table"]


@dataclass(frozen=True, slots=True)
class ColumnsRow:
    """Side-by-side cells; ``fields`` parallel ``values``.

    ``role`` says what the cells are (not ``kind``: that key names a node's class in
    :meth:`Document.to_dict`), decided by the infobox layout so no writer guesses:
    ``"sides"``, one parameter numbered per side (``combatant1 | combatant2``: equal
    columns, as Wikipedia divides a conflict's sides), or ``"table"``, one row of a table
    of several parameters sharing a number (a career's ``years1 | clubs1 | caps1``:
    consecutive table rows of the same width are one grid whose columns line up).
    A cell with no value is the empty string in ``fields`` and ``None`` in ``values``.
    """

    fields: tuple[str, ...]
    values: tuple[FieldValue | None, ...]
    label: str = ""
    role: ColumnsRole = "sides"


@dataclass(frozen=True, slots=True)
class FullRow:
    """A value spanning the whole width of the box (``casualties3``)."""

    field: str
    value: FieldValue
    label: str = ""


LayoutRow = Union[HeaderRow, DataRow, ColumnsRow, FullRow]


@dataclass(frozen=True, slots=True)
class InfoboxLayout:
    """How to draw an infobox, decided once so writers need no template knowledge.

    ``title`` is the box heading, ``subtitle`` a line under it (``Part of ...``),
    ``image`` the bare image file name (or ``""``) with its ``caption``, ``rows`` in display
    order. Presentation-only parameters (``map_size``...) appear nowhere in the layout.
    """

    title: FieldValue | None
    subtitle: FieldValue | None
    image: str
    caption: FieldValue | None
    rows: tuple[LayoutRow, ...]
    subtitle_prefix: str = ""


@dataclass(frozen=True, slots=True)
class Infobox:
    """An infobox: its fields as written plus the inferred template and its layout.

    ``template`` is the template name without ``Infobox `` as Wikipedia spells it
    (``military conflict``), or ``""`` when inference fell back to the generic box;
    ``template_name`` is what to write inside ``{{...}}`` (``Infobox military conflict``,
    or ``Infobox``); ``confidence`` is in ``[0, 1]``.
    """

    fields: tuple[InfoboxField, ...]
    template: str
    template_name: str
    confidence: float
    layout: InfoboxLayout | None
    """How the box is drawn; ``None`` when the document was read for writers that draw
    none (``LoadOptions.layout``; wikitext writes the fields). Writers that draw boxes
    refuse such a document (:func:`convert.writers.common.layout.drawn_layout`) rather
    than draw an empty box or none."""
    line: int = 0

    def get(self, name: str) -> FieldValue | None:
        """The value of parameter ``name``, or ``None``."""
        for f in self.fields:
            if f.name == name:
                return f.value
        return None


# --------------------------------------------------------------------------- document


@dataclass(frozen=True, slots=True)
class Metadata:
    """What a reader's catalogue shows about the article.

    ``image`` is the front matter's ``img`` URL as written (never fetched);
    ``image_file`` its bare, decoded file name (``Foo bar.jpg``) for local lookup;
    ``source_url`` the Wikipedia page; ``licence``/``licence_url`` the text licence.
    """

    title: str
    short_description: str = ""
    description: str = ""
    author: str = ""
    image: str = ""
    image_file: str = ""
    lang: str = "en"
    source_url: str = ""
    licence: str = "CC BY-SA 4.0"
    licence_url: str = "https://creativecommons.org/licenses/by-sa/4.0/"


@dataclass(frozen=True, slots=True)
class Document:
    """One article: metadata, infoboxes and body blocks; ``source`` is the input path.

    ``lines`` is the seed line of each block of ``body`` (parallel to it), so a writer's
    warning about a block says where it is; empty for a document built without a source.
    """

    meta: Metadata
    infoboxes: tuple[Infobox, ...] = ()
    body: tuple[Block, ...] = ()
    source: str = ""
    lines: tuple[int, ...] = ()

    def line_of(self, index: int) -> int:
        """The seed line of ``body[index]``, 0 when unknown."""
        return self.lines[index] if 0 <= index < len(self.lines) else 0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping; :meth:`from_dict` rebuilds an equal Document."""
        return _dump(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Document:
        """Rebuild a Document from :meth:`to_dict` output."""
        doc = _load(data)
        if not isinstance(doc, Document):
            raise ValueError("not a Document mapping")
        return doc


# --------------------------------------------------------------------------- helpers

_KINDS: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        *INLINE_KINDS, *BLOCK_KINDS, TableCell, FieldValue, InfoboxField, HeaderRow, DataRow, ColumnsRow,
        FullRow, InfoboxLayout, Infobox, Metadata, Document,
    )
}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in dataclasses.fields(cls)) for cls in _KINDS.values()
}


def _dump(value: Any) -> Any:
    names = _FIELD_NAMES.get(type(value))
    if names is not None:
        out: dict[str, Any] = {"kind": type(value).__name__}
        for name in names:
            out[name] = _dump(getattr(value, name))
        return out
    if isinstance(value, tuple):
        return [_dump(v) for v in value]
    return value


def _load(value: Any) -> Any:
    if isinstance(value, Mapping):
        cls = _KINDS.get(str(value.get("kind")))
        if cls is None:
            raise ValueError(f"unknown node kind {value.get('kind')!r}")
        names = {f.name for f in dataclasses.fields(cls)}
        extra = set(value) - names - {"kind"}
        if extra:
            raise ValueError(f"unknown keys for {cls.__name__}: {sorted(extra)}")
        return cls(**{k: _load(v) for k, v in value.items() if k != "kind"})
    if isinstance(value, list):
        return tuple(_load(v) for v in value)
    return value


def unknown_node(node: object) -> NoReturn:
    """Raise for a node kind a writer does not handle (never drop content silently)."""
    raise TypeError(f"writer does not handle node kind {type(node).__name__}")


def inline_text(nodes: tuple[Inline, ...]) -> str:
    """The visible text of inlines (a line break is ``\\n``)."""
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, (Text, Code)):
            parts.append(node.text)
        elif isinstance(node, LineBreak):
            parts.append("\n")
        elif isinstance(node, (Bold, Italic, Link, ExternalLink)):
            parts.append(inline_text(node.children))
        else:
            unknown_node(node)
    return "".join(parts)


def block_text(blocks: tuple[Block, ...]) -> str:
    """The visible text of blocks, one line per paragraph, list item or table row."""
    lines: list[str] = []
    for node in blocks:
        if isinstance(node, (Heading, Paragraph)):
            lines.append(inline_text(node.children))
        elif isinstance(node, (BulletList, OrderedList)):
            lines.extend(block_text(i.blocks) for i in node.items)
        elif isinstance(node, (ListItem, BlockQuote)):
            lines.append(block_text(node.blocks))
        elif isinstance(node, CodeBlock):
            lines.append(node.text)
        elif isinstance(node, Table):
            for row in node.head + node.body:
                lines.append(" ".join(inline_text(c.children) for c in row))
        elif isinstance(node, Image):
            lines.append(inline_text(node.caption) or node.alt)
        elif isinstance(node, HorizontalRule):
            continue
        else:
            unknown_node(node)
    return "\n".join(lines)


__all__ = [
    "Text", "Bold", "Italic", "Code", "Link", "ExternalLink", "LineBreak", "Inline",
    "Heading", "Paragraph", "ListItem", "BulletList", "OrderedList", "BlockQuote", "CodeBlock",
    "TableCell", "Table", "Image", "HorizontalRule", "Block", "FieldValue", "InfoboxField",
    "HeaderRow", "DataRow", "ColumnsRow", "ColumnsRole", "FullRow", "LayoutRow", "InfoboxLayout", "Infobox",
    "Metadata", "Document", "unknown_node", "inline_text", "block_text",
    "INLINE_KINDS", "BLOCK_KINDS",
]
