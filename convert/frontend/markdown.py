"""The Markdown body -> model blocks, through markdown-it-py's token stream.

CommonMark plus pipe tables, raw HTML off (``<script>`` stays visible text), no linkify.
wtf_wikipedia writes internal links as ``[text](./Page_Title)``; any relative target is an
internal link, ``http``/``https``/``mailto`` URLs naming a host are external, anything else
is dropped to its text with a warning (the policy: :mod:`convert.frontend.links`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable, Sequence, TypeVar

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

from convert.model import (
    Block, BlockQuote, Bold, BulletList, Code, CodeBlock, ExternalLink, Heading, HorizontalRule,
    Image, Inline, Italic, LineBreak, Link, ListItem, OrderedList, Paragraph, Table, TableCell,
    Text, inline_text,
)
from convert.wiki import FILE_PREFIX, image_file_name, title_problem
from convert.frontend.fastpath import (
    MAY_CONTINUE, NO_FAST_PATH, ROW_SPECIAL, inline_special, line_runs, plain_text, simple_heading,
    simple_list,
)
from convert.frontend.links import SAFE_SCHEMES, classify_target, normalise_url  # noqa: F401  (re-exported)
from convert.frontend.listends import end_lists, original_line
from convert.frontend.seedlines import seed_lines
from convert.frontend.nestedlinks import unnest_links
from convert.frontend import inlinehtml, leftovers

WarnAt = Callable[[int, str], None]
_T = TypeVar("_T")
_MD: MarkdownIt | None = None
# markdown-it drops whatever is nested deeper than its limit (a list level counts two: the
# list and its item); 100 lost the text of lists 50 deep. 400 parses in a few hundred
# stack frames, well inside Python's limit.
MAX_NESTING = 400
# The model keeps at most this many lists and quotes one inside another: deeper ones are
# flattened into the deepest, text and order kept. Every writer walks the model
# recursively (the json writer failed at 200 levels); no reader tells level 70 from 64.
MAX_DEPTH = 64


def preload() -> None:
    """Import and set up markdown-it now (a batch parent does, before forking workers)."""
    _parser()


def _parser() -> MarkdownIt:
    global _MD
    if _MD is None:
        # Imported on first use: most articles are read by the fast paths alone, and a
        # one-file CLI call then never pays for markdown-it's import (~50 ms).
        from markdown_it import MarkdownIt

        md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
        md.enable("table")
        md.options["maxNesting"] = MAX_NESTING
        _MD = md
    return _MD


_merge = inlinehtml.merge  # (adjacent texts joined, empty ones dropped)


_CONTAINERS = frozenset((
    "bullet_list_open", "bullet_list_close", "ordered_list_open", "ordered_list_close",
    "list_item_open", "list_item_close", "blockquote_open", "blockquote_close",
))


# Link and image targets one body may produce, beyond four times its own size. A
# reference definition is written once and used any number of times: one 100 KB URL
# used 2,000 times (114 KB of Markdown) made a 200 MB JSON file, and 10 MB could ask for
# terabytes. Past the budget, links keep only their text.
_TARGET_BUDGET = 1024 * 1024


class _BodyParser:
    def __init__(self, warn: WarnAt, first_line: int, size: int = 0) -> None:
        self.warn = warn
        self.first_line = first_line
        self.budget = 4 * size + _TARGET_BUDGET
        """Characters of link and image targets still allowed (see _TARGET_BUDGET)."""
        self.depth = 0
        """Lists and quotes around the blocks being read (see MAX_DEPTH)."""
        self.lines: list[int] = []
        """The line of each top-level block read, in order (``Document.lines``)."""
        self.flattened = False

    def line(self, token: Token) -> int:
        return self.first_line + (token.map[0] if token.map else 0)

    # ------------------------------------------------------------------ inlines
    def inlines(self, tokens: Sequence[Token], line: int) -> tuple[Inline, ...]:
        pos = 0
        # Emphasis inside emphasis of its kind ("**a **b** c**", "****x****") is that
        # emphasis: its markers are skipped, counted here, rather than nested. 600 nested
        # "**" (1.2 KB) made a model every recursive writer failed on, and no output
        # shows bold in bold otherwise than bold.
        inside = {"strong_close": 0, "em_close": 0}

        def until(close: str) -> list[Inline]:
            nonlocal pos
            out: list[Inline] = []
            while pos < len(tokens):
                tok = tokens[pos]
                pos += 1
                t = tok.type
                if t in inside and inside[t] > 1:
                    inside[t] -= 1  # the close of a skipped inner marker
                    continue
                if t == close:
                    return out
                if t in ("strong_open", "em_open"):
                    kind = "strong_close" if t == "strong_open" else "em_close"
                    inside[kind] += 1
                    if inside[kind] > 1:
                        continue
                    children = _merge(until(kind))
                    inside[kind] -= 1
                    out.append(Bold(children) if kind == "strong_close" else Italic(children))
                    continue
                if t == "text":
                    out.append(Text(tok.content))
                elif t == "softbreak":
                    out.append(Text(" "))
                elif t == "hardbreak":
                    out.append(LineBreak())
                elif t == "code_inline":
                    out.append(Code(tok.content))
                elif t == "link_open":
                    children = _merge(until("link_close"))
                    out.extend(self.link(str(tok.attrs.get("href", "")), children, line))
                elif t == "image":
                    # Images inside running text keep their alt text; standalone images
                    # become Image blocks (see blocks()).
                    out.append(Text(tok.content))
                else:  # html_inline and anything new: visible text, never markup
                    out.append(Text(tok.content))
            return out

        return inlinehtml.resolve(_merge(until("\0")), line, self.warn)

    def spend(self, target: str, line: int) -> bool:
        """Whether ``target`` fits in the budget (which it then uses); warns once when not."""
        if self.budget >= 0:
            self.budget -= len(target)
            if self.budget < 0:
                self.warn(line, "link and image targets repeat more text than the article holds "
                                "(reference links used over and over?): from here on, only their text is kept")
        return self.budget >= 0

    def link(self, href: str, children: tuple[Inline, ...], line: int) -> list[Inline]:
        """The link node, or just its text when the target is not safe to link."""
        if not self.spend(href, line):
            return list(children)
        # "with[ prion proteins](./prion)": the seed keeps the blank the wikitext had inside
        # the link ("[[prion| prion proteins]]"); it separates words, it is not part of what
        # the link names (nor underlined).
        before, children, after = _blanks_outside(children)
        return [Text(before), *self._link(href, children, line), Text(after)] if before or after \
            else self._link(href, children, line)

    def _link(self, href: str, children: tuple[Inline, ...], line: int) -> list[Inline]:
        kind, value, anchor = classify_target(href)
        if not children:
            children = (Text(value if kind != "internal" else (value or anchor or "")),)
        if kind == "external":
            return [ExternalLink(value, children)]
        if kind == "internal":
            problem = title_problem(value) if value else None
            if problem is None:
                return [Link(value, children, anchor)]
            self.warn(line, f"link target {value[:80]!r} {problem}, so it can be no page; kept as text")
            return list(children)
        self.warn(line, f"link target {href[:80]!r} is not a wiki page or http(s) URL; kept as text")
        return list(children)

    # ------------------------------------------------------------------ blocks
    def blocks(self, tokens: Sequence[Token]) -> tuple[Block, ...]:
        out: list[Block] = []
        i = 0
        n = len(tokens)
        while i < n:
            tok = tokens[i]
            t = tok.type
            before = len(out)
            lines_here: list[int] | None = None
            if t == "heading_open":
                level = int(tok.tag[1:])
                children = self.inlines(tokens[i + 1].children or [], self.line(tok))
                if self.depth:
                    # "* # Title", "> ## Title": no section of the article starts inside a
                    # list or quote (nor gets an id, a bookmark, a place in the contents);
                    # it shows as what it looks like there, bold text.
                    if children:
                        out.append(Paragraph((Bold(children),)))
                else:
                    out.append(Heading(level, "", children))
                i += 3
            elif t == "paragraph_open":
                placed: list[int] = []  # each block's seed line: image lines have their own
                for kids, image, offset in _image_lines(tokens[i + 1].children or []):
                    at_line = self.line(tok) + offset
                    if image is not None and self.spend(str(image.attrs.get("src", "")), at_line):
                        src = str(image.attrs.get("src", ""))
                        name = image_file_name(src)
                        alt, caption = image.content, self.inlines(image.children or [], at_line)
                        if alt != name and FILE_PREFIX.sub("", alt, count=1) == name.rsplit(".", 1)[0]:
                            # wtf names a picture by its file, the wiki's namespace kept:
                            # ![Datei:Foo bar](.../Datei%3AFoo_bar.png) shows "Foo bar".
                            alt, caption = name.rsplit(".", 1)[0], (Text(name.rsplit(".", 1)[0]),)
                        out.append(Image(name, alt, caption, src))
                    else:
                        children = self.inlines(kids, at_line)
                        if children:  # a line of only non-breaking spaces is no paragraph
                            out.extend(leftovers.paragraph(children, at_line, self.warn, self.depth == 0))
                    placed.extend([at_line] * (len(out) - before - len(placed)))
                lines_here = placed
                i += 3
            elif t in ("bullet_list_open", "ordered_list_open"):
                j = _close(tokens, i)
                items = self.nested(tok, lambda: self.items(tokens[i + 1 : j]))
                if t == "bullet_list_open":
                    out.append(BulletList(items))
                else:
                    start = tok.attrs.get("start", 1)
                    out.append(OrderedList(items, int(start) if str(start).isdigit() else 1))
                i = j + 1
            elif t == "blockquote_open":
                j = _close(tokens, i)
                inner = tokens[i + 1 : j]
                out.append(BlockQuote(self.nested(tok, lambda: self.leaves(inner))))
                i = j + 1
            elif t in ("fence", "code_block"):
                out.append(CodeBlock(tok.content.rstrip("\n"), tok.info.strip()))
                i += 1
            elif t == "hr":
                out.append(HorizontalRule())
                i += 1
            elif t == "table_open":
                j = _close(tokens, i)
                out.append(self.table(tokens[i + 1 : j]))
                i = j + 1
            elif t == "html_block":
                out.append(Paragraph((Text(tok.content.rstrip("\n")),)))
                i += 1
            else:
                raise ValueError(f"unexpected Markdown token {t}")
            if not self.depth:
                self.lines.extend(lines_here if lines_here is not None else [self.line(tok)] * (len(out) - before))
        return tuple(out)

    def nested(self, tok: Token, read: Callable[[], _T]) -> _T:
        """``read()`` one list or quote deeper (``tok`` opens it); past MAX_DEPTH, what
        it reads is flattened by :meth:`leaves`, with one warning per body."""
        if self.depth == MAX_DEPTH and not self.flattened:
            self.flattened = True
            self.warn(self.line(tok), f"lists or quotes nested more than {MAX_DEPTH} deep are shown at that depth")
        self.depth += 1
        try:
            return read()
        finally:
            self.depth -= 1

    def items(self, tokens: Sequence[Token]) -> tuple[ListItem, ...]:
        items: list[ListItem] = []
        i = 0
        while i < len(tokens):
            j = _close(tokens, i)
            items.append(ListItem(self.leaves(tokens[i + 1 : j])))
            i = j + 1
        return tuple(items)

    def leaves(self, tokens: Sequence[Token]) -> tuple[Block, ...]:
        """Blocks of ``tokens``; past MAX_DEPTH, their lists and quotes are left out and
        what they hold is read in order, without recursion however deep it goes."""
        if self.depth <= MAX_DEPTH:
            return self.blocks(tokens)
        return self.blocks([t for t in tokens if t.type not in _CONTAINERS])

    def cell(self, children: tuple[Inline, ...], align: str, line: int) -> TableCell:
        """A table cell; wikitext cell attributes left at its start (``align="left" |``)
        are its alignment, any other attribute is dropped with a warning."""
        first = children[0] if children else None
        found = leftovers.cell_attributes(first.text) if isinstance(first, Text) and '="' in first.text else None
        if found is None:
            return TableCell(children, align)
        attr_align, attributes, rest = found
        if not attr_align or attributes.count("=") > 1:
            self.warn(line, f"wikitext cell attributes {attributes[:60]!r} left in a table cell; only the alignment is kept")
        return TableCell(((Text(rest),) if rest else ()) + children[1:], attr_align or align)

    def table(self, tokens: Sequence[Token]) -> Table:
        head: list[tuple[TableCell, ...]] = []
        body: list[tuple[TableCell, ...]] = []
        section = head
        row: list[TableCell] = []
        row_line = self.first_line
        for idx, tok in enumerate(tokens):
            if tok.type == "thead_open":
                section = head
            elif tok.type == "tbody_open":
                section = body
            elif tok.type == "tr_open":
                row = []
                row_line = self.line(tok)  # (cells carry no line of their own)
            elif tok.type == "tr_close":
                section.append(tuple(row))
            elif tok.type in ("th_open", "td_open"):
                style = str(tok.attrs.get("style", ""))
                m = re.search(r"text-align:(\w+)", style)
                inline = tokens[idx + 1]
                row.append(self.cell(self.inlines(inline.children or [], row_line), m.group(1) if m else "",
                                     row_line))
        columns = max((len(r) for r in head + body), default=0)
        pad = lambda r: r + tuple(TableCell(()) for _ in range(columns - len(r)))  # noqa: E731
        return table_of(tuple(pad(r) for r in head), tuple(pad(r) for r in body), columns)


def _blanks_outside(children: tuple[Inline, ...]) -> tuple[str, tuple[Inline, ...], str]:
    """The blanks a link's text starts and ends with, and the text without them."""
    if not children or not inline_text(children).strip():
        return "", children, ""  # (a link with only blanks is the writers' to report)
    first = children[0]
    before = after = ""
    if isinstance(first, Text) and first.text[:1].isspace():
        before = first.text[: len(first.text) - len(first.text.lstrip())]
        children = (Text(first.text[len(before):]),) + children[1:]
    last = children[-1]
    if isinstance(last, Text) and last.text[-1:].isspace():
        after = last.text[len(last.text.rstrip()):]
        children = children[:-1] + (Text(last.text[: len(last.text) - len(after)]),)
    return before, _merge(list(children)), after


