"""Finishing touches on the DOCX package pandoc writes, done on the zip after pandoc.

Why after pandoc and not in it: pandoc has no way to say "shade this table cell", its
``--sandbox`` pins every timestamp to 1970 (it ignores ``SOURCE_DATE_EPOCH`` there), and it
only writes the core properties it knows. So the writer

* rewrites ``docProps/core.xml`` (title, creator, subject, description, language, keywords,
  created/modified from ``SOURCE_DATE_EPOCH`` or now);
* shades the title and group-header cells of infobox tables and sets the page size;
* sets the document language in ``styles.xml``/``settings.xml`` (one pandoc run may write
  articles in several languages, see :mod:`convert.writers.docx.split`);
* fills a book's table of contents, breaks pages before its articles, and renames bookmarks
  Word would reject;
* re-zips with every entry stamped with the same time, in pandoc's order, so the same input
  and epoch give byte-identical files.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from xml.sax.saxutils import escape

from lxml import etree

from convert.wiki import CONTRIBUTORS
from convert.writers.docx.split import Package

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_W = f"{{{W}}}"
_PARSER = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)

# Page sizes in twentieths of a point (width, height).
PAPER_TWIPS: dict[str, tuple[int, int]] = {
    "a4": (11906, 16838),
    "a5": (8391, 11906),
    "letter": (12240, 15840),
}
# Cell fills by the paragraph style that opens the cell (names as written in styles.xml).
CELL_FILLS: dict[str, str] = {"InfoboxTitle": "EAECF0", "InfoboxHeader": "EAECF0"}


EMPTY_CUSTOM = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/'
    b'officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>'
)


@dataclass(frozen=True, slots=True)
class CoreProperties:
    """What ``docProps/core.xml`` says about the document (Word's File > Info panel)."""

    title: str
    creator: str = CONTRIBUTORS
    subject: str = ""
    description: str = ""
    language: str = ""
    keywords: str = ""


def core_xml(props: CoreProperties, stamp: datetime) -> bytes:
    """The complete ``docProps/core.xml`` for ``props`` created and modified at ``stamp``."""
    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    fields = [
        ("dc:title", props.title), ("dc:subject", props.subject), ("dc:creator", props.creator),
        ("cp:keywords", props.keywords), ("dc:description", props.description),
        ("cp:lastModifiedBy", props.creator), ("dc:language", props.language),
    ]
    body = "".join(f"<{tag}>{_xml_text(value)}</{tag}>" for tag, value in fields if value)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f'{body}<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified></cp:coreProperties>'
    ).encode("utf-8")


def _xml_text(value: str) -> str:
    # The one escaping function for XML text we write ourselves; control characters other
    # than tab/newline are not allowed in XML 1.0 at all, so they are dropped.
    clean = "".join(ch for ch in value if ch in "\t\n" or ord(ch) >= 0x20)
    clean = "".join(ch for ch in clean if not (0xD800 <= ord(ch) <= 0xDFFF or ch in "\ufffe\uffff"))
    return escape(clean)


def xml_text(value: str) -> str:
    """``value`` escaped for XML character data (and attribute values in double quotes)."""
    return _xml_text(value).replace('"', "&quot;")


@dataclass(frozen=True, slots=True)
class Patch:
    """Edits to ``word/document.xml``: page size (``None`` keeps the reference's), a page
    break before every ``Heading 1`` (books), and the entries to pre-fill the table of
    contents with as ``(level, text, bookmark)`` so it reads right before Word updates it."""

    paper: str | None = None
    break_before_heading1: bool = False
    title_page: bool = False
    toc: tuple[tuple[int, str, str], ...] = ()


def _q(tag: str) -> str:
    return f"{_W}{tag}"


def _style_of(p: etree._Element) -> str | None:
    style = p.find(f"{_W}pPr/{_W}pStyle")
    return style.get(_q("val")) if style is not None else None


def _set_style(p: etree._Element, style_id: str) -> None:
    ppr = p.find(_q("pPr"))
    if ppr is None:
        ppr = etree.Element(_q("pPr"))
        p.insert(0, ppr)
    style = ppr.find(_q("pStyle"))
    if style is None:
        style = etree.Element(_q("pStyle"))
        ppr.insert(0, style)  # pStyle comes first in CT_PPr
    style.set(_q("val"), style_id)


