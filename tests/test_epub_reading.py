"""The EPUB as a reading system shows it: its chapter XHTML laid out with its own style
sheet by an HTML engine (WeasyPrint standing in for a reader app), plus epubcheck."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import convert

from .conftest import ROOT, SEED
from .test_epub import chapters, run_epubcheck, unzip
from .test_pdf_reading import ARABIC, placed, where

weasyprint = pytest.importorskip("weasyprint")


def laid_out(epub: bytes) -> tuple[bytes, float]:
    """The chapters as PDF pages of a screen 800 px wide, and that width in points."""
    files = unzip(epub)
    css = files["EPUB/styles/stylesheet1.css"].decode("utf-8") + "@page { size: 800px 1200px; margin: 20px; }"
    # (The style sheet is handed over directly: the chapter's relative link has no base.)
    text = re.sub(r'<link rel="stylesheet"[^>]*>', "", chapters(files))
    return weasyprint.HTML(string=text).write_pdf(stylesheets=[weasyprint.CSS(string=css)]), 600.0


def test_a_right_to_left_epub_is_mirrored(tmp_path: Path) -> None:
    doc, _ = convert.loads(ARABIC, "ar.md", lang="ar")
    epub = convert.render(doc, "epub", source_date_epoch=1_700_000_000)
    (tmp_path / "ar.epub").write_bytes(epub)
    assert run_epubcheck(tmp_path / "ar.epub") == []
    pdf, width = laid_out(epub)
    runs = placed(pdf)
    title_x, _ = where(runs, "التاريخ")
    assert title_x > width / 2  # a heading starts at the right margin
    # Infobox labels line up on their right edge (left-aligned, they would share their x).
    labels = [where(runs, label)[0] for label in ("Settlement type", "Subdivision type", "Subdivision name")]
    assert len(set(labels)) == 3


def _header_fills(epub: bytes) -> set[tuple[float, ...]]:
    """The background colours of the infobox header bands, as the engine computes them."""
    files = unzip(epub)
    css = files["EPUB/styles/stylesheet1.css"].decode("utf-8")
    text = re.sub(r'<link rel="stylesheet"[^>]*>', "", chapters(files))
    document = weasyprint.HTML(string=text).render(stylesheets=[weasyprint.CSS(string=css)])
    fills: set[tuple[float, ...]] = set()

    def walk(box: object) -> None:
        element = getattr(box, "element", None)
        if (type(box).__name__ == "TableCellBox" and element is not None
                and "infobox-header" in element.get("class", "")):
            fills.add(tuple(round(c, 2) for c in box.style["background_color"]))  # type: ignore[attr-defined]
        for child in getattr(box, "children", []):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return fills


def test_header_bands_are_grey_and_steel_blue_only_for_battles() -> None:
    # As in the PDF and on Wikipedia: a city's box has grey bands, a battle's blue ones.
    grey, blue = (0.92, 0.93, 0.94, 1.0), (0.69, 0.77, 0.87, 1.0)
    city = convert.render(convert.load(ROOT / "tests" / "fixtures" / "corpus" / "toronto.md"), "epub")
    battle = convert.render(convert.load(SEED), "epub")
    assert _header_fills(city) == {grey}
    assert _header_fills(battle) == {blue}
