"""Block model nodes -> wikitext lines, for the article body and for infobox values.

Layout choices (what an editor expects to see):

* blocks are separated by a blank line; a heading's content starts on the next line;
* lists use ``*``/``#`` prefixes; a further paragraph of an item continues it as ``*:``
  (so ``#`` numbering goes on); an ordered list that does not start at 1 is written as
  ``<ol start="N">`` at the top level (wikitext ``#`` lists always count from 1; nested
  ones keep ``#`` and lose the start number);
* code blocks are ``<syntaxhighlight lang="...">`` when a language is given, else
  ``<pre>``; block quotes are ``<blockquote>``; images are ``[[File:Name|thumb|caption]]``;
* tables are ``{| class="wikitable"`` with one line per row (``!``/``!!`` header cells,
  ``|``/``||`` data cells); inside a template value, where ``|`` cannot be used, the
  same table is written with HTML table tags.
"""

from __future__ import annotations

import re

from convert.model import (
    Block, BlockQuote, Bold, BulletList, CodeBlock, Heading, HorizontalRule, Image, ListItem,
    OrderedList, Paragraph, Table, TableCell, Text, inline_text, unknown_node,
)
from convert.wiki import FILE_NAMESPACES
from convert.writers.wikitext import escape as esc
from convert.writers.wikitext.inline import InlineWriter, Warn

_LANG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9+#._-]{0,29}$")
# A caption equal to an image option ("left", "200px", "upright 1.2") would be read as
# that option and the image would have no caption.
_IMAGE_OPTION = re.compile(
    r"(?i)^(thumb|thumbnail|frame|framed|frameless|border|left|right|center|centre|none|"
    r"baseline|sub|super|top|text-top|middle|bottom|text-bottom|upright(\s*[0-9.]+)?|"
    r"[0-9]*(x[0-9]+)?\s*px|page\s*[0-9]+|lossy|lang\s*\S*)$"
)
_ALIGN = {"left": "left", "center": "center", "right": "right"}
# Lines our own markup starts with, for which a value begins on the line after "name =".
_BLOCK_START = ("*", "#", ":", ";", "=", "{|", "----")


# After "* " or "*: ", "----" and "== x ==" are text: a rule there is the HTML tag, and a
# heading (Markdown allows "* # Title") shows as bold text, as it looks without being a
# section of the article.
_ITEM_RULE = "<hr />"


def _in_item(block: Block) -> Block:
    """``block`` as it can stand inside a list item."""
    if isinstance(block, Heading):
        return Paragraph((Bold(block.children),))
    return block


