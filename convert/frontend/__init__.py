"""The normalising front end: seed bytes -> :class:`~convert.model.Document`.

Knows the seed format (YAML front matter + Markdown) and nothing of outputs. Recovered
oddities become :class:`~convert.errors.Diagnostic` warnings; unrecoverable ones raise
:class:`~convert.errors.SourceError` with the line where the problem is.

The seed format is wtf_wikipedia's Markdown, whose conventions differ from CommonMark's;
each is read here once, for every writer (one line each, the module that reads it after):

* ``[text](./Page_Title#Anchor)`` is an internal link, ``[x](./#Anchor)`` one within the
  article (:mod:`.markdown`).
* `` * text`` is one list item, on one line; the next line that is not an item starts a
  paragraph (:mod:`.listends`).
* `` * 1) text``, `` * 2) text`` is a numbered list, counted from 1 (:mod:`.seedlines`).
* `` * 1996. text`` is a bullet whose text starts with "1996." (:mod:`.seedlines`).
* ``|  250px|Caption  |``: a pipe without blanks around it is a cell's text (:mod:`.seedlines`).
* ``|  align="left" | Ann  |``: wikitext cell attributes are the cell's alignment
  (:mod:`.seedlines`, :mod:`.leftovers`).
* ``![Alt](url)`` alone on a line is a block image, also when the text follows on the next
  line (a section's pictures, under its heading) (:mod:`.markdown`).
* ``[[File:X.svg|frameless|Caption]]`` alone on a line (body or value) is the picture
  (:mod:`.leftovers`, :mod:`.sentence`).
* ``==History== Text`` starting a paragraph is a heading, then the text (:mod:`.leftovers`).
* ``[[Datei:X.svg|90px|Logo]]`` keeps its namespace word and options: the wikitext writes
  that link back as written, the other writers draw the picture (:mod:`.leftovers`).
* ``*Houston Oilers`` in a value keeps its marker as written in wikitext; a blank line in
  a value is a paragraph break (:mod:`.sentence`).
* ``GBP; £| time_zone = GMT`` in a value: a parameter of the inferred template that the box
  lacks is split back into its own; otherwise kept as text, with a warning (:mod:`.infobox`).
* ``&#8288;`` in an infobox value is its character (:mod:`.leftovers`).
* ``<tt>x</tt>``, ``<br/ >`` (body or value) are code and a line break; ``<span ...>`` and
  ``<sup>`` are dropped, content kept, with a warning; ``<audio>`` stays text (:mod:`.inlinehtml`).
* ``{type: internal, page: '', anchor: 0000FF}`` is a link to ``#0000FF`` (:mod:`.infobox`).
* A link text ``USS ''Hornet''`` is placed on the value's ``USS Hornet`` (:mod:`.sentence`).
* ``[[T](./B)](./A) ... T`` is ``[T](./A) ... [T](./B)``: a link written inside another
  link's text or target goes on the next free occurrence of its text (:mod:`.nestedlinks`).
* ``[Ran](./Ran_(*film*)) ... film`` is ``[Ran](./Ran_(film)) ... *film*``: emphasis in a
  target goes on the next free occurrence of its text (:mod:`.nestedlinks`).
* ``with[ prion proteins](./prion)`` is ``with [prion proteins](./prion)`` (:mod:`.markdown`).
* ``![Datei:Foo](.../file/Datei%3AFoo.png)`` is the file ``Foo.png``, shown "Foo" (:mod:`.markdown`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from convert.errors import Diagnostic, SourceError
from convert.model import Document, FieldValue, Infobox, Metadata, Paragraph, Text
from convert.wiki import wiki_url
from convert.frontend.yaml.frontmatter import YList, YMap, YScalar, YValue, decode, split
from convert.frontend.infobox import read_infoboxes
from convert.frontend.markdown import WarnAt, parse_body
from convert.wiki import image_file_name
from convert.frontend.transforms import normalise_headings

DEFAULT_MAX_SIZE = 10 * 1024 * 1024
AUTO = "auto"
FALLBACK_LANG = "en"
_LANG = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{1,8})*$")
_KNOWN_KEYS = ("title", "shortDescription", "description", "author", "img", "infoboxes")


@dataclass(frozen=True, slots=True)
class LoadOptions:
    """How to read seeds: wiki language, size limit, infobox inference and layout controls."""

    lang: str = AUTO
    """A Wikipedia language code, or ``auto``: told from each article's text (see
    :mod:`.language`), English when the text does not say clearly."""
    max_size: int = DEFAULT_MAX_SIZE
    infobox_template: str | None = None
    infobox_registry: Path | None = None
    layout: bool = True
    """Lay infoboxes out for drawing. Off when every writer of a run writes fields as they
    are (wikitext, infobox): laying out is a quarter of reading an infobox."""


@dataclass(slots=True)
class LoadResult:
    """The document and the warnings met while reading it."""

    document: Document
    warnings: list[Diagnostic] = field(default_factory=list)


def check_lang(lang: str) -> str:
    """A Wikipedia language code (``en``, ``de``, ``zh-yue``...), lower-cased."""
    code = lang.strip().lower()
    if code != AUTO and not _LANG.match(code):
        raise ValueError(f"not a language code: {lang!r}")
    return code


def _head(data: bytes, path: str, options: LoadOptions, warn_at: WarnAt) -> tuple[Metadata, tuple[Infobox, ...], str, int]:
    """Metadata, infoboxes, body text and the body's first line of one seed."""
    if len(data) > options.max_size:
        raise SourceError(
            path, 0, f"file is {len(data):,} bytes, over the {options.max_size:,}-byte limit (--max-size)"
        )
    if not data.strip():
        raise SourceError(path, 1, "file is empty")
    text = decode(data, path)
    parts = split(text, path)
    if parts.front is None:
        raise SourceError(path, 1, "no front matter: a seed starts with a '---' line and a YAML 'title:'")
    front = _last_wins(parts.front, warn_at)
    if options.lang == AUTO:
        options = replace(options, lang=_language(front, parts.body))
    meta = _metadata(front, path, options.lang, warn_at)
    infoboxes = titled(read_infoboxes(front, path, options, warn_at), meta.title)
    return meta, infoboxes, parts.body, parts.body_line


