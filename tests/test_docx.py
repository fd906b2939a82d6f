"""The DOCX writer, checked through python-docx and the package's XML (never byte goldens)."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from PIL import Image

import convert
from convert.errors import WriterError
from convert.model import Paragraph, inline_text
from convert.writers import WriteOptions, get_writer
from convert.writers.docx.parts import Media, prepare_article
from convert.writers.common.images import ImageStore

from .conftest import ROOT, SEED, corpus_files

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EPOCH = 1_700_000_000
IMAGE = "Rebelles de Rastane (26 avril 2012).jpg"


@pytest.fixture(scope="module")
def seed() -> convert.model.Document:
    return convert.load(SEED)


@pytest.fixture(scope="module")
def seed_docx(seed: convert.model.Document) -> bytes:
    return get_writer("docx").render(seed, WriteOptions.create(source_date_epoch=EPOCH))


def _open(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def _xml(data: bytes, part: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read(part))


def _styles_used(d: docx.document.Document) -> list[str]:
    return [p.style.name for p in d.paragraphs]


def test_title_subtitle_and_headings(seed_docx: bytes) -> None:
    d = _open(seed_docx)
    paragraphs = d.paragraphs
    assert paragraphs[0].style.name == "Title"
    assert paragraphs[0].text == "Battle of Rastan (January–February 2012)"
    assert paragraphs[1].style.name == "Subtitle"
    assert paragraphs[1].text.startswith("A military operation of the Syrian civil war")
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Battle", "Aftermath"]  # the empty "References" section is dropped
    assert "Heading 2" not in _styles_used(d)


def test_infobox_is_a_word_table_laid_out_like_wikipedia(seed_docx: bytes) -> None:
    d = _open(seed_docx)
    assert len(d.tables) == 1
    box = d.tables[0]
    assert box.style.name == "Infobox"
    rows = [[c.text for c in r.cells] for r in box.rows]
    assert rows[0][0] == "Battle of Rastan (January–February 2012)"  # title row inside the box
    labels = [r[0] for r in rows]
    for band in ("Belligerents", "Commanders and leaders", "Casualties and losses"):
        assert band in labels
    sides = rows[labels.index("Belligerents") + 1]
    # The two sides stand side by side in different cells.
    assert sides[0].startswith("Free Syrian Army") and sides[-1].startswith("Syrian Arab Republic")
    assert "Syrian Armed Forces" in sides[-1]
    date_row = next(r for r in rows if r[0] == "Date")
    assert date_row[-1] == "29 January – 5 February 2012"
    styles = {p.style.name for c in box._cells for p in c.paragraphs}
    assert {"Infobox Title", "Infobox Header", "Infobox Label", "Infobox Value"} <= styles
    # Group header bands are shaded cells.
    xml = _xml(seed_docx)
    shaded = [tc for tc in xml.iter(f"{W}tc") if tc.find(f"{W}tcPr/{W}shd") is not None]
    assert len(shaded) == 1 + 4  # title row and four bands


def test_lists_are_real_word_lists(seed_docx: bytes) -> None:
    xml = _xml(seed_docx)
    numbered = [p for p in xml.iter(f"{W}p") if p.find(f"{W}pPr/{W}numPr") is not None]
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in numbered]
    assert "Syrian Armed Forces" in texts and "Shabiha" in texts
    with zipfile.ZipFile(io.BytesIO(seed_docx)) as zf:
        numbering = etree.fromstring(zf.read("word/numbering.xml"))
    defined = {n.get(f"{W}numId") for n in numbering.iter(f"{W}num")}
    used = {p.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val") for p in numbered}
    assert used <= defined


def test_links_are_hyperlinks_to_wikipedia(seed_docx: bytes) -> None:
    d = _open(seed_docx)
    links = [h for c in d.tables[0]._cells for p in c.paragraphs for h in p.hyperlinks]
    urls = {h.url for h in links}
    assert "https://en.wikipedia.org/wiki/Homs_Governorate" in urls
    assert "https://en.wikipedia.org/wiki/Free_Syrian_Army" in urls
    assert all(u.startswith("https://") for u in urls)


def test_core_properties(seed_docx: bytes, seed: convert.model.Document) -> None:
    props = _open(seed_docx).core_properties
    assert props.title == seed.meta.title
    assert props.author == "Wikipedia contributors"
    assert props.subject == seed.meta.short_description
    assert props.comments == seed.meta.description
    assert props.language == "en"
    assert "military conflict" in props.keywords
    assert int(props.created.timestamp()) == EPOCH == int(props.modified.timestamp())
    styles = _xml(seed_docx, "word/styles.xml")
    assert styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang").get(f"{W}val") == "en"


def test_attribution_closes_the_article(seed_docx: bytes, seed: convert.model.Document) -> None:
    last = _open(seed_docx).paragraphs[-1]
    assert last.style.name == "Attribution"
    assert "CC BY-SA 4.0" in last.text and "Wikipedia contributors" in last.text
    urls = [h.url for h in last.hyperlinks]
    assert seed.meta.source_url in urls and seed.meta.licence_url in urls


def test_same_input_and_epoch_give_identical_bytes(seed: convert.model.Document, seed_docx: bytes) -> None:
    writer = get_writer("docx")
    assert writer.render(seed, WriteOptions.create(source_date_epoch=EPOCH)) == seed_docx
    other = writer.render(seed, WriteOptions.create(source_date_epoch=EPOCH + 86400))
    assert other != seed_docx
    with zipfile.ZipFile(io.BytesIO(other)) as zf:
        assert {i.date_time for i in zf.infolist()} == {(2023, 11, 15, 22, 13, 20)}


def test_batch_gives_the_same_bytes_in_any_order(seed: convert.model.Document) -> None:
    """render_many writes chunks of articles as one document and splits them: each article
    must come out exactly as render() makes it, whatever shares its chunk."""
    docs = [seed] + [convert.load(p) for p in corpus_files()[:5]]
    writer = get_writer("docx")
    options = WriteOptions.create(source_date_epoch=EPOCH)
    batch = list(writer.render_many(docs, options))
    assert not [r for r in batch if isinstance(r, Exception)]
    backwards = list(writer.render_many(list(reversed(docs)), options))[::-1]
    assert backwards == batch
    assert [writer.render(d, options) for d in docs[:3]] == batch[:3]
    for data, doc in zip(batch, docs):
        assert _open(data).core_properties.title == doc.meta.title


def test_batch_reports_failures_per_document(seed: convert.model.Document, tmp_path: Path) -> None:
    options = WriteOptions.create(reference_doc=tmp_path / "missing.docx")
    results = list(get_writer("docx").render_many([seed, seed], options))
    assert len(results) == 2 and all(isinstance(r, WriterError) for r in results)


def test_every_corpus_fixture_converts() -> None:
    docs = [convert.load(p) for p in corpus_files()]
    assert docs
    results = list(get_writer("docx").render_many(docs, WriteOptions.create()))
    for doc, data in zip(docs, results):
        assert not isinstance(data, Exception), f"{doc.source}: {data}"
        assert _open(data).paragraphs[0].text == doc.meta.title


def test_infobox_image_from_images_dir(seed: convert.model.Document, tmp_path: Path) -> None:
    Image.new("RGB", (400, 300), (90, 120, 60)).save(tmp_path / IMAGE, "JPEG")
    options = WriteOptions.create(images_dir=tmp_path, source_date_epoch=EPOCH)
    writer = get_writer("docx")
    data = writer.render(seed, options)
    assert list(writer.render_many([seed], options)) == [data]
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        media = [n for n in zf.namelist() if n.startswith("word/media/")]
    assert len(media) == 1
    xml = _xml(data)
    drawing = next(xml.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"))
    # Alt text is never the caption printed under the picture (issue 22).
    assert drawing.get("descr") == "Rebelles de Rastane (26 avril 2012)"
    # No data: URI left anywhere in the XML (pandoc copies the source into descriptions).
    assert b"data:image" not in etree.tostring(xml)
    box = _open(data).tables[0]
    picture_cell = box.rows[2].cells[0]
    assert [(p.style.name, p.text) for p in picture_cell.paragraphs] == [
        ("Infobox Image", ""), ("Infobox Caption", "Free Syrian Army fighters in Rastan")]
    urls = [h.url for h in _open(data).paragraphs[-1].hyperlinks]
    assert "https://commons.wikimedia.org/wiki/File:Rebelles_de_Rastane_(26_avril_2012).jpg" in urls


def test_images_are_never_read_outside_images_dir(tmp_path: Path) -> None:
    (tmp_path / "secret.png").write_bytes(b"not for the document")
    inner = tmp_path / "images"
    inner.mkdir()
    text = "---\ntitle: Paths\nimg: ../secret.png\n---\n![x](../secret.png)\n\n![y](/etc/passwd)\n"
    doc, _ = convert.loads(text.encode(), "paths.md")
    data = get_writer("docx").render(doc, WriteOptions.create(images_dir=inner))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert not [n for n in zf.namelist() if n.startswith("word/media/")]


def test_paper_size_and_custom_reference(seed: convert.model.Document, tmp_path: Path) -> None:
    writer = get_writer("docx")
    letter = _xml(writer.render(seed, WriteOptions.create(paper="letter")))
    size = next(letter.iter(f"{W}pgSz"))
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("12240", "15840")
    # A user's reference document is used as given (its page setup too).
    import pypandoc

    reference = tmp_path / "ref.docx"
    reference.write_bytes(subprocess.run(
        [pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
        check=True, capture_output=True).stdout)
    data = writer.render(seed, WriteOptions.create(reference_doc=reference, paper="letter"))
    ids = {s.get(f"{W}styleId") for s in _xml(data, "word/styles.xml").iter(f"{W}style")}
    assert "Infobox" not in ids  # not in pandoc's own reference: its "Table" style is used
    assert "InfoboxLabel" in ids  # pandoc adds the custom paragraph styles it meets
    assert next(_xml(data).iter(f"{W}pgSz"), None) is None  # its page setup is untouched


HOSTILE_TEXT = [
    "<w:p>injected</w:p>", "]]><!-- x -->", "&amp; &lt; & < > \" '", "**not bold** _not italic_",
    "\\begin{document} $x$", "{{Infobox}} [[Link]]", "\u202eRTL override", "emoji 🎉 and 漢字",
    "tab\there", "x" * 2000,
]


def test_hostile_text_stays_text() -> None:
    body = "\n\n".join(f"Para {i}: {t}" for i, t in enumerate(HOSTILE_TEXT))
    yaml_title = json.dumps("<Title> & \"quotes\" \u0007bell")
    doc, _ = convert.loads(f"---\ntitle: {yaml_title}\n---\n{body}\n".encode(), "hostile.md")
    data = get_writer("docx").render(doc, WriteOptions.create())
    d = _open(data)
    assert d.paragraphs[0].text == "<Title> & \"quotes\" bell"
    assert d.core_properties.title == "<Title> & \"quotes\" bell"
    shown = [" ".join(p.text.split()) for p in d.paragraphs]
    expected = [" ".join(inline_text(b.children).split()) for b in doc.body if isinstance(b, Paragraph)]
    assert len(expected) == len(HOSTILE_TEXT)
    assert shown[1:1 + len(expected)] == expected  # after the title, each paragraph verbatim
    assert "<w:p>injected</w:p>" in expected[0] and "**not bold**" not in expected[3]


def test_links_to_own_sections_stay_inside() -> None:
    text = ("---\ntitle: Alpha\n---\nSee [below](#History), [Alpha's history](Alpha#History) "
            "and [a missing part](#Nowhere).\n\n## History\nText.\n")
    data = get_writer("docx").render(convert.loads(text.encode(), "alpha.md")[0], WriteOptions.create())
    xml = _xml(data)
    marks = {m.get(f"{W}name") for m in xml.iter(f"{W}bookmarkStart")}
    anchors = [h.get(f"{W}anchor") for h in xml.iter(f"{W}hyperlink") if h.get(f"{W}anchor")]
    assert len(anchors) == 2 and all(a in marks for a in anchors)
    urls = [h.url for p in _open(data).paragraphs for h in p.hyperlinks if h.url]
    assert "https://en.wikipedia.org/wiki/Alpha#Nowhere" in urls


def _bundle_docs() -> list[convert.model.Document]:
    alpha = ("---\ntitle: Alpha\nshortDescription: First letter\n---\nAlpha links to [Beta](Beta), "
             "to [its history](Beta#History) and to [Gamma](Gamma).\n\n## Notes\nText.\n")
    beta = "---\ntitle: Beta\n---\nBeta text.\n\n## History\nOnce [Alpha](Alpha).\n"
    return [convert.loads(alpha.encode(), "alpha.md")[0], convert.loads(beta.encode(), "beta.md")[0]]


def test_bundle_title_page_contents_and_new_pages() -> None:
    data = get_writer("docx").render_bundle(_bundle_docs(), WriteOptions.create(title="Letters"))
    d = _open(data)
    assert d.paragraphs[0].style.name == "Title" and d.paragraphs[0].text == "Letters"
    assert d.core_properties.title == "Letters"
    h1 = [p for p in d.paragraphs if p.style.name == "Heading 1"]
    assert [p.text for p in h1] == ["Alpha", "Beta"]
    assert all(p.paragraph_format.page_break_before for p in h1)
    assert [p.text for p in d.paragraphs if p.style.name == "Heading 2"] == ["Notes", "History"]
    assert [p.text for p in d.paragraphs if p.style.name == "Subtitle"][-1] == "First letter"
    xml = _xml(data)
    instr = "".join(t.text for t in xml.iter(f"{W}instrText"))
    assert "TOC" in instr
    assert sum(p.style.name == "Attribution" for p in d.paragraphs) == 2


def test_bundle_links_between_articles_are_bookmarks() -> None:
    data = get_writer("docx").render_bundle(_bundle_docs(), WriteOptions.create())
    xml = _xml(data)
    marks = {m.get(f"{W}name"): m for m in xml.iter(f"{W}bookmarkStart")}
    body_links = [h for h in xml.iter(f"{W}hyperlink") if not any(
        a.tag == f"{W}sdt" for a in h.iterancestors())]
    anchors = [h.get(f"{W}anchor") for h in body_links if h.get(f"{W}anchor")]
    assert len(anchors) == 3  # Beta, Beta#History, Alpha
    assert all(a in marks for a in anchors)
    heading_of = {a: "".join(t.text for t in marks[a].getnext().iter(f"{W}t")) for a in anchors}
    assert sorted(heading_of.values()) == ["Alpha", "Beta", "History"]
    d = _open(data)
    urls = [h.url for p in d.paragraphs for h in p.hyperlinks if h.url]
    assert "https://en.wikipedia.org/wiki/Gamma" in urls


def test_pandoc_ast_golden(seed: convert.model.Document, golden) -> None:  # type: ignore[no-untyped-def]
    """The AST pandoc gets for the seed, shown in pandoc's own readable ``native`` form."""
    from convert.writers.pandoc.ast import document, dumps
    from convert.writers.pandoc.engine import pandoc_path

    article = prepare_article(seed, WriteOptions.create(), Media(ImageStore(None), embed=True))
    native = subprocess.run([pandoc_path(), "-f", "json", "-t", "native", "--columns=100"],
                            input=dumps(document([article.block], {})), check=True, capture_output=True)
    golden("docx/battle-of-rastan.native", native.stdout.decode("utf-8"))


