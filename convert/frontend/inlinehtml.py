"""Inline HTML that wtf_wikipedia left in a seed's text, decided once per tag for every writer.

wtf_wikipedia strips the bare tags it knows (``<sub>``, ``<small>``, ``<u>`` ...) but leaves
others, and any tag with attributes or odd spacing, in the sentence text; the seed's Markdown
then carries them as text (the body parser reads no raw HTML). Per kind:

* a formatting tag the model has becomes that formatting::

      <tt>about:mozilla</tt>, <code>x</code>  -> Code       <b>, <strong> -> Bold
      <i>, <em>, <var>, <cite>, <dfn>          -> Italic     <br>, <br/ >  -> LineBreak

* a layout-only wrapper (``<span style=...>``, ``<div class="NavHead">``, ``<font>``,
  ``<center>``) is dropped, its content kept, with a warning at the line;
* a formatting tag the model has no kind for (``<sup>``, ``<sub>``, ``<s>``, ``<del>``,
  ``<u>``, ``<ins>``, ``<small>``, ``<big>``, ``<mark>``, ``<abbr>``) is dropped the same
  way, its content kept as plain text (what wtf_wikipedia itself reads from such a tag),
  with a warning that says the formatting is lost;
* anything else (an unknown tag, a tag without its partner, ``<audio>`` named in prose)
  stays visible text, with a warning: nothing is silently dropped.

Only tags properly nested within one run of inlines pair up; a pass is linear in the text
and adds at most one level of bold and of italic (bold inside bold is that bold).
"""

from __future__ import annotations

import re
from typing import Callable

from convert.model import (
    Block, Bold, BulletList, Code, ExternalLink, Inline, Italic, LineBreak, Link, ListItem, Paragraph, Text,
)

WarnAt = Callable[[int, str], None]

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,15})(\s[^<>\n]{0,500}|/[^<>\n]{0,20})?>")

_CODE = frozenset(("code", "tt", "kbd", "samp"))
_BOLD = frozenset(("b", "strong"))
_ITALIC = frozenset(("i", "em", "var", "cite", "dfn"))
_LAYOUT = frozenset(("span", "div", "font", "center", "p", "bdi", "bdo"))
_NO_KIND = frozenset(("sup", "sub", "s", "del", "strike", "u", "ins", "small", "big", "mark", "abbr", "q"))
_PAIRED = _CODE | _BOLD | _ITALIC | _LAYOUT | _NO_KIND


def has_tag(children: tuple[Inline, ...]) -> bool:
    """Whether any text of ``children`` (at any depth) may hold a tag (a cheap test)."""
    for node in children:
        if isinstance(node, Text):
            if "<" in node.text and _TAG.search(node.text):
                return True
        elif isinstance(node, (Bold, Italic, Link, ExternalLink)) and has_tag(node.children):
            return True
    return False


def has_tag_in(lines: list[str]) -> bool:
    """Whether seed ``lines`` may hold a tag (their blocks are then read by markdown-it)."""
    return any("<" in line and _TAG.search(line) is not None for line in lines)


def resolve(children: tuple[Inline, ...], line: int, warn: WarnAt) -> tuple[Inline, ...]:
    """``children`` with their inline HTML decided as the module docstring says."""
    if not has_tag(children):
        return children
    notes: dict[str, None] = {}
    out = _resolve(children, notes)
    for note in notes:
        warn(line, note)
    return out


def resolve_blocks(blocks: tuple[Block, ...], line: int, warn: WarnAt) -> tuple[Block, ...]:
    """:func:`resolve` on every paragraph of ``blocks`` and of their (nested) bullet lists."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            block = Paragraph(resolve(block.children, line, warn))
        elif isinstance(block, BulletList):
            block = BulletList(tuple(ListItem(resolve_blocks(item.blocks, line, warn)) for item in block.items))
        out.append(block)
    return tuple(out)


def tag_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of every tag in ``text`` (where no link or emphasis may be placed)."""
    return [m.span() for m in _TAG.finditer(text)] if "<" in text else []


