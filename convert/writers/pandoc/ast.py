"""The document model as a pandoc JSON AST (shared by the EPUB, DOCX and HTML writers).

pandoc reads this with ``-f json`` (or ``pandoc.read(s, "json")`` in the batch driver), so
nothing in an article is ever parsed as Markdown, HTML or LaTeX: article text only ever
becomes ``Str`` nodes, and no module here emits ``RawBlock``/``RawInline``.

This module puts one article together (:func:`article_blocks`: title heading, short
description, infoboxes, body). The parts live in their own modules:

* :mod:`convert.writers.pandoc.nodes` - builders of pandoc nodes as plain data
  (:func:`~convert.writers.pandoc.nodes.text_inlines`, ``cell``, ``row``, ``table``,
  ``image_inline``, ``attr``, ``node``), metadata and the whole document
  (``meta``, ``meta_inlines``, ``meta_string``, ``document``, ``dumps``, ``API_VERSION``).
* :mod:`convert.writers.pandoc.body` - :class:`~convert.writers.pandoc.body.AstOptions`
  (what differs between writers and between books) and the model's inlines and blocks.
* :mod:`convert.writers.pandoc.infobox` - an :class:`~convert.model.Infobox` as a pandoc
  ``Table`` with class ``infobox``.

The names of those modules stay importable from here (the stable public API of this
package, additive changes only); code inside ``convert`` imports them from their homes.
"""

from __future__ import annotations

from convert.model import Document
from convert.writers.common.images import body_shows
from convert.writers.common.layout import drawn_layout
from convert.writers.pandoc.body import AstOptions, blocks, heading_shown, inlines
from convert.writers.pandoc.infobox import infobox_blocks, inline_text_of, value_blocks, value_inlines
from convert.writers.pandoc.nodes import (
    API_VERSION, Attr, Node, attr, cell, class_name, clean_text, document, dumps, image_inline, meta, meta_inlines,
    meta_string, node, one_line, row, table, table_body, text_inlines,
)


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


__all__ = [
    "API_VERSION", "AstOptions", "Attr", "Node", "attr", "node", "clean_text", "one_line", "class_name",
    "text_inlines", "inlines", "blocks", "cell", "row", "table", "table_body", "image_inline", "article_blocks",
    "heading_shown", "infobox_blocks", "value_blocks", "value_inlines", "inline_text_of", "meta_string",
    "meta_inlines", "meta", "document", "dumps",
]
