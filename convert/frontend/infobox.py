"""The front matter's ``infoboxes`` -> model :class:`Infobox` objects.

Validates the wtf_wikipedia sentence shapes (recovering with a warning where the intent is
clear), turns each sentence into rich text and hands the fields to the infobox registry,
which decides template, confidence and layout once for every writer.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from convert.errors import SourceError
from convert.infoboxes import build_infobox, knows_parameter
from convert.model import Infobox, InfoboxField
from convert.wiki import title_problem
from convert.frontend.yaml.frontmatter import YList, YMap, YScalar, YValue
from convert.frontend.links import absolute_url, external_url
from convert.frontend.markdown import WarnAt
from convert.frontend.sentence import LinkSpec, Warn, build_value
from convert.frontend.leftovers import decode_entities

if TYPE_CHECKING:
    from convert.frontend import LoadOptions

_INT = re.compile(r"^[+-]?\d{1,30}$")
_GLUED = re.compile(r"\|[ \t]*([a-z][a-z0-9_]{0,40})[ \t]*=[ \t]")


def read_infoboxes(front: YMap, path: str, options: LoadOptions, warn_at: WarnAt) -> tuple[Infobox, ...]:
    """Every infobox of the front matter, in order."""
    raw = _get(front, "infoboxes")
    if raw is None or (isinstance(raw[0], YScalar) and raw[0].null):
        return ()
    value, line = raw
    if isinstance(value, YMap):
        warn_at(line, "'infoboxes' should be a list of mappings; read as one infobox")
        boxes: list[YValue] = [value]
    elif isinstance(value, YList):
        boxes = [item for item, _ in value.items]
    else:
        raise SourceError(path, line, "'infoboxes' must be a list of mappings of field: sentence")
    result = []
    for box in boxes:
        if not isinstance(box, YMap):
            raise SourceError(path, box.line, "each infobox must be a mapping of field: sentence")
        fields = _fields(box, warn_at)

        def build(fields: tuple[InfoboxField, ...]) -> Infobox:
            return build_infobox(
                fields, line=box.line, template_override=options.infobox_template,
                registry_file=options.infobox_registry, lang=options.lang, layout=options.layout,
            )

        infobox = build(fields)
        split = _split_glued(box, infobox, options, warn_at)
        result.append(build(split) if split != fields else infobox)
    return tuple(result)


def _split_glued(box: YMap, infobox: Infobox, options: LoadOptions, warn_at: WarnAt) -> tuple[InfoboxField, ...]:
    """The fields with each parameter that wtf_wikipedia ran into the value before it
    (``GBP]]; £| time_zone = [[Greenwich Mean Time``) split back into its own parameter,
    where that is certain: the glued name is a parameter of the inferred template and the
    box has none of that name. Anything else is kept as text, with a warning."""
    fields = infobox.fields
    names = {f.name for f in fields}
    out: list[InfoboxField] = []
    for fld in fields:
        glued = _GLUED.search(fld.value.text) if "|" in fld.value.text else None
        if glued is None:
            out.append(fld)
            continue
        name = glued.group(1)
        if name in names or not knows_parameter(infobox, name, options.infobox_registry, options.lang):
            warn_at(fld.line, f"field {fld.name!r}: parameter {name!r} seems glued into this value by the "
                              "seed's converter; kept as text")
            out.append(fld)
            continue
        warn_at(fld.line, f"field {fld.name!r}: parameter {name!r} was glued into this value by the "
                          "seed's converter; split back into its own parameter")
        names.add(name)
        raw = value_of(box, fld.name)
        sentence = raw if isinstance(raw, YMap) else YMap((), fld.line)
        links = _links(_get(sentence, "links"), _quiet)
        bold, italic = _formatting(_get(sentence, "formatting"), _quiet)
        text = fld.value.text
        parts = (text[:glued.start()].rstrip(), text[glued.end():].strip())
        for part, part_name in zip(parts, (fld.name, name)):
            # Each link and emphasis goes with the part that holds its text (the first part
            # when neither does: appended there with a warning, as for any value).
            mine = part is parts[1]

            def here(display: str, _mine: bool = mine) -> bool:
                return (display in parts[1] and display not in parts[0]) == _mine

            def say(message: str, _name: str = part_name) -> None:
                warn_at(fld.line, f"field {_name!r}: {message}")

            value = build_value(part, [k for k in links if here(decode_entities(k.display))],
                                [b for b in bold if here(b)], [i for i in italic if here(i)],
                                fld.value.number if not mine else None, say)
            out.append(InfoboxField(part_name, value, fld.line))
    return tuple(out)


def _quiet(message: str) -> None:
    """Warnings already given when the field was first read."""


def _get(node: YMap, key: str) -> tuple[YValue, int] | None:
    for name, value, line in node.items:
        if name == key:
            return value, line
    return None


def value_of(node: YMap, key: str) -> YValue | None:
    """The value of ``key`` in ``node``, or ``None``."""
    found = _get(node, key)
    return found[0] if found else None


def _fields(box: YMap, warn_at: WarnAt) -> tuple[InfoboxField, ...]:
    fields: dict[str, InfoboxField] = {}
    for name, value, line in box.items:
        name = name.strip()
        if not name:
            warn_at(line, "infobox field with an empty name skipped")
            continue
        if name in fields:
            warn_at(line, f"infobox field {name!r} given twice; the last one is kept")
            del fields[name]

        def warn(message: str, _line: int = line, _name: str = name) -> None:
            warn_at(_line, f"field {_name!r}: {message}")

        field = _field(name, value, line, warn)
        if field is not None:
            fields[name] = field
    return tuple(fields.values())


def _field(name: str, value: YValue, line: int, say: Warn) -> InfoboxField | None:
    if isinstance(value, YScalar):
        if value.null:
            say("empty value skipped")
            return None
        say("plain value instead of a sentence; read as text")
        return InfoboxField(name, build_value(value.text, (), (), (), None, say), line)
    if isinstance(value, YList):
        texts = [_text_of(item) for item, _ in value.items]
        say("list value instead of a sentence; read as bullet items")
        text = "\n".join("* " + t for t in texts if t)
        return InfoboxField(name, build_value(text, (), (), (), None, say), line) if text else None
    text_node = _get(value, "text")
    number = _number(_get(value, "number"), say)
    if text_node is None or not isinstance(text_node[0], YScalar) or text_node[0].null:
        if number is None:
            say("sentence has no text; skipped")
            return None
        text = _text_of(value_of(value, "number"))
    else:
        text = text_node[0].text
    for key, _v, _kline in value.items:
        if key not in ("text", "links", "formatting", "number"):
            say(f"unknown sentence key {key!r} ignored")
    links = _links(_get(value, "links"), say)
    bold, italic = _formatting(_get(value, "formatting"), say)
    if "&" in text:
        # A reference wtf_wikipedia left ("&#8288;") is its character, in the text and in
        # the link and emphasis texts placed on it alike.
        text = decode_entities(text)
        links = [LinkSpec(decode_entities(k.display), k.page, k.anchor, k.url) for k in links]
        bold, italic = [decode_entities(b) for b in bold], [decode_entities(i) for i in italic]
    return InfoboxField(name, build_value(text, links, bold, italic, number, say), line)


def _text_of(node: YValue | None) -> str:
    if isinstance(node, YScalar):
        return "" if node.null else node.text
    if isinstance(node, YMap):
        inner = _get(node, "text")
        return _text_of(inner[0]) if inner else ""
    return ""


def _number(raw: tuple[YValue, int] | None, warn: Warn) -> int | float | None:
    if raw is None:
        return None
    node = raw[0]
    if not isinstance(node, YScalar) or node.null:
        return None
    text = node.text.strip()
    if _INT.match(text):
        return int(text)
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if math.isfinite(number):
        return number
    warn(f"'number' {text[:40]!r} is not a number; ignored")
    return None


def _links(raw: tuple[YValue, int] | None, warn: Warn) -> list[LinkSpec]:
    if raw is None:
        return []
    node = raw[0]
    if not isinstance(node, YList):
        if not (isinstance(node, YScalar) and node.null):
            warn("'links' is not a list; ignored")
        return []
    specs = []
    for item, _line in node.items:
        spec = _link(item, warn)
        if spec is not None:
            specs.append(spec)
    return specs


def _link(item: YValue, warn: Warn) -> LinkSpec | None:
    if not isinstance(item, YMap):
        warn("a link that is not a mapping was ignored")
        return None
    kind, page, site, text = (_text_of(value_of(item, k)).strip() for k in ("type", "page", "site", "text"))
    if not kind:
        kind = "internal" if page else "external" if site else ""
    if kind == "internal":
        anchor = _text_of(value_of(item, "anchor")).strip() or None
        if not page and anchor is not None:
            # "[[#0000FF]]": a section of this very article; MediaWiki shows "#0000FF".
            return LinkSpec(display=text or "#" + anchor, page="", anchor=anchor)
        if not page:
            warn(f"internal link without 'page' ({text!r}) kept as text")
            return None
        if "#" in page:
            page, _, frag = page.partition("#")
            anchor = anchor or frag or None
        page = " ".join(page.replace("_", " ").split())
        problem = title_problem(page) if page else "is empty"
        if problem is not None:
            warn(f"link target {page[:60]!r} {problem}, so it can be no page; kept as text")
            return None
        return LinkSpec(display=text or page, page=page, anchor=anchor)
    if kind == "external":
        url = external_url(site)
        if url is None:
            warn(f"external link {site[:60]!r} is not an http(s) URL; kept as text")
            return None
        return LinkSpec(display=text or absolute_url(site), url=url)
    warn(f"link of unknown type {kind!r} ignored")
    return None


def _formatting(raw: tuple[YValue, int] | None, warn: Warn) -> tuple[list[str], list[str]]:
    if raw is None or not isinstance(raw[0], YMap):
        if raw is not None and not (isinstance(raw[0], YScalar) and raw[0].null):
            warn("'formatting' is not a mapping; ignored")
        return [], []
    spans: dict[str, list[str]] = {"bold": [], "italic": []}
    for key, value, _line in raw[0].items:
        if key not in spans:
            warn(f"unknown formatting {key!r} ignored")
            continue
        items = value.items if isinstance(value, YList) else [(value, 0)]
        spans[key] = [_text_of(v) for v, _ in items if _text_of(v)]
    return spans["bold"], spans["italic"]