_Item = Inline | tuple[str, bool, str]  # a node, or a tag: (name, closing, as written)


def _resolve(children: tuple[Inline, ...], notes: dict[str, None]) -> tuple[Inline, ...]:
    items: list[_Item] = []
    for node in children:
        if isinstance(node, Text):
            pos = 0
            for m in _TAG.finditer(node.text):
                if m.start() > pos:
                    items.append(Text(node.text[pos:m.start()]))
                items.append((m.group(2).lower(), bool(m.group(1)), m.group()))
                pos = m.end()
            if pos < len(node.text):
                items.append(Text(node.text[pos:]))
        elif isinstance(node, (Bold, Italic)) and has_tag(node.children):
            items.append(type(node)(_resolve(node.children, notes)))
        elif isinstance(node, Link) and has_tag(node.children):
            items.append(Link(node.page, _resolve(node.children, notes), node.anchor))
        elif isinstance(node, ExternalLink) and has_tag(node.children):
            items.append(ExternalLink(node.url, _resolve(node.children, notes)))
        else:
            items.append(node)
    partner = _pairs(items)
    # An explicit stack (no recursion): hostile input may nest tags thousands deep.
    frames: list[tuple[str, list[Inline]]] = [("", [])]
    for index, item in enumerate(items):
        if not isinstance(item, tuple):
            frames[-1][1].append(item)
            continue
        name, closing, raw = item
        if name == "br" and not (closing and raw != "</br>"):
            frames[-1][1].append(LineBreak())
        elif index in partner and not closing:
            frames.append((name, []))
        elif index in partner:
            _, inner = frames.pop()
            frames[-1][1].extend(_wrap(name, raw, inner, frames, notes))
        else:
            why = "has no partner" if name in _PAIRED else "is not formatting the model has"
            notes[f"HTML tag {raw[:40]!r} left in the text by the seed's converter {why}; kept as text"] = None
            frames[-1][1].append(Text(raw))
    return merge(frames[0][1])


def _pairs(items: list[_Item]) -> set[int]:
    """Indexes of the tags that open or close a properly nested pair of a paired kind."""
    stack: list[tuple[str, int]] = []
    paired: set[int] = set()
    for index, item in enumerate(items):
        if not isinstance(item, tuple) or item[0] not in _PAIRED or item[2].endswith("/>"):
            continue
        name, closing, _ = item
        if not closing:
            stack.append((name, index))
        elif stack and stack[-1][0] == name:
            paired.update((stack.pop()[1], index))
        else:
            stack.clear()  # a close that crosses: the opens before it stay text
    return paired


def _wrap(name: str, raw: str, inner: list[Inline], frames: list[tuple[str, list[Inline]]],
          notes: dict[str, None]) -> list[Inline]:
    tag = f"<{name}>"
    if name in _CODE:
        if all(isinstance(node, Text) for node in inner):
            return [Code("".join(node.text for node in inner if isinstance(node, Text)))]
        notes[f"HTML tag {tag} around links or formatting: read as its content (no code inside code)"] = None
        return inner
    if name in _BOLD or name in _ITALIC:
        kinds = _BOLD if name in _BOLD else _ITALIC
        if any(outer in kinds for outer, _ in frames[1:]):
            return inner  # bold inside bold is that bold
        children = merge(inner)
        return [Bold(children) if name in _BOLD else Italic(children)] if children else []
    if name in _LAYOUT:
        notes[f"HTML wrapper {tag} left in the text by the seed's converter dropped; its content kept"] = None
    else:
        notes[f"HTML tag {tag} left in the text by the seed's converter: no such formatting here, "
              "its content kept as plain text"] = None
    return inner


def merge(nodes: list[Inline]) -> tuple[Inline, ...]:
    """``nodes`` with adjacent texts joined and empty ones dropped."""
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + node.text)
        elif not (isinstance(node, Text) and not node.text):
            out.append(node)
    return tuple(out)