_BREAKS = ("softbreak", "hardbreak")


def _image_lines(kids: Sequence[Token]) -> list[tuple[Sequence[Token], Token | None, int]]:
    """A paragraph's inline tokens cut around its lines that hold only an image: each piece
    is ``(tokens, None, line)`` for text or ``([image], image, line)``, ``line`` counted from the
    paragraph's first line. The seed writes a section's pictures
    as ``![alt](url)`` lines right under its heading, its text on the very next line
    (wtf-plugin-markdown, section): those are block images, whose alt is no text."""
    lines: list[list[Token]] = [[]]  # each starting with the break that ends the one before
    for kid in kids:
        if kid.type in _BREAKS:
            lines.append([])
        lines[-1].append(kid)
    if len(lines) == 1:
        return [(kids, kids[0] if len(kids) == 1 and kids[0].type == "image" else None, 0)]
    out: list[tuple[Sequence[Token], Token | None, int]] = []
    text: list[Token] = []
    start = 0
    for index, line in enumerate(lines):
        own = [t for t in line if t.type not in _BREAKS and not (t.type == "text" and not t.content.strip())]
        if len(own) == 1 and own[0].type == "image":
            if text:
                out.append((text, None, start))
                text = []
            out.append(([own[0]], own[0], index))
        else:
            if not text:
                start = index
            text.extend(line[1:] if not text and line and line[0].type in _BREAKS else line)
    if text:
        out.append((text, None, start))
    return out