class BlockWriter:
    """Renders blocks; ``inline.in_template`` switches to template-value escaping."""

    def __init__(self, warn: Warn) -> None:
        self.warn = warn
        self.inline = InlineWriter(warn)
        self.gaps: list[str] = []
        """While writing a value: what follows each list marker in its text, in order."""

    # ------------------------------------------------------------------ sequences
    def render(self, blocks: tuple[Block, ...] | list[Block]) -> str:
        """Blocks separated by blank lines; content follows its heading directly."""
        return join_chunks([(isinstance(b, Heading), self.block(b)) for b in blocks])

    def value(self, blocks: tuple[Block, ...], text: str = "") -> str:
        """An infobox value: lines of the value, escaped for a template parameter, its
        line layout kept from ``text``, the value's text as the seed wrote it: list
        markers without a blank (``*Houston Oilers``, see :func:`marker_gaps`), a picture
        after a blank line or not.

        A value that is one plain URL (``website = http://...``) is data the template
        uses as a URL, so it stays one; anywhere else a URL is plain text."""
        if len(blocks) == 1 and isinstance(blocks[0], Paragraph) and len(blocks[0].children) == 1:
            only = blocks[0].children[0]
            bare = only.text.strip() if isinstance(only, Text) else ""
            if esc.WHOLE_URL.fullmatch(bare) and esc.escape(bare, esc.TEMPLATE, urls=False) == bare:
                return bare
        self.inline.in_template = True
        self.gaps = marker_gaps(text)
        blank = _BLANK_LINE.search(text) is not None
        try:
            parts: list[tuple[Block, str]] = [(b, self.block(b)) for b in blocks]
        finally:
            self.inline.in_template = False
            self.gaps = []
        out = ""
        prev: Block | None = None
        for block, chunk in parts:
            if not chunk:
                continue
            if prev is not None:
                # One newline ends a list or starts one; two keep paragraphs (and two
                # lists of the same kind) apart, and a picture from text when the value
                # had a blank line (the picture is a block either way).
                same = (isinstance(block, type(prev)) and not isinstance(block, (Heading, Image))) or (
                    blank and isinstance(block, (Paragraph, Image)) and isinstance(prev, (Paragraph, Image)))
                out += "\n\n" if same else "\n"
            out += chunk
            prev = block
        return out

    # ------------------------------------------------------------------ blocks
    def block(self, node: Block) -> str:
        """One block as wikitext (possibly several lines, never a trailing newline)."""
        if isinstance(node, Paragraph):
            return self.inline.render(node.children, esc.TEXT, "\n", "\n", line_start=True)
        if isinstance(node, Heading):
            return self._heading(node)
        if isinstance(node, (BulletList, OrderedList)):
            return "\n".join(self._list(node, ""))
        if isinstance(node, ListItem):
            return "\n".join(self._item(node, "*"))
        if isinstance(node, BlockQuote):
            inner = self.render(node.blocks)
            if len(node.blocks) == 1 and isinstance(node.blocks[0], Paragraph):
                return f"<blockquote>{inner}</blockquote>"
            return f"<blockquote>\n{inner}\n</blockquote>"  # lists and tables need line starts
        if isinstance(node, CodeBlock):
            return self._code(node)
        if isinstance(node, Table):
            return self._html_table(node) if self.inline.in_template else self._table(node)
        if isinstance(node, Image):
            return self._image(node)
        if isinstance(node, HorizontalRule):
            return "----"
        unknown_node(node)

    def _heading(self, node: Heading) -> str:
        marks = "=" * min(6, max(1, node.level))
        text = self.inline.render(node.children, esc.HEADING, " ", " ")
        if not text.strip():
            self.warn("empty heading written as an empty <nowiki />")
            text = "<nowiki />"
        return f"{marks} {text} {marks}"

    def _code(self, node: CodeBlock) -> str:
        lang = node.language.strip()
        if lang and _LANG.match(lang) and "</syntaxhighlight" not in node.text.lower():
            # syntaxhighlight shows its content raw: no references needed (or possible).
            return f'<syntaxhighlight lang="{lang}">\n{node.text}\n</syntaxhighlight>'
        return esc.pre(node.text)

    # ------------------------------------------------------------------ lists
    def _list(self, node: BulletList | OrderedList, prefix: str) -> list[str]:
        if isinstance(node, OrderedList) and node.start != 1 and not prefix:
            return self._html_list(node)
        marker = prefix + ("*" if isinstance(node, BulletList) else "#")
        lines: list[str] = []
        for item in node.items:
            lines.extend(self._item(item, marker))
        return lines

    def _item(self, item: ListItem, marker: str) -> list[str]:
        blocks = [_in_item(b) for b in item.blocks]
        first = ""
        if blocks and isinstance(lead := blocks[0], Paragraph):
            # After "* " nothing is line-start markup any more (MediaWiki reads the run
            # of *#:; only), so the item text needs no line-start escaping.
            blocks.pop(0)
            first = self.inline.render(lead.children, esc.TEXT, " ", "\n").lstrip(" \t")
        elif blocks and isinstance(blocks[0], HorizontalRule):
            blocks.pop(0)
            first = _ITEM_RULE
        # ("*Houston Oilers" as the value wrote it; a "#" or ":" there would join the marker.)
        gap = self.gaps.pop(0) if self.gaps else " "
        if first[:1] in _MARKER_CHARS:
            gap = " "
        lines = [f"{marker}{gap}{first}" if first else marker]
        for block in blocks:
            if isinstance(block, (BulletList, OrderedList)):
                lines.extend(self._list(block, marker))
                continue
            chunk = _ITEM_RULE if isinstance(block, HorizontalRule) else self.block(block)
            if not chunk:
                continue
            if "\n" not in chunk or chunk.startswith("<pre>"):
                # "*:" continues the same item (a <pre> is one unit even across lines).
                lines.append(f"{marker}: {chunk}")
            else:
                lines.append(chunk)  # a table cannot sit in a list item: the list ends here
        return lines

    def _html_list(self, node: OrderedList) -> list[str]:
        lines = [f'<ol start="{node.start}">']
        for item in node.items:
            body = self._item(item, "")
            head = body[0].lstrip()
            rest = body[1:]
            if rest:
                lines.append(f"<li>{head}")
                lines.extend(line[1:].lstrip() if line.startswith(":") else line for line in rest)
                lines.append("</li>")
            else:
                lines.append(f"<li>{head}</li>")
        lines.append("</ol>")
        return lines

    # ------------------------------------------------------------------ tables
    def _cell(self, cell: TableCell, header: bool, sep: str) -> str:
        ctx = esc.HEADER_CELL if header else esc.CELL
        children = cell.children
        if len(children) == 1 and type(children[0]) is Text:
            # Most cells are one run of text: escaped directly, as InlineWriter.render would.
            text = esc.escape(children[0].text, ctx, " ", " ", False, self.inline.in_template).strip(" \t")
        else:
            text = self.inline.render(children, ctx, " ", " ").strip(" \t")
        align = _ALIGN.get(cell.align)
        if align:
            return f'style="text-align: {align};" | {text}'.rstrip()
        return text

    def _table(self, node: Table) -> str:
        lines = ['{| class="wikitable"']
        if node.caption:
            lines.append("|+ " + self.inline.render(node.caption, esc.CELL, " ", "\n", line_start=True))
        rows = [(True, r) for r in node.head] + [(False, r) for r in node.body]
        cell_of = self._cell
        for n, (header, row) in enumerate(rows):
            if n:
                lines.append("|-")
            sep = "!" if header else "|"
            joined = f" {sep}{sep}".join([f" {c}" if c else "" for c in [cell_of(c, header, sep) for c in row]])
            lines.append(sep + joined)
        lines.append("|}")
        return "\n".join(lines)

    def _html_table(self, node: Table) -> str:
        out = ['<table class="wikitable">']
        if node.caption:
            out.append("<caption>" + self.inline.render(node.caption, esc.CELL, ">", "<") + "</caption>")
        for header, rows in ((True, node.head), (False, node.body)):
            for row in rows:
                tag = "th" if header else "td"
                cells = "".join(
                    f"<{tag}>{self.inline.render(c.children, esc.CELL, '>', '<')}</{tag}>" for c in row
                )
                out.append(f"<tr>{cells}</tr>")
        out.append("</table>")
        return "".join(out)

    # ------------------------------------------------------------------ images
    def _image(self, node: Image) -> str:
        problem = esc.file_problem(node.file)
        caption_text = inline_text(node.caption).strip()
        if problem:
            self.warn(f"image file name {node.file[:60]!r} {problem}; only its caption is kept")
            shown = node.caption or ((Text(node.alt),) if node.alt.strip() else ())
            return self.inline.render(shown, esc.TEXT, "\n", "\n", line_start=True)
        namespace = node.namespace if node.namespace.casefold() in FILE_NAMESPACES else "File"
        parts = [namespace + ":" + esc.file_name(node.file)]
        if node.options or node.namespace:
            # A file link the seed kept as wikitext: its options as it wrote them (issue 18).
            parts.extend(_option(o) for o in node.options)
        else:
            # (In a template value the picture stands where the template puts it, as an
            # editor writes it there: no thumbnail frame.)
            parts.extend([] if self.inline.in_template else ["thumb"])
            alt = " ".join(node.alt.split())
            if alt and alt != caption_text:
                parts.append("alt=" + esc.caption(alt, "=", "|"))
        caption = self.inline.render(node.caption, esc.CAPTION, "|", "]").strip()
        if caption:
            if _IMAGE_OPTION.match(caption):
                caption = f"&#{ord(caption[0])};" + caption[1:]
            parts.append(caption)
        return "[[" + "|".join(parts) + "]]"


