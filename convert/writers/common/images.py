"""The one picture policy of every writer (PDF, EPUB, DOCX).

Pictures come only from the ``--images`` folder, never from a path or URL an article
names, never from the network. A name is checked (length, characters) before any system
call, then looked up in one listing of the folder, tolerant of the ways a wiki writes a
name: spaces or underscores, a lower-case first letter, percent-encoding, and the file
Commons serves instead (``.png`` for an ``.svg``, ``.jpeg`` for ``.jpg``). A file is used
only when, once every link is resolved, it is a regular file directly inside the folder,
and when :mod:`convert.writers.common.picture_data` accepts it (full decode, pixel limit,
SVG element count) and has made it ready for the output at hand. Every picture an article
names and that is not used becomes one ``PATH:LINE: warning:`` (:meth:`ImageStore.diagnostics`).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import unquote, urlsplit

from convert.errors import Diagnostic
from convert.infoboxes.layout import image_file, is_picture
from convert.model import BlockQuote, BulletList, Document, Image, Infobox, OrderedList
from convert.writers.common.picture_data import DEFAULT_MAX_PIXELS, Picture, Refused, prepare

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".bmp", ".tif", ".tiff")
_SAME_SUFFIX = {".jpeg": ".jpg", ".tif": ".tiff"}
# The file a wiki serves for a name of another kind: a drawing's PNG rendering first.
_ALTERNATIVES = {".svg": (".svg.png", ".png"), ".tiff": (".tiff.jpg", ".jpg"), ".tif": (".tif.jpg", ".jpg"),
                 ".gif": (".gif.png", ".png"), ".webp": (".webp.png", ".png"), ".xcf": (".xcf.png", ".png")}
MAX_LISTING = 200_000
"""Entries of the images folder read at most (one listing per store)."""


def safe_file_name(name: str) -> str | None:
    """``name`` if it is a bare file name (no folder part, no ``..``, at most 255 bytes
    in UTF-8, no control character), else ``None``; decided without any system call."""
    name = name.strip()
    if not name or name in (".", "..") or any(c in name for c in "/\\\0") or any(ord(c) < 32 for c in name):
        return None
    if len(name.encode("utf-8", "surrogatepass")) > 255:
        return None
    return name


def canonical(name: str) -> str:
    """The key two spellings of one wiki file name share: percent-decoded, underscores as
    spaces, spaces collapsed, first letter upper-case (MediaWiki's rule), suffix lower-case."""
    if "%" in name:
        name = unquote(name)
    name = " ".join(name.replace("_", " ").split())
    stem, dot, suffix = name.rpartition(".")
    if dot and stem:
        suffix = "." + suffix.lower()
        name = stem + _SAME_SUFFIX.get(suffix, suffix)
    return name[:1].upper() + name[1:]


class ImageStore:
    """Finds and prepares an article's pictures for one output (``pdf``, ``epub``, ``docx``)."""

    def __init__(self, folder: Path | None, output: str = "pdf", max_pixels: int = DEFAULT_MAX_PIXELS) -> None:
        self.folder = folder.resolve() if folder is not None else None
        self.output = output
        self.max_pixels = max_pixels
        self._index: dict[str, str] | None = None
        self._pictures: dict[str, Picture | None] = {}
        self._why: dict[str, str] = {}
        self._by_path: dict[Path, Picture] = {}

    # ------------------------------------------------------------------ lookup
    def _listing(self) -> dict[str, str]:
        if self._index is None:
            self._index = {}
            if self.folder is not None:
                try:
                    with os.scandir(self.folder) as entries:
                        for n, entry in enumerate(entries):
                            if n >= MAX_LISTING:
                                break
                            self._index.setdefault(canonical(entry.name), entry.name)
                except OSError:
                    pass
        return self._index

    def _find(self, name: str) -> Path | None:
        bare = safe_file_name(name)
        if bare is None:
            self._why[name] = "is not a bare file name of at most 255 bytes"
            return None
        key = canonical(bare)
        if not key.lower().endswith(IMAGE_SUFFIXES + (".xcf",)):
            self._why[name] = "is not the name of a picture file"
            return None
        index = self._listing()
        stem, _dot, suffix = key.rpartition(".")
        keys = [key] + [stem + alt for alt in _ALTERNATIVES.get("." + suffix, ())]
        for k in keys:
            entry = index.get(k)
            if entry is None:
                continue
            assert self.folder is not None
            path = (self.folder / entry).resolve()
            # resolve() follows links: a link out of the folder, or to a folder, FIFO or
            # device, is not served.
            try:
                regular = stat.S_ISREG(path.stat().st_mode)
            except OSError:
                regular = False
            if path.parent != self.folder or not regular:
                self._why[name] = f"{entry!r} is not a regular file inside the images folder"
                return None
            return path
        self._why[name] = "is not in the images folder"
        return None

    def lookup(self, name: str) -> Path | None:
        """The local file picture ``name`` was made from, or ``None`` when it is not used."""
        picture = self.picture(name)
        return picture.path if picture is not None else None

    def picture(self, name: str) -> Picture | None:
        """Picture ``name`` ready for this store's output, or ``None`` (see :meth:`why`)."""
        if self.folder is None or not name:
            return None
        if name in self._pictures:
            return self._pictures[name]
        found: Picture | None = None
        path = self._find(name)
        if path is not None:
            try:
                found = prepare(path, self.output, self.max_pixels)
            except Refused as exc:
                self._why[name] = f"{path.name!r} refused: {exc}"
            except OSError as exc:
                self._why[name] = f"{path.name!r} cannot be read: {exc.strerror or exc}"
        if found is not None:
            self._by_path.setdefault(found.path, found)
        if len(self._pictures) < 10_000:
            self._pictures[name] = found
        return found

    def why(self, name: str) -> str:
        """Why picture ``name`` is not used ("" when it is, or was never asked for)."""
        return self._why.get(name, "")

    # ------------------------------------------------------------------ the PDF's fetcher
    def url(self, name: str) -> str | None:
        """The ``file:`` URL under which the PDF fetcher (:meth:`serve`) gives picture ``name``."""
        picture = self.picture(name)
        return picture.path.as_uri() if picture is not None else None

    def serve(self, url: str) -> Picture | None:
        """The prepared picture a URL made by :meth:`url` stands for, else ``None``."""
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        return self._by_path.get(Path(unquote(parts.path)))

    def served(self) -> set[Path]:
        """Every file a picture was made from so far."""
        return set(self._by_path)

    # ------------------------------------------------------------------ warnings
    def diagnostics(self, doc: Document) -> list[Diagnostic]:
        """One warning for every picture ``doc`` names that this store does not use."""
        if self.folder is None:
            return []
        out: list[Diagnostic] = []
        for name, line in named_pictures(doc):
            if self.picture(name) is None:
                out.append(Diagnostic(doc.source or doc.meta.title, line,
                                      f"picture {name!r} not shown: {self.why(name) or 'not found'}"))
        return out


def required_alt(alt: str, file: str) -> str:
    """Alt text where the output must have one (a tagged PDF: PDF/UA-1 wants text on every
    figure): the article's own (``*_alt``), else the file's name without its suffix;
    never the caption, which is printed beside the picture already."""
    return alt.strip() or " ".join(file.rsplit(".", 1)[0].replace("_", " ").split())


# ----------------------------------------------------------------------------- what an article names


def named_pictures(doc: Document) -> list[tuple[str, int]]:
    """Every picture file ``doc`` names, once each, with the line naming it (0 if unknown):
    the front matter's image, each infobox value that is a picture, each body figure."""
    seen: dict[str, tuple[str, int]] = {}

    def add(name: str, line: int) -> None:
        if name and canonical(name) not in seen:
            seen[canonical(name)] = (name, line)

    for box in doc.infoboxes:
        for name, line in box_picture_fields(box):
            add(name, line)
    for img in _images(doc.body):
        add(img.file, 0)
    add(doc.meta.image_file, 0)  # last: a box naming the same file gives its line
    return list(seen.values())


def body_shows(doc: Document, name: str) -> bool:
    """Whether the body draws the picture ``name`` as a figure: then the front matter's
    image, the same picture, is not drawn again on top (the seed names the lead picture
    in both places: ``img:`` and an ``![alt](url)`` line above the lead)."""
    key = canonical(name)
    return any(canonical(img.file) == key for img in _images(doc.body))


def box_picture_fields(box: Infobox) -> list[tuple[str, int]]:
    """The pictures an infobox names (its layout's image first) with their lines."""
    out: list[tuple[str, int]] = []
    main = box.layout.image if box.layout is not None else ""
    if main:
        line = next((f.line for f in box.fields if main in image_file(f.value.text)), box.line)
        out.append((main, line or box.line))
    for f in box.fields:
        if is_picture(f.value):
            name = image_file(f.value.text)
            if name and name != main:
                out.append((name, f.line or box.line))
    return out


def _images(blocks: Iterable[object]) -> Iterator[Image]:
    for b in blocks:
        if isinstance(b, Image):
            yield b
        elif isinstance(b, BlockQuote):
            yield from _images(b.blocks)
        elif isinstance(b, (BulletList, OrderedList)):
            for item in b.items:
                yield from _images(item.blocks)