def table_of(head: tuple[tuple[TableCell, ...], ...], body: tuple[tuple[TableCell, ...], ...],
             columns: int) -> Table:
    """A pipe table. A header row with no text in any cell is no header: a pipe table must
    have one, so wtf_wikipedia writes an empty one for a wikitext table that had none (a
    legend of colours), and writers would draw it as an empty band on top."""
    if all(not inline_text(c.children).strip() for r in head for c in r):
        head = ()
    return Table(head, body, columns)


def _close(tokens: Sequence[Token], i: int) -> int:
    """Index of the token closing the one opened at ``i``."""
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    raise ValueError("unbalanced Markdown tokens")


def parse_body(
    text: str, warn: WarnAt, first_line: int = 1, fast: bool = True, lines: list[int] | None = None,
) -> tuple[Block, ...]:
    """Blocks of a Markdown body (heading levels are normalised later, in transforms).

    A line right after a list item that is neither an item nor indented starts a paragraph
    of its own (:mod:`convert.frontend.listends`), not CommonMark's lazy continuation.

    Articles are mostly long plain paragraphs, and markdown-it walks them character by
    character. With ``fast``, runs of lines that CommonMark can only read as one plain
    paragraph (see :mod:`.fastpath`) become Paragraphs directly and everything else goes
    through markdown-it; tests/test_markdown_fast_path.py proves both give the same blocks.
    ``lines``, when given, receives the seed line of each block returned.
    """
    text = unnest_links(seed_lines(text, warn, first_line), warn, first_line)
    text, added = end_lists(text)
    starts: list[int] = []
    if added:
        back = original_line(added, first_line)
        blocks = _parse_body(text, _warn_at_seed_lines(warn, back), first_line, fast, starts)
        starts = [back(n) for n in starts]
    else:
        blocks = _parse_body(text, warn, first_line, fast, starts)
    if lines is not None:
        lines.extend(starts)
    return blocks