def read_head(data: bytes, path: str, options: LoadOptions = LoadOptions()) -> tuple[Metadata, tuple[Infobox, ...]]:
    """A seed's metadata (its language told as :func:`parse` tells it) and infoboxes, without
    reading the body: what a catalogue of many seeds needs. Warnings are dropped; errors
    raise :class:`SourceError` as in :func:`parse`."""
    meta, infoboxes, _body, _line = _head(data, path, options, lambda line, message: None)
    return meta, infoboxes


def parse(data: bytes, path: str, options: LoadOptions = LoadOptions()) -> LoadResult:
    """Parse one seed given as bytes; ``path`` is used in messages and as ``Document.source``."""
    warnings: list[Diagnostic] = []

    def warn_at(line: int, message: str) -> None:
        warnings.append(Diagnostic(path, line, message))

    meta, infoboxes, text, body_line = _head(data, path, options, warn_at)
    try:
        lines: list[int] = []
        body = parse_body(text, warn_at, body_line, lines=lines)
    except RecursionError:
        raise SourceError(path, body_line, "Markdown body is nested too deeply") from None
    body = normalise_headings(body, lines=lines)
    return LoadResult(Document(meta, infoboxes, body, path, tuple(lines) if len(lines) == len(body) else ()), warnings)


def loads(data: bytes, path: str = "<input>", **options: Any) -> tuple[Document, list[Diagnostic]]:
    """Parse seed bytes with :class:`LoadOptions` given as keywords; the document and its
    warnings (what :func:`convert.loads` and the batch workers call)."""
    result = parse(data, path, LoadOptions(**options))
    return result.document, result.warnings


def titled(infoboxes: tuple[Infobox, ...], title: str) -> tuple[Infobox, ...]:
    """The article's infoboxes, the first one headed by the article title when it names
    none: Wikipedia's templates show ``{{PAGENAME}}`` on top when ``name`` is left out
    (a box without a heading reads as a loose table). A box whose template was not
    recognised keeps its fields as they are: its name may be a row of its own."""
    if not infoboxes or not title:
        return infoboxes
    first = infoboxes[0]
    if first.layout is None or first.layout.title is not None or not first.template or not first.layout.rows:
        return infoboxes
    heading = FieldValue(title, (Paragraph((Text(title),)),))
    return (replace(first, layout=replace(first.layout, title=heading)), *infoboxes[1:])


def _last_wins(front: YMap, warn_at: WarnAt) -> YMap:
    """``front`` with each key once: the last one, as YAML loaders and infobox fields do.

    YAML forbids a key twice but both readers keep every one; the readers of single keys
    took the first, so a second ``title:`` further down was ignored without a word."""
    last = {name: index for index, (name, _value, _line) in enumerate(front.items)}
    if len(last) == len(front.items):
        return front
    kept: list[tuple[str, YValue, int]] = []
    for index, item in enumerate(front.items):
        if last[item[0]] == index:
            kept.append(item)
        else:
            warn_at(item[2], f"front matter key {item[0]!r} given again below; the last one is kept")
    return YMap(tuple(kept), front.line)


def _scalar(front: YMap, key: str, path: str) -> tuple[str, int]:
    """The text of top-level ``key`` and its line (``""``, 0 when absent)."""
    for name, value, line in front.items:
        if name == key:
            if isinstance(value, YScalar):
                return ("" if value.null else value.text.strip()), line
            kind = "list" if isinstance(value, YList) else "mapping"
            raise SourceError(path, line, f"'{key}' must be text, not a {kind}")
    return "", 0


def _language(front: YMap, body: str) -> str:
    """The article's language told from its title, description and body."""
    from convert.frontend.language import detect_article

    parts = [value.text for name, value, _line in front.items
             if name in ("title", "description") and isinstance(value, YScalar)]
    return detect_article(parts, body) or FALLBACK_LANG


def _metadata(front: YMap, path: str, lang: str, warn_at: WarnAt) -> Metadata:
    for name, _value, line in front.items:
        if name not in _KNOWN_KEYS:
            warn_at(line, f"unknown front matter key {name!r} ignored")
    title, line = _scalar(front, "title", path)
    if not title:
        raise SourceError(path, line or front.line, "front matter has no 'title'")
    if any(ch in title for ch in "\n\t") or len(title) > 1000:
        raise SourceError(path, line, "'title' must be a single line of at most 1000 characters")
    img, _ = _scalar(front, "img", path)
    return Metadata(
        title=title,
        short_description=" ".join(_scalar(front, "shortDescription", path)[0].split()),
        description=_scalar(front, "description", path)[0],
        author=_scalar(front, "author", path)[0],
        image=img,
        image_file=image_file_name(img) if img else "",
        lang=lang,
        source_url=wiki_url(lang, title),
    )
