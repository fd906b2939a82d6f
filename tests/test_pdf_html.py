"""The HTML that feeds WeasyPrint: golden file, escaping of hostile text, what may be fetched.

The golden file is regenerated with ``python -m pytest tests/test_pdf_html.py --accept``.
"""

from __future__ import annotations

import os
import re
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import convert
from convert.errors import Diagnostic
from convert.model import (
    Bold, BulletList, ColumnsRow, DataRow, Document, ExternalLink, FieldValue, FullRow, HeaderRow,
    Heading, Image, Infobox, InfoboxLayout, Link, ListItem, Metadata, Paragraph, Table, TableCell,
    Text,
)
from convert.writers import WriteOptions, get_writer
from convert.writers.common.images import ImageStore, safe_file_name
from convert.writers.pdf.assets import make_fetcher
from convert.writers.common.links import BookLinks
from convert.writers.pdf.book import Piece, piece_html
from convert.writers.pdf.html import BOOK_LINK, HtmlBuilder, attr_html, text_html
from convert.writers.pdf.views import PageSetup

from .conftest import parse_html
from .pdf_book_html import book_pages
from .test_pdf import no_weasyprint_warnings  # noqa: F401 - autouse: fail on WeasyPrint warnings

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "battle-of-rastan.md"
EPOCH = 1328400000


def html_of(doc: Document, **options: object) -> str:
    return get_writer("pdf").html(doc, WriteOptions.create(source_date_epoch=EPOCH, **options))


def test_seed_html_golden(golden) -> None:  # type: ignore[no-untyped-def]
    golden("pdf_html/battle-of-rastan.html", html_of(convert.load(SEED)))


_ALLOWED_TAGS = {
    "html", "head", "meta", "title", "body", "article", "header", "h1", "h2", "h3", "h4", "h5",
    "h6", "p", "a", "b", "i", "code", "pre", "ul", "ol", "li", "div", "span", "bdi", "br",
    "blockquote", "table", "caption", "colgroup", "col", "thead", "tbody", "tr", "th", "td",
    "figure", "figcaption", "img", "hr", "section", "nav",
}

_PIECES = list("<>&\"'=/ \\`;:(){}#%@!") + [
    "url(", "javascript:", "file:///etc/passwd", "<img src=x>", "</td>", "<script>", "{{ x }}",
    "{% raw %}", "\u202e", "\x00", "\x0c", "\ud800", "\ufffe", "🇸🇪", "😀", "ال", "א", "字",
    "e\u0301", "\n", "]]", "[[", "|", "@import", "&amp;", "&#60;",
]
# What HTML cannot carry and the writer drops: C0/C1 controls but tab, CR and LF, lone
# surrogates, non-characters.
_UNENCODABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
hostile = st.lists(st.sampled_from(_PIECES) | st.text(max_size=3), max_size=15).map("".join)


def _doc(t: str) -> Document:
    value = FieldValue(t, (Paragraph((Text(t), Bold((Text(t),)))),))
    layout = InfoboxLayout(
        title=value, subtitle=value, image=t, caption=value, subtitle_prefix=t,
        rows=(HeaderRow(t), DataRow(t, "f", value), ColumnsRow(("a1", "a2"), (value, None), t),
              FullRow("g", value, t)),
    )
    box = Infobox((), "", "Infobox", 0.0, layout)
    body = (
        Paragraph((Text(t), Link(t or "x", (Text(t),), t), ExternalLink("https://e.org/" + t, (Text(t),)))),
        Heading(2, "h", (Text(t),)),
        BulletList((ListItem((Paragraph((Text(t),)),)),)),
        Table(((TableCell((Text(t),)),),), ((TableCell((Text(t),), "right"),),), 1, (Text(t),)),
        Image(t or "x.png", t, (Text(t),), "https://upload.example/" + t),
    )
    meta = Metadata(title=t or "x", short_description=t, image_file=t, image="https://x/" + t)
    return Document(meta, (box,), body)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile)
