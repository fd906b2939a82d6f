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
# A line break, an item line, the indented lines under it, then a line that is neither
# blank, indented nor an item: the match ends where that line starts. (Starting with the
# line break rather than "^" lets the engine jump from one line break to the next: three
# times faster on long bodies.)
_SWALLOWED = re.compile(
    rf"\n{_MARKER}(?:[ \t][^\n]*)?\n(?:[ \t]+\S[^\n]*\n)*"
    rf"(?!{_MARKER}(?:[ \t\n]|$))(?=[^ \t\n])"
)


def end_lists(text: str) -> tuple[str, list[int]]:
    """``text`` with a blank line before each line that a list item would otherwise swallow,
    and the (0-based) indexes in the *new* text of the blank lines added, in order."""
    matches = list(_SWALLOWED.finditer("\n" + text))
    if not matches:
        return text, []
    if "```" in text or "~~~" in text:
        return end_lists_by_line(text)
    parts: list[str] = []
    added: list[int] = []
    start = line = 0
    for m in matches:
        end = m.end() - 1  # in ``text``
        line += text.count("\n", start, end)
        added.append(line + len(added))
        parts.append(text[start:end])
        start = end
    parts.append(text[start:])
    return "\n".join(parts), added


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