def patch_document(root: etree._Element, patch: Patch) -> None:
    """Finish the infobox and apply ``patch`` to the ``word/document.xml`` tree ``root``."""
    for tbl in root.iter(_q("tbl")):
        style = tbl.find(f"{_W}tblPr/{_W}tblStyle")
        infobox = style is not None and style.get(_q("val")) == "Infobox"
        if infobox:
            _finish_infobox(tbl)
        if tbl.find(f"{_W}tr/{_W}tc/{_W}p/{_W}pPr/{_W}bidi") is not None:
            # A table of a right-to-left article (pandoc marks its paragraphs, not the
            # table) reads from the right: first column rightmost, as on that Wikipedia.
            _put(tbl.find(_q("tblPr")), "bidiVisual", {}, _TBLPR_ORDER)
        after = tbl.getnext()
        if after is not None and after.tag == _q("p") and not (_style_of(after) or "").startswith("Heading"):
            # A table has no margin below it: keep the next paragraph off it.
            _put(_ppr(after), "spacing", {"before": "280" if infobox else "160"}, _PPR_ORDER)
    for pic in root.iter(f"{{{PIC}}}cNvPr"):
        # pandoc copies the image source (a whole data: URI, or a media key) into the
        # description; the alt text is the description a screen reader should read.
        inline = next((a for a in pic.iterancestors() if etree.QName(a).localname in ("inline", "anchor")), None)
        doc_pr = inline.find(f"{{{WP}}}docPr") if inline is not None else None
        pic.set("descr", doc_pr.get("descr", "") if doc_pr is not None else "")
    if patch.paper is not None and patch.paper in PAPER_TWIPS:
        width, height = PAPER_TWIPS[patch.paper]
        for size in root.iter(_q("pgSz")):
            size.set(_q("w"), str(width))
            size.set(_q("h"), str(height))
    if patch.break_before_heading1:
        for p in root.iter(_q("p")):
            if _style_of(p) == "Heading1":
                _put(_ppr(p), "pageBreakBefore", {}, _PPR_ORDER)
    if patch.title_page:
        title = next((p for p in root.iter(_q("p")) if _style_of(p) == "Title"), None)
        if title is not None:
            # A book's title sits a third of the way down its own page.
            _put(_ppr(title), "spacing", {"before": "4200"}, _PPR_ORDER)
    if patch.toc:
        _fill_toc(root, patch.toc)
    _fix_bookmarks(root)


_PLAIN_STYLES = {None, "Compact", "BodyText", "FirstParagraph"}
# Schema order of the CT_PPr and CT_TblPr children we insert (Word rejects other orders).
_PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
              "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
              "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
              "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
              "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
              "sectPr", "pPrChange"]
_TBLPR_ORDER = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
                "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar",
                "tblLook", "tblCaption", "tblDescription"]


def _put(parent: etree._Element, tag: str, attrs: dict[str, str], order: list[str]) -> None:
    """Set child ``tag`` of ``parent`` (replacing one there) at its place in ``order``."""
    for old in parent.findall(_q(tag)):
        parent.remove(old)
    el = etree.Element(_q(tag), {_q(k): v for k, v in attrs.items()})
    rank = order.index(tag)
    for i, child in enumerate(parent):
        name = etree.QName(child).localname
        if name in order and order.index(name) > rank:
            parent.insert(i, el)
            return
    parent.append(el)


def _ppr(p: etree._Element) -> etree._Element:
    ppr = p.find(_q("pPr"))
    if ppr is None:
        ppr = etree.Element(_q("pPr"))
        p.insert(0, ppr)
    return ppr


def _finish_infobox(tbl: etree._Element) -> None:
    # LibreOffice ignores a table style's alignment: centre the box directly.
    _put(tbl.find(_q("tblPr")), "jc", {"val": "center"}, _TBLPR_ORDER)
    for p in tbl.iter(_q("p")):
        # pandoc gives list paragraphs inside a styled Div no style (or Compact): in the
        # box every paragraph should be the small infobox text.
        if _style_of(p) in _PLAIN_STYLES:
            _set_style(p, "InfoboxValue")
        level = p.find(f"{_W}pPr/{_W}numPr/{_W}ilvl")
        if level is not None:
            # Word's list indent (0.5 inch a level) eats a narrow cell: indent by a bullet.
            depth = int(level.get(_q("val"), "0") or 0) + 1
            _put(_ppr(p), "ind", {"left": str(200 * depth), "hanging": "170"}, _PPR_ORDER)
    for cell in tbl.iter(_q("tc")):
        first = cell.find(_q("p"))
        fill = CELL_FILLS.get(_style_of(first) or "") if first is not None else None
        if fill is None:
            continue
        tc_pr = cell.find(_q("tcPr"))
        if tc_pr is None:
            tc_pr = etree.Element(_q("tcPr"))
            cell.insert(0, tc_pr)
        for old in tc_pr.findall(_q("shd")):
            tc_pr.remove(old)
        etree.SubElement(tc_pr, _q("shd"), {_q("val"): "clear", _q("color"): "auto", _q("fill"): fill})
        _order_tc_pr(tc_pr)


