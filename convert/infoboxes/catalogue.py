"""What ``wikiexport templates`` shows: the registry listed, searched and described, and the
check of a ``--infobox-template`` name (an unknown name is a usage error that names the
nearest known templates). The click command in :mod:`convert.cli` only prints these lines.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from convert.infoboxes.loader import packaged, with_user_file
from convert.infoboxes.patterns import humanize
from convert.infoboxes.registry import Registry
from convert.infoboxes.rows import RowSpec
from convert.infoboxes.template import Template


@dataclass(frozen=True, slots=True)
class Entry:
    """One template as the catalogue lists it."""

    template: Template

    @property
    def line(self) -> str:
        """``Infobox settlement  (en, 600000 uses; also: city, town)``."""
        t = self.template
        also = f"; also: {', '.join(t.redirects[:6])}{'...' if len(t.redirects) > 6 else ''}" if t.redirects else ""
        uses = f", {t.uses} uses" if t.uses else ""
        return f"{t.template_name}  ({t.lang}{uses}{also})"


def registry_for(lang: str, extra: Path | None = None) -> Registry:
    """The registry that articles of ``lang`` use (and the templates of a user file)."""
    base = packaged(lang)
    return with_user_file(base, extra) if extra is not None else base


def search(registry: Registry, lang: str | None, query: str = "") -> list[Entry]:
    """Templates of ``lang`` (all languages when None) whose name or a redirect contains
    ``query`` (any case), the most used first."""
    words = query.lower().split()
    found = [
        t for t in registry.templates
        if (lang is None or t.lang == lang)
        and all(any(w in name for name in (t.key, *t.redirects)) for w in words)
    ]
    return [Entry(t) for t in sorted(found, key=lambda t: (-t.uses, t.lang, t.key))]


def _row_labels(rows: Any) -> Iterator[tuple[str, str]]:
    """``(parameter, label)`` of every data row, in display order."""
    stack: list[RowSpec] = list(rows)[::-1]
    while stack:
        row = stack.pop()
        stack.extend(row.children[::-1])
        if row.kind == "header":
            continue
        for i, param in enumerate(row.params):
            label = row.label if row.label is not None else humanize(param.source)
            yield param.source, (label if i == 0 else "")


def describe(template: Template, source: str = "") -> list[str]:
    """Lines describing one template: names, kind, parameters with labels, aliases."""
    lines = [template.template_name, f"  language: {template.lang}", f"  uses: {template.uses or 'unknown'}"]
    if template.kind:
        lines.append(f"  kind: {template.kind}")
    if template.redirects:
        lines.append(f"  redirects: {', '.join(template.redirects)}")
    if template.variants:
        lines.append(f"  variants: {', '.join(v.name for v in template.variants)}")
    shown = list(_row_labels(template.rows))
    placed = {param for param, _label in shown}
    lines.append(f"  parameters ({len(placed)} with a display row):")
    lines += [f"    {param:<32} {label}" for param, label in shown]
    more = sorted(set(template._plain) - placed - {p.source for p in template.hidden}
                  | {p.source for p in template.numbered} - placed)
    if more:
        lines.append(f"  other known parameters ({len(more)}, shown humanized after the rows):")
        lines += [f"    {', '.join(more[i:i + 6])}" for i in range(0, len(more), 6)]
    if template.aliases:
        lines.append("  aliases: " + ", ".join(f"{a.source} -> {b.source}" for a, b in template.aliases))
    if template.hidden:
        lines.append("  hidden: " + ", ".join(p.source for p in template.hidden))
    if source:
        lines.append(f"  source: {source}")
    return lines


def source_of(template: Template) -> str:
    """Where the knowledge of ``template`` comes from, as the user should be told."""
    from convert.infoboxes.generated import generated_file, read_document

    data = generated_file(template.lang)
    origin = []
    if template.rows:
        origin.append("hand-written (templates/infoboxes/*.yaml)")
    if data is not None and (template.params or template.numbered or not template.rows):
        sources = read_document(data).get("source", [])
        origin.append("generated from " + "; ".join(
            f"{s['repository']} at {s['commit'][:12]} ({s['licence']})" for s in sources))
    return ", ".join(origin) or "user registry file"


def nearest(registry: Registry, name: str, lang: str, count: int = 5) -> list[str]:
    """The known template names closest to ``name`` (difflib), for an error message."""
    names: dict[str, Template] = {}
    for t in registry.templates:
        if t.lang == lang or lang == "auto":
            names.setdefault(t.key, t)
            for redirect in t.redirects:
                names.setdefault(redirect, t)
    bare = " ".join(name.replace("_", " ").split()).lower()
    for prefix in registry.prefixes:
        if bare.startswith(prefix + " "):
            bare = bare[len(prefix) + 1:]
    close = difflib.get_close_matches(bare, list(names), n=count, cutoff=0.5)
    return [f"{names[c].prefix} {c}".strip() if c == names[c].key else c for c in close]


def unknown_template(name: str, lang: str, extra: Path | None = None) -> str | None:
    """None when ``--infobox-template NAME`` names a known template (or a redirect) of
    ``lang`` (``auto``: any language the packaged English registry holds), else the error
    message, with the nearest known names."""
    registry = registry_for("en" if lang == "auto" else lang, extra)
    found = registry.find(name, "en" if lang == "auto" else lang)
    if found is not None and (lang == "auto" or found.lang == lang):
        return None
    close = nearest(registry, name, lang)
    hint = f"; did you mean: {', '.join(close)}?" if close else ""
    return f"unknown infobox template {name!r}{hint} (see 'wikiexport templates')"