def _option(option: str) -> str:
    """An image option as the seed wrote it (``90px``, ``upright=1.15``, ``alt=A map``),
    its value escaped as a caption is."""
    name, eq, value = option.partition("=")
    return name + eq + esc.caption(value, "=", "|") if eq else esc.caption(option, "|", "|")


_MARKER_CHARS = ("*", "#", ":", ";", "")
_ITEM_GAP = re.compile(r"^[ \t]*\*+([ \t]?)", re.MULTILINE)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def marker_gaps(text: str) -> list[str]:
    """For each list item line of a value's text, in order, the blank after its marker
    (``""`` for ``*Houston Oilers``): each item keeps its text as written. The front end
    makes one item of each such line (``sentence._BULLET``)."""
    return [m.group(1) and " " for m in _ITEM_GAP.finditer(text)] if "*" in text else []


def starts_block(value: str) -> bool:
    """True when a rendered value begins with line-start markup (it then starts on the
    line after ``name =``)."""
    return value.startswith(_BLOCK_START) or value.startswith("<ol")


def join_chunks(chunks: list[tuple[bool, str]]) -> str:
    """Join rendered blocks, given as ``(is_heading, text)``: a blank line between blocks,
    none between a heading and its content."""
    out: list[str] = []
    prev_heading: bool | None = None
    for is_heading, chunk in chunks:
        if not chunk:
            continue
        if prev_heading is not None:
            out.append("\n" if prev_heading and not is_heading else "\n\n")
        out.append(chunk)
        prev_heading = is_heading
    return "".join(out)
