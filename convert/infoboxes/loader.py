"""Reading registry data files (packaged or ``--infobox-registry FILE``) into a Registry.

Every scalar is read as the string that was written (no YAML 1.1 ``yes`` -> True), every
mapping remembers its line, and any mistake raises :class:`~convert.errors.SourceError`
pointing at it. Duplicate template names are an error, except that a template in a user
file marked ``override: true`` replaces the packaged template of that name.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from convert.errors import SourceError
from convert.resources import template_path
from convert.infoboxes import registry_cache
from convert.infoboxes.patterns import compile_pattern, normalise
from convert.infoboxes.registry import Registry, make_registry
from convert.infoboxes.rows import RowSpec
from convert.infoboxes.template import Template, Variant, finish, pats

if TYPE_CHECKING:
    import yaml

_TEMPLATE_KEYS = {
    "name", "prefix", "lang", "uses", "redirects", "title", "subtitle", "subtitle_prefix",
    "image", "caption", "hidden", "aliases", "sides", "rows", "override", "note", "variants",
    "kind", "params", "from", "ignored",
}
_VARIANT_KEYS = {"name", "with_any", "without", "value_matches"}
_ROW_KINDS = ("header", "columns", "table", "pairs", "group")


class _Str(str):
    line: int = 0


class _Map(dict[str, Any]):
    line: int = 0


class _List(list[Any]):
    line: int = 0


def _located(node: yaml.Node, path: str) -> Any:
    import yaml

    line = node.start_mark.line + 1
    out: _Map | _List | _Str
    if isinstance(node, yaml.MappingNode):
        out = _Map()
        for key_node, value_node in node.value:
            key = _located(key_node, path)
            if not isinstance(key, str):
                raise SourceError(path, key_node.start_mark.line + 1, "keys must be plain text")
            if key in out:
                raise SourceError(path, key_node.start_mark.line + 1, f"duplicate key {key!r}")
            out[key] = _located(value_node, path)
    elif isinstance(node, yaml.SequenceNode):
        out = _List(_located(n, path) for n in node.value)
    else:
        out = _Str(node.value)
    out.line = line
    return out


def read_yaml(path: Path) -> Any:
    """The YAML document in ``path`` with every scalar a string and lines remembered."""
    import yaml  # only when the registry is (re)built: a cached registry needs no YAML

    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(where, 0, f"cannot read infobox registry: {exc}") from None
    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise SourceError(where, mark.line + 1 if mark else 0, f"invalid YAML: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise SourceError(where, 0, f"invalid YAML: {exc}") from None
    return _Map() if node is None else _located(node, where)


def _line(value: Any, default: int) -> int:
    return getattr(value, "line", default) or default


def _names(value: Any, path: str, line: int, what: str) -> tuple[str, ...]:
    """A scalar or a list of scalars, as a tuple of strings."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v for v in value if v.strip())
    raise SourceError(path, _line(value, line), f"{what} must be a name or a list of names")


def _row(entry: Any, path: str, line: int) -> RowSpec:
    here = _line(entry, line)
    if isinstance(entry, str):
        return RowSpec("data", None, pats([entry]))
    if not isinstance(entry, dict) or len(entry) != 1:
        raise SourceError(path, here, "a row is a parameter name or a one-key mapping")
    (key, value), = entry.items()
    if key == "header":
        if not isinstance(value, str) or not value.strip():
            raise SourceError(path, here, "'header' needs a label")
        return RowSpec("header", value.strip())
    # A kind keyword with a text value is a parameter of that name (body of water's "group").
    is_kind = key in _ROW_KINDS and isinstance(value, list)
    if is_kind and key == "group":
        if not value:
            raise SourceError(path, here, "'group' needs a list of rows")
        children = tuple(_row(child, path, here) for child in value)
        return RowSpec("group", None, tuple(p for c in children for p in c.params), children)
    if is_kind:
        params = _names(value, path, here, f"'{key}'")
        if key == "pairs" and len(params) != 2:
            raise SourceError(path, here, "'pairs' needs [label parameter, value parameter]")
        if not params:
            raise SourceError(path, here, f"'{key}' needs parameters")
        return RowSpec(key, None, pats(params))  # type: ignore[arg-type]
    if isinstance(value, str):
        return RowSpec("data", value.strip(), pats([key]))
    return RowSpec("data", key, pats(_names(value, path, here, f"row {key!r}")))


def _aliases(value: Any, path: str, line: int) -> tuple[tuple[Any, Any], ...]:
    if value is None:
        return ()
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise SourceError(path, _line(value, line), "'aliases' must map alias: parameter")
    return tuple((compile_pattern(a), compile_pattern(t)) for a, t in value.items())


