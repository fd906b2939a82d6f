"""The front matter as read: YAML mappings, sequences and scalars with their lines.

Every scalar stays the string that was written (no YAML 1.1 type guessing), and every
value knows its 1-based line for messages. Both YAML readers build these: the block
subset reader (:mod:`.blockyaml`) and the PyYAML path (:mod:`.yamlfull`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union


# Limits that keep a hostile file (alias bombs, deep nesting) from blowing up memory.
MAX_DEPTH = 64
MAX_NODES = 200_000
MAX_TEXT = 10 * 1024 * 1024  # characters of text, aliases counted each time they are used
# Plain scalars that YAML reads as null.
NULLS = frozenset(("", "~", "null", "Null", "NULL"))


@dataclass(frozen=True, slots=True)
class YMap:
    """A YAML mapping: ``items`` in source order, each ``(key, value, line)``; ``line`` 1-based."""

    items: tuple[tuple[str, YValue, int], ...]
    line: int


@dataclass(frozen=True, slots=True)
class YList:
    """A YAML sequence with the line of each item."""

    items: tuple[tuple[YValue, int], ...]
    line: int


@dataclass(frozen=True, slots=True)
class YScalar:
    """A scalar exactly as written (quotes and block styles resolved, no type guessing).

    ``null`` is true for an empty plain scalar or ``~``/``null`` written plainly.
    """

    text: str
    line: int
    null: bool = False


YValue = Union[YMap, YList, YScalar]
