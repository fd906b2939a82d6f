"""The :class:`~convert.model.InfoboxLayout` of an infobox: what writers draw, in order.

Rows follow the template's display order (Wikipedia's, from the registry data). A group
header appears only when a row under it has a value. Numbered sides (``combatant1``,
``combatant2``...) become one :class:`ColumnsRow` per parameter with as many cells as there
are sides; a number beyond the sides (``casualties3`` in a two-sided battle) becomes a
:class:`FullRow`. A row that shows several parameters under one label (``Born``: date, then
place) gives the label to the first present one and ``""`` to the rest, which continue it
(``DataRow.continues``).

Fields the template does not place (unknown names, or known names with no row) follow the
template's rows in source order under humanized labels, so nothing written is ever lost.
Presentation-only parameters (``map_size``, ``image_size``...) appear nowhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from convert.model import (
    ColumnsRow, DataRow, FieldValue, FullRow, HeaderRow, InfoboxField, InfoboxLayout, LayoutRow,
)
from convert.wiki import FILE_NAMESPACES, image_file_name
from convert.infoboxes.coordinates import join_coordinates
from convert.infoboxes.display import finish, generic_rows
from convert.infoboxes.patterns import Pattern, compile_pattern, humanize, normalise
from convert.infoboxes.rows import RowSpec
from convert.infoboxes.template import PREFIX_KEY, Template

_FILE_NAMESPACES = "|".join(FILE_NAMESPACES)
_FILE_PREFIX = re.compile(rf"^(?:{_FILE_NAMESPACES})\s*:\s*", re.IGNORECASE)


# (id of a registry template, parameter name) -> presentation-only? Templates live as long
# as the cached registry, and the same few hundred names come back in every article.
_HIDDEN: dict[tuple[int, str], bool] = {}


def image_file(text: str) -> str:
    """The bare file name in an image value: ``[[File:A_b.jpg|250px]]`` -> ``A b.jpg``;
    an upload URL gives its file name; anything with a path left in it gives ``""``."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    first = first.strip().strip("[]").split("|")[0].strip()
    if "://" in first or first.startswith("//"):
        first = image_file_name(first)
    name = " ".join(_FILE_PREFIX.sub("", first).replace("_", " ").split())
    # A file name never holds a path: writers look it up in one local folder only.
    return "" if "/" in name or "\\" in name or name in (".", "..") else name


# A value that is nothing but an image's file name ("Toronto Flag.svg", "File:A b.jpg",
# "[[Datei:Logo.png|90px]]"): a picture the box would draw, not text a reader wants to see.
_PICTURE = re.compile(
    rf"\[*(?:(?:{_FILE_NAMESPACES})\s*:\s*)?"
    r"[^\n/\\|\[\]{}<>]*[^\s/\\|\[\]{}<>.]\.(?:jpe?g|png|svg|gif|tiff?|webp|bmp|xcf)"
    r"(?:\|[^\n\[\]]*)?\]*",
    re.IGNORECASE,
)
# Parameter-name endings around a picture's base name ("static_image_name" ->
# "static_image"), the word "image" beside what it shows ("image_map" -> "map"), and where
# its caption is then looked for ("static_image_caption", "map_caption").
_PICTURE_SUFFIX = re.compile(r"_(?:name|file|filename)$")
_PICTURE_WORD = re.compile(r"^image_|_image$")
_CAPTION_FORMS = ("{}_caption", "{}caption")


def is_picture(value: FieldValue) -> bool:
    """Whether ``value`` is only the file name of an image, on one line."""
    return value.text.count("\n") == 0 and _PICTURE.fullmatch(value.text.strip()) is not None


def _plain(value: FieldValue) -> str:
    return " ".join(value.text.split())


