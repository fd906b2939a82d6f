"""Raw wikitext that wtf_wikipedia left in a seed, decided once per kind for every writer.

* A character reference (``&#8288;``, ``&nbsp;``) left in an infobox value is its character.
* A paragraph, or a line of an infobox value, that is only a file link is the picture it
  names; its namespace word and options are kept, so wikitext gives the link back as
  written (the other writers draw the picture at their own size)::

      [[Datei:Flag.svg|frameless|upright=1.15|The flag]]  -> an image, caption "The flag"

* A paragraph that starts with a level-2 to 6 heading is that heading, then the paragraph::

      ==History== The town was founded...                 -> a heading, then the text

* Any other leftover (a file link or a heading inside a sentence, a ``{|`` table start, a
  cell's ``align="left" |``) stays visible as text, with a warning at its line: never
  silently dropped. A table cell's attributes are the cell's alignment (see
  :func:`cell_attributes`).
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Callable

from convert.model import Block, Heading, Image, Inline, Paragraph, Text, inline_text
from convert.wiki import FILE_NAMESPACES

WarnAt = Callable[[int, str], None]

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def decode_entities(text: str) -> str:
    """``text`` with every well-formed character reference as its character (only those
    ending in ``;``: "AT&T" and "&copy" stay as written). A reference to what text cannot
    hold (``&#0;``, a control, a surrogate, an unassigned code point: HTML would show a
    replacement character) stays as written, so nothing is lost or garbled."""
    if "&" not in text:
        return text
    return _ENTITY.sub(_character, text)


def _character(match: re.Match[str]) -> str:
    ref = match.group()
    char = html.unescape(ref)
    if not char or char == ref or any(c == "\ufffd" or unicodedata.category(c) in ("Cc", "Cs", "Cn") for c in char):
        return ref
    return char


# A file link in any of the file namespaces Wikipedias use: "[[Datei:Logo.svg|90px|Logo von ...]]".
_FILE_LINK = re.compile(
    rf"\[\[\s*({'|'.join(FILE_NAMESPACES)})"
    r"\s*:\s*([^|\]\[\n]+?)\s*((?:\|[^\]\[\n]*)?)\]\]",
    re.IGNORECASE,
)
# Image options of MediaWiki's [[File:]] syntax (what is left is the caption).
_OPTION = re.compile(
    r"(?i)^\s*(?:thumb|thumbnail|frame|framed|frameless|border|left|right|center|centre|none|"
    r"baseline|sub|super|top|text-top|middle|bottom|text-bottom|upright(?:\s*=?\s*[0-9.]+)?|"
    r"\d*(?:x\d+)?\s*px|(?:alt|link|page|lang|class|thumbtime|start|end)\s*=.*)\s*$"
)
_HEADING = re.compile(r"(={2,6})([^=\n][^\n]*?)\1(?=\s|$)")
_ANY = re.compile(r"\[\[\s*[^\]|:\n]+:|={2,6}[^=\n]+={2,6}|\{\|")


def has_leftover(text: str) -> bool:
    """Whether ``text`` may hold a leftover :func:`paragraph` looks at (a cheap test)."""
    return ("[[" in text or "==" in text or "{|" in text) and _ANY.search(text) is not None


def file_link(text: str) -> tuple[str, str, str] | None:
    """``(file name, alt, caption)`` when ``text`` is one whole file link, else None."""
    image = file_image(text)
    return None if image is None else (image.file, image.alt, inline_text(image.caption))


def file_image(text: str) -> Image | None:
    """The picture ``text`` names when it is one whole file link, else None; its namespace
    word and options are kept as written, so the wikitext writer can give the link back."""
    m = _FILE_LINK.fullmatch(text.strip())
    if m is None:
        return None
    alt = caption = ""
    options: list[str] = []
    for option in m.group(3).split("|")[1:]:
        if option.strip().lower().startswith("alt="):
            alt = option.split("=", 1)[1].strip()
        if _OPTION.match(option):
            options.append(option.strip())
        elif option.strip():
            caption = option.strip()  # (MediaWiki's caption is the last part no option reads)
    name = " ".join(m.group(2).replace("_", " ").split())
    return Image(name, alt, (Text(caption),) if caption else (), "", m.group(1), tuple(options))


def paragraph(children: tuple[Inline, ...], line: int, warn: WarnAt, top: bool) -> list[Block]:
    """The blocks a paragraph with ``children`` stands for (itself, when it holds no
    leftover); ``top`` when it is not inside a list or quote (where no heading can start)."""
    first = children[0] if children else None
    if not isinstance(first, Text) or not _ANY.search(first.text):
        return [Paragraph(children)]
    if len(children) == 1:
        picture = file_image(first.text)
        if picture is not None:
            return [picture]
    heading = _HEADING.match(first.text) if top else None
    if heading is not None:
        rest = first.text[heading.end():].lstrip()
        title = heading.group(2).strip()
        warn(line, f"wikitext heading {heading.group()[:60]!r} at the start of a paragraph read as a heading")
        out: list[Block] = [Heading(len(heading.group(1)), "", (Text(title),))]
        tail = ((Text(rest),) if rest else ()) + children[1:]
        return out + (paragraph(tail, line, warn, top) if tail else [])
    found = _ANY.search(first.text)
    if found is not None:
        warn(line, f"wikitext markup {found.group()[:40]!r} left in the text by the seed's converter; kept as text")
    return [Paragraph(children)]


_CELL_ATTRIBUTES = re.compile(r'\s*((?:[A-Za-z-]+\s*=\s*"[^"\n]*"\s*)+)\|(?!\|)\s*')
_ALIGN = re.compile(r'(?i)\balign\s*=\s*"\s*(left|right|center)\s*"')


def cell_attributes(text: str) -> tuple[str, str, str] | None:
    """``(alignment, attributes, text)`` when a cell's text starts with wikitext cell
    attributes (``align="left" | Smith``), else None."""
    m = _CELL_ATTRIBUTES.match(text)
    if m is None:
        return None
    align = _ALIGN.search(m.group(1))
    return (align.group(1).lower() if align else ""), m.group(1).strip(), text[m.end():]
