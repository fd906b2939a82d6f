"""Put a book's pieces together with pikepdf (qpdf) and stamp "n / N" on its pages.

qpdf copies pages and everything they reference between files, keeping one copy of each
object per source file; so the structure elements, named destinations and outline entries
copied after a piece's pages point at the book's copies of those pages. What this module
adds is the book-wide part: one ``Document`` element holding every piece's elements, one
parent tree (keys renumbered per piece), one name tree of destinations (sorted, as name
trees must be), one outline, in-book jumps for links between pieces, and page numbers.
"""

from __future__ import annotations

import io
import json
import re
import warnings
from dataclasses import asdict
from pathlib import Path
from typing import Any, Callable, Sequence

import pikepdf
from pikepdf import Array, Dictionary, Name

from convert.writers.common.credits import PictureCredit
from convert.writers.pdf.html import BOOK_LINK

_BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")
_FOLIO_FONT = Name("/WXfolio")
_FOLIO_SIZE = 8.0
_FOLIO_COLOUR = "0.329 0.349 0.365"  # #54595d, as the running head
_MM = 72 / 25.4
_START = re.compile(r"^(a\d+|appendix)$")
_PICTURES = Name("/WXPictures")


class Folio:
    """Page numbers drawn with the font of the page footer (a subset holding "0123456789 /",
    taken from a one-line PDF WeasyPrint wrote), marked as pagination artifacts."""

    def __init__(self, book: pikepdf.Pdf, digits_pdf: bytes) -> None:
        source = pikepdf.open(io.BytesIO(digits_pdf))
        best: tuple[int, Any, dict[str, int]] | None = None
        for font in source.pages[0].obj.Resources.Font.values():
            codes = {chr(int(uni, 16)): int(code, 16) for code, uni in _BFCHAR.findall(font.ToUnicode.read_bytes())}
            covered = sum(ch in codes for ch in "0123456789 /")
            if best is None or covered > best[0]:
                best = (covered, font, codes)
        if best is None or best[0] < 12:
            raise ValueError("the page-number font lacks digits")
        _covered, font, self.codes = best
        self.widths = _widths(font.DescendantFonts[0].get(Name.W, Array()))
        _hold_stream_data(source)
        self.font = book.copy_foreign(font)
        # Its own subset tag: readers and checkers tell fonts apart by name.
        for holder, key in ((self.font, Name.BaseFont), (self.font.DescendantFonts[0], Name.BaseFont),
                            (self.font.DescendantFonts[0].FontDescriptor, Name.FontName)):
            base = str(holder[key])[1:].split("+", 1)[-1]
            holder[key] = Name("/WXPAGE+" + base)
        source.close()

    def width(self, text: str) -> float:
        return sum(self.widths.get(self.codes.get(ch, 0), 500) for ch in text) * _FOLIO_SIZE / 1000

    def stamp(self, page: pikepdf.Page, text: str) -> None:
        resources = page.obj.get(Name.Resources)
        if resources is None:
            resources = page.obj[Name.Resources] = Dictionary()
        if Name.Font not in resources:
            resources[Name.Font] = Dictionary()
        resources.Font[_FOLIO_FONT] = self.font
        box = page.mediabox
        x = (float(box[0]) + float(box[2])) / 2 - self.width(text) / 2
        y = float(box[1]) + 10 * _MM - _FOLIO_SIZE * 0.3
        glyphs = "".join(f"{self.codes.get(ch, 0):04x}" for ch in text)
        stamp = (
            f"Q\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC\nq {_FOLIO_COLOUR} rg BT "
            f"/WXfolio {_FOLIO_SIZE:g} Tf {x:.2f} {y:.2f} Td <{glyphs}> Tj ET Q\nEMC\n"
        )
        # WeasyPrint's page starts with a flipped coordinate system it never restores.
        page.contents_add(b"q\n", prepend=True)
        page.contents_add(stamp.encode("ascii"), prepend=False)


def _widths(w: Array) -> dict[int, float]:
    out: dict[int, float] = {}
    items = list(w)
    i = 0
    while i < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], Array):
            for j, width in enumerate(items[i + 1]):
                out[first + j] = float(width)
            i += 2
        else:
            for code in range(first, int(items[i + 1]) + 1):
                out[code] = float(items[i + 2])
            i += 3
    return out