@dataclass(slots=True)
class _Fields:
    """The displayable fields by canonical name, and which have been placed."""

    template: Template
    shared_hidden: tuple[Pattern, ...]
    by_name: dict[str, InfoboxField] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    order: list[tuple[InfoboxField, str | None]] = field(default_factory=list)
    pictures: set[int] = field(default_factory=set)
    """Ids of the fields set aside as pictures (never drawn as rows)."""
    by_key: dict[str, list[str]] = field(default_factory=dict)
    """Canonical names by their first letters, in ``by_name`` order: a numbered pattern
    (``casualties{n}``) is tried only on names that start like its literal prefix."""

    def add(self, f: InfoboxField) -> None:
        norm = normalise(f.name)
        canon = self.template.canonical(norm)
        if any(self._hidden(n) for n in (norm, canon)):
            return
        if canon in self.by_name or not canon:
            self.order.append((f, None))  # a second field of the same name: shown after
        else:
            self.by_name[canon] = f
            self.by_key.setdefault(canon[:PREFIX_KEY], []).append(canon)
            self.order.append((f, canon))

    def _candidates(self, pattern: Pattern) -> Iterable[str]:
        """The canonical names ``pattern`` (numbered) could match, in ``by_name`` order."""
        if len(pattern.prefix) >= PREFIX_KEY:
            return self.by_key.get(pattern.prefix[:PREFIX_KEY], ())
        return self.by_name

    def _hidden(self, name: str) -> bool:
        key = (id(self.template), name)
        hidden = _HIDDEN.get(key)
        if hidden is None:
            hidden = self.template.is_hidden(name) or any(
                p.match(name) is not None for p in self.shared_hidden
            )
            if len(_HIDDEN) < 100_000:  # bounded: hostile inputs invent names freely
                _HIDDEN[key] = hidden
        return hidden


    def unplaced(self) -> list[InfoboxField]:
        """Displayable fields no row took, in source order."""
        return [f for f, canon in self.order
                if (canon is None or canon not in self.used) and id(f) not in self.pictures]

    def take_picture(self) -> InfoboxField | None:
        """The first unplaced field, in source order, whose value is an image file name."""
        for f, canon in self.order:
            if canon is not None and canon not in self.used and is_picture(f.value):
                self.used.add(canon)
                return f
        return None

    def take_caption_of(self, picture: InfoboxField) -> InfoboxField | None:
        """The unplaced caption field named after ``picture`` (``logo`` -> ``logo_caption``)."""
        base = _PICTURE_SUFFIX.sub("", normalise(picture.name))
        for stem in dict.fromkeys((base, _PICTURE_WORD.sub("", base))):
            for form in _CAPTION_FORMS:
                name = self.template.canonical(form.format(stem))
                f = self.by_name.get(name)
                if f is not None and name not in self.used:
                    self.used.add(name)
                    return f
        return None

    def set_pictures_aside(self) -> None:
        """Keep every remaining image file name, and its caption, out of the rows: the
        writers draw pictures, and a file name alone (``Toronto Flag.svg``) or the caption of
        a picture that is not there tells a reader nothing."""
        for f, canon in self.order:
            if (canon is None or canon not in self.used) and is_picture(f.value):
                self.pictures.add(id(f))
                if canon is not None:
                    self.used.add(canon)
                caption = self.take_caption_of(f)
                if caption is not None:
                    self.pictures.add(id(caption))

    def take_first(self, patterns: Sequence[Pattern]) -> InfoboxField | None:
        """The first unplaced field matching one of ``patterns`` (in pattern order)."""
        for pattern in patterns:
            if pattern.plain:  # one dictionary look-up instead of a scan
                f = self.by_name.get(pattern.source)
                if f is not None and pattern.source not in self.used:
                    self.used.add(pattern.source)
                    return f
                continue
            for canon in self._candidates(pattern):
                if canon not in self.used and pattern.match(canon) is not None:
                    self.used.add(canon)
                    return self.by_name[canon]
        return None

    def matching(self, pattern: Pattern) -> list[tuple[tuple[int, int], str, InfoboxField]]:
        """Unplaced fields matching ``pattern``, with their slot numbers, in number order."""
        if pattern.plain:
            f = self.by_name.get(pattern.source)
            return [] if f is None or pattern.source in self.used else [((0, 0), pattern.source, f)]
        found = []
        for canon in self._candidates(pattern):
            numbers = pattern.match(canon)
            if numbers is not None and canon not in self.used:
                found.append((numbers, canon, self.by_name[canon]))
        return sorted(found, key=lambda item: item[0])


def _sides(template: Template, fields: _Fields) -> int:
    if template.sides is None:
        return 0
    numbers = [n for (n, _), _c, _f in fields.matching(template.sides) if n > 0]
    return max(numbers, default=0)


