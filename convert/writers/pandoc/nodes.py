"""pandoc JSON AST nodes as plain data: the builders every pandoc-fed writer uses.

Nothing here knows the document model. This is the one place where text enters the AST
(:func:`text_inlines`, :func:`clean_text`), so characters XML cannot carry are dropped
here and nowhere else; and the one place where a whole pandoc document is assembled and
serialized (:func:`document`, :func:`dumps`).

Every pandoc node is plain JSON data (dicts and lists) in pandoc's own encoding
(``{"t": "Str", "c": "word"}``); helpers build the few shapes used here.
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterable, Mapping

API_VERSION: tuple[int, int, int, int] = (1, 23, 1, 1)
"""``pandoc-api-version`` of the bundled pandoc (``pandoc -t json`` on empty input)."""

Node = dict[str, Any]
Attr = list[Any]

# Characters XML 1.0 forbids (EPUB and DOCX are both XML) plus C1 controls, which are never
# meaningful text: removed here, the one place where article text enters the AST.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"[ \t\r\n]+")
_CLASS_SAFE = re.compile(r"[^a-z0-9]+")


def attr(ident: str = "", classes: Iterable[str] = (), pairs: Iterable[tuple[str, str]] = ()) -> Attr:
    """A pandoc ``Attr``: ``[id, [classes], [[key, value]]]``."""
    return [ident, list(classes), [list(p) for p in pairs]]


def node(tag: str, content: Any = None) -> Node:
    """``{"t": tag, "c": content}`` (no ``c`` for nullary nodes)."""
    return {"t": tag} if content is None else {"t": tag, "c": content}


def clean_text(text: str) -> str:
    """``text`` without characters that XML cannot carry."""
    return _XML_ILLEGAL.sub("", text)


def one_line(text: str) -> str:
    """``text`` as one trimmed line (a title): XML-illegal characters dropped, runs of
    whitespace one space."""
    return _SPACES.sub(" ", clean_text(text)).strip()


def class_name(text: str) -> str:
    """A CSS class token from free text (``military conflict`` -> ``military-conflict``)."""
    return _CLASS_SAFE.sub("-", text.lower()).strip("-")


def text_inlines(text: str) -> list[Node]:
    """Plain text as one ``Str`` (runs of ASCII whitespace become one space), or nothing.

    pandoc's own readers make a ``Str`` per word with ``Space`` between; its writers accept
    spaces inside a ``Str`` and render them the same (HTML and DOCX alike), and one node per
    run instead of two per word makes the AST a third of the size and pandoc's EPUB writer
    a third faster.
    """
    text = _SPACES.sub(" ", clean_text(text))
    if not text:
        return []
    if _many_quotes(text):
        return _chunks(text)
    return [node("Str", text)]


# pandoc's HTML writer (EPUB) takes time quadratic in the quotes of one Str: a paragraph
# of 96 KB with 8,000 apostrophes took 12 s, twice that 180 s, a few KB of "'" past the
# timeout. Such text goes as Str runs of at most _CHUNK characters, cut at spaces where
# there are some (Str, Space, Str shows the same text): linear, and most paragraphs,
# with fewer quotes, stay one Str.
_CHUNK = 256
_QUOTES_PER_STR = 32


def _many_quotes(text: str) -> bool:
    """Whether ``text`` is too long, and holds too many quotes, to go to pandoc in one run."""
    return len(text) > _CHUNK and text.count("'") + text.count('"') > _QUOTES_PER_STR


def code_pieces(text: str) -> list[str]:
    """Inline code as one piece, or, with many quotes, pieces of _CHUNK characters (for
    the same reason as :func:`_chunks`; adjacent code runs show as one)."""
    if _many_quotes(text):
        return [text[i : i + _CHUNK] for i in range(0, len(text), _CHUNK)]
    return [text]


def _chunks(text: str) -> list[Node]:
    out: list[Node] = []
    start = 0
    while len(text) - start > _CHUNK:
        cut = text.rfind(" ", start + 1, start + _CHUNK)
        if cut > start:
            out.extend((node("Str", text[start:cut]), node("Space")))
            start = cut + 1
        else:
            out.append(node("Str", text[start : start + _CHUNK]))
            start += _CHUNK
    if start < len(text):
        out.append(node("Str", text[start:]))
    return out


def plain(content: list[Node]) -> list[Node]:
    """``content`` as one ``Plain`` block (a paragraph without margins), or nothing."""
    return [node("Plain", content)] if content else []


_ALIGN = {"": "AlignDefault", "left": "AlignLeft", "center": "AlignCenter", "right": "AlignRight"}


def cell(blocks_: list[Node], *, colspan: int = 1, align: str = "", classes: Iterable[str] = ()) -> list[Any]:
    """A pandoc table ``Cell``."""
    return [attr(classes=classes), node(_ALIGN.get(align, "AlignDefault")), 1, colspan, blocks_]


def row(cells: list[list[Any]], classes: Iterable[str] = ()) -> list[Any]:
    """A pandoc table ``Row``."""
    return [attr(classes=classes), cells]


def table(
    columns: int, head_rows: list[list[Any]], bodies: list[list[Any]], *,
    caption: list[Node] | None = None, classes: Iterable[str] = (),
) -> Node:
    """A pandoc ``Table`` with default column widths; ``bodies`` from :func:`table_body`."""
    colspecs = [[node("AlignDefault"), node("ColWidthDefault")] for _ in range(columns)]
    cap = [None, [node("Plain", caption)] if caption else []]
    return node("Table", [attr(classes=classes), cap, colspecs, [attr(), head_rows], bodies, [attr(), []]])


def table_body(rows: list[list[Any]], *, head: list[list[Any]] | None = None, row_heads: int = 0) -> list[Any]:
    """A pandoc ``TableBody``: ``head`` rows are an intermediate header, ``row_heads``
    leading columns of each row are row headers (``<th>``)."""
    return [attr(), row_heads, head or [], rows]


def image_inline(source: str, alt: str, classes: Iterable[str] = ()) -> Node:
    """An ``Image`` inline whose description (the alt text) is ``alt``."""
    return node("Image", [attr(classes=classes), text_inlines(alt), [source, ""]])


def meta_string(value: str) -> Node:
    """A machine value (language code, path, identifier)."""
    return node("MetaString", clean_text(value))


def meta_inlines(text: str) -> Node:
    """Human-readable text (title, description): plain ``Str`` nodes, never parsed."""
    return node("MetaInlines", text_inlines(text))


def meta(value: Any) -> Node:
    """A pandoc ``MetaValue`` from Python data: ``str`` -> MetaString, ``bool`` -> MetaBool,
    lists and mappings recursively; a ready pandoc node (``{"t": "Meta..."}``) as is."""
    if isinstance(value, Mapping):
        if str(value.get("t", "")).startswith("Meta"):
            return dict(value)
        return node("MetaMap", {str(k): meta(v) for k, v in value.items()})
    if isinstance(value, bool):
        return node("MetaBool", value)
    if isinstance(value, str):
        return meta_string(value)
    if isinstance(value, (list, tuple)):
        return node("MetaList", [meta(v) for v in value])
    raise TypeError(f"cannot make pandoc metadata from {type(value).__name__}")


def document(body: list[Node], metadata: Mapping[str, Any]) -> dict[str, Any]:
    """A complete pandoc document; ``metadata`` values go through :func:`meta`."""
    return {
        "pandoc-api-version": list(API_VERSION),
        "meta": {str(k): meta(v) for k, v in metadata.items()},
        "blocks": body,
    }


def dumps(ast: Mapping[str, Any]) -> bytes:
    """Compact UTF-8 JSON as pandoc reads it."""
    return json.dumps(ast, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


__all__ = [
    "API_VERSION", "Node", "Attr", "attr", "node", "clean_text", "one_line", "class_name", "text_inlines",
    "code_pieces", "plain", "cell", "row", "table", "table_body", "image_inline",
    "meta_string", "meta_inlines", "meta", "document", "dumps",
]