def part_pages(path: Path | bytes) -> tuple[int, dict[str, int]]:
    """A piece's page count and the page (0-based) of each article start and the appendix."""
    with _open(path) as pdf:
        index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
        anchors: dict[str, int] = {}
        for name, dest in _dest_pairs(pdf.Root):
            text = name.decode("utf-8", "replace")
            if _START.match(text) and isinstance(dest, Array) and len(dest):
                anchors.setdefault(text, index.get(dest[0].objgen, 0))
        return len(pdf.pages), anchors


def mark_pictures(data: bytes, credits: Sequence[PictureCredit]) -> bytes:
    """A run of the appendix with the credits of the pictures its articles show, for the
    book's "Image credits" section (:func:`part_pictures`). They live in a private key of
    the piece's catalog, which the assembly never copies into the book."""
    if not credits:
        return data
    with _open(data) as pdf:
        pdf.Root[_PICTURES] = pikepdf.String(json.dumps([asdict(c) for c in credits], ensure_ascii=False))
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def part_pictures(path: Path | bytes) -> list[PictureCredit]:
    """The picture credits :func:`mark_pictures` put in a piece, in the order shown."""
    with _open(path) as pdf:
        raw = pdf.Root.get(_PICTURES)
        items = json.loads(bytes(raw).decode("utf-8")) if raw is not None else []
    fields = set(PictureCredit.__dataclass_fields__)
    return [PictureCredit(**{k: str(v) for k, v in item.items() if k in fields}) for item in items]


def _open(path: Path | bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(path) if isinstance(path, bytes) else path)


