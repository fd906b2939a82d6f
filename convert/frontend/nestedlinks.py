"""Links (and emphasis) the seed wrote inside other links, each put back on its own text.

wtf-plugin-markdown writes a sentence's links by replacing, for each link in turn, the FIRST
occurrence of its text (at word boundaries when it can) with ``[text](href)``. A second link
with the same text, or a text found inside an earlier link's text or target, is written
inside that link::

    [[T](./B)](./A) ... T          -> [T](./A) ... [T](./B)
    [[single-decker](./B) bus](./A) and single-decker
                                   -> [single-decker bus](./A) and [single-decker](./B)
    [Roadblock](./Roadblock_([robot](./robot))), a robot
                                   -> [Roadblock](./Roadblock_(robot)), a [robot](./robot)

CommonMark reads none of these as two links (the outer one becomes ``[`` and ``](./A)``
debris in the text). The outer link is the one written where it stands; an inner one
belonged to a later occurrence of its text in the same sentence, so it goes on the next
occurrence in the same line (a paragraph, an item, a table cell) that is not in a link. When
there is none, its text stays where it is, as the outer link's text, with a warning.

Bold and italic are replaced the same way, after the links, so emphasis can land in a
link's target (``[Ran](./Ran_(*film*))``); it goes on the next free occurrence of its text
the same way (or is left out, with a warning). Lines are rewritten in place; line numbers
hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from convert.frontend.seedlines import FENCE

WarnAt = Callable[[int, str], None]

# A "[" before the "]" of another "[" (a link in a link's text) or a "[" in a target:
# the only lines this module has anything to do on. (Linear: a run scanned from one "["
# holds no other.)
_NESTED = re.compile(r"\[[^\]\n]*\[|\]\([^)\s\]]*\[|\]\(\./[^)\s\]]*\*")
_EMPHASIS = re.compile(r"\*+")
# "*film*" in a target, as smartReplace writes it: around a word, not glued to one
# (a title's own asterisks, "C*-algebra", stay).
_HREF_EMPHASIS = re.compile(r"(?<![\w*])(\*{1,3})(\w(?:[^*]*\w)?)\1(?![\w*])")


@dataclass(frozen=True, slots=True)
class _Span:
    """A ``[text](href)`` at ``start:end`` of a line; ``mid`` is the index of ``](``."""

    start: int
    mid: int
    end: int


def unnest_links(text: str, warn: WarnAt, first_line: int = 1) -> str:
    """``text`` with every nested link of the seed put on its own text (module docstring)."""
    if _NESTED.search(text) is None:
        return text
    lines = text.split("\n")
    fence = ""
    for index, line in enumerate(lines):
        if fence:  # code is shown as written
            fence = "" if line.lstrip(" ").startswith(fence) else fence
            continue
        opened = FENCE.match(line)
        if opened is not None:
            fence = opened.group(1)
        elif _NESTED.search(line) is not None:
            lines[index] = _line(line, lambda message: warn(first_line + index, message))
    return "\n".join(lines)


def _spans(line: str) -> list[_Span]:
    """Every link and image of ``line``, nested ones too, by bracket and parenthesis
    matching (one pass each, so linear)."""
    brackets: dict[int, int] = {}
    parens: dict[int, int] = {}
    for pairs, open_, close in ((brackets, "[", "]"), (parens, "(", ")")):
        stack: list[int] = []
        for i, ch in enumerate(line):
            if ch == open_ and (i == 0 or line[i - 1] != "\\"):
                stack.append(i)
            elif ch == close and stack and line[i - 1] != "\\":
                pairs[stack.pop()] = i
    spans = [_Span(start, mid, parens[mid + 1] + 1) for start, mid in brackets.items() if mid + 1 in parens]
    spans.sort(key=lambda s: s.start)
    return spans


def _image(line: str, span: _Span) -> bool:
    return span.start > 0 and line[span.start - 1] == "!"


def _flatten(line: str, start: int, end: int, spans: list[_Span], found: list[tuple[str, str]]) -> str:
    """``line[start:end]`` with each link inside written as its text alone; those links
    (text, target) are added to ``found``, outer before inner, left to right."""
    out = []
    at = start
    for k, span in enumerate(spans):
        if span.start < at or span.end > end or span.start < start or _image(line, span):
            continue  # outside, inside a link already flattened, or an image
        inner = [s for s in spans[k + 1:] if s.start < span.end]
        text_found: list[tuple[str, str]] = []
        text = _flatten(line, span.start + 1, span.mid, inner, text_found)
        href = _flatten(line, span.mid + 2, span.end - 1, inner, text_found)
        found.append((text, href))
        found.extend(text_found)
        out.append(line[at:span.start])
        out.append(text)
        at = span.end
    out.append(line[at:end])
    return "".join(out)


# Links waiting for their text that are given up (with a warning) when more are waiting:
# keeps a line of thousands of nested links linear.
_MAX_PENDING = 16


@dataclass(frozen=True, slots=True)
class _Waiting:
    """Markup written in the wrong place, waiting for the next free occurrence of ``text``
    to be put around it (``open`` + text + ``close``)."""

    text: str
    open: str
    close: str

    @property
    def pattern(self) -> re.Pattern[str]:
        """The text where it is a word of its own (its ends at word boundaries)."""
        plain = self.text
        before = r"(?<!\w)" if plain[:1].isalnum() or plain[:1] == "_" else ""
        after = r"(?!\w)" if plain[-1:].isalnum() or plain[-1:] == "_" else ""
        return re.compile(before + re.escape(plain) + after)

    def unplaced(self, warn: Callable[[str], None]) -> None:
        if self.open == "[":
            warn(f"link to {self.close[2:-1][:80]!r} (text {self.text[:60]!r}) was written inside another "
                 f"link and its text does not come again in its paragraph; its text is kept as the other link's")
        else:
            warn(f"emphasis of {self.text[:60]!r} was written in a link's target and the text does not come "
                 f"again in its paragraph; it is left out")


def _line(line: str, warn: Callable[[str], None]) -> str:
    """``line`` with its nested links put back (module docstring)."""
    spans = _spans(line)
    table_row = line.lstrip(" ").startswith("|")
    out: list[str] = []
    pending: list[_Waiting] = []
    at = 0
    k = 0
    while k < len(spans):
        span = spans[k]
        j = k + 1
        while j < len(spans) and spans[j].start < span.end:
            j += 1  # spans[k+1:j] lie inside span
        out.append(_gap(line[at:span.start], pending, table_row, warn))
        if _image(line, span):
            out.append(line[span.start:span.end])
        else:
            found: list[tuple[str, str]] = []
            inner = spans[k + 1:j]
            text = _flatten(line, span.start + 1, span.mid, inner, found)
            href = _flatten(line, span.mid + 2, span.end - 1, inner, found)
            if href.startswith("./") and "*" in href:
                # "[Ran](./Ran_(*film*))": emphasis of a later "film" landed in a target.
                pending.extend(_Waiting(m.group(2), m.group(1), m.group(1)) for m in _HREF_EMPHASIS.finditer(href))
                href = _HREF_EMPHASIS.sub(r"\2", href)
            out.append(f"[{text}]({href})")
            pending.extend(_Waiting(_EMPHASIS.sub("", t).strip(), "[", f"]({h})") for t, h in found)
            for waiting in pending[:-_MAX_PENDING]:
                waiting.unplaced(warn)
            del pending[:-_MAX_PENDING]
        at = span.end
        k = j
    out.append(_gap(line[at:], pending, table_row, warn))
    for waiting in pending:
        waiting.unplaced(warn)
    return "".join(out)


def _gap(gap: str, pending: list[_Waiting], table_row: bool, warn: Callable[[str], None]) -> str:
    """``gap`` (text between links) with waiting markup placed on its text, in order; in a
    table row, what still waits at the end of a cell is given up."""
    if not pending:
        return gap
    if table_row and " | " in gap:
        first, sep, rest = gap.partition(" | ")
        first = _gap(first, pending, False, warn)
        for waiting in pending:
            waiting.unplaced(warn)
        pending.clear()
        return first + sep + rest
    taken: list[tuple[int, int]] = []
    for waiting in list(pending):
        plain = waiting.text
        if not plain or plain not in gap:
            continue
        for m in waiting.pattern.finditer(gap):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            marked = waiting.open + plain + waiting.close
            gap = gap[:m.start()] + marked + gap[m.end():]
            shift = len(marked) - (m.end() - m.start())
            taken = [(a + shift if a >= m.end() else a, b + shift if b >= m.end() else b) for a, b in taken]
            taken.append((m.start(), m.start() + len(marked)))
            pending.remove(waiting)
            break
    return gap