def test_reference_docx_is_built_by_its_script(tmp_path: Path) -> None:
    """The committed reference.docx is exactly what templates/docx/make_reference.py makes."""
    import pypandoc

    sys.path.insert(0, str(ROOT / "templates" / "docx"))
    try:
        import make_reference
    finally:
        sys.path.pop(0)
    built = make_reference.build(pypandoc.get_pandoc_path())
    assert built == (ROOT / "templates" / "docx" / "reference.docx").read_bytes(), (
        "run: python templates/docx/make_reference.py")
    names = {s.name for s in docx.Document(io.BytesIO(built)).styles}
    assert {"Infobox", "Infobox Label", "Infobox Header", "Attribution", "Title", "Subtitle"} <= names


def test_engine_timeouts_are_writer_errors(seed: convert.model.Document) -> None:
    writer = get_writer("docx")
    options = WriteOptions.create(timeout=0.001)
    with pytest.raises(WriterError, match="did not finish"):
        writer.render(seed, options)
    results = list(writer.render_many([seed, seed], options))
    assert len(results) == 2 and all(isinstance(r, WriterError) for r in results)


_WS = re.compile(r"[ \t\r\n]+")


def _shown(text: str) -> str:
    """What python-docx reads of ``text``: XML-illegal characters dropped, whitespace runs one
    space; pandoc writes soft and non-breaking hyphens as Word's own elements, read as "" and "-"."""
    from convert.writers.pandoc.ast import clean_text

    return _WS.sub(" ", clean_text(text).replace("\xad", "").replace("\u2011", "-")).strip()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=st.text(min_size=1, max_size=80).filter(_shown),
       paragraphs=st.lists(st.text(min_size=1, max_size=200), min_size=1, max_size=4))