def test_hostile_text_stays_text(t: str) -> None:
    page = html_of(_doc(t))
    parser = parse_html(page)
    for tag, attrs in parser.tags:
        assert tag in _ALLOWED_TAGS, tag
        assert not any(k.startswith("on") for k in attrs), attrs
        if tag == "img":
            pytest.fail(f"an image was placed without an images folder: {attrs}")
        for key in ("href",):
            if key in attrs:
                assert str(attrs[key]).startswith(("https://", "#")), attrs
        # Column widths (computed, never from the text): on <col>, or on infobox grid cells.
        assert "style" not in attrs or tag == "col" or (tag == "div" and "ib-grid-cell" in str(attrs.get("class"))), attrs
    shown = "".join(parser.text).replace("\u200b", "")  # break opportunities in long runs
    # Flags (regional indicator pairs) are spelled as their country code.
    visible = _UNENCODABLE.sub("", t).translate({0x1F1E6 + i: chr(65 + i) for i in range(26)})
    visible = visible.replace("\u200b", "")  # compared without break opportunities, as shown is
    for piece in visible.split():
        assert piece in shown, piece


def test_hostile_text_renders_without_fetching(tmp_path: Path) -> None:
    """The hostile document through WeasyPrint: nothing is fetched, nothing refused."""
    from convert.writers.pdf import writer as pdf

    t = "<img src=file:///etc/passwd> url(file:///etc/passwd) @import 'x.css'; 🇸🇪 ال א 字"
    data = get_writer("pdf").render(_doc(t), WriteOptions.create(images_dir=tmp_path))
    engine = pdf._engine(WriteOptions.create(images_dir=tmp_path))
    assert engine.fetcher.refused == []
    pypdf = pytest.importorskip("pypdf")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(BytesIO(data)).pages)
    assert "url(file:///etc/passwd)" in text


def test_overlong_runs_get_break_opportunities() -> None:
    assert str(text_html("x" * 130)).split("\u200b") == ["x" * 20] * 6 + ["x" * 10]
    assert "\u200b" not in text_html("https://en.wikipedia.org/wiki/" + "y" * 80)


def test_escaping_functions() -> None:
    assert text_html("<b>&\"'") == "&lt;b&gt;&amp;&#34;&#39;"
    assert text_html("a\x00b\x1b") == "ab"
    assert text_html("🇸🇪 won") == '<span class="flag">SE</span> won'
    assert attr_html('x" onload="y') == "x&#34; onload=&#34;y"
    assert attr_html("javascript:alert(1)", url=True) == ""
    assert attr_html("file:///etc/passwd", url=True) == ""
    assert attr_html("relative/path", url=True) == "" and attr_html("#", url=True) == ""
    assert attr_html("https://a.org/?q=<x>", url=True) == "https://a.org/?q=&lt;x&gt;"


def test_links_a_reader_may_not_follow_are_plain_text() -> None:
    builder = HtmlBuilder("en", "a1", BookLinks(), lambda name: None)
    html = builder.inlines((ExternalLink("javascript:alert(1)", (Text("click"),)),
                            ExternalLink("file:///etc/passwd", (Text("secret"),))))
    assert html == "clicksecret"


def test_unknown_nodes_raise() -> None:
    builder = HtmlBuilder("en", "a1", BookLinks(), lambda name: None)
    with pytest.raises(TypeError, match="does not handle"):
        builder.blocks((object(),))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="does not handle"):
        builder.inlines((object(),))  # type: ignore[arg-type]


def test_links_inside_a_bundle_jump_inside_the_book() -> None:
    a = Document(Metadata("Alpha"), (), (
        Paragraph((Link("beta", (Text("to beta"),)), Link("Beta", (Text("to history"),), "Early_history"),
                   Link("Gamma", (Text("to gamma"),)))),
    ))
    b = Document(Metadata("Beta"), (), (Heading(2, "Early_history", (Text("Early history"),)), Paragraph((Text("x"),))))
    options = WriteOptions.create(source_date_epoch=EPOCH)
    # Two articles: one piece each. A link to another piece names the book-wide id, which
    # the assembly turns into a jump inside the book.
    front, alpha, beta, *_ = book_pages([a, b], options)
    assert f'<a class="internal" href="{BOOK_LINK}a2">to beta</a>' in alpha
    assert f'<a class="internal" href="{BOOK_LINK}a2-Early_history">to history</a>' in alpha
    assert '<a class="wiki" href="https://en.wikipedia.org/wiki/Gamma">to gamma</a>' in alpha
    assert '<h2 id="a2-Early_history">' in beta
    assert f'href="{BOOK_LINK}a2"' in front
    # Laid out in the same piece, the link is a plain fragment.
    page, _ = piece_html(Piece(1, (a, b)), BookLinks([a, b]), PageSetup(), ImageStore(None), None, "en")
    assert '<a class="internal" href="#a2">to beta</a>' in page
    assert '<a class="internal" href="#a2-Early_history">to history</a>' in page
    assert '<h2 id="a2-Early_history">' in page


