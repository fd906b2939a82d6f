"""Turning one local picture file into what an output embeds, under hard limits.

Every step that could take unbounded memory or time is checked *before* it runs: the file
size before reading, the declared pixel count before decoding, the SVG's element count
(with every ``<use>`` expanded) before drawing. A raster is decoded in full (``load()``,
not ``verify()``, which misses a truncated JPEG), converted to RGB(A) (no CMYK or palette
under a PDF/A sRGB output intent), scaled down to what the output can show and encoded as
PNG (transparency, few colours: drawings) or JPEG (photographs). A refusal is a
:class:`Refused` whose message becomes the article's ``PATH:LINE: warning:``.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

MAX_FILE_BYTES = 50 * 1024 * 1024
"""A picture file larger than this is not read at all."""
DEFAULT_MAX_PIXELS = 40_000_000
"""Pixels one decoded picture may hold (Pillow's own bomb error is at 179 Mpx)."""
MAX_SVG_ELEMENTS = 50_000
"""Shapes an SVG may draw once every ``<use>`` is expanded (a map of a country: ~5,000)."""
MAX_SIDE = {"pdf": 900, "docx": 900, "epub": 1600}
"""Long side, in pixels, each output keeps: the PDF and DOCX draw a picture at most about
7.5 cm long (box 7 cm, figure 16em, portrait height 70 mm), so 900 px is about 300 dpi;
an e-reader's screen shows no more than about 1,600 px."""


class Refused(Exception):
    """The picture is not used; the message says why (one line, no path)."""


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture ready to embed: encoded ``data`` (``mime``, ``ext``) of ``size`` pixels
    (``(0, 0)`` for an SVG drawn as vectors), made from the local file ``path``."""

    path: Path
    data: bytes
    mime: str
    ext: str
    size: tuple[int, int]


def prepare(path: Path, output: str, max_pixels: int = DEFAULT_MAX_PIXELS) -> Picture:
    """``path`` made ready for ``output`` (``pdf``, ``epub``, ``docx``); raises :class:`Refused`."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise Refused(f"{size // 1_000_000} MB is more than the {MAX_FILE_BYTES // 1_000_000} MB a picture may have")
    data = path.read_bytes()
    if _looks_like_svg(data):
        width, height = check_svg(data)
        if output == "pdf":
            # Checked, so WeasyPrint draws it as vectors (sharp at any size).
            return Picture(path, data, "image/svg+xml", ".svg", (0, 0))
        return _rasterise(path, data, width, height, MAX_SIDE[output])
    return _raster(path, data, MAX_SIDE[output], max_pixels)


def _looks_like_svg(data: bytes) -> bool:
    head = data[:4096].lstrip().lower()
    return head.startswith(b"<?xml") and b"<svg" in head or head.startswith(b"<svg") or head.startswith(b"<!--") and b"<svg" in head


# ----------------------------------------------------------------------------- raster


def _raster(path: Path, data: bytes, side: int, max_pixels: int) -> Picture:
    from PIL import Image, ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = False  # a truncated file is refused, never half drawn
    with warnings.catch_warnings():
        # Pillow's bomb warning would go raw to stderr: it is an error here, told as a warning.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            img = Image.open(io.BytesIO(data))
            fmt = img.format or ""
            w, h = img.size
            if fmt == "JPEG":
                # JPEG decodes at 1/2, 1/4 or 1/8 scale for free: what counts is what is decoded.
                img.draft("RGB", (min(w, side), min(h, side)))
            dw, dh = img.size
            frames = getattr(img, "n_frames", 1)
            if dw * dh > max_pixels or w * h > 4 * max_pixels:
                raise Refused(f"{w}x{h} pixels is more than the {max_pixels / 1e6:g} Mpx a picture may have "
                              "(--max-pixels)")
            if frames > 1:
                img.seek(0)  # an animation shows its first frame: pages and e-readers do not animate
            img.load()
        except Refused:
            raise
        except Image.DecompressionBombError as exc:
            raise Refused(f"decompression bomb: {exc}") from None
        except Image.DecompressionBombWarning as exc:
            raise Refused(f"decompression bomb: {exc}") from None
        except (OSError, ValueError, SyntaxError, EOFError, Image.UnidentifiedImageError) as exc:
            raise Refused(f"cannot be decoded ({' '.join(str(exc).split())[:120] or type(exc).__name__})") from None
    keep = (fmt in ("JPEG", "PNG") and img.mode in ("RGB", "L", "RGBA", "LA")
            and max(w, h) <= side and (dw, dh) == (w, h) and "icc_profile" not in img.info)
    if keep:
        mime, ext = ("image/jpeg", ".jpg") if fmt == "JPEG" else ("image/png", ".png")
        return Picture(path, data, mime, ext, (w, h))
    img = _rgb(img)
    if max(img.size) > side:
        img.thumbnail((side, side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if _lossless(img, fmt):
        img.save(out, "PNG", optimize=False)
        return Picture(path, out.getvalue(), "image/png", ".png", img.size)
    img.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    return Picture(path, out.getvalue(), "image/jpeg", ".jpg", img.size)


def _rgb(img: "Image.Image") -> "Image.Image":  # type: ignore[name-defined]  # noqa: F821
    """RGB, or RGBA when the picture has transparency: what PDF/A's sRGB intent, EPUB
    readers and Word all show the same (CMYK, palette, 16-bit and LAB are not)."""
    transparent = img.mode in ("RGBA", "LA", "PA") or "transparency" in img.info
    return img.convert("RGBA" if transparent else "RGB")


def _lossless(img: "Image.Image", fmt: str) -> bool:  # type: ignore[name-defined]  # noqa: F821
    """PNG for transparency and drawings (few colours), JPEG for photographs."""
    if img.mode == "RGBA" and img.getchannel("A").getextrema()[0] < 255:
        return True
    if fmt in ("GIF", "BMP") or img.getcolors(256) is not None:
        return True
    return False


# ----------------------------------------------------------------------------- SVG

_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)\s*(px|pt|mm|cm|in)?\s*$", re.IGNORECASE)
_UNIT = {"px": 1.0, "pt": 4 / 3, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}
_XLINK = "{http://www.w3.org/1999/xlink}href"


def check_svg(data: bytes) -> tuple[float, float]:
    """The SVG's intrinsic size in px, after checking it is safe to draw: well-formed XML
    without entities, no reference out of the file, and at most :data:`MAX_SVG_ELEMENTS`
    shapes once every ``<use>`` is expanded (counted with memory of each id's cost, so a
    nest of ``<use>`` that doubles at each level is counted in linear time)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise Refused(f"SVG cannot be read ({' '.join(str(exc).split())[:120]})") from None
    if root.getroottree().docinfo.internalDTD is not None:
        raise Refused("SVG declares entities (a DTD); not drawn")
    # Held for the whole count: lxml keeps one Python object per element only while it is
    # referenced, and the memo below is keyed by object identity.
    elements = list(root.iter())
    if len(elements) > MAX_SVG_ELEMENTS:
        raise Refused(f"SVG has more than {MAX_SVG_ELEMENTS:,} elements; not drawn")
    by_id: dict[str, object] = {}
    for el in elements:
        if not isinstance(el.tag, str):
            continue
        ident = el.get("id")
        if ident:
            by_id.setdefault(ident, el)
        for key, value in el.attrib.items():
            v = value.strip().lower()
            if (key in ("href", _XLINK) and not v.startswith("#")) or ("url(" in v and not re.search(r"url\(\s*['\"]?#", v)):
                raise Refused("SVG refers to a file or URL outside itself; not drawn")
        if isinstance(el.tag, str) and el.tag.rsplit("}", 1)[-1] == "style" and el.text and (
                "url(" in el.text.lower() and not re.search(r"url\(\s*['\"]?#", el.text.lower()) or "@import" in el.text.lower()):
            raise Refused("SVG style refers to a file or URL outside itself; not drawn")
    cost: dict[int, int] = {}
    visiting: set[int] = set()

    def count(el: object) -> int:
        key = id(el)
        if key in cost:
            return cost[key]
        if key in visiting:
            raise Refused("SVG <use> refers to itself; not drawn")
        visiting.add(key)
        total = 1
        for child in el:  # type: ignore[attr-defined]
            if isinstance(child.tag, str):
                total += count(child)
                if total > MAX_SVG_ELEMENTS:
                    break
        if str(el.tag).rsplit("}", 1)[-1] == "use":  # type: ignore[attr-defined]
            ref = (el.get("href") or el.get(_XLINK) or "").strip()  # type: ignore[attr-defined]
            target = by_id.get(ref[1:]) if ref.startswith("#") else None
            if target is not None:
                total += count(target)
        visiting.discard(key)
        total = min(total, MAX_SVG_ELEMENTS + 1)
        cost[key] = total
        return total

    try:
        total = count(root)
    except RecursionError:
        raise Refused("SVG nests <use> too deeply; not drawn") from None
    if total > MAX_SVG_ELEMENTS:
        raise Refused(f"SVG draws more than {MAX_SVG_ELEMENTS:,} shapes once <use> is expanded; not drawn")
    return _svg_size(root)


def _svg_size(root: object) -> tuple[float, float]:
    def length(name: str) -> float | None:
        m = _LENGTH.match(root.get(name) or "")  # type: ignore[attr-defined]
        return float(m.group(1)) * _UNIT[(m.group(2) or "px").lower()] if m else None

    width, height = length("width"), length("height")
    box = (root.get("viewBox") or "").replace(",", " ").split()  # type: ignore[attr-defined]
    if (width is None or height is None) and len(box) == 4:
        try:
            bw, bh = float(box[2]), float(box[3])
        except ValueError:
            bw = bh = 0.0
        if bw > 0 and bh > 0:
            width, height = (width, width * bh / bw) if width else ((height * bw / bh, height) if height else (bw, bh))
    if not width or not height or width <= 0 or height <= 0:
        return 300.0, 150.0  # CSS's default replaced-element size
    return width, height


def _rasterise(path: Path, data: bytes, width: float, height: float, side: int) -> Picture:
    """A checked SVG drawn to PNG by CairoSVG (vector drawing for EPUB readers and Word,
    which show SVG badly or not at all), its long side ``side`` pixels at most."""
    import cairosvg

    scale = min(side / max(width, height), 4.0)
    out_w, out_h = max(1, round(width * scale)), max(1, round(height * scale))
    try:
        png = cairosvg.svg2png(bytestring=data, output_width=out_w, output_height=out_h, unsafe=False)
    except Exception as exc:  # noqa: BLE001 - any drawing failure means "not shown"
        raise Refused(f"SVG cannot be drawn ({' '.join(str(exc).split())[:120] or type(exc).__name__})") from None
    return Picture(path, png, "image/png", ".png", (out_w, out_h))
