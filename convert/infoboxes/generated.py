"""The generated registry data (``templates/infoboxes/generated/<lang>.yaml``, written by
``tools/build_registry.py`` from DBpedia's mappings and wtf_wikipedia's lists) and the
overlay of the hand-written templates on it.

The generated data knows many templates (every infobox the public data names, with the
parameters a dump saw and the wiki's redirects) but nothing about display; the hand-written
files know labels, display order, hidden parameters and variants for fewer templates. A
template in both keeps everything hand-written and gains the generated parameter names
(old names and rarely used ones the hand-written rows miss) and redirects. Only one
language's file is read for a registry (see :func:`convert.infoboxes.loader.packaged`):
templates of other languages never compete in inference, so loading them would only cost.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable

from convert.errors import SourceError
from convert.resources import template_path
from convert.infoboxes.template import Template, finish


def generated_file(lang: str) -> Path | None:
    """The generated data file of wiki language ``lang``, if there is one."""
    if not lang.replace("-", "").replace("_", "").isalnum():
        return None  # never a path built from odd text
    path = template_path(f"infoboxes/generated/{lang.lower()}.yaml")
    return path if path.is_file() else None


def generated_files() -> list[Path]:
    """Every generated data file (one per language)."""
    folder = template_path("infoboxes/generated/en.yaml").parent
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def read_document(path: Path) -> Any:
    """The parsed generated file (machine-written, so read without line tracking: it is
    several times the size of the hand-written data)."""
    import yaml

    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SourceError(str(path), 0, f"cannot read generated infobox registry: {exc}") from None


def overlay(hand: Iterable[Template], generated: Iterable[Template]) -> list[Template]:
    """Hand-written templates over generated ones (same language, and the same name or a
    redirect of one to the other); a generated redirect that names another template is
    dropped, so a name always finds the template a person wrote for it."""
    out = list(hand)
    taken: dict[tuple[str, str], int] = {}
    for index, template in enumerate(out):
        for key in (template.key, *template.redirects):
            taken.setdefault((template.lang, key), index)
    for template in generated:
        names = (template.key, *template.redirects)
        hit = next((taken[(template.lang, k)] for k in names if (template.lang, k) in taken), None)
        fresh = tuple(k for k in names if (template.lang, k) not in taken)
        if hit is not None:
            known = out[hit]
            out[hit] = finish(replace(
                known, params=known.params | template.params,
                numbered=tuple(dict.fromkeys(known.numbered + template.numbered)),
                kind=known.kind or template.kind, redirects=known.redirects + fresh,
                # A dump's count beats the hand-written estimate; 0 means the data had none.
                uses=template.uses or known.uses,
            ))
        else:
            hit = len(out)
            out.append(replace(template, redirects=tuple(r for r in template.redirects if r in fresh)))
        for key in fresh:
            taken[(template.lang, key)] = hit
    return out