def test_any_text_survives(title: str, paragraphs: list[str]) -> None:
    """Whatever the characters (markup, controls, surrogates, RTL), the document opens and
    says exactly the text."""
    from convert.model import Document, Metadata, Text

    doc = Document(meta=Metadata(title=title), body=tuple(Paragraph((Text(p),)) for p in paragraphs))
    d = _open(get_writer("docx").render(doc, WriteOptions.create()))
    texts = [p.text for p in d.paragraphs]
    assert texts[0] == _shown(title)
    assert "Wikipedia contributors" in texts[-1]
    # Blanks at a paragraph's edges (a trailing no-break space) are kept but invisible.
    assert [t.strip() for t in texts[1:-1] if t.strip()] == [_shown(p) for p in paragraphs if _shown(p)]


def test_a_right_to_left_article_reads_from_the_right() -> None:
    from .test_pdf_reading import ARABIC

    doc, _ = convert.loads(ARABIC, "ar.md", lang="ar")
    data = get_writer("docx").render(doc, WriteOptions.create(source_date_epoch=EPOCH))
    body = _xml(data).find(f"{W}body")
    paragraphs = list(body.iter(f"{W}p"))
    bidi = {"".join(p.itertext()): p.find(f"{W}pPr/{W}bidi") is not None for p in paragraphs}
    assert bidi["الإسكندرية"] and bidi["التاريخ"] and bidi["الميناء الشرقي"]
    attribution = next(text for text in bidi if text.startswith("هذه المقالة من ويكيبيديا"))
    assert bidi[attribution]  # the credits are in Arabic too (convert.l10n), read from the right
    tables = list(body.iter(f"{W}tbl"))
    assert len(tables) == 2
    assert all(t.find(f"{W}tblPr/{W}bidiVisual") is not None for t in tables)
    # A left-to-right article gets none of it.
    ltr = get_writer("docx").render(convert.load(SEED), WriteOptions.create(source_date_epoch=EPOCH))
    assert _xml(ltr).find(f".//{W}bidi") is None and _xml(ltr).find(f".//{W}bidiVisual") is None
