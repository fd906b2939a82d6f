"""The EPUB's landmarks are in the book's language (convert/l10n.py, like its other
generated words), and ``-M author=...`` is the author in the EPUB (dc:creator), PDF
(/Author) and DOCX (creator) metadata, decided once by :func:`convert.wiki.creator`."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from convert import loads
from convert.l10n import languages, terms
from convert.wiki import CONTRIBUTORS, creator
from convert.writers import WriteOptions
from convert.writers.epub import EpubWriter
from tests.conftest import FIXTURES, SEEDS
from tests.test_epub import run_epubcheck

LIST_DE = FIXTURES / "l10n" / "liste-de.md"
OPTIONS = WriteOptions.create(source_date_epoch=1_700_000_000)


def _files(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith((".xhtml", ".opf"))}


def _landmarks(files: dict[str, str]) -> dict[str, str]:
    nav = files["EPUB/nav.xhtml"]
    block = nav[nav.index('epub:type="landmarks"'):]
    return dict(re.findall(r'epub:type="(\w+)">([^<]*)</a>', block))


def _guide(files: dict[str, str]) -> dict[str, str]:
    return dict(re.findall(r'<reference type="(\w+)" title="([^"]*)"', files["EPUB/content.opf"]))


def test_every_language_names_the_cover_and_the_title_page() -> None:
    for lang in languages():
        assert terms(lang).cover and terms(lang).title_page, lang
    assert (terms("de").title_page, terms("de").cover) == ("Titelseite", "Umschlag")


@pytest.mark.slow  # epubcheck (Java) on the book: about 10 s
def test_a_german_book_s_landmarks_are_german(tmp_path: Path) -> None:
    doc = loads(LIST_DE.read_bytes(), str(LIST_DE))[0]
    assert doc.meta.lang == "de"
    data = EpubWriter().render(doc, OPTIONS)
    files = _files(data)
    assert _landmarks(files) == {"titlepage": "Titelseite", "cover": "Umschlag"}
    assert _guide(files)["cover"] == "Umschlag" and _guide(files)["toc"] == "Inhaltsverzeichnis"
    cover = files["EPUB/text/cover.xhtml"]
    assert 'aria-label="Umschlag: ' in cover and "<title>Umschlag: " in cover
    assert "Title Page" not in files["EPUB/nav.xhtml"] and ">Cover<" not in files["EPUB/nav.xhtml"]
    with zipfile.ZipFile(io.BytesIO(data)) as zf:  # still an EPUB container: mimetype first, stored
        first = zf.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert EpubWriter().render(doc, OPTIONS) == data  # the same bytes every run
    (tmp_path / "de.epub").write_bytes(data)
    assert run_epubcheck(tmp_path / "de.epub") == []


def test_english_and_german_in_one_pandoc_process() -> None:
    de = loads(LIST_DE.read_bytes(), str(LIST_DE))[0]
    en = loads((SEEDS / "tokyo-tower.md").read_bytes(), "tokyo-tower.md")[0]
    out = list(EpubWriter().render_many([en, de], OPTIONS))
    assert all(isinstance(o, bytes) for o in out)
    marks = [_landmarks(_files(o)) for o in out if isinstance(o, bytes)]
    assert marks == [{"titlepage": "Title Page", "cover": "Cover"}, {"titlepage": "Titelseite", "cover": "Umschlag"}]


def test_the_creator_is_decided_once() -> None:
    assert creator(["Wikipedia"]) == creator([""]) == creator([]) == CONTRIBUTORS
    assert creator([" Ada  Lovelace "]) == "Ada Lovelace"
    assert creator(["Ada", "Ada", "wikipedia"]) == f"Ada; {CONTRIBUTORS}"


def _run(*args: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "convert", *args], capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()


@pytest.mark.slow  # a PDF, an EPUB and a DOCX through the command line: about 10 s
def test_metadata_author_reaches_every_format(tmp_path: Path) -> None:
    import pypdf

    seed = str(SEEDS / "tokyo-tower.md")
    _run("convert", seed, "--to", "epub,pdf,docx", "-o", str(tmp_path / "given"), "-M", "author=Ada & Bob", "-q")
    _run("convert", seed, "--to", "epub,pdf,docx", "-o", str(tmp_path / "plain"), "-q")
    for folder, name in (("given", "Ada & Bob"), ("plain", CONTRIBUTORS)):
        out = tmp_path / folder
        with zipfile.ZipFile(out / "tokyo-tower.epub") as zf:
            opf = zf.read("EPUB/content.opf").decode()
        assert re.findall(r"<dc:creator[^>]*>([^<]*)<", opf) == [name.replace("&", "&amp;")]
        assert pypdf.PdfReader(out / "tokyo-tower.pdf").metadata["/Author"] == name
        with zipfile.ZipFile(out / "tokyo-tower.docx") as zf:
            core = zf.read("docProps/core.xml").decode()
        assert f"<dc:creator>{name.replace('&', '&amp;')}</dc:creator>" in core