# ----------------------------------------------------------------------------- images


def test_safe_file_names() -> None:
    assert safe_file_name("Foo bar.jpg") == "Foo bar.jpg"
    for bad in ("../x.jpg", "a/b.jpg", "a\\b.jpg", "..", "", "x\x00.jpg"):
        assert safe_file_name(bad) is None


def _png(path: Path) -> None:
    from PIL import Image as PILImage

    PILImage.new("RGB", (60, 40), (120, 140, 160)).save(path)


def test_images_come_only_from_the_images_folder(tmp_path: Path) -> None:
    folder = tmp_path / "images"
    folder.mkdir()
    _png(folder / "Rebelles_de_Rastane_(26_avril_2012).jpg")
    (folder / "broken.png").write_bytes(b"not a png")
    outside = tmp_path / "outside.png"
    _png(outside)
    os.symlink(outside, folder / "link.png")
    store = ImageStore(folder)
    assert store.lookup("Rebelles de Rastane (26 avril 2012).jpg") is not None  # _ = space
    assert store.lookup("broken.png") is None  # would draw as a broken box
    assert store.lookup("link.png") is None  # points out of the folder
    assert store.lookup("../outside.png") is None
    assert store.lookup("missing.png") is None
    assert ImageStore(None).lookup("x.png") is None


def test_fetcher_refuses_and_counts(tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    folder = tmp_path / "images"
    folder.mkdir()
    _png(folder / "ok.png")
    store = ImageStore(folder)
    fetcher = make_fetcher([tmp_path / "templates"], store)
    for url in ("file:///etc/passwd", "https://example.org/x.png", "data:text/plain,hi",
                (folder / "ok.png").as_uri()):  # not looked up yet: not served
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 4  # the writer reports them as warnings
    store.lookup("ok.png")
    assert fetcher.fetch((folder / "ok.png").as_uri()).read().startswith(b"\x89PNG")


def test_seed_with_its_image(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    _png(tmp_path / "Rebelles de Rastane (26 avril 2012).jpg")
    doc = convert.load(SEED)
    page = html_of(doc, images_dir=tmp_path)
    assert page.count("<img ") == 1  # in the infobox, not again as a lead image
    data = get_writer("pdf").render(doc, WriteOptions.create(images_dir=tmp_path))
    r = pypdf.PdfReader(BytesIO(data))
    assert r.pages[0].images, "the infobox image is drawn"
    text = " ".join(" ".join(p.extract_text() for p in r.pages).split())
    assert "Image: Rebelles de Rastane (26 avril 2012).jpg" in text
    assert "commons.wikimedia.org/wiki/File:Rebelles_de_Rastane_(26_avril_2012).jpg" in text


def test_huge_infobox_is_cut_visibly() -> None:
    from convert.writers.pdf.infobox import MAX_ROWS

    rows = tuple(DataRow(f"Field {i}", f"f{i}", FieldValue(f"v{i}", (Paragraph((Text(f"v{i}"),)),)))
                 for i in range(MAX_ROWS + 5))
    box = Infobox((), "", "Infobox", 0.0, InfoboxLayout(None, None, "", None, rows), line=7)
    warnings: list[Diagnostic] = []
    page = get_writer("pdf").html(Document(Metadata("Big box"), (box,), (), "big.md"), WriteOptions.create(), warnings)
    assert f"Field {MAX_ROWS - 1}<" in page and f"Field {MAX_ROWS}<" not in page
    assert "5 more rows are not shown." in page
    assert [str(w) for w in warnings] == [f"big.md:7: warning: pdf: infobox 'Infobox': 5 rows past the first {MAX_ROWS} are not drawn"]


def test_deep_nesting_is_flattened_not_lost() -> None:
    from convert.model import BlockQuote

    node: object = BulletList((ListItem((Paragraph((Text("level 30"),)),)),))
    for depth in range(29, 0, -1):
        node = BulletList((ListItem((Paragraph((Text(f"level {depth}"),)), node)),))
    quote: object = Paragraph((Text("deep quote"),))
    for _ in range(30):
        quote = BlockQuote((quote,))
    builder = HtmlBuilder("en", "a1", BookLinks(), lambda name: None)
    html = builder.blocks((node, quote))  # type: ignore[arg-type]
    assert all(f"level {d}<" in html for d in range(1, 31))
    assert html.count("<ul>") <= 9 and html.count("<blockquote>") <= 8
    assert "deep quote" in html
