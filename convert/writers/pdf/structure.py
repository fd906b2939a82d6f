"""The structure tree after WeasyPrint: whole elements across page breaks, page furniture as
artifacts, printable links (pikepdf, i.e. qpdf, edits the written PDF in place).

* Pieces of one HTML element (marked by :mod:`convert.writers.pdf.tagging`) that follow each
  other are joined into one element: one ``Art`` per article, one ``P`` per paragraph.
* Marked content that no element of the tree reaches is what WeasyPrint drew in the page
  margins (running head, page number): it becomes an ``/Artifact``, so a screen reader does
  not read "Toronto 2 / 17" between two sentences.
* The parent tree is rebuilt from the joined tree; link annotations get the Print flag.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

import pikepdf
from pikepdf import Array, Dictionary, Name

from convert.writers.pdf.tagging import ELEMENT_KEY

_KEY = Name("/" + ELEMENT_KEY)
_PRINT_FLAG = 4
# The opening of marked content as WeasyPrint (pydyf) writes it: "/P <</MCID 3>> BDC".
_MARK = re.compile(rb"/([A-Za-z0-9]+)\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
_ARTIFACT = b"/Artifact <</Type /Pagination>> BDC"


def is_elem(obj: Any) -> bool:
    return isinstance(obj, Dictionary) and Name.S in obj


def kids(elem: Any) -> list[Any]:
    k = elem.get(Name.K)
    if k is None:
        return []
    return list(k) if isinstance(k, Array) else [k]


def walk(elem: Dictionary) -> Iterator[Dictionary]:
    """``elem`` and every structure element under it, depth first (iteratively: a book's
    tree is deep and wide)."""
    stack = [elem]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed([k for k in kids(node) if is_elem(k)]))


def repair(pdf: pikepdf.Pdf, id_prefix: str = "") -> None:
    """Fix the structure of a PDF WeasyPrint wrote with :func:`element_marks` in effect.

    ``id_prefix`` makes the ``/ID`` of header cells unique when pieces are put together."""
    for page in pdf.pages:
        for annot in page.obj.get(Name.Annots, ()):
            if annot.get(Name.Subtype) == Name.Link:
                annot[Name.F] = int(annot.get(Name.F, 0)) | _PRINT_FLAG
    root = pdf.Root.get(Name.StructTreeRoot)
    if root is None:
        return
    top = kids(root)
    for elem in top:
        _join(elem)
        _flatten_spans(elem)
    reached = _rebuild_parent_tree(pdf, root, id_prefix)
    for index, page in enumerate(pdf.pages):
        _furniture_as_artifacts(page, reached.get(index, set()))


def _join(elem: Dictionary) -> None:
    """Join neighbouring pieces of one HTML element under ``elem``, then below."""
    stack = [elem]
    while stack:
        node = stack.pop()
        children = kids(node)
        if not children:
            continue
        joined: list[Any] = []
        for kid in children:
            last = joined[-1] if joined else None
            if (
                is_elem(kid) and last is not None and is_elem(last)
                and kid.get(_KEY) is not None and kid.get(_KEY) == last.get(_KEY)
                and kid.get(Name.S) == last.get(Name.S)
            ):
                _absorb(last, kid)
            else:
                joined.append(kid)
        if len(joined) != len(children):
            node[Name.K] = Array(joined)
        stack.extend(k for k in joined if is_elem(k))


_SPAN_KEEPS = (Name.Lang, Name.A, Name.ID, Name.Alt, Name.ActualText, Name.E, Name.C)


def _flatten_spans(elem: Dictionary) -> None:
    """Put the content of WeasyPrint's bare per-line ``Span`` elements straight into their
    parents: they say nothing (no language, no attribute), and they were half of a book's
    structure elements, i.e. of the objects the assembly holds in memory."""
    for node in walk(elem):
        children = kids(node)
        if not any(is_elem(k) and k.get(Name.S) == Name.Span for k in children):
            continue
        page = node.get(Name.Pg)
        out: list[Any] = []
        changed = False
        for kid in children:
            content = kids(kid) if is_elem(kid) and kid.get(Name.S) == Name.Span else None
            if (content is None or any(key in kid for key in _SPAN_KEEPS)
                    or not all(isinstance(c, int) for c in content)):
                out.append(kid)
                continue
            changed = True
            same = page is not None and Name.Pg in kid and kid.Pg.objgen == page.objgen
            out.extend(c if same else Dictionary(Type=Name.MCR, Pg=kid.Pg, MCID=c) for c in content)
        if changed:
            node[Name.K] = Array(out)


def _absorb(first: Dictionary, second: Dictionary) -> None:
    """Move ``second``'s content to the end of ``first`` (its continuation on a later page)."""
    merged = kids(first)
    present = {kid.get(_KEY) for kid in merged if is_elem(kid)}
    page = second.get(Name.Pg)
    same_page = page is not None and first.get(Name.Pg) is not None and page.objgen == first.Pg.objgen
    for kid in kids(second):
        if isinstance(kid, int) and not same_page:
            # A bare MCID belongs to the element's own page; a continuation's content is
            # on another page, so it is named with its page.
            kid = Dictionary(Type=Name.MCR, Pg=page, MCID=kid)
        elif is_elem(kid) and kid.get(Name.S) == Name.THead and kid.get(_KEY) in present:
            # A table's header row drawn again on the next page: furniture, not a second
            # header (its content, reached by no element now, becomes an artifact, and
            # its links, which no element holds now, go).
            _drop_links(kid)
            continue
        elif is_elem(kid):
            kid[Name.P] = first
        merged.append(kid)
    first[Name.K] = Array(merged)


