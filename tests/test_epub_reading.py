"""The EPUB as a reading system shows it: its chapter XHTML laid out with its own style
sheet by an HTML engine (WeasyPrint standing in for a reader app), plus epubcheck."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import convert

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
