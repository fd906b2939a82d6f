"""The template registry: what each Wikipedia infobox template knows and how it is drawn.

Built from plain data (see ``templates/infoboxes/registry.yaml`` for the format) by
:mod:`convert.infoboxes.loader`; this module holds the typed result and the lookups that
inference and layout need. Nothing here reads files.
"""

from __future__ import annotations

import math
import pickle
import re
from dataclasses import dataclass, field, replace
from typing import AbstractSet, Any, Iterable, Iterator, Literal, Mapping, Sequence, overload

from convert.infoboxes.patterns import Pattern, compile_pattern, reduce_by_fields

PREFIX_KEY = 3  # prefix letters that index numbered patterns

RowKind = Literal["data", "header", "columns", "table", "pairs", "group"]


@dataclass(frozen=True, slots=True)
class RowSpec:
    """One entry of a template's display order.

    ``data``: a label and one or more parameters shown under it (the first present one carries
    the label, the rest continue the row with label ``""``); ``header``: a band; ``columns``:
    one side-by-side row per parameter pattern (``combatant{n}``); ``table``: one
    side-by-side row per number (``years{n}``, ``clubs{n}``...); ``pairs``: a label
    parameter and a value parameter sharing a number (``leader_title1`` / ``leader_name1``);
    ``group``: ``children`` repeated once per number present (office 1, then office 2...).
    """

    kind: RowKind
    label: str | None
    params: tuple[Pattern, ...] = ()
    children: tuple[RowSpec, ...] = ()

    __reduce__ = reduce_by_fields


@dataclass(frozen=True, slots=True)
class Variant:
    """A redirect that editors use for one recognisable kind of box, written instead of the
    template's own name when its conditions hold: ``Infobox judge`` for an officeholder
    whose office is a court's. Every condition given must hold: at least one ``with_any``
    parameter present, no ``without`` parameter present, and some ``value_matches`` pair's
    regular expression found (case-insensitively) in that parameter's text."""

    name: str
    with_any: tuple[Pattern, ...] = ()
    without: tuple[Pattern, ...] = ()
    value_matches: tuple[tuple[Pattern, re.Pattern[str]], ...] = ()

    __reduce__ = reduce_by_fields

    def applies(self, fields: Mapping[str, str]) -> bool:
        """Whether the variant fits ``fields`` (normalised name -> plain text)."""
        def present(patterns: tuple[Pattern, ...]) -> bool:
            return any(p.match(name) is not None for p in patterns for name in fields)

        if self.with_any and not present(self.with_any):
            return False
        if self.without and present(self.without):
            return False
        if self.value_matches and not any(
            regex.search(text) for param, regex in self.value_matches
            for name, text in fields.items() if param.match(name) is not None
        ):
            return False
        return True


class PickledRows(Sequence[RowSpec]):
    """A template's display rows as loaded from the registry cache: kept pickled until a
    layout first reads them.

    Only layouts read rows (inference needs the vocabulary index alone), a run draws few of
    the registry's templates, and the rows are most of its objects: unpickling all of them
    made every one-shot call pay for the whole registry's layouts. A sequence equal to the
    tuple of rows it stands for."""

    __slots__ = ("_blob", "_rows")

    def __init__(self, blob: bytes) -> None:
        self._blob = blob
        self._rows: tuple[RowSpec, ...] | None = None

    @classmethod
    def of(cls, rows: Sequence[RowSpec]) -> PickledRows:
        """``rows`` as a PickledRows (itself if it already is one, still unread or not)."""
        if isinstance(rows, PickledRows):
            return rows
        return cls(pickle.dumps(tuple(rows), protocol=pickle.HIGHEST_PROTOCOL))

    @property
    def unread(self) -> bool:
        """Whether the rows are still pickled (no layout has read them yet)."""
        return self._rows is None

    def _get(self) -> tuple[RowSpec, ...]:
        if self._rows is None:
            self._rows = pickle.loads(self._blob)  # noqa: S301 - written with the registry cache
        return self._rows

    def __reduce__(self) -> tuple[Any, ...]:
        return PickledRows, (self._blob,)

    @overload
    def __getitem__(self, index: int) -> RowSpec: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[RowSpec]: ...
    def __getitem__(self, index: int | slice) -> RowSpec | Sequence[RowSpec]:
        return self._get()[index]

    def __len__(self) -> int:
        return len(self._get())

    def __iter__(self) -> Iterator[RowSpec]:
        return iter(self._get())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (PickledRows, tuple)):
            return self._get() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._get())

    def __repr__(self) -> str:
        return repr(self._get())


class LazyNames(AbstractSet[str]):
    """A frozen set of parameter names as loaded from the registry cache: kept as one
    newline-joined string until first asked (see :class:`PickledRows` for why: a one-shot
    call uses the vocabulary of a template or two, and the generated data's thousands of
    names, unpickled as set members, were most of a call's registry load)."""

    __slots__ = ("_blob", "_names")

    def __init__(self, blob: str) -> None:
        self._blob = blob
        self._names: frozenset[str] | None = None

    @classmethod
    def of(cls, names: AbstractSet[str]) -> LazyNames:
        """``names`` as a LazyNames (itself if it already is one)."""
        return names if isinstance(names, LazyNames) else cls("\n".join(sorted(names)))

    @classmethod
    def _from_iterable(cls, items: Iterable[Any]) -> AbstractSet[Any]:
        return frozenset(items)  # set operations give plain frozensets

    def _get(self) -> frozenset[str]:
        if self._names is None:
            self._names = frozenset(self._blob.split("\n")) if self._blob else frozenset()
        return self._names

    def __reduce__(self) -> tuple[Any, ...]:
        return LazyNames, (self._blob,)

    def __contains__(self, name: object) -> bool:
        return name in self._get()

    def __iter__(self) -> Iterator[str]:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())

    def __hash__(self) -> int:
        return hash(self._get())