def _fill_toc(root: etree._Element, entries: tuple[tuple[int, str, str], ...]) -> None:
    gallery = next((g for g in root.iter(_q("docPartGallery")) if g.get(_q("val")) == "Table of Contents"), None)
    sdt = next((a for a in gallery.iterancestors(_q("sdt"))), None) if gallery is not None else None
    content = sdt.find(_q("sdtContent")) if sdt is not None else None
    if content is None:
        return
    field_p = next((p for p in content.iter(_q("p")) if p.find(f".//{_W}fldChar") is not None), None)
    if field_p is None:
        return
    depth = max(level for level, _, _ in entries)
    paragraphs = []
    for i, (level, text, anchor) in enumerate(entries):
        start = (
            '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r><w:r><w:instrText xml:space="preserve">'
            f' TOC \\o "1-{depth}" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            if i == 0 else ""
        )
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>' if i == len(entries) - 1 else ""
        paragraphs.append(
            f'<w:p xmlns:w="{W}"><w:pPr><w:pStyle w:val="TOC{level}"/></w:pPr>{start}'
            f'<w:hyperlink w:anchor="{xml_text(anchor)}" w:history="1"><w:r><w:t xml:space="preserve">'
            f"{xml_text(text)}</w:t></w:r></w:hyperlink>{end}</w:p>"
        )
    for xml in reversed(paragraphs):
        field_p.addnext(etree.fromstring(xml))
    content.remove(field_p)


_BOOKMARK_OK = re.compile(r"[^\W\d_]\w{0,39}")


def _fix_bookmarks(root: etree._Element) -> None:
    """Rename bookmarks Word would reject (over 40 characters, or with ``-``/``.``), and the
    links to them; names starting with ``_`` are Word's hidden bookmarks."""
    renamed: dict[str, str] = {}
    for mark in root.iter(_q("bookmarkStart")):
        name = mark.get(_q("name"), "")
        if not _BOOKMARK_OK.fullmatch(name):
            renamed.setdefault(name, f"_wx{len(renamed) + 1}")
            mark.set(_q("name"), renamed[name])
    if renamed:
        for link in root.iter(_q("hyperlink")):
            anchor = link.get(_q("anchor"))
            if anchor in renamed:
                link.set(_q("anchor"), renamed[anchor])


# CT_TcPr is a sequence: Word rejects a file whose tcPr children are out of schema order.
_TC_PR_ORDER = ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap",
                "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark"]


def _order_tc_pr(tc_pr: etree._Element) -> None:
    rank = {name: i for i, name in enumerate(_TC_PR_ORDER)}
    children = sorted(tc_pr, key=lambda el: rank.get(etree.QName(el).localname, len(rank)))
    for child in children:
        tc_pr.append(child)


def timestamp(source_date_epoch: int | None) -> datetime:
    """The document's time: ``SOURCE_DATE_EPOCH`` when given (reproducible), else now."""
    seconds = time.time() if source_date_epoch is None else source_date_epoch
    return datetime.fromtimestamp(int(seconds), tz=timezone.utc)


def set_language(styles: bytes, settings: bytes, lang: str) -> tuple[bytes, bytes]:
    """``styles.xml`` and ``settings.xml`` with the document language ``lang`` (spelling,
    hyphenation, quotes in Word), set here rather than by pandoc so one pandoc run can write
    articles in several languages."""
    root = etree.fromstring(styles, _PARSER)
    for el in root.iterfind(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}lang"):
        el.set(_q("val"), lang)
    styles = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    root = etree.fromstring(settings, _PARSER)
    for el in root.iterfind(f"{_W}themeFontLang"):
        el.set(_q("val"), lang)
    return styles, etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def finish(
    package: Package, props: CoreProperties, patch: Patch, *, source_date_epoch: int | None,
) -> bytes:
    """The finished ``.docx`` bytes: document patched, core properties and language set,
    every zip entry stamped with one time in pandoc's order (reproducible)."""
    stamp = timestamp(source_date_epoch)
    # Zip cannot store times before 1980; clamp so an epoch of 0 still gives a valid file.
    zip_time = max(stamp, datetime(1980, 1, 1, tzinfo=timezone.utc)).timetuple()[:6]
    patch_document(package.document, patch)
    parts = dict(package.parts)
    parts["word/document.xml"] = etree.tostring(
        package.document, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts["docProps/core.xml"] = core_xml(props, stamp)
    if "docProps/custom.xml" in parts:
        # pandoc lists metadata it has no field for (subtitle, toc-title) as custom
        # properties; everything worth saying is in the core properties.
        parts["docProps/custom.xml"] = EMPTY_CUSTOM
    if props.language and "word/styles.xml" in parts and "word/settings.xml" in parts:
        parts["word/styles.xml"], parts["word/settings.xml"] = set_language(
            parts["word/styles.xml"], parts["word/settings.xml"], props.language)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name, content in parts.items():
            entry = zipfile.ZipInfo(name, date_time=zip_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, content, compresslevel=6)
    return out.getvalue()
