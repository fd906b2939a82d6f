"""The PDF writer, checked through pypdf on real WeasyPrint output.

Every test here fails on any WARNING logged by WeasyPrint (as WeasyPrint's own tests do):
a warning means a CSS property or a resource did not work as written.
"""

from __future__ import annotations

import dataclasses
import logging
import subprocess
import sys
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest

import convert
from convert.errors import WriterError
from convert.model import (
    BulletList, DataRow, Document, FieldValue, Heading, ListItem, Metadata, Paragraph, Text, inline_text,
)
from convert.writers import WriteOptions, get_writer

pypdf = pytest.importorskip("pypdf")

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "battle-of-rastan.md"
EPOCH = 1328400000  # 2012-02-05T00:00:00Z


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def no_weasyprint_warnings() -> Iterator[_Records]:
    """Fail the test on any WARNING+ record of the ``weasyprint`` logger."""
    handler = _Records()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
    messages = [r.getMessage() for r in handler.records]
    assert not messages, f"WeasyPrint warned: {messages}"


def render(doc: Document, **options: object) -> bytes:
    return get_writer("pdf").render(doc, WriteOptions.create(**options))


def reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(BytesIO(data))


def text_of(r: pypdf.PdfReader) -> str:
    return "\n".join(page.extract_text() for page in r.pages)


def outline_titles(items: list, depth: int = 0) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for item in items:
        if isinstance(item, list):
            out.extend(outline_titles(item, depth + 1))
        else:
            out.append((depth, item.title))
    return out


def uris(r: pypdf.PdfReader) -> list[str]:
    found = []
    for page in r.pages:
        for annot in page.get("/Annots", []) or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                found.append(str(action["/URI"]))
    return found


def top_line(page: pypdf.PageObject) -> tuple[float, str]:
    """(font size in pt, text) of the highest text on the page."""
    items: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            items.append((y, round(size * tm[3] * cm[3], 1), text.strip()))

    page.extract_text(visitor_text=visit)
    _, size, text = max(items)
    return size, text


@pytest.fixture(scope="module")
def seed() -> Document:
    return convert.load(SEED)


@pytest.fixture(scope="module")
def seed_pdf(seed: Document) -> bytes:
    return render(seed, source_date_epoch=EPOCH)


def test_metadata(seed: Document, seed_pdf: bytes) -> None:
    r = reader(seed_pdf)
    meta = r.metadata
    assert meta.title == "Battle of Rastan (January–February 2012)"
    assert meta.author == "Wikipedia contributors"
    assert meta.subject == seed.meta.short_description
    assert meta.creation_date.year == 2012 and meta.creation_date.month == 2
    assert r.trailer["/Root"]["/Lang"] == "en"


def test_outline_is_the_printed_section_headings(seed: Document, seed_pdf: bytes) -> None:
    headings = [inline_text(b.children) for b in seed.body if isinstance(b, Heading) and not b.empty]
    assert headings == ["Battle", "Aftermath"]
    assert outline_titles(reader(seed_pdf).outline) == [(0, h) for h in headings]


def test_empty_sections_are_not_printed(seed_pdf: bytes) -> None:
    assert "References" not in text_of(reader(seed_pdf))


def test_infobox_is_drawn_from_the_layout(seed_pdf: bytes) -> None:
    text = text_of(reader(seed_pdf))
    for label in ("Belligerents", "Commanders and leaders", "Casualties and losses", "Location"):
        assert label in text
    assert "Part of the Early insurgency phase" in " ".join(text.split())
    # Presentation-only parameters are not shown.
    assert "Map relief" not in text and "290" not in text


def test_links_go_to_wikipedia(seed_pdf: bytes) -> None:
    found = uris(reader(seed_pdf))
    assert "https://en.wikipedia.org/wiki/Homs_Governorate" in found
    assert "https://en.wikipedia.org/wiki/Military_Intelligence_Directorate_(Syria)" in found
    assert all(u.startswith("https://") for u in found)


