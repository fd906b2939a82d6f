"""Many articles through one ``pandoc.write``: cut the combined DOCX into one package each.

Why: pandoc's DOCX writer spends ~30 ms per call on fixed work (reading the reference
document, building the package) and only a few ms per article, so the batch path writes a
chunk of articles as one document, each inside a ``Div`` whose id marks it, and splits the
result here. Every package is then made *canonical* - relationship ids, list numbers,
bookmark and drawing ids renumbered from the start of the article, media named by content
hash - so an article's bytes never depend on which other articles shared its chunk, and
:meth:`DocxWriter.render` (a chunk of one) gives the same file as ``render_many``.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import zipfile
from copy import deepcopy
from dataclasses import dataclass
from typing import Sequence

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
_W = f"{{{W}}}"
# Relationships that belong to one article's content; all others are the package's own.
_CONTENT_RELS = ("/hyperlink", "/image")
_PARSER = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)
DOCUMENT = "word/document.xml"
RELS = "word/_rels/document.xml.rels"
NUMBERING = "word/numbering.xml"
TYPES = "[Content_Types].xml"


@dataclass
class Package:
    """A DOCX package being finished: zip entries in order, ``document`` still a tree."""

    parts: dict[str, bytes]
    document: etree._Element


class SplitError(ValueError):
    """pandoc's output did not have the shape the splitter relies on."""


def whole(data: bytes) -> Package:
    """The package of one pandoc output as it is (a book)."""
    parts = _read(data)
    return Package(parts, etree.fromstring(parts[DOCUMENT], _PARSER))


def split(data: bytes, markers: Sequence[str]) -> list[Package]:
    """One canonical package per marker ``Div`` id, in the order of ``markers``."""
    parts = _read(data)
    root = etree.fromstring(parts[DOCUMENT], _PARSER)
    body = root.find(f"{_W}body")
    if body is None:
        raise SplitError("document has no body")
    segments: dict[str, list[etree._Element]] = {m: [] for m in markers}
    current: str | None = None
    start_id = ""
    sect_pr = None
    for el in list(body):
        tag = etree.QName(el).localname
        if tag == "bookmarkStart" and el.get(f"{_W}name") in segments and current is None:
            current, start_id = el.get(f"{_W}name"), el.get(f"{_W}id", "")
        elif tag == "bookmarkEnd" and current is not None and el.get(f"{_W}id") == start_id:
            current = None
        elif tag == "sectPr":
            sect_pr = el
        elif current is not None:
            segments[current].append(el)
    missing = [m for m in markers if not segments[m]]
    if missing or sect_pr is None:
        raise SplitError(f"article marker(s) not found in pandoc's output: {', '.join(missing[:3])}")
    rels = etree.fromstring(parts[RELS], _PARSER)
    numbering = etree.fromstring(parts[NUMBERING], _PARSER) if NUMBERING in parts else None
    types = etree.fromstring(parts[TYPES], _PARSER)
    out = []
    # Each article's document is rebuilt from serialised pieces: moving lxml subtrees to
    # a new document re-resolves namespaces node by node, seconds for a big table.
    top = " ".join(f'xmlns:{p}="{uri}"' if p else f'xmlns="{uri}"' for p, uri in root.nsmap.items())
    name = f"{root.prefix}:document" if root.prefix else "document"
    body_name = "w:body" if root.nsmap.get("w") == W else "body"
    head = f"<{name} {top}><{body_name}>".encode("utf-8")
    tail = etree.tostring(sect_pr, with_tail=False) + f"</{body_name}></{name}>".encode("utf-8")
    keep = [p for p in root.nsmap if p]
    for marker in markers:
        text = head + b"".join(etree.tostring(el, with_tail=False) for el in segments[marker]) + tail
        doc = etree.fromstring(text, _PARSER)
        etree.cleanup_namespaces(doc, top_nsmap=root.nsmap, keep_ns_prefixes=keep)
        out.append(_canonical(doc, parts, rels, numbering, types))
    return out


