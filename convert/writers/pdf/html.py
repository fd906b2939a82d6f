"""Model -> HTML fragments for the PDF writer (the templates arrange them on pages).

Every character of article text reaches the HTML through :func:`text_html`, and every
attribute value or link target through :func:`attr_html`: those two are the only places
that escape. Nothing an article says ever becomes a URL that WeasyPrint fetches: image
sources come from a resolver that only knows files of the local images folder, and the
article's ids are replaced by ids numbered here.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable, Iterable

from markupsafe import Markup, escape

from convert.model import (
    Block, BlockQuote, Bold, BulletList, Code, CodeBlock, ExternalLink, FieldValue, Heading,
    HorizontalRule, Image, Inline, Italic, LineBreak, Link, ListItem, OrderedList, Paragraph, Table,
    TableCell, Text, inline_text, unknown_node,
)
from convert.scripts import RIGHT_TO_LEFT, ranges_class
from convert.wiki import wiki_url
from convert.writers.common.links import BookLinks
from convert.writers.common.scripts import language_runs
from convert.writers.common.images import required_alt

ImageResolver = Callable[[str], "str | None"]
"""Bare file name -> the URL the fetcher will serve for it, or ``None`` when not available."""

# Characters HTML cannot carry (C0/C1 controls, lone surrogates, non-characters).
_BAD_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
# A pair of regional indicators is a flag emoji; no installed font draws them, so they
# are shown as the two-letter country code instead of two empty boxes.
_FLAG = re.compile("([\U0001F1E6-\U0001F1FF])([\U0001F1E6-\U0001F1FF])?")
_RTL = ranges_class(RIGHT_TO_LEFT)
# A right-to-left run: RTL letters with the spaces and marks between them.
_RTL_RUN = re.compile(f"[{_RTL}](?:[{_RTL}\\s\u200c\u200d]*[{_RTL}])?")
# WeasyPrint breaks an overlong word (overflow-wrap) in time quadratic in its length: a
# 100,000-letter "word" takes many minutes. Runs longer than any line get invisible break
# opportunities instead; shorter ones (URLs, compounds) are left to CSS.
_LONG_RUN, _CHUNK = 120, 20
_MAX_DEPTH = 8
_LONG = re.compile(f"\\S{{{_LONG_RUN},}}")
_ALLOWED_SCHEMES = ("http://", "https://", "mailto:", "#")
_STRONG_RTL = re.compile(f"[{_RTL}]")
# Unicode's line and paragraph separators: line breaks (a <br> in HTML).
_SEPARATORS = re.compile("[\u2028\u2029]")


def _flag(match: re.Match[str]) -> str:
    code = "".join(chr(ord(c) - 0x1F1E6 + ord("A")) for c in match.groups() if c)
    return f'<span class="flag">{code}</span>'


def _break_long(match: re.Match[str]) -> str:
    word = match.group()
    return "\u200b".join(word[i : i + _CHUNK] for i in range(0, len(word), _CHUNK))


def text_html(text: str) -> Markup:
    """Article text as HTML text: escaped, unencodable characters dropped, flags spelled out,
    break opportunities (U+200B) inside runs too long for any line, U+2028/9 as ``<br>``.
    Markup, so not for ``<title>`` (see :func:`attr_html`)."""
    clean = _BAD_CHARS.sub("", text)
    if len(clean) >= _LONG_RUN:
        clean = _LONG.sub(_break_long, clean)
    escaped = str(escape(clean))
    if "\U0001F1E6" <= max(escaped, default="\0"):
        escaped = _FLAG.sub(_flag, escaped)
    if "\u2028" in escaped or "\u2029" in escaped:
        # Pango breaks the line there but also draws a missing-glyph box, and WeasyPrint
        # 70 fails an assertion on a space before U+2029 (the whole PDF was lost).
        escaped = _SEPARATORS.sub("<br>", escaped)
    return Markup(escaped)


def attr_html(value: str, *, url: bool = False) -> Markup:
    """A value for an HTML attribute (``id``, ``href``, ``alt``...) or ``<title>``, escaped.

    With ``url=True`` only ``http``, ``https``, ``mailto`` and in-document ``#id`` targets
    pass; anything else (``javascript:``, ``file:``, relative paths, which WeasyPrint would
    resolve against a local folder) gives the empty string, and callers draw no link.
    """
    clean = _BAD_CHARS.sub("", value)
    if url and (not clean.lower().startswith(_ALLOWED_SCHEMES) or clean == "#"):
        return Markup("")
    return escape(clean)


def direction(text: str) -> str:
    """``rtl`` when the first strongly directional letter is Hebrew/Arabic/..., else ``ltr``."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