def test_attribution_and_running_head(seed: Document, seed_pdf: bytes) -> None:
    r = reader(seed_pdf)
    last = " ".join(r.pages[-1].extract_text().split())
    assert "CC BY-SA 4.0" in last
    assert seed.meta.source_url in uris(r)
    # No image folder: no image is drawn, so none is credited.
    assert "Image:" not in last
    n = len(r.pages)
    assert n >= 2
    assert f"1 / {n}" in r.pages[0].extract_text()
    second = r.pages[1].extract_text()
    assert f"2 / {n}" in second and seed.meta.title in second
    # Page 1 starts with the 22 pt title (no running head); page 2 with the 8 pt head.
    assert top_line(r.pages[0]) == (22.0, seed.meta.title)
    assert top_line(r.pages[1]) == (8.0, seed.meta.title)


def test_tagged_pdf_ua_by_default(seed_pdf: bytes) -> None:
    r = reader(seed_pdf)
    root = r.trailer["/Root"]
    assert "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_object().get_data()
    assert b"pdfuaid" in xmp


@pytest.mark.parametrize("variant", ["pdf/a-3b", "plain"])
def test_variants(seed: Document, variant: str) -> None:
    root = reader(render(seed, pdf_variant=variant)).trailer["/Root"]
    if variant == "plain":
        assert "/StructTreeRoot" not in root and "/Metadata" not in root
    else:
        assert b"pdfaid:part" in root["/Metadata"].get_object().get_data()
        assert "/OutputIntents" in root


def test_unknown_options_are_writer_errors(seed: Document) -> None:
    with pytest.raises(WriterError, match="variant"):
        render(seed, pdf_variant="pdf/z-9")
    with pytest.raises(WriterError, match="paper"):
        render(seed, paper="b5")


@pytest.mark.parametrize(("paper", "size"), [("letter", (612, 792)), ("a5", (419.5, 595.3))])
def test_paper(seed: Document, paper: str, size: tuple[float, float]) -> None:
    box = reader(render(seed, paper=paper)).pages[0].mediabox
    assert abs(float(box.width) - size[0]) < 1 and abs(float(box.height) - size[1]) < 1


def test_reproducible_with_source_date_epoch(seed: Document, seed_pdf: bytes) -> None:
    assert render(seed, source_date_epoch=EPOCH) == seed_pdf


def test_timeout_is_a_writer_error(seed: Document) -> None:
    with pytest.raises(WriterError, match="timeout"):
        render(seed, timeout=0.001)
    render(seed)  # the engine is rebuilt after a timeout and works


def test_template_dir_overrides_templates_and_css(seed: Document, tmp_path: Path) -> None:
    (tmp_path / "pdf").mkdir()
    (tmp_path / "pdf" / "attribution.html.jinja").write_text(
        '<p class="mine">OWN CREDITS {{ article.licence }}</p>', "utf-8"
    )
    (tmp_path / "pdf" / "print.css").write_text(
        "body::before { content: 'OWN STYLESHEET'; }", "utf-8"
    )
    text = text_of(reader(render(seed, template_dir=tmp_path)))
    assert "OWN CREDITS CC BY-SA 4.0" in text
    assert "OWN STYLESHEET" in text


@pytest.mark.parametrize(
    "template", ["{% if %}", "{{ article.no_such_field }}", "{% include 'missing.html.jinja' %}"]
)
def test_broken_template_is_a_writer_error(seed: Document, tmp_path: Path, template: str) -> None:
    (tmp_path / "pdf").mkdir()
    (tmp_path / "pdf" / "attribution.html.jinja").write_text(template, "utf-8")
    with pytest.raises(WriterError, match="template"):
        render(seed, template_dir=tmp_path)


def test_weasyprint_is_not_imported_by_other_writers() -> None:
    code = (
        "import sys, convert\n"
        "import convert.writers.pdf.writer\n"
        "doc = convert.load(sys.argv[1])\n"
        "convert.render(doc, 'json')\n"
        "assert 'weasyprint' not in sys.modules, 'weasyprint imported'\n"
    )
    subprocess.run([sys.executable, "-c", code, str(SEED)], check=True)


