"""Infobox knowledge: which Wikipedia template a field set is, and how to lay it out.

The seed format drops the template name, so it is inferred from the field names against a
registry of templates kept as data (``templates/infoboxes/*.yaml``, extendable with a
user file). The front end calls :func:`build_infobox` once per infobox; writers only read
the resulting :class:`~convert.model.Infobox` and its layout.

Public API: :func:`build_infobox`, :func:`infer`, :func:`load_registry`, :func:`humanize`,
:func:`knows_parameter`,
:data:`THRESHOLD`, :class:`Registry`, :class:`Template`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Sequence

from convert.model import Infobox, InfoboxField
from convert.infoboxes.inference import THRESHOLD, choose
from convert.infoboxes.layout import build_layout, image_file
from convert.infoboxes.loader import packaged, with_user_file
from convert.infoboxes.patterns import humanize, normalise
from convert.infoboxes.registry import Registry
from convert.infoboxes.template import Template


def load_registry(extra: Path | None = None, lang: str = "en") -> Registry:
    """The packaged registry for articles of wiki language ``lang`` (the hand-written
    templates and ``lang``'s generated data), plus the templates of user file ``extra``.

    The packaged data is read once per process; a user file is re-read when it changes.
    A user template whose name (or redirect) is already taken is an error unless it says
    ``override: true``, in which case it replaces the packaged one. A malformed file raises
    :class:`~convert.errors.SourceError` with the file and line.
    """
    base = packaged(lang)
    if extra is None:
        return base
    path = Path(extra).resolve()
    try:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = (0, 0)  # let the reader report the problem with the path in the message
    return _with_user_file(str(path), stamp, lang)


@lru_cache(maxsize=8)
def _with_user_file(path: str, stamp: tuple[int, int], lang: str) -> Registry:
    return with_user_file(packaged(lang), Path(path))


def infer(
    field_names: Sequence[str], registry: Registry | None = None, *, lang: str = "en",
) -> tuple[str, float]:
    """The template a field set most likely came from, and the confidence in ``[0, 1]``.

    Returns the template's key (``military conflict``) or ``""`` when the best confidence
    is under :data:`THRESHOLD` (the generic box); the confidence is then the best
    template's, i.e. how close it came. Only templates of wiki language ``lang`` compete,
    so an article in another language never gets an English template.
    """
    template, confidence = choose(field_names, registry or load_registry(lang=lang), lang)
    return (template.key if template else ""), confidence


def build_infobox(
    fields: Sequence[InfoboxField],
    *,
    line: int = 0,
    template_override: str | None = None,
    registry_file: Path | None = None,
    lang: str = "en",
    layout: bool = True,
) -> Infobox:
    """The model's :class:`Infobox` for ``fields``: template, confidence and layout.

    ``template_override`` (``military conflict`` or ``Infobox military conflict``, any case,
    redirects accepted) skips inference with confidence 1; a name the registry does not know
    is kept as written and drawn with the generic layout. Otherwise the template is inferred
    among templates of ``lang``, falling back to the generic ``Infobox`` (template ``""``).
    ``layout=False`` skips laying the box out (``Infobox.layout`` is ``None``).
    """
    registry = load_registry(registry_file, lang)
    fields = tuple(fields)
    if template_override is not None and template_override.strip():
        found = registry.find(template_override, lang)  # this wiki's template of that name first
        written = " ".join(template_override.split())
        if found is not None:
            template, confidence = found, 1.0
            key, name = found.key, found.template_name
            bare = _strip_prefix(" ".join(written.replace("_", " ").split()), registry.prefixes)
            if bare.lower() != found.key:  # a redirect: written as the user named it
                key, name = bare.lower(), f"{found.prefix} {bare}".strip()
        else:
            bare = _strip_prefix(written, registry.prefixes)
            template, confidence = registry.generic, 1.0
            key, name = bare.lower(), written if bare != written else f"Infobox {written}"
    else:
        chosen, confidence = choose([f.name for f in fields], registry, lang)
        template = chosen or registry.generic
        key = chosen.key if chosen else ""
        name = chosen.template_name if chosen else "Infobox"
        variant = chosen.variant_for(_texts(fields)) if chosen is not None and chosen.variants else None
        if variant is not None and chosen is not None:
            key, name = variant.name.lower(), f"{chosen.prefix} {variant.name}".strip()
    return Infobox(
        fields=fields, template=key, template_name=name, confidence=confidence,
        layout=build_layout(fields, template, registry.display_hidden, lang) if layout else None, line=line,
    )


def knows_parameter(box: Infobox, name: str, registry_file: Path | None = None, lang: str = "en") -> bool:
    """Whether parameter ``name`` belongs to the template ``box`` was inferred as (never for
    the generic box, whose parameters are anything)."""
    if not box.template:
        return False
    template = load_registry(registry_file, lang).find(box.template_name, lang)
    return template is not None and template.knows(normalise(name))


def _texts(fields: Sequence[InfoboxField]) -> dict[str, str]:
    """Normalised parameter name -> the value's plain text (the first field of a name)."""
    out: dict[str, str] = {}
    for f in fields:
        out.setdefault(normalise(f.name), f.value.text)
    return out


def _strip_prefix(name: str, prefixes: Sequence[str]) -> str:
    lowered = name.lower()
    for prefix in prefixes:
        if lowered.startswith(prefix + " "):
            return name[len(prefix) + 1:].strip()
    return name


__all__ = [
    "THRESHOLD", "Registry", "Template", "build_infobox", "humanize", "image_file", "infer",
    "load_registry",
]
