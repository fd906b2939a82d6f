"""The one picture policy of the PDF, EPUB and DOCX writers: lookup, refusals (each a
``PATH:LINE: warning:``), sizes per output, colour for PDF/A, SVG, alt text and credits."""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from pathlib import Path
from typing import Any, Iterator

import pytest
from PIL import Image

import convert
from convert.writers import WriteOptions, get_writer
from convert.writers.common.images import ImageStore
from convert.writers.common.picture_data import MAX_SVG_ELEMENTS
from tests.pdf_book_html import book_html
from tests.test_epub import run_epubcheck

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "fixtures" / "images" / "testland.md"
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200">'
       '<rect width="300" height="200" fill="#c00"/><circle cx="150" cy="100" r="50" fill="#fff"/></svg>')
# Ten levels of ten <use> each: 10^10 shapes from 1 KB (the finding of issue 24).
USE_BOMB = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
            '<defs><rect id="l0" width="1" height="1"/>'
            + "".join(f'<g id="l{i}">' + f'<use xlink:href="#l{i - 1}"/>' * 10 + "</g>" for i in range(1, 11))
            + '</defs><use xlink:href="#l10"/></svg>')
HOSTILE = ["Truncated.jpg", "Use bomb.svg", "Cmyk photo.jpg", "Giant photo.jpg", "Giant drawing.png",
           "Bomb.png", "Escape.jpg", "X" * 300 + ".jpg"]
REFUSED = {"Truncated.jpg": "cannot be decoded", "Use bomb.svg": "shapes", "Giant drawing.png": "Mpx",
           "Bomb.png": "decompression bomb", "Escape.jpg": "not a regular file inside", "X" * 300 + ".jpg": "bare file name"}


