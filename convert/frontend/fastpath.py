"""The body parser's fast paths: runs of lines that CommonMark can read only one way (a
plain paragraph, an ATX heading of plain text, a flat list of plain items), read without
markdown-it, which walks text character by character. Strings in, model blocks out:
:func:`.markdown.parse_body` tries these on each run of lines and sends the rest to
markdown-it (the pipe-table fast path lives there, beside the parser its cells with markup
need); tests/test_markdown_fast_path.py proves both give the same blocks.
"""

from __future__ import annotations

import re
from typing import Iterator, Sequence

from convert.charset import CharSet
from convert.model import BulletList, Heading, ListItem, OrderedList, Paragraph, Text

# Fenced code can hold blank lines and anything else; a reference definition ("[x]: url")
# changes links in other paragraphs: with either, the whole body goes through markdown-it.
NO_FAST_PATH = re.compile(r"^ {0,3}(```|~~~)|\]:", re.MULTILINE)
# What can start inline markup (emphasis, code, links and images, autolinks, escapes, hard
# breaks, an entity: "&" before "#" or "name;") or a table row; a paragraph without any is
# its own text, and one with some may still be (see _literal). "~", "!" and a ">" inside a
# line are literal in CommonMark without strikethrough and raw HTML ("~~~" and a leading
# ">" are caught as block starts).
_SPECIAL_CHAR = CharSet("\\`*_[]<|\t")
_ENTITY_START = re.compile(r"&(?:#|[A-Za-z0-9]+;)")
ROW_SPECIAL = CharSet("\\`*_[]<\t")  # _SPECIAL_CHAR but "|", which every row has


def inline_special(text: str, chars: CharSet = _SPECIAL_CHAR) -> bool:
    """True when ``text`` may hold inline markup (see above); ``chars`` are the characters
    that count (a whole table row is tested with :data:`ROW_SPECIAL`)."""
    return chars.found_in(text) or ("&" in text and _ENTITY_START.search(text) is not None)


# A line that could open another block or underline a heading (setext) even in mid-paragraph
# ("_" for a "___" or "_ _ _" rule; a number only with the blank or line end a list needs).
_BLOCK_START = re.compile(r"^(?:[#>=+*_-]|\d{1,9}[.)](?:[ \t]|$)|~~~)")
_ATX = re.compile(r"^#{1,6}(?:[ \t]|$)")


def line_runs(lines: list[str]) -> Iterator[tuple[int, int]]:
    """``[start, end)`` ranges of consecutive non-blank lines; an ATX heading line (which
    always ends the block before it and is never continued) is a range of its own."""
    start = None
    for index, line in enumerate(lines):
        if _ATX.match(line):
            if start is not None:
                yield start, index
            yield index, index + 1
            start = None
        elif line.strip(" \t"):  # CommonMark's blank lines hold only spaces and tabs
            if start is None:
                start = index
        elif start is not None:
            yield start, index
            start = None
    if start is not None:
        yield start, len(lines)


class _Around:
    """The run of lines a paragraph or list stands in, asked (once each, when a line needs
    it) whether a link or a table could start there: see :func:`_literal`."""

    __slots__ = ("lines", "_link", "_row")

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = lines
        self._link: bool | None = None
        self._row: bool | None = None

    def may_link(self) -> bool:
        """Whether a "](" stands anywhere in the lines."""
        if self._link is None:
            self._link = any("](" in line for line in self.lines)
        return self._link

    def may_have_delimiter_row(self) -> bool:
        """Whether a line holds only ``|:-`` and blanks (a table's delimiter row)."""
        if self._row is None:
            self._row = any(not line.strip(" \t|:-") for line in self.lines)
        return self._row


def plain_text(lines: list[str], around: _Around | None = None) -> str | None:
    """The text of ``lines`` when CommonMark reads them as exactly one paragraph of literal
    text (lines joined by a space), else None. ``around`` is the whole run of lines they
    stand in (default: ``lines`` themselves).

    Trailing spaces of the last line are dropped as markdown-it drops them; one trailing
    space on an earlier line goes with the line break; two or more there are a hard break."""
    last = len(lines) - 1
    out = []
    for i, line in enumerate(lines):
        if line[0].isspace() or _BLOCK_START.match(line):
            return None
        if line[-1].isspace():
            bare = line.rstrip(" ")
            if not bare or bare[-1].isspace() or (i < last and len(line) - len(bare) > 1):
                return None
            line = bare
        if inline_special(line):
            if around is None:
                around = _Around(lines)
            if not _literal(line, around):
                return None
        out.append(line)
    return " ".join(out)