def _drop_links(elem: Dictionary) -> None:
    """Remove the link annotations held by ``elem``'s subtree from their pages."""
    for node in walk(elem):
        for kid in kids(node):
            if isinstance(kid, Dictionary) and kid.get(Name.Type) == Name.OBJR and Name.Pg in kid:
                annots = kid.Pg.get(Name.Annots)
                if annots is not None:
                    kid.Pg[Name.Annots] = Array([a for a in annots if a.objgen != kid.Obj.objgen])


def _rebuild_parent_tree(pdf: pikepdf.Pdf, root: Any, id_prefix: str) -> dict[int, set[int]]:
    """A parent tree for the joined tree; returns the MCIDs reached, per page index."""
    page_index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    per_page: dict[int, dict[int, Dictionary]] = {}
    annots: dict[int, Dictionary] = {}
    for top in kids(root):
        for elem in walk(top):
            if _KEY in elem:
                del elem[_KEY]
            if id_prefix and Name.ID in elem:
                elem[Name.ID] = pikepdf.String(id_prefix + str(elem.ID))
            if id_prefix and Name.A in elem and Name.Headers in elem.A:
                elem.A[Name.Headers] = Array([pikepdf.String(id_prefix + str(h)) for h in elem.A.Headers])
            own = elem.get(Name.Pg)
            for kid in kids(elem):
                if isinstance(kid, int):
                    if own is not None:
                        per_page.setdefault(page_index.get(own.objgen, -1), {})[int(kid)] = elem
                elif isinstance(kid, Dictionary) and kid.get(Name.Type) == Name.MCR:
                    per_page.setdefault(page_index.get(kid.Pg.objgen, -1), {})[int(kid.MCID)] = elem
                elif isinstance(kid, Dictionary) and kid.get(Name.Type) == Name.OBJR:
                    annot = kid.get(Name.Obj)
                    if annot is not None and Name.StructParent in annot:
                        annots[int(annot.StructParent)] = elem
    nums: list[Any] = []
    for index, page in enumerate(pdf.pages):
        key = page.obj.get(Name.StructParents)
        if key is None:
            continue
        mapping = per_page.get(index, {})
        size = max(mapping, default=-1) + 1
        nums.extend([int(key), pdf.make_indirect(Array([mapping.get(m, None) for m in range(size)]))])
    for number in sorted(annots):
        nums.extend([number, annots[number]])
    root[Name.ParentTree] = pdf.make_indirect(Dictionary(Nums=Array(nums)))
    return {index: set(mapping) for index, mapping in per_page.items()}


def _furniture_as_artifacts(page: pikepdf.Page, reached: set[int]) -> None:
    """Marked content of this page that no structure element reaches becomes an artifact."""
    data = page.obj.Contents.read_bytes() if isinstance(page.obj.get(Name.Contents), pikepdf.Stream) else None
    if data is None or b"MCID" not in data:
        return
    changed = False

    def retag(match: re.Match[bytes]) -> bytes:
        nonlocal changed
        if int(match.group(2)) in reached:
            return match.group(0)
        changed = True
        return _ARTIFACT

    fixed = _MARK.sub(retag, data)
    if changed:
        page.obj.Contents.write(fixed)


def repaired(data: bytes, id_prefix: str = "") -> bytes:
    """``data`` (a PDF from WeasyPrint) with :func:`repair` applied."""
    import io

    with pikepdf.open(io.BytesIO(data)) as pdf:
        repair(pdf, id_prefix)
        out = io.BytesIO()
        # deterministic_id: equal input still gives byte-equal output (the /ID is a hash).
        pdf.save(out, compress_streams=True, deterministic_id=True)
    return out.getvalue()
