"""The template registry: every known infobox template, indexed for the lookups that
inference and layout need.

Built from plain data (see ``templates/infoboxes/registry.yaml`` for the format) by
:mod:`convert.infoboxes.loader`, which makes each :class:`~convert.infoboxes.template.Template`
(:mod:`convert.infoboxes.template`; display rows in :mod:`convert.infoboxes.rows`) and
hands them to :func:`make_registry`. This module holds the indexes built once there (who
knows a parameter name, templates per language, names and redirects) and the lookups
over them: :meth:`Registry.find` by template name, :meth:`Registry.knowers` and
:meth:`Registry.evidence` by parameter name, :meth:`Registry.respelled` for names spelled
with other separators (:func:`squash`). Nothing here reads files.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from convert.infoboxes.patterns import Pattern, reduce_by_fields
from convert.infoboxes.rows import PickledRows, RowKind, RowSpec
from convert.infoboxes.template import PREFIX_KEY, LazyNames, Template, Variant, finish, pats

@dataclass(frozen=True, slots=True)
class Registry:
    """All known templates plus the generic box used when inference is not confident."""

    templates: tuple[Template, ...]
    generic: Template
    prefixes: tuple[str, ...] = ("infobox",)
    shared_hidden: tuple[Pattern, ...] = ()
    """Presentation-only parameters of every template (``image_size``...), from the defaults."""
    _names: Mapping[str, tuple[Template, ...]] = field(default_factory=dict, repr=False)
    _knowers: dict[str, frozenset[int]] = field(default_factory=dict, repr=False, compare=False)
    """Memo of :meth:`knowers`: inference asks the same few hundred names again and again."""
    _ranking: tuple[tuple[str, str, float], ...] = field(default=(), repr=False, compare=False)
    """Per template: language, key and popularity prior, precomputed for inference."""
    _owners: Mapping[str, int | tuple[int, ...]] | None = field(default=None, repr=False, compare=False)
    """Per plain parameter name, the templates that know it (built by :func:`make_registry`)."""
    _numbered: Mapping[str, tuple[tuple[Pattern, int], ...]] = field(default_factory=dict, repr=False,
                                                                     compare=False)
    """Every template's numbered patterns with its index, by the same prefix key as
    ``Template._buckets``: a new name is then checked against a few patterns, not 100 templates."""
    _langs: Mapping[str, frozenset[int]] | None = field(default=None, repr=False, compare=False)
    """Per wiki language, the indexes of its templates (built by :func:`make_registry`)."""
    _evidence: dict[tuple[str, str], tuple[float, frozenset[int]]] = field(
        default_factory=dict, repr=False, compare=False)
    """Memo of :meth:`evidence`, per language and name."""
    everywhere: tuple[Pattern, ...] = ()
    """Names every box has (``name``, ``image``, ``caption`` and their forms in other
    Wikipedias): no evidence of any template, though DBpedia's mappings, which list only
    the parameters DBpedia reads, leave them out of many templates."""
    never_shown: tuple[Pattern, ...] = ()
    """Parameters no box displays (``alt_flag``, ``linking_name``...) that still tell
    templates apart (``pushpin_map`` is a place's): hidden by layouts, weighed by inference."""
    _squashed: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    """Squashed form -> registry name (:meth:`respelled`), built on first need."""

    __reduce__ = reduce_by_fields

    def knowers(self, name: str) -> frozenset[int]:
        """Indexes of the templates that know normalised parameter ``name``."""
        known = self._knowers.get(name)
        if known is None:
            if self.is_shared_hidden(name) or self.is_shared(name):  # belong to every template
                known = frozenset(range(len(self.templates)))
            elif self._owners is None:  # a Registry made without make_registry: no index
                known = frozenset(i for i, t in enumerate(self.templates) if t.knows(name))
            else:
                owned = self._owners.get(name, ())
                owners = {owned} if isinstance(owned, int) else set(owned)
                for pattern, index in self._numbered.get(name[:PREFIX_KEY], ()) + self._numbered.get("", ()):
                    if index not in owners and pattern.match(name) is not None:
                        owners.add(index)
                known = frozenset(owners)
            if len(self._knowers) < 100_000:  # bounded: hostile inputs invent names freely
                self._knowers[name] = known
        return known

    def members(self, lang: str) -> frozenset[int]:
        """Indexes of the templates of wiki language ``lang``."""
        if self._langs is not None:
            return self._langs.get(lang, frozenset())
        return frozenset(i for i, t in enumerate(self.templates)
                         if t.lang == lang and (t._plain or t._buckets))

    def evidence(self, name: str, lang: str) -> tuple[float, frozenset[int]]:
        """The IDF weight of normalised parameter ``name`` among the templates of ``lang``,
        and the indexes of those of them that know it.

        Counted within one language: a name is common or rare among the templates that
        compete for an article, and adding another Wikipedia's templates (which never
        compete with these) must not change the weights, nor so the answers, of this one."""
        found = self._evidence.get((lang, name))
        if found is None:
            members = self.members(lang)
            known = self.knowers(name) & members
            found = (math.log((len(members) + 1) / (len(known) + 0.5)), known)
            if len(self._evidence) < 100_000:  # bounded like the knowers memo
                self._evidence[(lang, name)] = found
        return found

    def find(self, name: str, lang: str = "en") -> Template | None:
        """The template called ``name`` (``Infobox military conflict``, ``military conflict``,
        a redirect such as ``Infobox NFL player``), case-insensitively, preferring wiki
        language ``lang`` when two languages share a name; None if unknown."""
        key = " ".join(name.replace("_", " ").split()).lower()
        candidates = self._names.get(key, ())
        for prefix in self.prefixes:
            if not candidates and key.startswith(prefix + " "):
                candidates = self._names.get(key[len(prefix) + 1:], ())
        for template in candidates:
            if template.lang == lang:
                return template
        return candidates[0] if candidates else None

    def respelled(self, name: str) -> str | None:
        """The registry's spelling of normalised ``name`` when only separators or a plural
        ``s`` differ (``birthdate``, ``birth-place``, ``occupations`` -> ``occupation``),
        else None. Old revisions and hand-typed boxes spell names so; a name the registry
        knows as written never comes here."""
        if not self._squashed and self._owners:
            index = self._squashed
            for known in sorted(self._owners, key=len):  # the shortest spelling wins a clash
                index.setdefault(squash(known), known)
        found = self._squashed.get(squash(name))
        return found if found is not None and found != name else None

    def is_shared(self, name: str) -> bool:
        """Whether normalised ``name`` is one every box has (:attr:`everywhere`): counted as
        known to all templates, so its weight is nil however few templates list it."""
        return any(p.match(name) is not None for p in self.everywhere)

    @property
    def display_hidden(self) -> tuple[Pattern, ...]:
        """What layouts hide in every template: :attr:`shared_hidden` and :attr:`never_shown`."""
        return self.shared_hidden + self.never_shown

    def is_shared_hidden(self, name: str) -> bool:
        """Whether normalised ``name`` is presentation-only in every template."""
        return any(p.match(name) is not None for p in self.shared_hidden)

    def ranking(self, index: int) -> tuple[str, str, float]:
        """Language, key and ``log10(uses + 1)`` of template ``index``."""
        if self._ranking:
            return self._ranking[index]
        t = self.templates[index]
        return t.lang, t.key, math.log10(t.uses + 1)


_SEPARATORS = re.compile(r"[_\-.\s]+")


def squash(name: str) -> str:
    """``birth_date`` and ``birthdate`` alike: separators dropped, one plural ``s`` too."""
    bare = _SEPARATORS.sub("", name)
    return bare[:-1] if bare.endswith("s") and len(bare) > 3 else bare


def make_registry(
    templates: Iterable[Template], generic: Template, shared_hidden: tuple[Pattern, ...] = (),
    everywhere: tuple[Pattern, ...] = (), never_shown: tuple[Pattern, ...] = (),
) -> Registry:
    """A :class:`Registry`; a later template replaces an earlier one of the same name and
    language (the loader has already decided that a replacement is allowed)."""
    ordered: dict[tuple[str, str], Template] = {}
    for template in templates:
        ordered[(template.lang, template.key)] = template
    names: dict[str, list[Template]] = {}
    for template in ordered.values():
        names.setdefault(template.key, []).insert(0, template)  # own names before redirects
    for template in ordered.values():
        for redirect in template.redirects:
            names.setdefault(redirect, []).append(template)
    prefixes = tuple(dict.fromkeys(t.prefix.lower() for t in ordered.values() if t.prefix))
    frozen = {k: tuple(v) for k, v in names.items()}
    templates = tuple(ordered.values())
    ranking = tuple((t.lang, t.key, math.log10(t.uses + 1)) for t in templates)
    owners: dict[str, set[int]] = {}
    numbered: dict[str, list[tuple[Pattern, int]]] = {}
    langs: dict[str, set[int]] = {}
    for index, template in enumerate(templates):
        for name in template._plain:
            owners.setdefault(name, set()).add(index)
        for key, patterns in (template._buckets or {}).items():
            numbered.setdefault(key, []).extend((p, index) for p in patterns)
        if template._plain or template._buckets:  # a name-only template is no evidence
            langs.setdefault(template.lang, set()).add(index)
    return Registry(
        templates, generic, prefixes or ("infobox",), shared_hidden, frozen, {}, ranking,
        # One owner as a bare int, more as a tuple: most names belong to one template, and
        # an int unpickles for nothing where a frozenset is an object to build.
        {k: (next(iter(v)) if len(v) == 1 else tuple(sorted(v))) for k, v in owners.items()},
        {k: tuple(v) for k, v in numbered.items()},
        {k: frozenset(v) for k, v in langs.items()}, {}, everywhere, never_shown,
    )


# The template and row classes lived here until the registry was split, and stay
# importable from here (tests and plug-in registries name them so); code inside
# ``convert`` imports them from their own modules.
__all__ = [
    "Registry", "make_registry", "squash",
    "PREFIX_KEY", "RowKind", "RowSpec", "PickledRows", "LazyNames", "Variant", "Template", "finish", "pats",
]
