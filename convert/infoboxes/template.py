"""One infobox template: its parameters, aliases, variants and display order.

:class:`Template` is what the registry holds per template; :func:`finish` fills in the
vocabulary index that :meth:`Template.knows` reads (plain names in a set, numbered
patterns bucketed by the first letters of their prefix). :class:`LazyNames` keeps that
vocabulary as one string when loaded from the registry cache until first asked.
Nothing here reads files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import AbstractSet, Any, Iterable, Iterator, Mapping, Sequence

from convert.infoboxes.patterns import Pattern, compile_pattern, reduce_by_fields
from convert.infoboxes.rows import PickledRows, RowSpec

PREFIX_KEY = 3  # prefix letters that index numbered patterns


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


__all__ = ["PREFIX_KEY", "Variant", "LazyNames", "Template", "finish", "pats"]