MAX_TABLE_CELLS = 8_000
"""Table cells drawn per article. WeasyPrint spends about 6 ms and 30 KB on each (a 258 KB
table took 1.4 GB): the rows past the limit are named, not drawn, with a warning."""

BOOK_LINK = "https://book.invalid/#"
"""Stands for a jump to another piece of the same book (``.invalid`` never resolves): a
link to an article laid out in another piece is written so, and made an in-book jump when
the pieces are put together (WeasyPrint drops links to ids it does not have)."""


class HtmlBuilder:
    """Renders one article's blocks and infoboxes; ids are prefixed with ``prefix``."""

    def __init__(
        self, lang: str, prefix: str, links: BookLinks, resolve_image: ImageResolver, source: int = 0,
        here: frozenset[str] | None = None,
    ) -> None:
        self.lang = lang
        self.prefix = prefix
        self.links = links
        self.here = here
        """Ids of the articles laid out in this piece of a book (``None``: the whole document)."""
        self.source = source
        """This article's index in ``links`` (links without a page stay in it)."""
        self.resolve_image = resolve_image
        self.images_shown: list[str] = []
        """File names of images actually placed (for the attribution)."""
        self.depth = 0
        self.warnings: list[tuple[int, str]] = []
        """(source line, message) of what could not be drawn as written."""
        """How many lists and quotes enclose the blocks being rendered (see _flat_items)."""
        self.cells_left = MAX_TABLE_CELLS

    # ------------------------------------------------------------------ inlines

    def inlines(self, nodes: Iterable[Inline], isolate: bool = False) -> Markup:
        """Inline nodes as HTML; ``isolate`` wraps right-to-left runs in ``<bdi>``."""
        out: list[str] = []
        for node in nodes:
            if isinstance(node, Text):
                out.append(self.text(node.text, isolate))
            elif isinstance(node, Bold):
                out.append(f"<b>{self.inlines(node.children, isolate)}</b>")
            elif isinstance(node, Italic):
                out.append(f"<i>{self.inlines(node.children, isolate)}</i>")
            elif isinstance(node, Code):
                out.append(f"<code>{text_html(node.text)}</code>")
            elif isinstance(node, Link):
                target = self.link_target(node)
                cls = "internal" if target.startswith(("#", BOOK_LINK)) else "wiki"
                out.append(self.anchor(target, cls, self.inlines(node.children, isolate)))
            elif isinstance(node, ExternalLink):
                out.append(self.anchor(node.url, "external", self.inlines(node.children, isolate)))
            elif isinstance(node, LineBreak):
                out.append("<br>")
            else:
                unknown_node(node)
        return Markup("".join(out))

    @staticmethod
    def anchor(url: str, cls: str, content: Markup) -> str:
        """A link, or just its content when the URL is not one a reader may follow."""
        href = attr_html(url, url=True)
        return f'<a class="{cls}" href="{href}">{content}</a>' if href else str(content)

    def text(self, text: str, isolate: bool) -> Markup:
        """Text as HTML. A run in another script than the article's (an Arabic name in an
        English article, a Japanese phrase) is a ``<span lang>``: tagged with its language
        in the PDF and set in that language's face (print.css). With ``isolate`` (infobox
        values), each right-to-left run is a ``<bdi dir="rtl">`` so it keeps its own order
        beside Latin text."""
        if text.isascii():
            return text_html(text)
        parts: list[str] = []
        for piece, lang in language_runs(text, self.lang):
            if lang is None:
                parts.append(self._rtl_isolated(piece) if isolate else text_html(piece))
            elif lang in ("ar", "he") and isolate:
                parts.append(f'<bdi dir="rtl" lang="{lang}">{text_html(piece)}</bdi>')
            else:
                parts.append(f'<span lang="{lang}">{text_html(piece)}</span>')
        return Markup("".join(parts))

    @staticmethod
    def _rtl_isolated(text: str) -> str:
        """Right-to-left runs (of the article's own script) as ``<bdi dir="rtl">``."""
        if not _STRONG_RTL.search(text):
            return text_html(text)
        parts: list[str] = []
        pos = 0
        for run in _RTL_RUN.finditer(text):
            parts.append(text_html(text[pos : run.start()]))
            parts.append(f'<bdi dir="rtl">{text_html(run.group())}</bdi>')
            pos = run.end()
        parts.append(text_html(text[pos:]))
        return "".join(parts)

    def link_target(self, link: Link) -> str:
        """``#id`` for a place in this book (ids are ``a<n>`` and ``a<n>-<heading id>``),
        :data:`BOOK_LINK` + id for one laid out in another piece, else the Wikipedia URL."""
        found = self.links.resolve(link, self.source)
        if found is None:
            return wiki_url(self.lang, link.page, link.anchor)
        start = f"a{found.article + 1}"
        target = f"{start}-{found.section}" if found.section else start
        return "#" + target if self.here is None or start in self.here else BOOK_LINK + target

    # ------------------------------------------------------------------ blocks

    def blocks(self, nodes: Iterable[Block], isolate: bool = False) -> Markup:
        """Body blocks as HTML; empty sections are left out."""
        out: list[str] = []
        for node in nodes:
            if isinstance(node, Heading):
                if not node.empty:
                    out.append(self.heading(node))
            elif isinstance(node, Paragraph):
                out.append(f"<p>{self.inlines(node.children, isolate)}</p>")
            elif isinstance(node, BulletList):
                out.append(f"<ul>{self.items(node.items, isolate)}</ul>")
            elif isinstance(node, OrderedList):
                start = f' start="{int(node.start)}"' if node.start != 1 else ""
                out.append(f"<ol{start}>{self.items(node.items, isolate)}</ol>")
            elif isinstance(node, ListItem):
                out.append(f"<div>{self.blocks(node.blocks, isolate)}</div>")
            elif isinstance(node, BlockQuote):
                self.depth += 1
                inner = self.blocks(node.blocks, isolate)
                self.depth -= 1
                # Quotes nested past any sensible depth add no further box (see _flat_items).
                out.append(inner if self.depth >= _MAX_DEPTH else f"<blockquote>{inner}</blockquote>")
            elif isinstance(node, CodeBlock):
                out.append(f"<pre>{text_html(node.text)}</pre>")
            elif isinstance(node, Table):
                out.append(self.table(node))
            elif isinstance(node, Image):
                out.append(self.figure(node.file, node.caption, node.alt))
            elif isinstance(node, HorizontalRule):
                out.append("<hr>")
            else:
                unknown_node(node)
        return Markup("\n".join(out))

    def heading(self, node: Heading) -> str:
        level = min(max(node.level, 2), 6)
        # A heading without an id (a model from elsewhere) gets none: the bare prefix on
        # two of them was an anchor defined twice.
        ident = f' id="{attr_html(self.heading_id(node))}"' if node.id else ""
        return f"<h{level}{ident}>{self.inlines(node.children)}</h{level}>"

    def heading_id(self, node: Heading) -> str:
        """The heading's id in this book (the model's id, namespaced by article)."""
        return f"{self.prefix}-{node.id}"

    def items(self, items: tuple[ListItem, ...], isolate: bool) -> str:
        self.depth += 1
        try:
            if self.depth > _MAX_DEPTH:
                return "".join(self._flat_items(items, isolate))
            return "".join(self._item(item.blocks, isolate) for item in items)
        finally:
            self.depth -= 1

    def _item(self, blocks: tuple[Block, ...], isolate: bool) -> str:
        # A one-paragraph item is drawn without the paragraph's margins.
        if len(blocks) == 1 and isinstance(blocks[0], Paragraph):
            return f"<li>{self.inlines(blocks[0].children, isolate)}</li>"
        return f"<li>{self.blocks(blocks, isolate)}</li>"

    def _flat_items(self, items: tuple[ListItem, ...], isolate: bool) -> list[str]:
        """Items nested past any sensible depth, as one flat run of items: WeasyPrint
        paginates boxes nested a hundred deep one level per page, off the right edge."""
        out: list[str] = []
        for item in items:
            run: list[Block] = []
            for block in item.blocks:
                if isinstance(block, (BulletList, OrderedList)):
                    if run:
                        out.append(self._item(tuple(run), isolate))
                        run = []
                    out.extend(self._flat_items(block.items, isolate))
                else:
                    run.append(block)
            if run:
                out.append(self._item(tuple(run), isolate))
        return out

    def table(self, node: Table) -> str:
        wide = " wide" if node.columns > 6 else ""
        parts = [f'<table class="wikitable{wide}">']
        if node.caption:
            parts.append(f"<caption>{self.inlines(node.caption)}</caption>")
        if node.head:
            parts.append("<thead>")
            parts.extend(self.row(row, "th") for row in node.head)
            parts.append("</thead>")
        parts.append("<tbody>")
        width = max(1, node.columns)
        self.cells_left -= width * len(node.head)
        shown = min(len(node.body), max(0, self.cells_left // width))
        self.cells_left -= width * shown
        parts.extend(self.row(row, "td") for row in node.body[:shown])
        hidden = len(node.body) - shown
        if hidden:
            # (line 0: tables carry no line in the model)
            self.warnings.append((0, f"pdf: a table of {len(node.body)} rows: the {hidden} past the first "
                                     f"{shown} are not drawn (over {MAX_TABLE_CELLS} cells in the article)"))
            parts.append(f'<tr><td class="note" colspan="{width}">{hidden:,} more rows are not shown.</td></tr>')
        parts.append("</tbody></table>")
        return "".join(parts)

    def row(self, cells: tuple[TableCell, ...], tag: str) -> str:
        out = []
        for cell in cells:
            # Alignment is one of four known words, so it can be a class name.
            cls = f' class="al-{cell.align}"' if cell.align in ("left", "center", "right") else ""
            scope = ' scope="col"' if tag == "th" else ""
            out.append(f"<{tag}{cls}{scope}>{self.inlines(cell.children)}</{tag}>")
        return "<tr>" + "".join(out) + "</tr>"

    def figure(self, file: str, caption: tuple[Inline, ...], alt: str = "") -> str:
        """A figure; when the image is not available locally, only its caption remains."""
        src = self.resolve_image(file) if file else None
        cap = self.inlines(caption)
        if src is None:
            return f'<p class="caption-only">{cap}</p>' if cap else ""
        self.images_shown.append(file)
        # The caption is printed under the picture: a screen reader must not read it twice.
        alt_text = required_alt(alt if alt.strip() != inline_text(caption).strip() else "", file)
        figcap = f"<figcaption>{cap}</figcaption>" if cap else ""
        return (
            f'<figure class="thumb"><img src="{attr_html(src)}" alt="{attr_html(alt_text)}">'
            f"{figcap}</figure>"
        )

    # ------------------------------------------------------------------ infobox

    def value(self, value: FieldValue | None) -> Markup:
        """An infobox value, right-to-left runs isolated. Paragraphs become lines of one
        block (``Part of`` and its value share a line; fewer boxes to lay out); lists stay."""
        if value is None:
            return Markup("")
        if all(isinstance(b, Paragraph) for b in value.blocks):
            return Markup("<br>").join(
                self.inlines(b.children, isolate=True) for b in value.blocks  # type: ignore[union-attr]
            )
        return self.blocks(value.blocks, isolate=True)


def dir_of(value: FieldValue | None) -> str:
    """The ``dir`` attribute of an infobox value."""
    # "auto" tells other HTML engines to look at the content; WeasyPrint does not do
    # that, so right-to-left values are named outright.
    return "rtl" if value is not None and direction(value.text) == "rtl" else "auto"