_RUN = re.compile(r"\*+|_+")
# Every autolink (<http://x>, <a@b.c>: a scheme's colon or an address's @, no blank) matches
# this; "<ref name=x>" and "</ref>" do not (with raw HTML off, tags are text).
# (Written as "<", a run without blanks or brackets, ">", then a look for ":"/"@" inside
# it: the one-pattern form "<[^...]*[:@][^...]*>" backtracked over every colon of the run,
# quadratic in "<" + 60,000 ":" with no ">" (12 s). Runs cannot overlap: each character is
# read once.)
_AUTOLINK_LIKE = re.compile(r"<[^<>\x00-\x20]*>")


def _literal(line: str, around: _Around) -> bool:
    """True when the special characters of ``line`` (one paragraph line, see
    :data:`_SPECIAL_CHAR`) are all literal text, as in "Clark; * 13 May", "[sic]",
    "a | b" or "<ref name=x>": a ``*``/``_`` run with a space (or the line's edge) on both
    sides, or a ``_`` between letters, neither opens nor closes emphasis; brackets make no
    link when no ``](`` follows anywhere ``around`` (the body has no reference
    definitions: those send it all to markdown-it); a ``|`` starts no table when no line
    ``around`` could be a table's delimiter row; a ``<`` starts no autolink (raw HTML is off)
    when nothing up to the next ``>`` is a blank. Escapes, code spans, tabs and entities
    are left to markdown-it."""
    if "\\" in line or "`" in line or "\t" in line:
        return False
    if "&" in line and _ENTITY_START.search(line) is not None:
        return False
    if ("[" in line or "]" in line) and around.may_link():
        return False
    if "|" in line and around.may_have_delimiter_row():
        return False
    if "<" in line and any(":" in m.group() or "@" in m.group() for m in _AUTOLINK_LIKE.finditer(line)):
        return False
    if "*" in line or "_" in line:
        end = len(line)
        for m in _RUN.finditer(line):
            before = line[m.start() - 1] if m.start() else " "
            after = line[m.end()] if m.end() < end else " "
            if before == " " and after == " ":
                continue
            if line[m.start()] == "_" and before.isalnum() and after.isalnum():
                continue
            return False
    return True


# The marker and its spaces only: "(#{1,6}) +([^#]+)" as one fullmatch gave spaces to both
# groups and tried every split when a "#" came late ("# " + 60,000 spaces + "x#y": 23 s).
_HEADING = re.compile(r"(#{1,6}) +")
# The first line of a chunk that could continue a list above it (after a blank line): an
# indented line (item content) or another item.
MAY_CONTINUE = re.compile(r"[ \t]|[*+-](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)")
_ITEM = re.compile(r"( {0,3})(?:([*+-])|(\d{1,9})([.)])) {1,4}(?! )")


def simple_heading(line: str) -> Heading | None:
    """An ATX heading of plain text (no closing ``#``s), read as markdown-it reads it."""
    m = _HEADING.match(line)
    if m is None or "#" in line[m.end():]:
        return None
    rest = line[m.end():]
    # (A "|" is left to markdown-it: "# a | b" over a delimiter row is a table's header.)
    text = plain_text([rest]) if rest and "|" not in line else None
    if text is None:
        return None
    return Heading(len(m.group(1)), "", (Text(text),))


def simple_list(lines: list[str]) -> BulletList | OrderedList | None:
    """A flat, tight list whose items are plain text, all with the same indentation and
    marker (``* a``, ``1. a``), or None for anything else. (A plain line right after an item
    was set apart as a paragraph of its own before: see :mod:`convert.frontend.listends`.)"""
    first = _ITEM.match(lines[0])
    if first is None:
        return None
    indent, bullet, number, delimiter = first.groups()
    items: list[list[str]] = []
    for line in lines:
        m = _ITEM.match(line)
        if m is not None and m.group(1) == indent and m.group(2) == bullet and m.group(4) == delimiter:
            content = line[m.end():]
            if not content:
                return None
            items.append([content])
        else:
            items[-1].append(line)
    texts = []
    around = _Around(lines)
    for item in items:
        text = plain_text(item, around)
        if text is None:
            return None
        texts.append(text)
    list_items = tuple(ListItem((Paragraph((Text(t),)),)) for t in texts)
    if bullet is not None:
        return BulletList(list_items)
    return OrderedList(list_items, int(number))