def test_mixed_direction_values_are_isolated(seed: Document) -> None:
    box = seed.infoboxes[0]
    rows = list(box.layout.rows)
    for i, row in enumerate(rows):
        if isinstance(row, DataRow) and row.field == "place":
            text = "الرستن (Rastan), 2012"
            value = FieldValue(text, (Paragraph((Text(text),)),))
            rows[i] = dataclasses.replace(row, value=value)
    layout = dataclasses.replace(box.layout, rows=tuple(rows))
    doc = dataclasses.replace(seed, infoboxes=(dataclasses.replace(box, layout=layout),))
    html = get_writer("pdf").html(doc, WriteOptions.create())
    assert '<td class="ib-data" dir="rtl"><bdi dir="rtl" lang="ar">الرستن</bdi> (Rastan), 2012</td>' in html
    text = text_of(reader(render(doc)))
    assert "الرستن" in text and "Rastan" in text


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
def test_line_and_paragraph_separators_are_line_breaks(separator: str) -> None:
    # Drawn as a missing-glyph box (a WeasyPrint warning), and " \u2029" failed the whole
    # document on an assertion in WeasyPrint 70's line breaking.
    source = f"---\ntitle: Sep\n---\nBefore {separator} after.\n\n| a {separator} b |\n|---|\n| c |\n"
    doc, _ = convert.loads(source.encode(), "sep.md")
    lines = [line.strip() for line in text_of(reader(render(doc))).splitlines()]
    assert "Before" in lines and "after." in lines and "a" in lines and "b" in lines


def test_title_metadata_is_text_without_markup() -> None:
    doc, _ = convert.loads("---\ntitle: Sweden 🇸🇪 <b>&amp;\n---\nBody.\n".encode(), "flag.md")
    assert reader(render(doc)).metadata.title == "Sweden 🇸🇪 <b>&amp;"


def test_ordered_list_keeps_its_start_number(tmp_path: Path) -> None:
    doc, _ = convert.loads(b"---\ntitle: Steps\n---\n7. seventh\n8. eighth\n", "steps.md")
    (tmp_path / "steps.pdf").write_bytes(render(doc))
    # poppler reads the list markers (pypdf leaves them out).
    shown = subprocess.run(["pdftotext", str(tmp_path / "steps.pdf"), "-"], capture_output=True, text=True,
                           check=True).stdout
    lines = [line.strip() for line in shown.splitlines()]
    assert "7. seventh" in lines and "8. eighth" in lines


def test_table_too_wide_for_the_page_is_made_to_fit(tmp_path: Path) -> None:
    # WeasyPrint keeps each column at least as wide as its longest word: twenty columns of
    # twelve-letter words ran off the page, and the columns past its edge were lost.
    cols = 20
    rows = ["| " + " | ".join(str(i) for i in range(cols)) + " |", "|" + "---|" * cols,
            "| " + " | ".join(f"value{i:02d}word" for i in range(cols)) + " |"]
    source = "---\ntitle: Wide\n---\n" + "\n".join(rows) + "\n\n| Long description | Year |\n|---|---|\n| " + "words " * 80 + "| 1999 |\n"
    doc, _ = convert.loads(source.encode(), "wide.md")
    (tmp_path / "wide.pdf").write_bytes(render(doc))
    bbox = subprocess.run(["pdftotext", "-bbox", str(tmp_path / "wide.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    width = float(bbox.split('<page width="')[1].split('"')[0])
    words = [(w.split(">")[1].split("<")[0], float(w.split('xMax="')[1].split('"')[0]))
             for w in bbox.split("<word ")[1:]]
    assert all(x_max <= width for _word, x_max in words), [w for w in words if w[1] > width]
    assert {str(i) for i in range(cols)} <= {word for word, _x in words}
    assert "1999" in {word for word, _x in words}  # a table that fits keeps its usual layout


def test_headings_without_ids_get_no_anchor() -> None:
    # A model from elsewhere (JSON) may hold headings without ids: "a1-" on each was an
    # anchor defined twice (a WeasyPrint warning, which fails this test).
    doc = Document(Metadata(title="T"), (), (BulletList((ListItem((Heading(1, "", (Text("a"),)),)),
                                                        ListItem((Heading(1, "", (Text("b"),)),)))),))
    assert "a" in text_of(reader(render(doc))).split()