def assemble(front: bytes, parts: Sequence[Path | bytes], digits_pdf: bytes,
             progress: Callable[[int], None] | None = None, into: Path | None = None) -> bytes:
    """The book: ``front`` (cover and contents; its metadata and language are the book's),
    then ``parts`` in order; pages 2..N numbered "n / N". With ``into``, the book is saved
    there (no copy of it in memory) and ``b""`` returned."""
    book = pikepdf.open(io.BytesIO(front))
    root = book.Root.get(Name.StructTreeRoot)
    document = root.K[0] if root is not None else None
    nums: list[Any] = list(root.ParentTree.Nums) if root is not None else []
    next_key = _next_key(nums)
    dests: list[tuple[bytes, Any]] = _dest_pairs(book.Root)
    outline = _outline_items(book.Root)
    for done, part in enumerate(parts, 1):
        src = _open(part)
        # qpdf copies stream data lazily, from the source when the book is saved: every piece
        # stayed open, with all its parsed objects, until then (1,067 MiB for a 1,000-article
        # book). With each piece's (still encoded) stream data read into memory first, the
        # book owns a copy of it, and the piece is closed as soon as it is copied.
        _hold_stream_data(src)
        first_new = len(book.pages)
        with warnings.catch_warnings():
            # pikepdf warns that named destinations are not carried over: they are, below.
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning if hasattr(pikepdf, "PageCopyWarning") else Warning)
            book.pages.extend(src.pages)
        proot = src.Root.get(Name.StructTreeRoot)
        if proot is not None and document is not None:
            offset = next_key
            for top in _copy(book, src, proot.K):
                for kid in top.K:
                    kid[Name.P] = document
                    document.K.append(kid)
            pnums = list(_copy(book, src, proot.ParentTree).Nums)
            for k in range(0, len(pnums), 2):
                nums.extend([int(pnums[k]) + offset, pnums[k + 1]])
            next_key = _next_key(nums)
            for page in book.pages[first_new:]:
                if Name.StructParents in page.obj:
                    page.obj[Name.StructParents] = int(page.obj.StructParents) + offset
                for annot in page.obj.get(Name.Annots, ()):
                    if Name.StructParent in annot:
                        annot[Name.StructParent] = int(annot.StructParent) + offset
        pairs = _dest_pairs(src.Root)
        if pairs:
            copied = _copy(book, src, Array([dest for _name, dest in pairs]))
            dests.extend((name, dest) for (name, _d), dest in zip(pairs, copied))
        outline.extend(_copy(book, src, item) for item in _outline_items(src.Root))
        del proot, pairs  # (no handle into the piece outlives it)
        src.close()
        if progress is not None:
            progress(done)
    if root is not None:
        root[Name.ParentTree] = book.make_indirect(Dictionary(Nums=Array(nums)))
    _set_dests(book, dests)
    _set_outline(book, outline)
    _link_pieces(book)
    folio = Folio(book, digits_pdf)
    total = len(book.pages)
    for number, page in enumerate(book.pages, 1):
        if number > 1:  # not on the cover
            folio.stamp(page, f"{number} / {total}")
    out: io.BytesIO | Path = io.BytesIO() if into is None else into
    book.save(out, compress_streams=True, deterministic_id=True,
              object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue() if isinstance(out, io.BytesIO) else b""


def _hold_stream_data(pdf: pikepdf.Pdf) -> None:
    """Every stream of ``pdf`` given its own data, still encoded (read from the file now), so
    that a copy of it into another file no longer needs ``pdf`` open (qpdf shares the data)."""
    for obj in pdf.objects:
        # (object and cross-reference streams are the file's own structure: never copied)
        if isinstance(obj, pikepdf.Stream) and obj.get(Name.Type) not in (Name.ObjStm, Name.XRef):
            encoding: Any = obj.get(Name.Filter)  # (a Name or an Array of them, as in the file)
            parameters: Any = obj.get(Name.DecodeParms)
            obj.write(obj.read_raw_bytes(), filter=encoding, decode_parms=parameters, type_check=False)


def _copy(book: pikepdf.Pdf, src: pikepdf.Pdf, obj: Any) -> Any:
    """``obj`` of ``src`` copied into ``book`` (qpdf copies indirect objects only)."""
    return book.copy_foreign(obj if obj.is_indirect else src.make_indirect(obj))


def _next_key(nums: list[Any]) -> int:
    return max((int(nums[k]) for k in range(0, len(nums), 2)), default=-1) + 1


def _dest_pairs(catalog: Any) -> list[tuple[bytes, Any]]:
    names = catalog.get(Name.Names)
    tree = names.get(Name.Dests) if names is not None else None
    if tree is None:
        return []
    pairs: list[tuple[bytes, Any]] = []
    stack = [tree]
    while stack:  # a name tree may have /Kids (WeasyPrint writes one flat /Names array)
        node = stack.pop()
        flat = list(node.get(Name.Names, ()))
        pairs.extend((bytes(flat[k]), flat[k + 1]) for k in range(0, len(flat), 2))
        stack.extend(node.get(Name.Kids, ()))
    return pairs


def _set_dests(book: pikepdf.Pdf, pairs: list[tuple[bytes, Any]]) -> None:
    seen: dict[bytes, Any] = {}
    for name, dest in pairs:
        seen.setdefault(name, dest)  # the same id twice: the first, as in one HTML document
    flat: list[Any] = []
    for name in sorted(seen):
        flat.extend([pikepdf.String(name), seen[name]])
    if Name.Names not in book.Root:
        book.Root[Name.Names] = Dictionary()
    book.Root.Names[Name.Dests] = book.make_indirect(Dictionary(Names=Array(flat)))


def _outline_items(catalog: Any) -> list[Any]:
    outlines = catalog.get(Name.Outlines)
    items = []
    item = outlines.get(Name.First) if outlines is not None else None
    while item is not None:
        items.append(item)
        item = item.get(Name.Next)
    return items


def _set_outline(book: pikepdf.Pdf, items: list[Any]) -> None:
    if not items:
        return
    root = book.make_indirect(Dictionary(Type=Name.Outlines))
    count = 0
    for i, item in enumerate(items):
        item[Name.Parent] = root
        if i:
            item[Name.Prev] = items[i - 1]
            items[i - 1][Name.Next] = item
        elif Name.Prev in item:
            del item[Name.Prev]
        count += 1 + max(0, int(item.get(Name.Count, 0)))
    if Name.Next in items[-1]:
        del items[-1][Name.Next]
    root[Name.First], root[Name.Last], root[Name.Count] = items[0], items[-1], count
    book.Root[Name.Outlines] = root


def _link_pieces(book: pikepdf.Pdf) -> None:
    """Links written as :data:`BOOK_LINK` links jump to the named destination in the book."""
    prefix = BOOK_LINK.encode()
    for page in book.pages:
        for annot in page.obj.get(Name.Annots, ()):
            action = annot.get(Name.A)
            if action is None or action.get(Name.S) != Name.URI:
                continue
            uri = bytes(action.URI)
            if uri.startswith(prefix):
                annot[Name.Dest] = pikepdf.String(uri[len(prefix):])
                del annot[Name.A]
                if Name.Contents in annot:
                    annot[Name.Contents] = pikepdf.String(uri[len(prefix):])
