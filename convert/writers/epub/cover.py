"""A generated EPUB cover: the title and subtitle drawn with Pillow in system fonts.

The image is drawn as 8-bit ink coverage and saved as a palette image whose palette runs
from paper to ink colour, so text keeps its anti-aliasing at one byte per pixel. It is a
GIF (an EPUB core media type) because pandoc reads a GIF's size from its header, while a
PNG cover costs pandoc about as much as converting the article itself. Same text, same
fonts -> same bytes. Fonts are DejaVu or Noto from the system,
picked by which one has glyphs for every character (CJK, Arabic, Devanagari...); Pillow's
Raqm layout shapes complex scripts and right-to-left text.
"""

from __future__ import annotations

import io
import os
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 1800
MARGIN = 110
PAPER = (248, 248, 245)
INK = (20, 33, 61)  # a dark blue-black: title at full ink, the rest lighter
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", os.path.expanduser("~/.local/share/fonts"))
TITLE_FONTS = ("DejaVuSerif-Bold.ttf", "NotoSerif-Bold.ttf", "NotoSans-Bold.ttf", "NotoSansCJK-Bold.ttc")
TEXT_FONTS = ("DejaVuSans.ttf", "NotoSans-Regular.ttf", "NotoSansCJK-Regular.ttc")
_PALETTE = [round(p + (k - p) * i / 255) for i in range(256) for p, k in zip(PAPER, INK)]


@lru_cache(maxsize=1)
def _font_index() -> dict[str, str]:
    """Font file name -> path, for every font under the system font folders."""
    found: dict[str, str] = {}
    for root in FONT_DIRS:
        for folder, _dirs, files in sorted(os.walk(root)):
            for name in sorted(files):
                if name.lower().endswith((".ttf", ".otf", ".ttc")):
                    found.setdefault(name, os.path.join(folder, name))
    return found


@lru_cache(maxsize=512)
def _charset(path: str) -> frozenset[int]:
    try:
        from fontTools.ttLib import TTFont  # weasyprint's dependency; optional here

        with TTFont(path, fontNumber=0, lazy=True) as font:
            return frozenset(font.getBestCmap() or {})
    except Exception:  # noqa: BLE001 - an unreadable font simply covers nothing
        return frozenset()


def _candidates(preferred: Iterable[str], style: str) -> list[str]:
    index = _font_index()
    first = [index[n] for n in preferred if n in index]
    # Then every Noto face of the style, for scripts the preferred fonts lack.
    rest = sorted(p for n, p in index.items() if n.startswith("Noto") and n.endswith(f"-{style}.ttf"))
    return first + [p for p in rest if p not in first]


@lru_cache(maxsize=256)
def pick_font(text: str, bold: bool) -> str | None:
    """The path of the first font with glyphs for all of ``text`` (or the best coverage)."""
    needed = {ord(c) for c in text if not c.isspace()}
    preferred = TITLE_FONTS if bold else TEXT_FONTS
    paths = _candidates(preferred, "Bold" if bold else "Regular")
    best, best_missing = None, None
    for path in paths:
        charset = _charset(path)  # empty without fontTools: then the first font wins
        missing = len(needed - charset)
        if missing == 0:
            return path
        if best_missing is None or missing < best_missing:
            best, best_missing = path, missing
    return best