@dataclass(frozen=True, slots=True)
class Template:
    """One infobox template: its parameters, aliases and display order.

    ``name`` is spelled as after the prefix on Wikipedia (``NFL biography``); ``key`` is its
    lower-cased form, the model's ``Infobox.template``. ``redirects`` are other names of the
    same template (lower case). ``uses`` is the rough number of pages using it, a prior that
    only breaks ties.
    """

    name: str
    prefix: str = "Infobox"
    lang: str = "en"
    uses: int = 1000
    redirects: tuple[str, ...] = ()
    title: tuple[Pattern, ...] = ()
    subtitle: tuple[Pattern, ...] = ()
    subtitle_prefix: str = ""
    image: tuple[Pattern, ...] = ()
    caption: tuple[Pattern, ...] = ()
    hidden: tuple[Pattern, ...] = ()
    aliases: tuple[tuple[Pattern, Pattern], ...] = ()
    sides: Pattern | None = None
    rows: Sequence[RowSpec] = ()
    """Display order (a tuple; :class:`PickledRows` when loaded from the registry cache)."""
    variants: tuple[Variant, ...] = ()
    """Redirect names chosen over ``name`` for boxes that fit them (first that fits wins)."""
    kind: str = ""
    """What the box describes, from the generated data (DBpedia's class: ``City``)."""
    params: frozenset[str] = frozenset()
    """Plain parameter names known from the generated data only (no display row: a layout
    shows them after the rows, humanized). Kept as strings, not patterns: the generated data
    is most of the registry and a one-shot call unpickles all of it."""
    numbered: tuple[Pattern, ...] = ()
    """Numbered parameter names of the generated data (``years{n}``)."""
    _plain: frozenset[str] = field(default=frozenset(), repr=False)
    _numbered: tuple[Pattern, ...] = field(default=(), repr=False)
    _buckets: Mapping[str, tuple[Pattern, ...]] | None = field(default=None, repr=False)
    """Numbered patterns by prefix key (None: none; a default the fast ``__init__`` allows)."""

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled like the other registry classes, but with the rows as one still-pickled
        blob that is only unpickled when a layout asks for them (:class:`PickledRows`)."""
        cls, values = reduce_by_fields(self)
        names = list(self.__dataclass_fields__)
        out = list(values)
        out[names.index("rows")] = PickledRows.of(self.rows)
        vocabulary = LazyNames.of(self._plain)  # the same object for both when they are
        out[names.index("_plain")] = vocabulary
        out[names.index("params")] = vocabulary if self.params is self._plain else LazyNames.of(self.params)
        return cls, tuple(out)

    @property
    def key(self) -> str:
        """The lower-cased name: ``military conflict``."""
        return self.name.lower()

    @property
    def template_name(self) -> str:
        """What goes inside ``{{...}}``: ``Infobox military conflict``."""
        return f"{self.prefix} {self.name}".strip()

    def knows(self, name: str) -> bool:
        """Whether normalised parameter ``name`` belongs to this template (alias, hidden too)."""
        if name in self._plain:
            return True
        # Numbered patterns are indexed by the first letters of their literal prefix.
        buckets = self._buckets
        if not buckets:
            return False
        candidates = buckets.get(name[:PREFIX_KEY], ()) + buckets.get("", ())
        return bool(candidates) and any(p.match(name) is not None for p in candidates)

    def canonical(self, name: str) -> str:
        """Normalised ``name`` with an alias replaced by the parameter it stands for."""
        for alias, target in self.aliases:
            numbers = alias.match(name)
            if numbers is not None:
                return target.expand(*numbers)
        return name

    def variant_for(self, fields: Mapping[str, str]) -> Variant | None:
        """The first variant that fits ``fields`` (normalised name -> plain text), if any."""
        for variant in self.variants:
            if variant.applies(fields):
                return variant
        return None

    def is_hidden(self, name: str) -> bool:
        """Whether normalised ``name`` is presentation-only (never displayed)."""
        return any(p.match(name) is not None for p in self.hidden)


def finish(template: Template) -> Template:
    """``template`` with its vocabulary index filled in (call once after construction)."""
    patterns: list[Pattern] = [
        *template.title, *template.subtitle, *template.image, *template.caption,
        *template.hidden, *(a for pair in template.aliases for a in pair), *template.numbered,
    ]
    if template.sides is not None:
        patterns.append(template.sides)
    stack = list(template.rows)
    while stack:
        row = stack.pop()
        patterns.extend(row.params)
        stack.extend(row.children)
    own = frozenset(p.source for p in patterns if p.plain)
    # A generated-only template's vocabulary is its params: the same object, pickled once.
    plain = own | template.params if own else template.params
    numbered = tuple(
        dict.fromkeys(p for p in patterns if not p.plain and p.source != "*")
    )
    buckets: dict[str, list[Pattern]] = {}
    for p in numbered:
        buckets.setdefault(p.prefix[:PREFIX_KEY] if len(p.prefix) >= PREFIX_KEY else "", []).append(p)
    return replace(template, _plain=plain, _numbered=numbered, _buckets={k: tuple(v) for k, v in buckets.items()})


def pats(names: Iterable[str]) -> tuple[Pattern, ...]:
    """Compile parameter names into patterns, keeping order."""
    return tuple(compile_pattern(n) for n in names)


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

