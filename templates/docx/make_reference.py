"""Build ``templates/docx/reference.docx``: the Word styles the DOCX writer uses.

Run ``python templates/docx/make_reference.py`` after editing the style table below; the
output is byte-identical for the same pandoc version, so the committed file only changes
when a style does.

Why a script and not a hand-edited file: every style is reviewable in a diff, and the file
starts from pandoc's own default reference (so it keeps every style id pandoc emits) with
our styles written over it.

Fonts: headings use Georgia (Wikipedia's heading face; Windows and macOS ship it, and
fontconfig substitutes a serif such as Gelasio, DejaVu Serif or Noto Serif elsewhere); text
and the infobox use Arial, which Windows and macOS ship and whose metric-compatible twin,
Liberation Sans, LibreOffice installs everywhere, so line breaks match across systems.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = f'xmlns:w="{W}"'
HERE = Path(__file__).resolve().parent
OUT = HERE / "reference.docx"

SERIF = "Georgia"
SANS = "Arial"
MONO = "Courier New"
TEXT = "202122"   # Wikipedia's body text colour
MUTED = "54595D"  # secondary text
RULE = "A2A9B1"   # Wikipedia's border grey
BOX = "F8F9FA"    # infobox background
BAND = "EAECF0"   # infobox title and group header bands


def fonts(face: str, cs: str | None = None) -> str:
    return f'<w:rFonts w:ascii="{face}" w:hAnsi="{face}" w:cs="{cs or face}"/>'


def size(points: float) -> str:
    half = round(points * 2)
    return f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'


def spacing(before: int = 0, after: int = 0, line: int | None = None) -> str:
    extra = f' w:line="{line}" w:lineRule="auto"' if line else ""
    return f'<w:spacing w:before="{before}" w:after="{after}"{extra}/>'


def border(side: str, colour: str = RULE, sz: int = 6, space: int = 1) -> str:
    return f'<w:{side} w:val="single" w:sz="{sz}" w:space="{space}" w:color="{colour}"/>'


# (styleId, display name, basedOn, pPr body, rPr body); "" basedOn = none.
PARAGRAPH_STYLES: list[tuple[str, str, str, str, str]] = [
    # The text colour sits on Normal, not in the document defaults: LibreOffice turns
    # default run properties into direct formatting inside styled tables, which would
    # paint the infobox's links in the text colour.
    ("Normal", "Normal", "", spacing(0, 120, 264), f'<w:color w:val="{TEXT}"/>'),
    ("BodyText", "Body Text", "Normal", spacing(0, 140, 264), ""),
    ("FirstParagraph", "First Paragraph", "BodyText", "", ""),
    ("Compact", "Compact", "BodyText", spacing(0, 40, 252), ""),
    ("Title", "Title", "Normal",
     f'<w:keepNext/><w:pBdr>{border("bottom", sz=8, space=4)}</w:pBdr>' + spacing(0, 60, 240),
     fonts(SERIF, "Times New Roman") + f'<w:color w:val="000000"/>{size(26)}'),
    ("Subtitle", "Subtitle", "Normal", "<w:keepNext/>" + spacing(0, 280),
     f'<w:i/><w:color w:val="{MUTED}"/>{size(10.5)}'),
    ("Author", "Author", "Normal", "<w:keepNext/>" + spacing(0, 60), f'<w:color w:val="{MUTED}"/>'),
    ("Date", "Date", "Normal", "<w:keepNext/>" + spacing(0, 60), f'<w:color w:val="{MUTED}"/>'),
    ("AbstractTitle", "Abstract Title", "Normal", "<w:keepNext/>" + spacing(240, 0), "<w:b/>"),
    ("Abstract", "Abstract", "Normal", spacing(60, 240), size(10)),
    ("BlockText", "Block Text", "BodyText",
     '<w:ind w:left="567" w:right="567"/>' + spacing(60, 140), f'<w:color w:val="{MUTED}"/>'),
    ("FootnoteText", "footnote text", "Normal", spacing(0, 40), size(9)),
    ("DefinitionTerm", "Definition Term", "Normal", "<w:keepNext/>" + spacing(60, 0), "<w:b/>"),
    ("Definition", "Definition", "Normal", '<w:ind w:left="567"/>', ""),
    ("Caption", "caption", "Normal", spacing(60, 200), f'<w:i/><w:color w:val="{MUTED}"/>{size(9)}'),
    ("TableCaption", "Table Caption", "Caption", "<w:keepNext/>", ""),
    ("ImageCaption", "Image Caption", "Caption", '<w:jc w:val="center"/>', ""),
    ("Figure", "Figure", "Normal", '<w:keepNext/><w:jc w:val="center"/>', ""),
    ("CaptionedFigure", "Captioned Figure", "Figure", "<w:keepNext/>", ""),
    ("SourceCode", "Source Code", "Normal",
     f'<w:shd w:val="clear" w:color="auto" w:fill="{BOX}"/>' + spacing(60, 140, 240),
     fonts(MONO) + size(9.5)),
    # The contents start on their own page, after a book's title page.
    ("TOCHeading", "TOC Heading", "Heading1", "<w:pageBreakBefore/><w:outlineLvl w:val=\"9\"/>", ""),
    ("TOC1", "toc 1", "Normal", spacing(120, 40), "<w:b/>"),
    ("TOC2", "toc 2", "Normal", '<w:ind w:left="284"/>' + spacing(0, 20), ""),
    ("TOC3", "toc 3", "Normal", '<w:ind w:left="567"/>' + spacing(0, 20), size(10)),
    # The infobox (custom-style names the writer puts on Divs inside the Infobox table).
    ("InfoboxTitle", "Infobox Title", "Normal", '<w:keepNext/><w:jc w:val="center"/>' + spacing(40, 40, 240),
     fonts(SANS) + f'<w:b/><w:color w:val="000000"/>{size(11.5)}'),
    ("InfoboxSubtitle", "Infobox Subtitle", "Normal", '<w:keepNext/><w:jc w:val="center"/>' + spacing(0, 40, 240),
     fonts(SANS) + size(9)),
    ("InfoboxImage", "Infobox Image", "Normal", '<w:keepNext/><w:jc w:val="center"/>' + spacing(40, 20, 240), ""),
    ("InfoboxCaption", "Infobox Caption", "Normal", '<w:keepNext/><w:jc w:val="center"/>' + spacing(0, 40, 240),
     fonts(SANS) + f'<w:color w:val="{MUTED}"/>{size(8.5)}'),
    ("InfoboxHeader", "Infobox Header", "Normal", '<w:keepNext/><w:jc w:val="center"/>' + spacing(20, 20, 240),
     fonts(SANS) + "<w:b/>" + size(9)),
    ("InfoboxLabel", "Infobox Label", "Normal", spacing(10, 10, 240), fonts(SANS) + "<w:b/>" + size(9)),
    ("InfoboxValue", "Infobox Value", "Normal", spacing(10, 10, 240), fonts(SANS) + size(9)),
    ("InfoboxFull", "Infobox Full", "InfoboxValue", '<w:jc w:val="center"/>', ""),
    ("InfoboxFullLabel", "Infobox Full Label", "InfoboxLabel", '<w:keepNext/><w:jc w:val="center"/>', ""),
    ("Attribution", "Attribution", "Normal",
     f'<w:keepLines/><w:pBdr>{border("top", space=6)}</w:pBdr>' + spacing(480, 60, 240),
     f'<w:color w:val="{MUTED}"/>{size(8.5)}'),
    ("BundleSubtitle", "Bundle Subtitle", "Normal", spacing(120, 120), f'<w:color w:val="{MUTED}"/>{size(12)}'),
]

HEADINGS: list[tuple[str, float, str, str]] = [
    # Wikipedia: level-2 sections in the serif with a rule under them, deeper ones bold sans.
    (SERIF, 17, "", f'<w:pBdr>{border("bottom", space=2)}</w:pBdr>' + spacing(360, 120, 240)),
    (SERIF, 14, "", spacing(280, 80, 240)),
    (SANS, 11.5, "<w:b/>", spacing(240, 60, 240)),
    (SANS, 10.5, "<w:b/>", spacing(200, 40, 240)),
    (SANS, 10.5, "<w:b/><w:i/>", spacing(160, 40, 240)),
    (SANS, 10, "<w:b/><w:i/>", spacing(160, 40, 240)),
]

CHARACTER_STYLES: list[tuple[str, str, str]] = [
    ("Hyperlink", "Hyperlink", '<w:color w:val="0645AD"/>'),
    ("VerbatimChar", "Verbatim Char", fonts(MONO) + size(9.5)),
    ("FootnoteReference", "footnote reference", '<w:vertAlign w:val="superscript"/>'),
]

TABLE_STYLES = {
    # Article tables: light grid, header row in the band colour (Wikipedia's "wikitable").
    "Table": (
        "Table",
        "<w:tblBorders>" + "".join(border(s, sz=4, space=0) for s in
                                     ("top", "left", "bottom", "right", "insideH", "insideV"))
        + '</w:tblBorders><w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="100" w:type="dxa"/>'
        '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar>',
        f'<w:tblStylePr w:type="firstRow"><w:rPr><w:b/></w:rPr><w:tcPr>'
        f'<w:shd w:val="clear" w:color="auto" w:fill="{BAND}"/></w:tcPr></w:tblStylePr>',
    ),
    # The infobox: a framed grey box without inner rules, as on Wikipedia.
    "Infobox": (
        "Infobox",
        "<w:jc w:val=\"center\"/><w:tblBorders>"
        + "".join(border(s, sz=6, space=0) for s in ("top", "left", "bottom", "right"))
        + '<w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>'
        '<w:tblCellMar><w:top w:w="20" w:type="dxa"/><w:left w:w="90" w:type="dxa"/>'
        '<w:bottom w:w="20" w:type="dxa"/><w:right w:w="90" w:type="dxa"/></w:tblCellMar>',
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{BOX}"/></w:tcPr>',
    ),
    # Three or more sides of a conflict: equal columns nested in one infobox cell.
    "InfoboxColumns": (
        "Infobox Columns",
        '<w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/>'
        '<w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="0" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="90" w:type="dxa"/></w:tblCellMar>',
        "",
    ),
}

FOOTER = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr {NS}><w:p><w:pPr><w:jc w:val="center"/>'
    f'</w:pPr><w:r><w:rPr><w:color w:val="{MUTED}"/>{size(9)}</w:rPr><w:fldChar w:fldCharType="begin"/></w:r>'
    f'<w:r><w:rPr><w:color w:val="{MUTED}"/>{size(9)}</w:rPr><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
    f'<w:r><w:rPr><w:color w:val="{MUTED}"/>{size(9)}</w:rPr><w:fldChar w:fldCharType="separate"/></w:r>'
    f'<w:r><w:rPr><w:color w:val="{MUTED}"/>{size(9)}</w:rPr><w:t>1</w:t></w:r>'
    f'<w:r><w:rPr><w:color w:val="{MUTED}"/>{size(9)}</w:rPr><w:fldChar w:fldCharType="end"/></w:r></w:p></w:ftr>'
)
# A4 with 2 cm side margins; the writer swaps the page size for options.paper.
SECT_PR = (
    '<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter1"/>'
    '<w:footnotePr><w:numRestart w:val="eachSect"/></w:footnotePr>'
    '<w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="1247" w:right="1134" w:bottom="1247" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/>'
    "</w:sectPr>"
)


def _el(xml: str) -> etree._Element:
    return etree.fromstring(f"<root {NS}>{xml}</root>")[0]


def _style(kind: str, sid: str, name: str, based: str, body: str, custom: bool) -> etree._Element:
    attrs = f' w:type="{kind}" w:styleId="{sid}"' + (' w:customStyle="1"' if custom else "")
    if sid == "Normal" or (kind == "table" and sid == "Table"):
        attrs += ' w:default="1"'
    based_xml = f'<w:basedOn w:val="{based}"/>' if based else ""
    return _el(f'<w:style{attrs}><w:name w:val="{name}"/>{based_xml}<w:qFormat/>{body}</w:style>')


BUILTIN = {"Normal", "BodyText", "Title", "Subtitle", "Date", "BlockText", "FootnoteText", "Caption",
           "TOCHeading", "TOC1", "TOC2", "TOC3", "Hyperlink", "FootnoteReference", "Bibliography"}


def build_styles(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    by_id = {s.get(f"{{{W}}}styleId"): s for s in root.findall(f"{{{W}}}style")}

    def put(el: etree._Element) -> None:
        old = by_id.get(el.get(f"{{{W}}}styleId"))
        if old is not None:
            old.addprevious(el)
            root.remove(old)
        else:
            root.append(el)

    defaults = root.find(f"{{{W}}}docDefaults")
    defaults.getparent().replace(defaults, _el(
        f'<w:docDefaults><w:rPrDefault><w:rPr>{fonts(SANS)[:-2]} w:eastAsiaTheme="minorEastAsia"/>'
        f'{size(10.5)}<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
        f'</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>{spacing(0, 120, 264)}</w:pPr></w:pPrDefault></w:docDefaults>'))
    for sid, name, based, ppr, rpr in PARAGRAPH_STYLES:
        nxt = '<w:next w:val="BodyText"/>' if sid in {"Title", "Subtitle", "Author", "Date"} else ""
        put(_style("paragraph", sid, name, based, f"{nxt}<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr>",
                   sid not in BUILTIN))
    for level, (face, pts, extra, ppr) in enumerate(HEADINGS, start=1):
        put(_style("paragraph", f"Heading{level}", f"heading {level}", "Normal",
                   f'<w:next w:val="BodyText"/><w:uiPriority w:val="9"/><w:pPr><w:keepNext/><w:keepLines/>{ppr}'
                   f'<w:outlineLvl w:val="{level - 1}"/></w:pPr><w:rPr>{fonts(face, "Times New Roman")}{extra}'
                   f'<w:color w:val="000000"/>{size(pts)}</w:rPr>', False))
    for sid, name, rpr in CHARACTER_STYLES:
        put(_style("character", sid, name, "", f"<w:rPr>{rpr}</w:rPr>", sid not in BUILTIN))
    for sid, (name, tblpr, extra) in TABLE_STYLES.items():
        put(_style("table", sid, name, "", f"<w:tblPr>{tblpr}</w:tblPr>{extra}", sid != "Table"))
    # Heading "Char" twins keep pandoc's theme colours; align them with the paragraph styles.
    for style in root.findall(f"{{{W}}}style"):
        for colour in style.iter(f"{{{W}}}color"):
            if colour.get(f"{{{W}}}themeColor") == "accent1":
                colour.attrib.clear()
                colour.set(f"{{{W}}}val", "000000")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def patch_theme(xml: bytes) -> bytes:
    text = xml.decode("utf-8")
    text = re.sub(r'(<a:majorFont>\s*<a:latin typeface=")[^"]*"( panose="[^"]*")?', rf'\g<1>{SERIF}"', text)
    text = re.sub(r'(<a:minorFont>\s*<a:latin typeface=")[^"]*"( panose="[^"]*")?', rf'\g<1>{SANS}"', text)
    return text.encode("utf-8")


def patch_document(xml: bytes) -> bytes:
    # pandoc takes page size, margins and the footer reference from this sectPr.
    text = xml.decode("utf-8")
    body = f'<w:body><w:p><w:r><w:t>Reference document of wikiexport.</w:t></w:r></w:p>{SECT_PR}</w:body>'
    return re.sub(r"<w:body>.*</w:body>", body, text, flags=re.S).encode("utf-8")


def build(pandoc: str) -> bytes:
    """The reference document bytes, starting from ``pandoc``'s default reference.docx."""
    base = subprocess.run([pandoc, "--print-default-data-file", "reference.docx"],
                          check=True, capture_output=True).stdout
    src = zipfile.ZipFile(io.BytesIO(base))
    parts = {n: src.read(n) for n in src.namelist()}
    parts["word/styles.xml"] = build_styles(parts["word/styles.xml"])
    parts["word/theme/theme1.xml"] = patch_theme(parts["word/theme/theme1.xml"])
    parts["word/document.xml"] = patch_document(parts["word/document.xml"])
    parts["word/footer1.xml"] = FOOTER.encode("utf-8")
    rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
    rels = rels.replace("</Relationships>", '<Relationship Id="rIdFooter1" Type="http://schemas.openxmlformats.org/'
                        'officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>')
    parts["word/_rels/document.xml.rels"] = rels.encode("utf-8")
    types = parts["[Content_Types].xml"].decode("utf-8")
    types = types.replace("</Types>", '<Override PartName="/word/footer1.xml" ContentType="application/'
                          'vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>')
    parts["[Content_Types].xml"] = types.encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in ["[Content_Types].xml"] + sorted(n for n in parts if n != "[Content_Types].xml"):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, parts[name])
    return out.getvalue()


def main() -> None:
    import pypandoc

    OUT.write_bytes(build(pypandoc.get_pandoc_path()))
    print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
