"""The seed format's own line conventions, put into CommonMark before the body is parsed.

wtf_wikipedia's Markdown is not written for a CommonMark reader; three of its habits read
wrongly there. Each line is rewritten in place (never added or removed, so line numbers
hold), outside fenced code:

* Every list item is one line `` * text``: items never nest, and a wikitext ``#`` item is
  written with its number, counted from 1 (and from 1 again after a ``*`` item)::

       * 1) Whatever goes upon two legs is an enemy.     -> item 1 of a numbered list
       * 2) No animal shall wear clothes.                -> item 2

  A run of such items, numbered 1, 2, 3..., becomes a CommonMark ordered list (``1) ...``).
* So whatever follows `` * `` is the item's text, even when CommonMark would open a block
  there (a number and a full stop, a ``#``, a ``>``, a bullet)::

       * 1996. In From Kant to Hilbert...               -> a bullet whose text is "1996. In..."

  The character that would open the block is escaped with a backslash.
* Table cells are written ``| a | b |`` with a blank on each side of every separator, and a
  ``|`` inside a cell (a leftover ``250px|Caption`` of an image) is not escaped::

      | Ann            | 250px|Caption  | Bob            |   -> three cells, like the header

  In a row with more cells than its header, pipes without a blank on both sides are the
  cells' own text and are escaped. When that is not enough, the surplus cells are joined
  into the last one (with a warning): no cell's text is dropped.
"""

from __future__ import annotations

import re
from typing import Callable

WarnAt = Callable[[int, str], None]

# What may start a seed line this module rewrites (most lines start with a letter).
_FIRST = frozenset(" *+-|`~")
FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_ITEM = re.compile(r"( {0,3})\*[ \t]+(?=\S)")  # the seed writes " * ", only
_NUMBERED = re.compile(r"(\d{1,9})\)(?=[ \t]|$)")
# Item text CommonMark would read as a block: group 1 is where the backslash goes.
_BLOCKY = re.compile(r"\d{1,9}()[.)](?:[ \t]|$)|()[*+-](?:[ \t]|$)|()#{1,6}(?:[ \t]|$)|()>|()(?:`{3}|~{3})")
_BREAK = re.compile(r"(?:\*[ \t]*){3,}$|(?:-[ \t]*){3,}$|(?:_[ \t]*){3,}$")
_DELIMITER_ROW = re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_PIPE = re.compile(r"(?<!\\)(?:\\\\)*\|")
_ATTRIBUTES = re.compile(r'\s*(?:[A-Za-z-]+\s*=\s*"[^"]*"\s*)+')


def seed_lines(text: str, warn: WarnAt, first_line: int = 1) -> str:
    """``text`` with the seed's list items and table rows written as CommonMark reads them
    (see the module docstring); the same number of lines."""
    lines = text.split("\n")
    if not any(line[:1] in _FIRST for line in lines):
        return text
    changed = False
    fence = ""
    expected = 1  # the number the next item of a numbered run must have
    columns = 0  # cells of the table header above, 0 outside tables
    for index, line in enumerate(lines):
        if fence:
            if line.lstrip(" ").startswith(fence):
                fence = ""
            continue
        opened = FENCE.match(line)
        if opened is not None:
            fence, expected, columns = opened.group(1), 1, 0
            continue
        new = line
        item = _ITEM.match(line)
        if item is not None:
            new, expected = _item(line, item, expected)
        else:
            expected = 1
        if line.lstrip(" ")[:1] == "|":
            if columns:
                new = _row(line, columns, lambda message: warn(first_line + index, message))
            elif index + 1 < len(lines) and _DELIMITER_ROW.match(lines[index + 1]) and "-" in lines[index + 1]:
                columns = len(_cells(line))
        elif columns and not _DELIMITER_ROW.match(line):
            columns = 0
        if new is not line:
            lines[index] = new
            changed = True
    return "\n".join(lines) if changed else text


def _item(line: str, item: re.Match[str], expected: int) -> tuple[str, int]:
    """The item line as CommonMark should read it, and the number the next item must have."""
    content = line[item.end():]
    numbered = _NUMBERED.match(content)
    if numbered is not None and int(numbered.group(1)) in (expected, 1):
        number = int(numbered.group(1))
        return item.group(1) + content, number + 1
    blocky = _BLOCKY.match(content)
    if blocky is not None:
        at = next(blocky.start(g) for g in range(1, 6) if blocky.start(g) >= 0)
        return line[:item.end() + at] + "\\" + content[at:], 1
    if _BREAK.match(content):
        return line[:item.end()] + "\\" + content, 1
    return line, 1


def _cells(line: str) -> list[str]:
    """The cells of a table row (leading and trailing pipe optional, as in CommonMark)."""
    body = line.strip(" \t")
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return _PIPE.split(body)


def _row(line: str, columns: int, warn: Callable[[str], None]) -> str:
    """``line`` with the pipes that are cell text escaped, when it has more cells than the
    header; surplus cells past that joined into the last one."""
    end = len(line.rstrip(" \t")) - 1
    pipes = [m.end() - 1 for m in _PIPE.finditer(line)]
    separators = [p for p in pipes if p != end and line[:p].strip(" ")]  # not the edge pipes
    surplus = len(separators) + 1 - columns
    if surplus <= 0:
        return line
    # Pipes after a cell of wikitext attributes ('align="left" |', see .leftovers) first,
    # then pipes without a blank on both sides.
    starts = [line.find("|")] + separators
    attributes = [p for k, p in enumerate(separators) if _ATTRIBUTES.fullmatch(line[starts[k] + 1 : p])]
    glued = attributes + [p for p in separators if p not in attributes
                          and not (line[p - 1 : p] == " " and line[p + 1 : p + 2] == " ")]
    escape = glued[:surplus]
    if len(escape) < surplus:
        rest = [p for p in separators if p not in set(escape)]
        escape += rest[len(rest) - (surplus - len(escape)):]
        warn(f"table row has {surplus} cell(s) more than its header; the last ones are joined into one")
    out = line
    for p in sorted(escape, reverse=True):
        out = out[:p] + "\\" + out[p:]
    return out