def _save(img: Image.Image, path: Path, fmt: str, **kw: Any) -> None:
    img.save(path, fmt, **kw)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test article's pictures under the spellings Commons uses, and hostile ones."""
    d = tmp_path_factory.mktemp("images")
    (d / "Flag_of_Testland.svg").write_text(SVG)
    (d / "Coat_of_arms_of_Testland.png").write_bytes(_png((100, 1000)))  # portrait
    _save(Image.effect_noise((2400, 1800), 60).convert("RGB"), d / "Testland_map.jpeg", "JPEG")  # named .png
    _save(Image.linear_gradient("L").resize((3000, 2000)).convert("RGB"), d / "Testville_at_night.jpg", "JPEG")
    (d / "Testville_at_night.jpg.json").write_text(json.dumps({
        "author": "Ann Example", "licence": "CC0",
        "source": "https://commons.wikimedia.org/wiki/File:Testville_at_night.jpg"}))
    # Hostile pictures.
    whole = io.BytesIO()
    Image.effect_noise((400, 400), 50).convert("RGB").save(whole, "JPEG")
    (d / "Truncated.jpg").write_bytes(whole.getvalue()[: len(whole.getvalue()) // 2])
    (d / "Use_bomb.svg").write_text(USE_BOMB)
    _save(Image.new("CMYK", (500, 400), (10, 200, 30, 5)), d / "Cmyk_photo.jpg", "JPEG")
    _save(Image.new("RGB", (8000, 8000), (30, 60, 90)), d / "Giant_photo.jpg", "JPEG", quality=50)
    _save(Image.new("1", (8000, 8000)), d / "Giant_drawing.png", "PNG")
    _save(Image.new("1", (13000, 13000)), d / "Bomb.png", "PNG")
    outside = tmp_path_factory.mktemp("outside") / "secret.jpg"
    _save(Image.new("RGB", (10, 10)), outside, "JPEG")
    os.symlink(outside, d / "Escape.jpg")
    return d


def _png(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (0, 90, 0, 128)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def hostile_seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "hostile.md"
    body = "".join(f"![]({n.replace(' ', '_')})\n\n" for n in HOSTILE)
    path.write_text("---\ntitle: Hostile pictures\n---\nText.\n\n" + body, "utf-8")
    return path


def _render(fmt: str, path: Path, folder: Path, **opts: Any) -> tuple[bytes, list[str]]:
    doc, _ = convert.loads(path.read_bytes(), str(path))
    options = WriteOptions.create(images_dir=folder, **opts)
    writer = get_writer(fmt)
    if fmt == "pdf":
        data, warnings = writer.render_with_warnings(doc, options)
    else:
        (out,) = list(writer.render_many_with_warnings([doc], options))
        assert not isinstance(out, Exception), out
        data, warnings = out
    return data, [str(w) for w in warnings]


def _zip_pictures(data: bytes) -> dict[str, Image.Image]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        # The article's pictures (the EPUB's generated cover is the one GIF).
        return {n: Image.open(io.BytesIO(zf.read(n))) for n in zf.namelist()
                if "media/" in n and not n.endswith((".gif", ".xml", ".rels"))}


def _pdf_pictures(data: bytes) -> list[Any]:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    return [img for page in reader.pages for img in page.images]


def test_lookup_is_tolerant_of_spelling(folder: Path) -> None:
    (folder / "Drawing.svg.png").write_bytes(_png((20, 20)))
    store = ImageStore(folder, "epub")
    assert store.lookup("flag of Testland.svg") == (folder / "Flag_of_Testland.svg").resolve()
    assert store.lookup("Coat%20of%20arms_of_Testland.png") is not None
    assert store.lookup("Testland map.png") is None  # only a .jpeg of another name's stem
    assert store.lookup("Testville at night.JPEG") == (folder / "Testville_at_night.jpg").resolve()
    assert store.lookup("Drawing.svg") == (folder / "Drawing.svg.png").resolve()


@pytest.mark.parametrize("fmt", ["pdf", "epub", "docx"])
def test_hostile_pictures_refused_with_a_warning_each(fmt: str, folder: Path, hostile_seed: Path) -> None:
    data, warnings = _render(fmt, hostile_seed, folder)
    for name, why in REFUSED.items():
        said = [w for w in warnings if repr(name) in w]
        assert len(said) == 1, (name, warnings)
        assert said[0].startswith(f"{hostile_seed}") and ": warning: picture " in said[0] and why in said[0]
    assert not any("Cmyk" in w or "Giant photo" in w for w in warnings)
    limit = {"pdf": 900, "epub": 1600, "docx": 900}[fmt]
    if fmt == "pdf":
        shown = _pdf_pictures(data)
        sizes = [p.image.size for p in shown]
        modes = {p.image.mode for p in shown}
        assert "CMYK" not in modes
    else:
        shown_zip = _zip_pictures(data)
        sizes = [im.size for im in shown_zip.values()]
        assert all(im.mode in ("RGB", "RGBA", "L", "LA") for im in shown_zip.values())
    assert len(sizes) == 2  # the CMYK photo and the giant photo (downscaled)
    assert max(max(s) for s in sizes) == limit


def test_cmyk_becomes_rgb_under_pdfa(folder: Path, hostile_seed: Path) -> None:
    data, _ = _render("pdf", hostile_seed, folder, pdf_variant="pdf/a-3b")
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    spaces = set()
    for page in reader.pages:
        xobjects = page["/Resources"].get("/XObject", {})
        for ref in xobjects.values():
            spaces.add(str(ref.get_object().get("/ColorSpace")))
    assert spaces and "/DeviceCMYK" not in spaces


@pytest.fixture(scope="module")
def testland(folder: Path) -> dict[str, tuple[bytes, list[str]]]:
    return {fmt: _render(fmt, SEED, folder) for fmt in ("pdf", "epub", "docx")}


def test_box_pictures_and_figures_in_every_format(testland: dict[str, tuple[bytes, list[str]]]) -> None:
    for fmt, (data, warnings) in testland.items():
        # The skyline and the map's .png are not in the folder: said, with the box's line.
        assert any("'Testland map.png'" in w and "testland.md:19: warning:" in w for w in warnings), warnings
        assert any("'Testland Skyline.jpg'" in w for w in warnings)
        assert len(warnings) == 2, warnings
    pdf_sizes = [p.image.size for p in _pdf_pictures(testland["pdf"][0])]
    assert len(pdf_sizes) == 2  # coat of arms and night photo (the flag is drawn as vectors)
    assert all(max(s) <= 900 for s in pdf_sizes)
    epub = testland["epub"][0]
    pictures = _zip_pictures(epub)
    assert len(pictures) == 3 and not [n for n in pictures if n.endswith(".svg")]  # the SVG rasterised
    assert all(max(im.size) <= 1600 for im in pictures.values())
    with zipfile.ZipFile(io.BytesIO(epub)) as zf:
        text = "".join(zf.read(n).decode() for n in zf.namelist() if n.endswith(".xhtml"))
    assert 'alt="A red flag with a white disc"' in text  # from alt_flag
    assert 'alt="The capital at night"' not in text  # the caption is not repeated as alt
    assert "by Ann Example" in text and "Image: Flag of Testland.svg" in text
    import pypdf

    pdf_text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(testland["pdf"][0])).pages)
    assert "Flag of Testland.svg" in " ".join(pdf_text.split())  # the vector flag is credited
    docx = testland["docx"][0]
    assert len(_zip_pictures(docx)) == 3 and all(max(im.size) <= 900 for im in _zip_pictures(docx).values())
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        xml = zf.read("word/document.xml").decode()
    heights = [int(cy) for cy in re.findall(r'<wp:extent cx="\d+" cy="(\d+)"', xml)]
    assert heights and max(heights) <= 7.5 * 360000 + 1  # portrait coat of arms limited to 7.5 cm


@pytest.mark.slow  # epubcheck starts a Java VM
def test_epubcheck_clean_with_pictures(testland: dict[str, tuple[bytes, list[str]]], tmp_path: Path) -> None:
    path = tmp_path / "testland.epub"
    path.write_bytes(testland["epub"][0])
    assert run_epubcheck(path) == []


def test_svg_bomb_is_counted_not_drawn() -> None:
    from convert.writers.common.picture_data import Refused, check_svg

    with pytest.raises(Refused, match="shapes"):
        check_svg(USE_BOMB.encode())
    wide = '<svg xmlns="http://www.w3.org/2000/svg">' + "<rect/>" * (MAX_SVG_ELEMENTS + 1) + "</svg>"
    with pytest.raises(Refused):
        check_svg(wide.encode())
    with pytest.raises(Refused, match="outside"):
        check_svg(b'<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>')
    assert check_svg(SVG.encode()) == (300.0, 200.0)


def test_book_gathers_image_credits(folder: Path) -> None:
    docs = [convert.load(SEED)]
    options = WriteOptions.create(images_dir=folder)
    html = book_html(docs, options)
    assert html.count("<h2>Image credits</h2>") == 1  # one section, not one under each article
    assert html.count("by Ann Example") == 1
