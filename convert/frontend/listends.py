"""Where a seed's list ends: at the first line that is neither an item nor indented.

wtf_wikipedia writes a wikitext list as one Markdown line per item (a wikitext item never
runs onto a second line) and puts the section's paragraph on the line right after the
last item, with no blank line between::

     * Hovercraft: H-class
    The types of boats provided at each station...

CommonMark reads that paragraph as a "lazy continuation" of the last item, and the reader
got "Hovercraft: H-class The types of boats provided..." as one bullet: in 20 of the 47
corpus articles a paragraph, often the lead, was glued to a list item. :func:`end_lists`
puts the blank line back, so both body parsers (the fast paths and markdown-it) read the
line as the paragraph it is. Lines inside fenced code are left alone.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Callable

_MARKER = r"[ \t]*(?:[*+-]|\d{1,9}[.)])"  # a list item's marker, after any indentation
_ITEM = re.compile(_MARKER + r"(?:[ \t]|$)")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
# Any item line at all: without one there is no list to end (most paragraphs of most bodies).
_ANY_ITEM = re.compile(r"^" + _MARKER + r"(?:[ \t]|$)", re.MULTILINE)


def end_lists(text: str) -> tuple[str, list[int]]:
    """``text`` with a blank line before each line that a list item would otherwise swallow,
    and the (0-based) indexes in the *new* text of the blank lines added, in order.

    One walk over the lines (:func:`end_lists_by_line`). The single regular expression
    this used to be (an item line, its indented lines, then a lookahead for a line that is
    no item) was quadratic in a run of item lines: 8,000 lines took 4.7 s, 100 KB 150 s."""
    if _ANY_ITEM.search(text) is None:
        return text, []
    return end_lists_by_line(text)


def end_lists_by_line(text: str) -> tuple[str, list[int]]:
    """:func:`end_lists` walking line by line, so that lines inside fenced code are left
    alone."""
    lines = text.split("\n")
    out: list[str] = []
    added: list[int] = []
    in_list = False
    fence = ""
    for line in lines:
        if fence:
            if line.lstrip(" ").startswith(fence):
                fence = ""
            out.append(line)
            continue
        opened = _FENCE.match(line)
        if not line.strip(" \t"):
            in_list = False
        elif _ITEM.match(line):
            in_list = True
        elif line[0] in " \t":
            pass  # an indented line belongs to the item above, as CommonMark says
        elif in_list:
            added.append(len(out))
            out.append("")
            in_list = False
        if opened is not None:
            fence = opened.group(1)
        out.append(line)
    return ("\n".join(out), added) if added else (text, [])


def original_line(added: list[int], first_line: int) -> Callable[[int], int]:
    """Maps a line number counted in the text :func:`end_lists` returned (starting at
    ``first_line``) back to the seed's own line number."""

    def back(line: int) -> int:
        return line - bisect_left(added, line - first_line)

    return back