def _parse_body(text: str, warn: WarnAt, first_line: int, fast: bool, starts: list[int]) -> tuple[Block, ...]:
    if not fast or (("```" in text or "~~~" in text or "]:" in text) and NO_FAST_PATH.search(text)):
        return _parse_md(text, warn, first_line, starts)
    lines = text.split("\n")
    out: list[Block] = []
    pending: tuple[int, int] | None = None  # [start, end) line range for markdown-it

    def flush() -> None:
        nonlocal pending
        if pending is not None:
            start, end = pending
            chunk = "\n".join(lines[start:end])
            out.extend(_parse_md(chunk, warn, first_line + start, starts))
            pending = None

    chunks = list(line_runs(lines))
    for k, (start, end) in enumerate(chunks):
        chunk = lines[start:end]
        block: Block | None = None
        # (Inline HTML left by the seed's converter is decided where markdown-it's inlines are.)
        tagged = inlinehtml.has_tag_in(chunk)
        plain = None if tagged else plain_text(chunk)
        if plain is not None and not leftovers.has_leftover(plain):
            block = Paragraph((Text(plain),))
        elif tagged:
            pass
        elif end - start == 1 and chunk[0][0] == "#":
            block = simple_heading(chunk[0])
        elif pending is None and (k + 1 == len(chunks) or not MAY_CONTINUE.match(lines[chunks[k + 1][0]])):
            # A list is only read here when nothing before it went to markdown-it (an
            # open list item could continue into it) and nothing after it could join it.
            block = simple_list(chunk)
        if block is None and chunk[0][0] == "|" and not (pending is not None and pending[1] == start):
            # (A table right under a line markdown-it reads, e.g. "# a | b", could take that
            # line as its header row: the two go to markdown-it together.)
            block = _simple_table(chunk, warn, first_line + start)
        if block is None:
            pending = (pending[0] if pending else start, end)
        else:
            flush()
            out.append(block)
            starts.append(first_line + start)
    flush()
    return tuple(out)