def _read(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _canonical(
    doc: etree._Element, parts: dict[str, bytes], rels: etree._Element,
    numbering: etree._Element | None, types: etree._Element,
) -> Package:
    by_id = {r.get("Id"): r for r in rels}
    new_rels = etree.Element(rels.tag, nsmap=rels.nsmap)
    for r in rels:
        if not r.get("Type", "").endswith(_CONTENT_RELS):
            new_rels.append(deepcopy(r))
    renamed: dict[str, str] = {}
    media: dict[str, bytes] = {}
    media_types: dict[str, str] = {}
    old_types = {o.get("PartName"): o.get("ContentType") for o in types if o.get("PartName")}
    numbers: dict[str, str] = {}
    bookmarks: dict[str, str] = {}
    drawing = 0
    # Relationship ids, in document order (XPath keeps it), for hyperlinks and images.
    for attribute in doc.xpath("//@r:id | //@r:embed | //@r:link", namespaces={"r": R}):
        old = str(attribute)
        rel = by_id.get(old)
        if rel is None or not rel.get("Type", "").endswith(_CONTENT_RELS):
            continue
        if old not in renamed:
            renamed[old] = f"rIdA{len(renamed) + 1}"
            rel = deepcopy(rel)
            rel.set("Id", renamed[old])
            if rel.get("Type", "").endswith("/image") and rel.get("TargetMode") != "External":
                rel.set("Target", _media(rel.get("Target", ""), parts, media, media_types, old_types))
            new_rels.append(rel)
        attribute.getparent().set(attribute.attrname, renamed[old])
    for el in doc.iter(f"{_W}numId", f"{_W}bookmarkStart", f"{_W}bookmarkEnd", f"{{{WP}}}docPr", f"{{{PIC}}}cNvPr"):
        tag = el.tag
        if tag == f"{_W}numId":
            val = el.get(f"{_W}val", "0")
            if val != "0":
                el.set(f"{_W}val", numbers.setdefault(val, str(1001 + len(numbers))))
        elif tag in (f"{_W}bookmarkStart", f"{_W}bookmarkEnd"):
            old = el.get(f"{_W}id", "")
            el.set(f"{_W}id", bookmarks.setdefault(old, str(len(bookmarks) + 1)))
        else:
            drawing += 1
            el.set("id", str(drawing))
    new_parts = {}
    for name, content in parts.items():
        if name.startswith("word/media/"):
            continue
        if name.startswith("word/_rels/") and name != RELS:
            content = _other_rels(content, parts.get("word/" + name[len("word/_rels/"):-len(".rels")], b""))
        new_parts[name] = content
    new_parts[RELS] = etree.tostring(new_rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    if numbering is not None:
        new_parts[NUMBERING] = _numbering(numbering, numbers)
    new_parts[TYPES] = _types(types, media_types)
    new_parts.update(media)
    return Package(new_parts, doc)


def _other_rels(rels_xml: bytes, part: bytes) -> bytes:
    """Relationships of another part (pandoc copies every hyperlink of the whole chunk into
    ``footnotes.xml.rels``): the package's own plus those the part itself refers to."""
    rels = etree.fromstring(rels_xml, _PARSER)
    for r in list(rels):
        content = r.get("Type", "").endswith(_CONTENT_RELS)
        if content and f'"{r.get("Id")}"'.encode() not in part:
            rels.remove(r)
    return etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)


def _media(
    target: str, parts: dict[str, bytes], media: dict[str, bytes], media_types: dict[str, str],
    old_types: dict[str | None, str | None],
) -> str:
    old_name = posixpath.normpath(posixpath.join("word", target))
    content = parts.get(old_name, b"")
    ext = posixpath.splitext(old_name)[1].lower()
    new_target = f"media/{hashlib.sha1(content).hexdigest()[:16]}{ext}"
    media[f"word/{new_target}"] = content
    media_types[f"/word/{new_target}"] = old_types.get("/" + old_name) or "application/octet-stream"
    return new_target


def _numbering(numbering: etree._Element, numbers: dict[str, str]) -> bytes:
    """The list definitions one article uses, renumbered; nothing refers to the others
    (no style names a list), and keeping them would make the file depend on its chunk."""
    root = etree.Element(numbering.tag, nsmap=numbering.nsmap)
    keep_nums = []
    for num in numbering.findall(f"{_W}num"):
        old = num.get(f"{_W}numId")
        if old in numbers:
            copy = deepcopy(num)
            copy.set(f"{_W}numId", numbers[old])
            keep_nums.append(copy)
    keep_nums.sort(key=lambda n: int(n.get(f"{_W}numId", "0")))
    wanted = {n.find(f"{_W}abstractNumId").get(f"{_W}val") for n in keep_nums
              if n.find(f"{_W}abstractNumId") is not None}
    for abstract in numbering.findall(f"{_W}abstractNum"):
        if abstract.get(f"{_W}abstractNumId") in wanted:
            root.append(deepcopy(abstract))
    root.extend(keep_nums)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _types(types: etree._Element, media_types: dict[str, str]) -> bytes:
    root = etree.Element(types.tag, nsmap=types.nsmap)
    for entry in types:
        if not (entry.get("PartName") or "").startswith("/word/media/"):
            root.append(deepcopy(entry))
    for part, content_type in sorted(media_types.items()):
        etree.SubElement(root, f"{{{CT}}}Override", PartName=part, ContentType=content_type)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
