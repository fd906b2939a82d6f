"""An article's body as pandoc nodes: :class:`AstOptions`, then model inlines and blocks.

Each model node kind maps to one pandoc shape here, and a kind this module does not know
raises (:func:`~convert.model.unknown_node`) rather than vanishing from EPUB and DOCX.
Infoboxes are laid out in :mod:`convert.writers.pandoc.infobox`; whole articles in
:mod:`convert.writers.pandoc.ast`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from convert.model import (
    Block, BlockQuote, Bold, BulletList, Code, CodeBlock, ExternalLink, Heading, HorizontalRule, Image, Inline,
    Italic, LineBreak, Link, ListItem, OrderedList, Paragraph, Table, TableCell, Text, inline_text, unknown_node,
)
from convert.wiki import wiki_url
from convert.writers.common.images import required_alt
from convert.writers.pandoc.nodes import (
    Node, attr, cell, clean_text, code_pieces, image_inline, node, plain, row, table, table_body, text_inlines,
)

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
            out.extend(node("Code", [attr(), piece]) for piece in code_pieces(clean_text(n.text)))
        elif isinstance(n, Link):
            out.append(node("Link", [attr(classes=["wikilink"]), inlines(n.children, opts), [opts.href(n), ""]]))
        elif isinstance(n, ExternalLink):
            out.append(node("Link", [attr(classes=["external"]), inlines(n.children, opts), [clean_text(n.url), ""]]))
        elif isinstance(n, LineBreak):
            out.append(node("LineBreak"))
        else:
            unknown_node(n)
    return out


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


def _table(t: Table, opts: AstOptions) -> list[Node]:
    if t.columns <= 0 or not (t.head or t.body):
        return []

    def cells(r: tuple[TableCell, ...]) -> list[list[Any]]:
        return [cell(plain(inlines(c.children, opts)), align=c.align) for c in r]

    head = [row(cells(r)) for r in t.head]
    body = [row(cells(r)) for r in t.body]
    caption = inlines(t.caption, opts) if t.caption else None
    return [table(t.columns, head, [table_body(body)] if body else [], caption=caption, classes=["wikitable"])]


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
    return [node("Figure", [attr(), [None, plain(caption)], body])]


__all__ = ["AstOptions", "inlines", "blocks", "heading_shown"]
