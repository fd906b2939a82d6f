"""Every picture an infobox shows, as Wikipedia's templates draw them.

The layout (:mod:`convert.infoboxes.layout`) keeps the box's main image and sets every
other value that is only a file name aside (never a row of text). This module gives
writers those pictures in drawing order: the main image, then the pictures that stand
side by side (a flag beside a coat of arms, a seal or an emblem, as ``Infobox country``
and ``Infobox settlement`` draw them), then maps, logos, signatures and the rest, one per
row, each with its caption and alt text. Alt text comes only from ``*_alt`` parameters
(``alt``, ``image_alt``, ``flag_alt``, ``alt_flag``...): a caption shown under the
picture is never read twice by a screen reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from convert.infoboxes.layout import image_file, is_picture
from convert.model import FieldValue, Infobox

_SUFFIX = re.compile(r"_?(?:name|file|filename)$")
_IMAGE_WORD = re.compile(r"^image_?|_?image$")
_PAIRED = re.compile(r"flag|coat|arms|coa$|seal|emblem|shield|insignia", re.IGNORECASE)
_MAIN = ("", "image", "photo", "picture", "img")


@dataclass(frozen=True, slots=True)
class BoxPicture:
    """One picture of a box: ``file`` (bare name), its ``caption`` (or ``None``), its
    ``alt`` text (``""`` when the box gives none), and whether it is ``paired`` (drawn
    beside the next paired picture)."""

    file: str
    caption: FieldValue | None
    alt: str
    paired: bool
    param: str


def _base(param: str) -> str:
    """``image_flag`` -> ``flag``, ``map_image`` -> ``map``, ``image_name`` -> ``""``."""
    name = param.strip().lower().replace(" ", "_").replace("-", "_")
    name = _SUFFIX.sub("", name)
    name = _IMAGE_WORD.sub("", name)
    return name.rstrip("0123456789_") if name not in _MAIN else ""


def _value(box: Infobox, names: list[str]) -> FieldValue | None:
    wanted = set(names)
    for f in box.fields:
        key = f.name.strip().lower().replace(" ", "_").replace("-", "_")
        if key in wanted and f.value.text.strip():
            return f.value
    return None


def _caption_alt(box: Infobox, param: str) -> tuple[FieldValue | None, str]:
    base = _base(param)
    p = param.strip().lower().replace(" ", "_")
    if base:
        captions = [f"{base}_caption", f"{base}caption", f"caption_{base}", f"{p}_caption"]
        alts = [f"{base}_alt", f"alt_{base}", f"{p}_alt", f"{base}alt"]
    else:
        captions = ["caption", "image_caption", f"{p}_caption"]
        alts = ["alt", "image_alt", "alt_text", f"{p}_alt"]
    alt = _value(box, alts)
    return _value(box, captions), " ".join(alt.text.split()) if alt else ""


def box_pictures(box: Infobox) -> tuple[BoxPicture, ...]:
    """The pictures of ``box`` in drawing order (the layout's main image first)."""
    layout = box.layout  # None when read without layout: then no main image, no caption
    main = layout.image if layout is not None else ""
    layout_caption = layout.caption if layout is not None and layout.caption is not None else None
    if layout_caption is not None and is_picture(layout_caption):
        layout_caption = None  # a caption that is itself a file name is no caption
    found: list[BoxPicture] = []
    seen: set[str] = set()
    for f in box.fields:
        if not is_picture(f.value):
            continue
        name = image_file(f.value.text)
        if not name or name in seen:
            continue
        seen.add(name)
        caption, alt = _caption_alt(box, f.name)
        if name == main and layout_caption is not None:
            caption = layout_caption
        found.append(BoxPicture(name, caption, alt, bool(_PAIRED.search(_base(f.name))), f.name))
    if main and main not in seen:
        caption, alt = _caption_alt(box, "image")
        found.insert(0, BoxPicture(main, layout_caption or caption, alt, False, "image"))
    found.sort(key=lambda p: (p.file != main, not p.paired))
    return tuple(found)


def picture_rows(box: Infobox) -> list[list[BoxPicture]]:
    """The pictures of ``box`` grouped in rows: paired pictures two to a row, the rest one."""
    rows: list[list[BoxPicture]] = []
    for pic in box_pictures(box):
        if pic.paired and rows and rows[-1][0].paired and len(rows[-1]) == 1 and pic.file != (box.layout.image if box.layout is not None else ""):
            rows[-1].append(pic)
        else:
            rows.append([pic])
    return rows
