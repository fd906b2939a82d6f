"""Who made each picture shown, and under which licence: one credit per picture for every
writer, read from the sidecar ``wikiexport images`` writes beside each file it downloads
(``NAME.json``: the MediaWiki API's ``extmetadata``, reduced to plain text). Without a
sidecar a credit still names the file and its Commons page, where author and licence are.
"""

from __future__ import annotations

import json
import stat
from dataclasses import dataclass
from typing import Iterable

from convert.wiki import commons_url
from convert.writers.common.images import ImageStore, canonical

SIDECAR_SUFFIX = ".json"
MAX_SIDECAR_BYTES = 64 * 1024
_FIELDS = ("author", "licence", "licence_url", "credit", "source")


@dataclass(frozen=True, slots=True)
class PictureCredit:
    """The credit line of one picture (empty strings where the description says nothing)."""

    file: str
    source: str
    author: str = ""
    licence: str = ""
    licence_url: str = ""
    credit: str = ""

    def text(self) -> str:
        """``Name.jpg: author, licence (licence URL), source URL`` as one plain line."""
        parts = [p for p in (self.author and f"by {self.author}", self.licence,
                             self.licence_url and f"<{self.licence_url}>") if p]
        return f"{self.file}: " + (", ".join(parts) + ". " if parts else "author and licence on its page. ") + self.source


def picture_credit(store: ImageStore, name: str) -> PictureCredit:
    """The credit of picture ``name`` as found by ``store`` (its sidecar when there is one)."""
    default = PictureCredit(name, commons_url(name))
    path = store.lookup(name)
    if path is None:
        return default
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    try:
        info = sidecar.lstat()
        # Only a small regular file beside the picture itself (no link out of the folder).
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_SIDECAR_BYTES:
            return default
        data = json.loads(sidecar.read_bytes())
    except (OSError, ValueError):
        return default
    if not isinstance(data, dict):
        return default
    values = {k: " ".join(str(data.get(k) or "").split())[:500] for k in _FIELDS}
    source = values.pop("source")
    if not source.startswith("https://"):
        source = default.source
    if values["licence_url"] and not values["licence_url"].startswith(("https://", "http://")):
        values["licence_url"] = ""
    return PictureCredit(name, source, **values)


def book_pictures(names: Iterable[str]) -> list[str]:
    """What a book's "Image credits" section lists, from the pictures its articles show:
    each picture once (one file however its name is written: ``A_b.JPG``, ``a b.jpg``), in
    the order the book first shows them."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(canonical(name), name)
    return list(seen.values())


def book_credits(credits: Iterable[PictureCredit]) -> list[PictureCredit]:
    """:func:`book_pictures` for credits already read (the PDF's appendix pieces read them)."""
    by_name: dict[str, PictureCredit] = {}
    for credit in credits:
        by_name.setdefault(credit.file, credit)
    return [by_name[name] for name in book_pictures(by_name)]