def _variants(value: Any, path: str, line: int) -> tuple[Variant, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise SourceError(path, _line(value, line), "'variants' must be a list")
    out = []
    for item in value:
        here = _line(item, line)
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
            raise SourceError(path, here, "each variant is a mapping with a 'name'")
        unknown = sorted(set(item) - _VARIANT_KEYS)
        if unknown:
            raise SourceError(path, here, f"unknown variant key(s): {', '.join(unknown)}")
        matches = item.get("value_matches", {})
        if not isinstance(matches, dict) or not all(isinstance(v, str) for v in matches.values()):
            raise SourceError(path, _line(matches, here), "'value_matches' must map parameter: regular expression")
        compiled = []
        for param, regex in matches.items():
            try:
                compiled.append((compile_pattern(param), re.compile(regex, re.IGNORECASE)))
            except re.error as exc:
                raise SourceError(path, _line(regex, here), f"bad regular expression {regex!r}: {exc}") from None
        out.append(Variant(
            name=" ".join(item["name"].split()),
            with_any=pats(_names(item.get("with_any"), path, here, "'with_any'")),
            without=pats(_names(item.get("without"), path, here, "'without'")),
            value_matches=tuple(compiled),
        ))
    return tuple(out)


def build_template(entry: Any, path: str) -> Template:
    """One :class:`Template` from its data mapping (the registry's shared hidden list applies
    to every template on top of its own ``hidden``)."""
    if not isinstance(entry, dict):
        raise SourceError(path, _line(entry, 0), "each template must be a mapping")
    line = _line(entry, 0)
    unknown = sorted(set(entry) - _TEMPLATE_KEYS)
    if unknown:
        bad = entry[unknown[0]]
        raise SourceError(path, _line(bad, line), f"unknown template key(s): {', '.join(unknown)}")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise SourceError(path, line, "a template needs a 'name'")
    uses_text = entry.get("uses", "1000")
    if not isinstance(uses_text, str) or not uses_text.strip().isdigit():
        raise SourceError(path, _line(uses_text, line), "'uses' must be a whole number")
    rows_data = entry.get("rows", [])
    if not isinstance(rows_data, list):
        raise SourceError(path, _line(rows_data, line), "'rows' must be a list")
    sides = _names(entry.get("sides"), path, line, "'sides'")
    variants = _variants(entry.get("variants"), path, line)

    def text(key: str, default: str) -> str:
        value = entry.get(key, default)
        if not isinstance(value, str):
            raise SourceError(path, _line(value, line), f"'{key}' must be text")
        return value.strip()

    plain, numbered = _params(entry.get("params"), path, line)
    return finish(Template(
        name=" ".join(name.split()),
        prefix=text("prefix", "Infobox"),
        lang=text("lang", "en").lower(),
        uses=int(uses_text),
        redirects=tuple(dict.fromkeys(
            [r.lower() for r in _names(entry.get("redirects"), path, line, "'redirects'")]
            + [v.name.lower() for v in variants]  # a variant's name is a redirect too
        )),
        title=pats(_names(entry.get("title"), path, line, "'title'")),
        subtitle=pats(_names(entry.get("subtitle"), path, line, "'subtitle'")),
        subtitle_prefix=text("subtitle_prefix", ""),
        image=pats(_names(entry.get("image"), path, line, "'image'")),
        caption=pats(_names(entry.get("caption"), path, line, "'caption'")),
        hidden=pats(_names(entry.get("hidden"), path, line, "'hidden'")),
        aliases=_aliases(entry.get("aliases"), path, line),
        sides=compile_pattern(sides[0]) if sides else None,
        rows=tuple(_row(r, path, line) for r in rows_data),
        variants=variants,
        kind=text("kind", ""),
        params=plain,
        numbered=numbered,
    ))


def _params(value: Any, path: str, line: int) -> tuple[frozenset[str], tuple[Any, ...]]:
    """``params`` (a list of names, or a mapping name -> usage count as the generated data
    has it): the plain names, interned so that the registry cache stores each once, and the
    numbered ones as patterns."""
    if value is None:
        return frozenset(), ()
    if not isinstance(value, (dict, list)) or not all(isinstance(v, str) for v in value):
        raise SourceError(path, _line(value, line), "'params' must list parameter names")
    names = [normalise(v) for v in value]
    plain = frozenset(sys.intern(n) for n in names if "{" not in n and n)
    return plain, pats(n for n in names if "{" in n)


def _entries(doc: Any, path: str) -> list[Any]:
    if not isinstance(doc, dict):
        raise SourceError(path, _line(doc, 1), "an infobox registry is a mapping with 'templates:'")
    entries = doc.get("templates", [])
    if not isinstance(entries, list):
        raise SourceError(path, _line(entries, 1), "'templates' must be a list of templates")
    return entries


@lru_cache(maxsize=8)
def packaged(lang: str = "en") -> Registry:
    """The registry shipped in ``templates/infoboxes/`` for articles of wiki language ``lang``
    (read once per process and language): the hand-written templates of every language
    over the generated data of ``lang`` (see :mod:`convert.infoboxes.generated`).

    Building it from YAML takes longer than converting an article, so the result is cached
    on disk, keyed by the files' bytes and the program version.
    """
    from convert.infoboxes.generated import generated_file

    root = template_path("infoboxes/registry.yaml")
    data = generated_file(lang)
    # The code that builds and defines the registry is part of the key: a cache pickled by
    # another version of these classes must not be loaded into this one.
    here = Path(__file__)
    code = [here] + [here.with_name(name) for name in ("registry.py", "template.py", "rows.py", "patterns.py",
                                                       "generated.py")]
    files = sorted(root.parent.glob("*.yaml")) + ([data] if data else []) + code
    return registry_cache.cached(files, lambda: _build_packaged(root, data))


def read_generated(path: Path) -> list[Template]:
    """The templates of one generated data file (:mod:`convert.infoboxes.generated`)."""
    from convert.infoboxes.generated import read_document

    return [build_template(entry, str(path)) for entry in _entries(read_document(path), str(path))]


def _build_packaged(root: Path, data: Path | None = None) -> Registry:
    from convert.infoboxes.generated import overlay

    doc = read_yaml(root)
    where = str(root)
    defaults_data = doc.get("defaults", {}) if isinstance(doc, dict) else {}
    defaults = {k: _names(v, where, 1, f"defaults.{k}") for k, v in defaults_data.items()}
    files = [(root, doc)]
    for name in _names(doc.get("include") if isinstance(doc, dict) else None, where, 1, "'include'"):
        files.append((root.parent / name, read_yaml(root.parent / name)))
    templates: list[Template] = []
    seen: dict[tuple[str, str], str] = {}
    for path, data_doc in files:
        for entry in _entries(data_doc, str(path)):
            template = build_template(entry, str(path))
            _claim(template, seen, str(path), _line(entry, 0))
            templates.append(template)
    if data is not None:
        templates = overlay(templates, read_generated(data))
    generic = finish(Template(
        name="", prefix="Infobox", uses=0, title=pats(defaults.get("title", ())),
        image=pats(defaults.get("image", ())), caption=pats(defaults.get("caption", ())),
        hidden=pats(defaults.get("hidden", ())),
    ))
    return make_registry(templates, generic, generic.hidden, pats(defaults.get("everywhere", ())),
                         pats(defaults.get("never_shown", ())))


def _claim(template: Template, seen: dict[tuple[str, str], str], path: str, line: int) -> None:
    """Record the names of ``template`` (per wiki language); a name already taken is an error."""
    for key in (template.key, *template.redirects):
        if (template.lang, key) in seen:
            owner = seen[(template.lang, key)]
            raise SourceError(path, line, f"template name {key!r} is already used by {owner!r}")
        seen[(template.lang, key)] = template.key


def with_user_file(base: Registry, path: Path) -> Registry:
    """``base`` plus the templates of a user registry file (``override: true`` to replace)."""
    where = str(path)
    doc = read_yaml(path)
    seen: dict[tuple[str, str], str] = {}
    for t in base.templates:
        for key in (t.key, *t.redirects):
            seen.setdefault((t.lang, key), t.key)
    added: list[Template] = []
    for entry in _entries(doc, where):
        template = build_template(entry, where)
        line = _line(entry, 0)
        override = isinstance(entry, dict) and str(entry.get("override", "")).lower() in ("true", "yes")
        owner = seen.get((template.lang, template.key))
        if override and owner is not None:
            # Replacing a whole template frees its redirects; taking over a redirect frees just it.
            for stale in [k for k, v in seen.items() if v == owner and k[0] == template.lang] \
                    if owner == template.key else [(template.lang, template.key)]:
                del seen[stale]
        try:
            _claim(template, seen, where, line)
        except SourceError as exc:
            raise SourceError(where, line, exc.message + " (add 'override: true' to replace it)") from None
        added.append(template)
    replaced = {(t.lang, t.key) for t in added}
    kept = [t for t in base.templates if (t.lang, t.key) not in replaced]
    return make_registry([*kept, *added], base.generic, base.shared_hidden, base.everywhere, base.never_shown)


__all__ = ["packaged", "with_user_file", "read_yaml", "read_generated", "build_template", "normalise"]
