"""Whole-document normalisations applied once after parsing: heading levels, ids, empty flags."""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable

from convert.model import Block, Heading, inline_text

_ID_DROP = re.compile(r"[^\w\-.]+", re.UNICODE)


def slug(text: str) -> str:
    """An id usable in HTML, XHTML and as a bookmark stem: letters, digits, ``_ - .``."""
    text = unicodedata.normalize("NFKC", text).strip()
    text = _ID_DROP.sub("_", text).strip("_.-")
    if not text or not (text[0].isalpha()):
        text = "s_" + text if text else "section"
    return text[:80]


def normalise_headings(
    blocks: tuple[Block, ...], reserved: Iterable[str] = (), lines: list[int] | None = None,
) -> tuple[Block, ...]:
    """Shift levels so sections start at 2, give unique ids, and flag empty sections;
    ``lines`` (parallel to ``blocks``) loses the lines of the headings left out."""
    headings = [b for b in blocks if isinstance(b, Heading)]
    shift = 1 if any(h.level == 1 for h in headings) else 0
    seen: set[str] = set(reserved)
    suffix: dict[str, int] = {}  # per base: the next number to try (all below are taken)
    out: list[Block] = []
    dropped: list[int] = []
    for index, block in enumerate(blocks):
        if isinstance(block, Heading):
            if not inline_text(block.children).strip():
                dropped.append(index)
                continue  # "## " alone: no section title to show, link to or list
            base = slug(inline_text(block.children))
            ident = base
            if ident in seen:  # "History", "History_2"...: counted on, not searched from 2
                n = suffix.get(base, 2)
                ident = f"{base}_{n}"
                while ident in seen:
                    n += 1
                    ident = f"{base}_{n}"
                suffix[base] = n + 1
            seen.add(ident)
            block = Heading(min(6, block.level + shift), ident, block.children, block.empty)
        out.append(block)
    if lines is not None and dropped:
        gone = set(dropped)
        lines[:] = [n for i, n in enumerate(lines) if i not in gone]
    return tuple(_flag_empty(out))


def _flag_empty(blocks: list[Block]) -> list[Block]:
    """A section is empty when nothing but headings of deeper levels follows until the next
    heading of its level or higher."""
    result = list(blocks)
    count = len(blocks)
    for i, block in enumerate(blocks):
        if not isinstance(block, Heading):
            continue
        empty = True
        j = i + 1  # (an index, not a slice: copying the rest per heading is quadratic)
        while j < count:
            later = blocks[j]
            if isinstance(later, Heading):
                if later.level <= block.level:
                    break
                j += 1
                continue
            empty = False
            break
        if empty != block.empty:
            result[i] = Heading(block.level, block.id, block.children, empty)
    return result
