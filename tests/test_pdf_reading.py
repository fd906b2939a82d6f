"""The PDF as a reader sees it: where text lands on the page, read back through pypdf.

Each test states something a reader would object to when it is wrong (an infobox value
drawn away from its label, a paragraph glued to a list, a right-to-left article set left to
right), measured on real WeasyPrint output.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest

import convert
from convert.model import Document
from convert.writers import WriteOptions, get_writer

pypdf = pytest.importorskip("pypdf")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CORPUS = ROOT / "tests" / "fixtures" / "corpus"


def render(doc: Document, **options: object) -> bytes:
    return get_writer("pdf").render(doc, WriteOptions.create(**options))


def placed(data: bytes, page: int = 0) -> list[tuple[float, float, str]]:
    """``(x, y, text)`` of each text run drawn on ``page`` (PDF points, y upwards)."""
    found: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((round(x, 1), round(y, 1), text.strip()))

    pypdf.PdfReader(BytesIO(data)).pages[page].extract_text(visitor_text=visit)
    return found


def where(runs: list[tuple[float, float, str]], text: str) -> tuple[float, float]:
    """Position of the first run that starts with ``text``."""
    for x, y, run in runs:
        if run.startswith(text):
            return x, y
    raise AssertionError(f"{text!r} is not on the page: {[r for _, _, r in runs][:80]}")


def test_a_value_that_continues_stays_under_the_value_above() -> None:
    # Born: name, then date, then place; on Wikipedia all three sit in the value column.
    runs = placed(render(convert.load(SEEDS / "ada-lovelace.md")))
    name_x, name_y = where(runs, "Augusta Ada Byron")
    date_x, date_y = where(runs, "10 December 1815")
    assert date_x == pytest.approx(name_x, abs=0.5) and date_y < name_y
    label_x, _ = where(runs, "Born")
    assert label_x < name_x


ARABIC = """---
title: الإسكندرية
infoboxes:
  - name:
      text: الإسكندرية
    settlement_type:
      text: مدينة
    subdivision_type:
      text: البلد
    subdivision_name:
      text: مصر
---

الإسكندرية هي ثاني أكبر مدن مصر وأكبر مدينة على البحر المتوسط. أسسها الإسكندر الأكبر عام 331 ق.م.

## التاريخ

* الميناء الشرقي

| السنة | السكان |
| --- | --- |
| 1897 | 319766 |
""".encode()


def test_a_right_to_left_article_is_mirrored() -> None:
    # As on the Arabic Wikipedia: text from the right margin, the infobox on the left,
    # a table's first column rightmost; the attribution is Arabic too (convert.l10n), from the right.
    doc, _ = convert.loads(ARABIC, "ar.md", lang="ar")
    data = render(doc)
    runs = placed(data)
    width = float(pypdf.PdfReader(BytesIO(data)).pages[0].mediabox.width)
    box_x, _ = where(runs, "Settlement")
    assert box_x < width / 2
    year_x, _ = where(runs, "1897")
    people_x, _ = where(runs, "319766")
    assert people_x < year_x
    licence_x, _ = where(runs, "المصدر والترخيص")
    assert licence_x > width / 2


def test_a_right_to_left_value_starts_beside_its_label() -> None:
    # Alexandria's native name (Arabic) in an English box: at the start of the value
    # column like every other value, not pushed to the far edge of the box.
    runs = placed(render(convert.load(SEEDS / "alexandria.md")))

    def value_beside(label: str) -> float:
        label_x, label_y = where(runs, label)
        return min(x for x, y, _ in runs if abs(y - label_y) < 1 and x > label_x)

    assert value_beside("Native") == pytest.approx(value_beside("Country"), abs=0.5)


@pytest.mark.slow  # over 10 s of a shared 2-core machine (issue 20)
def test_hyphenation_leaves_at_least_three_letters_on_each_line() -> None:
    # "Up-per", "of-fice", "re-search" split after two letters are what typographers
    # strike out first.
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(
        BytesIO(render(convert.load(CORPUS / "toronto.md")))).pages)
    lines = text.split("\n")
    broken = [(line, lines[i + 1]) for i, line in enumerate(lines[:-1]) if line.endswith("\u2010")]
    assert len(broken) > 20  # hyphenation is on (English), just not everywhere
    short = [(a.split()[-1], b.split()[0]) for a, b in broken
             if len(a.split()[-1].strip("\u2010(\"'")) < 3 or len(b.split()[0].rstrip(".,;:)\"'")) < 3]
    assert short == []
