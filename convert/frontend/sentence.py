"""wtf_wikipedia "sentence" objects -> rich text (:class:`FieldValue`).

A sentence is ``text`` plus ``links`` (each to be found in the text, in order) and
``formatting`` (bold/italic strings to be found in the text). We mark every character with
its link and emphasis, then cut the text into lines (``*`` lines become bullet items) and
nest runs as bold > italic > link. Anything that cannot be placed is appended at the end
of the value and reported, never dropped.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Callable, Sequence

from convert.model import (
    Block, Bold, BulletList, ExternalLink, FieldValue, Inline, Italic, LineBreak, Link, ListItem,
    Paragraph, Text, inline_text,
)
from convert.frontend.markdown import MAX_DEPTH
from convert.frontend.leftovers import file_image
from convert.frontend import inlinehtml

Warn = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class LinkSpec:
    """A link as the seed gives it, already validated: internal (``page``) or external (``url``)."""

    display: str
    page: str = ""
    anchor: str | None = None
    url: str = ""


@dataclass(frozen=True, slots=True, eq=False)
class _Mark:  # compared by identity: see _mark()
    bold: bool = False
    italic: bool = False
    link: int = -1  # index into the placed links, -1 for none


_MARKS: dict[tuple[bool, bool, int], _Mark] = {}


def _mark(bold: bool = False, italic: bool = False, link: int = -1) -> _Mark:
    """The one shared instance for these marks, so runs can be compared by identity."""
    key = (bold, italic, link)
    mark = _MARKS.get(key)
    if mark is None:
        mark = _Mark(bold, italic, link)
        if len(_MARKS) < 10_000:  # bounded: a hostile value can hold any number of links
            _MARKS[key] = mark
    return mark


_PLAIN = _mark()
_QUOTE_RUN = re.compile(r"'{2,}")


@functools.lru_cache(maxsize=1024)
def _pattern(needle: str) -> re.Pattern[str]:
    """Match ``needle`` with ``_`` = space and a case-insensitive first letter."""
    parts = []
    for i, ch in enumerate(needle):
        if ch in " _":
            parts.append("[ _]")
        elif i == 0 and ch.lower() != ch.upper():
            parts.append("[" + re.escape(ch.lower()) + re.escape(ch.upper()) + "]")
        else:
            parts.append(re.escape(ch))
    return re.compile("".join(parts))


class _Search:
    """What earlier searches of one value learned; ``taken`` only grows, so it stays true.

    ``skip[needle]``: every occurrence of the needle before that position is taken;
    ``spent``: needles with no free occurrence left. Surplus links (a value with more links
    to one name than the name occurs) otherwise rescanned every taken occurrence for each
    link, twice: 4,000 links on a 6 KB value took 9 s, and time grew with the cube.
    ``budget``: characters the searches of this value may still scan. Each link absent from
    the text costs a scan of the whole value, so many of them on a long value are quadratic
    (8,000 on 24 KB: 2 s); past the budget a link is appended as one not found."""

    __slots__ = ("text", "taken", "loose_text", "loose", "skip", "spent", "budget")

    def __init__(self, text: str, taken: list[bool]) -> None:
        self.text, self.taken = text, taken
        self.loose_text = text.replace("_", " ")  # once a value, not once a link
        self.loose: dict[str, bool] = {}  # whether the needle's tail is in loose_text
        self.skip: dict[str, int] = {}
        self.spent: set[str] = set()
        self.budget = SEARCH_BUDGET_PER_CHAR * len(text) + SEARCH_BUDGET_BASE


SEARCH_BUDGET_PER_CHAR = 32
SEARCH_BUDGET_BASE = 4_000_000
_SEARCH: list[_Search] = []  # the value being placed (held, so identities are not reused)


def _find(text: str, needle: str, start: int, taken: list[bool]) -> int:
    """First free occurrence of ``needle`` at or after ``start``, else anywhere free, else -1.

    An exact occurrence wins over one that differs in first-letter case or ``_``/space.
    Linear in the value over all its links (see :class:`_Search`).
    """
    if not needle:
        return -1
    state = _SEARCH[0] if _SEARCH and _SEARCH[0].text is text and _SEARCH[0].taken is taken else None
    if state is None:
        state = _Search(text, taken)
        _SEARCH[:] = [state]
    if needle in state.spent or state.budget <= 0:
        return -1
    size, end = len(needle), len(text)
    # Whatever the pattern matches holds the needle's tail, "_" read as " ": without it
    # somewhere, no pattern need be compiled (a value with 50,000 links named nowhere in
    # its text compiled 50,000 of them: 7 s).
    loose = state.loose.get(needle)
    if loose is None:
        loose = state.loose[needle] = needle[1:].replace("_", " ") in state.loose_text
        state.budget -= end
    skip = state.skip.get(needle, 0)
    for origin in (max(start, skip), skip):
        from_zero = origin == skip
        pos = text.find(needle, origin)
        while pos >= 0:
            if not any(taken[pos : pos + size]):
                state.budget -= pos - origin + size
                return pos
            state.budget -= size  # checking overlapping occurrences costs their length
            if state.budget <= 0:
                return -1
            pos = text.find(needle, pos + 1)
        state.budget -= end - origin
        if loose:
            pattern = _pattern(needle)
            found = pattern.search(text, origin)
            while found is not None:
                if not any(taken[found.start() : found.end()]):
                    state.budget -= found.end() - origin
                    if from_zero:  # exact occurrences from skip on are all taken, and so
                        state.skip[needle] = found.start()  # are loose ones before this
                    return found.start()
                state.budget -= size
                if state.budget <= 0:
                    return -1
                found = pattern.search(text, found.start() + 1)
            state.budget -= end - origin
        if from_zero:
            state.spent.add(needle)
            return -1
    return -1


def build_value(
    text: str,
    links: Sequence[LinkSpec],
    bold: Sequence[str],
    italic: Sequence[str],
    number: int | float | None,
    warn: Warn,
) -> FieldValue:
    """Place links and emphasis on ``text``; report (and append) what does not fit."""
    if (not links and not bold and not italic and "\n" not in text and _BULLET.match(text) is None
            and "[[" not in text and "<" not in text):
        # One line of plain text (most values): what the general path below makes of it.
        return FieldValue(text=text, blocks=(Paragraph((Text(text),)),) if text.strip() else (), number=number)
    return _place(text, links, bold, italic, number, warn)


def _place(text: str, links: Sequence[LinkSpec], bold: Sequence[str], italic: Sequence[str],
           number: int | float | None, warn: Warn) -> FieldValue:
    """:func:`build_value` for any value: every character marked, then cut into runs."""
    marks = [_PLAIN] * len(text)  # _Mark is frozen, so one instance can mark many characters
    taken = [False] * len(text)
    offset = 0
    for line in text.split("\n"):  # bullet markers are markup: nothing can be placed on them
        bullet = _BULLET.match(line)
        if bullet:
            taken[offset : offset + bullet.end()] = [True] * bullet.end()
        offset += len(line) + 1
    tags = inlinehtml.tag_spans(text)
    for start, end in tags:  # a tag is markup too ("<span style=...>"): nothing goes on it
        taken[start:end] = [True] * (end - start)
    extras: list[Inline] = []
    cursor = 0
    for index, link in enumerate(links):
        pos = _find(text, link.display, cursor, taken)
        size = len(link.display)
        if pos < 0 and "''" in link.display:
            # "USS ''Hornet'' (CV-12)" over the text "USS Hornet (CV-12)": the link text kept
            # its quote markup, the value's text lost it; the link goes on that text.
            bare = _QUOTE_RUN.sub("", link.display)
            pos, size = _find(text, bare, cursor, taken), len(bare)
        if pos < 0:
            if text.strip():  # (a value that is only links, "[[#0000FF]]", has no text)
                warn(f"link to {link.page or link.url!r} ({link.display!r}) is not in the text; appended")
            extras.append(_link_node(link, (Text(link.display),)))
            continue
        end = pos + size
        taken[pos:end] = [True] * (end - pos)
        marks[pos:end] = [_mark(link=index)] * (end - pos)
        cursor = end
    for kind, spans in (("bold", bold), ("italic", italic)):
        used = [False] * len(text)
        for start, end in tags:
            used[start:end] = [True] * (end - start)
        for span in spans:
            pos = _find(text, span, 0, used) if span.strip() else -1
            if pos < 0:
                if span.strip():
                    warn(f"{kind} text {span!r} is not in the value; appended")
                    node: Inline = Bold((Text(span),)) if kind == "bold" else Italic((Text(span),))
                    extras.append(node)
                continue
            for i in range(pos, pos + len(span)):
                used[i] = True
                m = marks[i]
                marks[i] = _mark(m.bold or kind == "bold", m.italic or kind == "italic", m.link)
    blocks = _lines_to_blocks(text, marks, links, warn)
    if "<" in text:
        blocks = inlinehtml.resolve_blocks(blocks, 0, lambda _line, message: warn(message))
    if extras:
        blocks = _append_inlines(blocks, extras)
        if not text.strip():
            # A value that is only links ("[[#0000FF]]"): its text is what they show.
            text = inline_text(tuple(extras))
    return FieldValue(text=text, blocks=blocks, number=number)


def _link_node(link: LinkSpec, children: tuple[Inline, ...]) -> Inline:
    if link.url:
        return ExternalLink(link.url, children)
    return Link(link.page, children, link.anchor)


def _runs(text: str, marks: list[_Mark], links: Sequence[LinkSpec]) -> tuple[Inline, ...]:
    """Nest a marked line as bold > italic > link runs."""
    if marks.count(_PLAIN) == len(marks):  # nothing placed on this line: the common case
        return (Text(text),) if text else ()
    spans: list[tuple[int, int, _Mark]] = []  # runs of equally marked characters
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and marks[j] is marks[i]:
            j += 1
        spans.append((i, j, marks[i]))
        i = j

    def group(start: int, end: int, level: int) -> list[Inline]:
        if level == 3:
            return [Text(text[spans[start][0] : spans[end - 1][1]])]
        out: list[Inline] = []
        i = start
        while i < end:
            key = _key(spans[i][2], level)
            j = i + 1
            while j < end and _key(spans[j][2], level) == key:
                j += 1
            inner = tuple(group(i, j, level + 1))
            if level == 0 and key:
                out.append(Bold(inner))
            elif level == 1 and key:
                out.append(Italic(inner))
            elif level == 2 and isinstance(key, int) and key >= 0:
                out.append(_link_node(links[key], inner))
            else:
                out.extend(inner)
            i = j
        return out

    return tuple(group(0, len(spans), 0))


def _key(mark: _Mark, level: int) -> object:
    return (mark.bold, mark.italic, mark.link, None)[level]


_BULLET = re.compile(r"^[ \t]*(\*+)[ \t]*")


def _lines_to_blocks(text: str, marks: list[_Mark], links: Sequence[LinkSpec], warn: Warn) -> tuple[Block, ...]:
    """Plain lines form paragraphs (joined by line breaks); ``*`` lines form bullet lists,
    nested at most MAX_DEPTH deep, as the body's lists are (writers walk them recursively:
    300 levels failed the json writer, 1,200 the reading)."""
    blocks: list[Block] = []
    clamped = False
    para: list[Inline] = []
    items: list[tuple[int, tuple[Inline, ...]]] = []
    offset = 0
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        bullet = _BULLET.match(line)
        if bullet:
            if para:
                blocks.append(Paragraph(tuple(para)))
                para = []
            s = start + bullet.end()
            depth = len(bullet.group(1))
            if depth > MAX_DEPTH:
                if not clamped:
                    warn(f"bullets nested more than {MAX_DEPTH} deep are shown at that depth")
                    clamped = True
                depth = MAX_DEPTH
            items.append((depth, _runs(text[s:end], marks[s:end], links)))
            continue
        if items:
            blocks.append(_nest(items))
            items = []
        if not line.strip():
            if para:  # a blank line ends a paragraph, as in wikitext
                blocks.append(Paragraph(tuple(para)))
                para = []
            continue
        picture = file_image(line) if "[[" in line and marks[start:end].count(_PLAIN) == end - start else None
        if picture is not None:
            # "[[File:Anthem.ogg]]" left whole on a line of the value by wtf_wikipedia: the
            # picture (or sound) it names, drawn by the layout, a file link again in wikitext.
            if para:
                blocks.append(Paragraph(tuple(para)))
                para = []
            blocks.append(picture)
            continue
        if para:
            para.append(LineBreak())
        para.extend(_runs(text[start:end], marks[start:end], links))
    if para:
        blocks.append(Paragraph(tuple(para)))
    if items:
        blocks.append(_nest(items))
    return tuple(blocks)


def _nest(items: list[tuple[int, tuple[Inline, ...]]]) -> BulletList:
    """Bullet items with depths (``*`` = 1, ``**`` = 2) -> nested lists."""
    result: list[ListItem] = []
    i = 0
    base = items[0][0]
    while i < len(items):
        depth, inlines = items[i]
        j = i + 1
        while j < len(items) and items[j][0] > max(depth, base):
            j += 1
        blocks: list[Block] = [Paragraph(inlines)] if inlines else []
        if j > i + 1:
            blocks.append(_nest(items[i + 1 : j]))
        result.append(ListItem(tuple(blocks)))
        i = j
    return BulletList(tuple(result))


def _append_inlines(blocks: tuple[Block, ...], extras: list[Inline]) -> tuple[Block, ...]:
    spaced: list[Inline] = []
    for node in extras:
        spaced.extend((Text(" "), node))
    if blocks and isinstance(blocks[-1], Paragraph):
        last = blocks[-1]
        return blocks[:-1] + (Paragraph(last.children + tuple(spaced)),)
    return blocks + (Paragraph(tuple(spaced[1:])),)
