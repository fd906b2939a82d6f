"""Issue 21: the words wikiexport adds are in the article's language (convert.l10n), and a
list article's language is told from its title and table text. Through the real CLI."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from convert.l10n import TERMS, languages, reference_heading, terms
from tests.conftest import FIXTURES, SEED

LIST_DE = FIXTURES / "l10n" / "liste-de.md"


def run(*args: str) -> subprocess.CompletedProcess[bytes]:
    proc = subprocess.run([sys.executable, "-m", "convert", *args], capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()
    return proc


def test_every_language_has_every_word_with_the_same_placeholders() -> None:
    fields = re.compile(r"\{(\w+)\}")
    for lang in languages():
        assert set(TERMS[lang]) == set(TERMS["en"]), lang
        for key, text in TERMS[lang].items():
            assert set(fields.findall(text)) == set(fields.findall(TERMS["en"][key])), (lang, key)
    # the languages of the largest Wikipedias that the front end tells apart
    assert {"en", "de", "fr", "sv", "nl", "ru", "es", "it", "pl", "ja", "zh", "uk", "ar", "pt"} <= set(languages())
    assert terms("de-ch").lang == "de" and terms("xx").lang == "en" and terms("arz").dir == "rtl"
    assert reference_heading("de") == "Einzelnachweise" and reference_heading("nn") == "Kjelder"


def test_a_german_list_article_is_german() -> None:
    meta = json.loads(run("convert", str(LIST_DE), "-t", "json", "-o", "-").stdout)["meta"]
    assert meta["lang"] == "de"
    assert meta["source_url"].startswith("https://de.wikipedia.org/wiki/Liste_der_Gemeinden")


def test_english_stays_english() -> None:
    assert json.loads(run("convert", str(SEED), "-t", "json", "-o", "-").stdout)["meta"]["lang"] == "en"


def test_docx_and_epub_say_it_in_german(tmp_path: Path) -> None:
    run("convert", str(LIST_DE), "-o", str(tmp_path / "a.docx"))
    with zipfile.ZipFile(tmp_path / "a.docx") as docx:
        text = docx.read("word/document.xml").decode()
    assert "Dieser Artikel stammt aus Wikipedia" in text and "This article is from" not in text
    run("bundle", str(LIST_DE), str(LIST_DE.with_name("zweite.md")), "-o", str(tmp_path / "b.epub"), "-q")
    with zipfile.ZipFile(tmp_path / "b.epub") as epub:
        xhtml = " ".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".xhtml"))
    assert "Inhaltsverzeichnis" in xhtml and "Quellen und Lizenzen" in xhtml and "Versionsgeschichte" in xhtml
    assert "Sources and licences" not in xhtml


@pytest.mark.slow
def test_pdf_says_it_in_german(tmp_path: Path) -> None:
    from pypdf import PdfReader

    pdf = run("convert", str(LIST_DE), "-t", "pdf", "-o", "-").stdout
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Quelle und Lizenz" in text and "Text aus dem Wikipedia-Artikel" in text
    assert "Source and licence" not in text