@lru_cache(maxsize=64)
def _font(path: str | None, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if path is None:
        return ImageFont.load_default(size)
    return ImageFont.truetype(path, size)


def _wrap(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int) -> tuple[list[str], bool]:
    """Greedy line breaking at spaces; a word wider than the line breaks between characters.
    Also says whether a word of a space-separated script had to be broken that way."""
    lines: list[str] = []
    line = ""
    broken = False
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if font.getlength(trial) <= width:
            line = trial
            continue
        if line:
            lines.append(line)
        line = ""
        if font.getlength(word) > width:
            # CJK and similar scripts break anywhere; for others this is a last resort.
            broken = broken or any(ord(c) < 0x2E80 for c in word)
            for ch in word:
                if line and font.getlength(line + ch) > width:
                    lines.append(line)
                    line = ""
                line += ch
        else:
            line = word
    if line:
        lines.append(line)
    return lines, broken


TITLE_LINES, SUBTITLE_LINES = 6, 5
CHARS_PER_LINE = 160
"""More characters than any line of the cover holds (980 px at 28 px or more is under 150
of the narrowest glyphs, a fifth of the size): what is past ``max_lines`` of them is never
drawn, so it is not measured either. A 200 KB short description took 40 s to lay out."""


def _clip(text: str, chars: int) -> str:
    """``text`` cut to about ``chars`` characters, at a space when there is one, with "…"."""
    if len(text) <= chars:
        return text
    cut = text[:chars]
    space = cut.rfind(" ")
    return (cut[:space] if space > chars // 2 else cut).rstrip() + "…"


def _fit(text: str, path: str | None, sizes: range, max_lines: int) -> tuple[ImageFont.FreeTypeFont | ImageFont.ImageFont, list[str]]:
    """The largest size at which ``text`` fits in ``max_lines`` without breaking words."""
    width = WIDTH - 2 * MARGIN
    font, lines = _font(path, sizes.start), [text]
    for size in sizes:
        font = _font(path, size)
        lines, broken = _wrap(text, font, width)
        if len(lines) <= max_lines and not broken:
            return font, lines
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [lines[max_lines - 1].rstrip() + "…"]
    return font, lines


def _draw_lines(draw: ImageDraw.ImageDraw, lines: list[str], font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
                top: int, ink: int, leading: float) -> int:
    size = getattr(font, "size", 20)
    for line in lines:
        x = (WIDTH - font.getlength(line)) / 2
        draw.text((x, top), line, font=font, fill=ink)
        top += int(size * leading)
    return top


def cover_image(title: str, subtitle: str = "", footer: str = "From Wikipedia, the free encyclopedia") -> bytes:
    """A 1200x1800 GIF cover with ``title``, ``subtitle`` and ``footer`` (deterministic)."""
    # Clipped before anything else looks at them (the font is picked by the characters shown).
    title = _clip(" ".join(title.split()), TITLE_LINES * CHARS_PER_LINE) or "Untitled"
    subtitle = _clip(" ".join(subtitle.split()), SUBTITLE_LINES * CHARS_PER_LINE)
    canvas = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((0, 0, WIDTH, 28), fill=255)
    draw.rectangle((0, HEIGHT - 28, WIDTH, HEIGHT), fill=255)
    title_font, title_lines = _fit(title, pick_font(title, True), range(104, 39, -8), TITLE_LINES)
    y = _draw_lines(draw, title_lines, title_font, 360, 255, 1.22)
    y += 40
    draw.rectangle(((WIDTH - 240) // 2, y, (WIDTH + 240) // 2, y + 5), fill=200)
    y += 70
    if subtitle:
        sub_font, sub_lines = _fit(subtitle, pick_font(subtitle, False), range(52, 27, -4), SUBTITLE_LINES)
        _draw_lines(draw, sub_lines, sub_font, y, 190, 1.35)
    foot_font = _font(pick_font(footer, False), 36)
    _draw_lines(draw, [footer], foot_font, HEIGHT - 190, 170, 1.3)
    canvas.putpalette(_PALETTE)  # "L" becomes "P": ink coverage indexes paper-to-ink colours
    out = io.BytesIO()
    canvas.save(out, "GIF")
    return out.getvalue()


def write_cover(folder: Path, title: str, subtitle: str = "") -> Path:
    """Write :func:`cover_image` to ``folder/cover.gif``; returns its path."""
    path = folder / "cover.gif"
    path.write_bytes(cover_image(title, subtitle))
    return path