def _rows_for(spec: RowSpec, template: Template, fields: _Fields, sides: int) -> list[LayoutRow]:
    out: list[LayoutRow] = []
    if spec.kind == "data":
        for pattern in spec.params:
            for _numbers, canon, f in fields.matching(pattern):
                fields.used.add(canon)
                if spec.label is None:
                    out.append(DataRow(humanize(canon), f.name, f.value))
                else:
                    out.append(DataRow(spec.label, f.name, f.value) if not out
                               else DataRow("", f.name, f.value, continues=True))
    elif spec.kind == "columns":
        for pattern in spec.params:
            found = fields.matching(pattern)
            width = sides or max((n for (n, _), _c, _f in found), default=0)
            width = max(width, 2) if sides == 0 and template.sides is not None else width
            cells: dict[int, InfoboxField] = {n: f for (n, _), _c, f in found if 0 < n <= width}
            if cells:
                out.append(ColumnsRow(
                    tuple(cells[i].name if i in cells else "" for i in range(1, width + 1)),
                    tuple(cells[i].value if i in cells else None for i in range(1, width + 1)),
                    role="sides",
                ))
            out.extend(FullRow(f.name, f.value) for (n, _), _c, f in found if not 0 < n <= width)
            fields.used.update(c for _n, c, _f in found)
    elif spec.kind == "table":
        cells_by_number: dict[tuple[int, int], dict[int, InfoboxField]] = {}
        for column, pattern in enumerate(spec.params):
            for numbers, canon, f in fields.matching(pattern):
                cells_by_number.setdefault(numbers, {})[column] = f
                fields.used.add(canon)
        width = len(spec.params)
        for numbers in sorted(cells_by_number):
            row = cells_by_number[numbers]
            out.append(ColumnsRow(
                tuple(row[i].name if i in row else "" for i in range(width)),
                tuple(row[i].value if i in row else None for i in range(width)),
                role="table",
            ))
    elif spec.kind == "group":
        slots = sorted({n for p in spec.params for n, _c, _f in fields.matching(p)})
        for slot in slots:
            for child in spec.children:
                concrete = RowSpec(child.kind, child.label, tuple(
                    compile_pattern(p.expand(*slot)) for p in child.params
                ))
                out.extend(_rows_for(concrete, template, fields, sides))
    elif spec.kind == "pairs":
        label_pattern, value_pattern = spec.params
        for numbers, canon, f in fields.matching(value_pattern):
            fields.used.add(canon)
            label_name = label_pattern.expand(*numbers)
            label_field = fields.by_name.get(label_name)
            if label_field is not None and label_name not in fields.used:
                fields.used.add(label_name)
                out.append(DataRow(_plain(label_field.value) or humanize(f.name), f.name, f.value))
            else:
                out.append(DataRow(humanize(f.name), f.name, f.value))
    return out


def build_layout(
    fields: Sequence[InfoboxField], template: Template, shared_hidden: Sequence[Pattern] = (),
    lang: str = "en",
) -> InfoboxLayout:
    """The layout of ``fields`` drawn as ``template`` (the registry's generic box included);
    ``shared_hidden`` are the presentation-only parameters of every template; numbers with
    units are written as the wiki of ``lang`` writes them (:mod:`convert.infoboxes.display`)."""
    state = _Fields(template, tuple(shared_hidden))
    for f in fields:
        state.add(f)
    title = state.take_first(template.title)
    subtitle = state.take_first(template.subtitle)
    image = state.take_first(template.image)
    if image is None:
        image = state.take_picture()
    caption = state.take_first(template.caption)
    if caption is None and image is not None:
        caption = state.take_caption_of(image)
    state.set_pictures_aside()
    sides = _sides(template, state)
    rows: list[LayoutRow] = []
    pending: HeaderRow | None = None
    for spec in template.rows:
        if spec.kind == "header":
            pending = HeaderRow(spec.label or "")
            continue
        produced = _rows_for(spec, template, state, sides)
        if produced and pending is not None:
            rows.append(pending)
            pending = None
        rows.extend(produced)
    leftover = state.unplaced()
    numbered, used = generic_rows(leftover)  # the generic box's label{n}/data{n}/header{n}
    rows.extend(numbered)
    rows.extend(DataRow(humanize(f.name), f.name, f.value) for f in leftover if id(f) not in used)
    if any(isinstance(r, DataRow) and r.continues for r in rows):
        rows = join_coordinates(rows)
    rows = finish(rows, lang)
    return InfoboxLayout(
        title=title.value if title else None,
        subtitle=subtitle.value if subtitle else None,
        image=image_file(image.value.text) if image else "",
        caption=caption.value if caption else None,
        rows=tuple(rows),
        subtitle_prefix=template.subtitle_prefix if subtitle else "",
    )
