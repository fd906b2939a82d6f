"""Parameter names and the numbered patterns of the registry data.

A registry parameter is either a plain name (``birth_date``) or a pattern with numbered
slots: ``{n}`` is one or more digits (``combatant{n}`` -> ``combatant1``), ``{n?}`` zero or
more (``leader_title{n?}`` -> ``leader_title``, ``leader_title1``); ``{m}``/``{m?}`` name a
second slot (``blank{n?}_name_sec{m}``). A ``*`` is a wildcard (only sensible in ``hidden``).
Names are compared after :func:`normalise`, so ``Former names`` matches ``former_names``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


_SLOT = re.compile(r"\{([nm])(\??)\}|\*")
_SPACES = re.compile(r"[\s_]+")


def normalise(name: str) -> str:
    """The comparison form of a parameter name: lower case, spaces and ``_`` runs as one ``_``."""
    return _SPACES.sub("_", name.strip().lower()).strip("_")


def reduce_by_fields(obj: Any) -> tuple[Any, ...]:
    """``__reduce__`` for the registry's slotted frozen dataclasses: unpickled by calling the
    class with the field values. Their default ``__setstate__`` walks ``dataclasses.fields()``
    in Python for every object, and the registry cache holds thousands of them."""
    return type(obj), tuple(getattr(obj, name) for name in obj.__dataclass_fields__)


@dataclass(frozen=True, slots=True)
class Pattern:
    """One registry parameter name, plain or numbered, in normalised form."""

    source: str
    regex: str | None
    """The regular expression of a numbered name (compiled on first use), None when plain."""
    prefix: str = ""
    """The literal text before the first slot (the whole name when plain): an index key."""
    suffix: str = ""
    """The literal text after the last slot: a name that does not end with it cannot match."""
    digit_first: bool = False
    """Whether the first slot needs a digit right after ``prefix`` (``{n}``, not ``{n?}``)."""

    __reduce__ = reduce_by_fields

    @property
    def plain(self) -> bool:
        """True when the name has no numbered slot or wildcard."""
        return self.regex is None

    def match(self, name: str) -> tuple[int, int] | None:
        """The slot numbers of normalised ``name`` (``(0, 0)`` for a plain match), or None."""
        if self.regex is None:
            return (0, 0) if name == self.source else None
        if not name.startswith(self.prefix):
            return None
        if self.source.startswith("*") and "{" not in self.source and "*" not in self.source[1:]:
            return (0, 0) if name.endswith(self.source[1:]) else None
        # Cheap string checks first: most names tried against a numbered pattern share only
        # its first letters, and compiling its regular expression costs a one-shot call more
        # than the rest of the look-up (the registry has hundreds of numbered names).
        if not name.endswith(self.suffix) or len(name) < len(self.prefix) + len(self.suffix):
            return None
        if self.digit_first and not name[len(self.prefix):len(self.prefix) + 1].isdigit():
            return None
        found = _compiled(self.regex).fullmatch(name)
        if found is None:
            return None
        groups = found.groupdict()
        return (_number(groups.get("n")), _number(groups.get("m")))

    def expand(self, n: int, m: int = 0) -> str:
        """The concrete name for slot numbers ``n`` (0 = no digits for ``{n?}``) and ``m``."""
        def fill(found: re.Match[str]) -> str:
            if found.group(0) == "*":
                return "*"
            value = n if found.group(1) == "n" else m
            return "" if value == 0 and found.group(2) else str(value)

        return _SLOT.sub(fill, self.source)


@lru_cache(maxsize=4096)
def _compiled(regex: str) -> re.Pattern[str]:
    # Compiling the registry's few hundred numbered names eagerly cost a one-shot CLI call
    # more than converting the article; most are never matched against anything.
    return re.compile(regex)


def _number(digits: str | None) -> int:
    return int(digits) if digits else 0


@lru_cache(maxsize=8192)
def compile_pattern(text: str) -> Pattern:
    """A :class:`Pattern` for a registry parameter (``casualties{n}``, ``*_width``...)."""
    source = normalise(text)
    first = _SLOT.search(source)
    if first is None:
        return Pattern(source, None, source)
    parts: list[str] = []
    seen: set[str] = set()
    pos = 0
    for found in _SLOT.finditer(source):
        parts.append(re.escape(source[pos:found.start()]))
        if found.group(0) == "*":
            parts.append(".*")
        else:
            slot, optional = found.group(1), found.group(2)
            digits = r"\d*" if optional else r"\d+"
            parts.append(f"(?P={slot})" if slot in seen else f"(?P<{slot}>{digits})")
            seen.add(slot)
        pos = found.end()
    parts.append(re.escape(source[pos:]))
    return Pattern(source, "".join(parts), source[:first.start()], source[pos:],
                   first.group(0) != "*" and not first.group(2))


def humanize(name: str) -> str:
    """``birth_place`` -> ``Birth place``: the label of a parameter no template names."""
    words = " ".join(name.replace("_", " ").split())
    return words[:1].upper() + words[1:]

