"""Which pictures an article names, and on which wiki each lives.

The names come from the one list writers use (:func:`convert.writers.common.images.named_pictures`:
the ``img`` URL, infobox values that are picture file names, body figures) plus
``[[File:...]]`` links left as text in the body. The ``img`` URL also says which wiki the
article's pictures come from (``/wikipedia/commons/`` or ``/wikipedia/en/``); otherwise
Commons is asked first and the article's own Wikipedia second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from convert.infoboxes.layout import image_file
from convert.model import Document, block_text
from convert.writers.common.images import IMAGE_SUFFIXES, canonical, named_pictures, safe_file_name

_FILE_LINK = re.compile(r"\[\[\s*[^\[\]|:\n]{2,12}\s*:[^\[\]|\n]{1,255}(?:\|[^\[\]\n]*)?\]\]")
_UPLOAD_PATH = re.compile(r"^/wikipedia/([a-z0-9-]{2,20})/")


@dataclass(frozen=True, slots=True)
class Wanted:
    """One picture to fetch: its ``name`` (spaces), the wikis to ask in order, and where
    it was named (``path:line``) for the failure line."""

    name: str
    repos: tuple[str, ...]
    where: str


def wanted(doc: Document) -> list[Wanted]:
    """The pictures ``doc`` names, each once."""
    repos: tuple[str, ...] = ("commons", doc.meta.lang) if doc.meta.lang != "commons" else ("commons",)
    m = _UPLOAD_PATH.match(unquote(urlsplit(doc.meta.image).path)) if doc.meta.image else None
    if m and m.group(1) != "commons":
        repos = (m.group(1), "commons")
    names = list(named_pictures(doc))
    for link in _FILE_LINK.findall(block_text(doc.body)):
        name = image_file(link)
        if name and name != link.strip("[]").split("|")[0].strip():
            names.append((name, 0))
    out: list[Wanted] = []
    seen: set[str] = set()
    source = doc.source or doc.meta.title
    for name, line in names:
        bare = safe_file_name(name)
        key = canonical(name)
        if bare is None or key in seen or not key.lower().endswith(IMAGE_SUFFIXES):
            continue
        seen.add(key)
        out.append(Wanted(key, repos, f"{source}:{line}" if line else source))
    return out