def _warn_at_seed_lines(warn: WarnAt, back: Callable[[int], int]) -> WarnAt:
    """``warn`` taking line numbers of the text with blank lines added, reporting the seed's."""

    def report(line: int, message: str) -> None:
        warn(back(line), message)

    return report


def _parse_md(text: str, warn: WarnAt, first_line: int, starts: list[int]) -> tuple[Block, ...]:
    """markdown-it's reading of ``text``, warning when its nesting limit cut something."""
    tokens = _parser().parse(text)
    deepest = max((t for t in tokens if t.level >= MAX_NESTING - 1), key=lambda t: t.level, default=None)
    if deepest is not None:
        line = first_line + (deepest.map[0] if deepest.map else 0)
        warn(line, f"lists or quotes nested too deeply to read (about {MAX_NESTING // 2} lists or "
                   f"{MAX_NESTING} quotes): deeper content may be missing")
    parser = _BodyParser(warn, first_line, len(text))
    blocks = parser.blocks(tokens)
    starts.extend(parser.lines)
    return blocks


_DELIMITER_CELL = re.compile(r"^:?-+:?$")


def _simple_table(lines: list[str], warn: WarnAt, line: int) -> Table | None:
    """A pipe table read the way markdown-it's table rule reads it, or None when the lines
    are not a plain ``| a | b |`` table (escapes, code spans, a malformed delimiter row)."""
    if len(lines) < 2 or any(
        len(row) < 2 or row[0] != "|" or row[-1] != "|" or "\\" in row or "`" in row for row in lines
    ):
        return None
    aligns = []
    delimiter = lines[1].split("|")
    for i, cell in enumerate(delimiter):
        cell = cell.strip(" \t")  # (only these: with any other blank, markdown-it decides)
        if not cell:
            if i in (0, len(delimiter) - 1):
                continue
            return None
        if not _DELIMITER_CELL.match(cell):
            return None
        aligns.append("center" if cell[0] == ":" and cell[-1] == ":" else "right" if cell[-1] == ":"
                      else "left" if cell[0] == ":" else "")
    # Every line starts and ends with "|" (checked above): the cells lie between.
    header = lines[0].split("|")[1:-1]
    if len(header) != len(aligns):
        return None
    parser = _BodyParser(warn, line)

    def row(line_text: str) -> tuple[TableCell, ...]:
        raw = line_text.split("|")[1:-1]
        if len(raw) < width:
            raw += missing[len(raw):]
        # One scan of the whole row usually shows that no cell holds markup.
        plain = not inline_special(line_text, ROW_SPECIAL)
        cells = []
        for raw_text, align, column in zip(raw, aligns, shared):
            text = raw_text.strip()
            if not plain and text and inline_special(text):
                tokens = _parser().parseInline(text)
                cells.append(TableCell(parser.inlines(tokens[0].children or [], line), align))
                continue
            # Plain cells repeat ("", "Yes", "1") and the model is immutable: share them.
            cell = column.get(text)
            if cell is None:
                cell = column[text] = TableCell((Text(text),) if text else (), align)
            cells.append(cell)
        return tuple(cells)

    width = len(aligns)
    missing = [""] * width
    shared: list[dict[str, TableCell]] = [{} for _ in aligns]  # per column: text -> cell
    return table_of((row(lines[0]),), tuple([row(r) for r in lines[2:]]), width)
