"""Split a seed into YAML front matter and Markdown body, and read the YAML faithfully.

Every scalar stays the string that was written: PyYAML's YAML 1.1 resolvers would turn
``yes`` into ``True`` and ``1:38.232`` into ``98.232``. We compose the YAML into nodes
(which keeps line numbers) and build plain Python values ourselves, with limits on
aliases, depth and size so that a hostile file cannot blow up memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

import yaml

from ..errors import SourceError

# Tags a seed may legitimately carry (explicitly or implicitly); anything else (e.g.
# ``!!python/object``) is refused rather than interpreted.
_ALLOWED_TAGS = frozenset(
    "tag:yaml.org,2002:" + t
    for t in ("str", "map", "seq", "null", "bool", "int", "float", "timestamp", "binary", "omap")
)
MAX_DEPTH = 64
MAX_NODES = 200_000
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_DEFAULT_TAGS = {
    yaml.ScalarNode: "tag:yaml.org,2002:str",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
    yaml.MappingNode: "tag:yaml.org,2002:map",
}


# libyaml's parser composes ~25x faster than PyYAML's pure-Python one; same nodes and marks.
class _Loader(getattr(yaml, "CBaseLoader", yaml.BaseLoader)):  # type: ignore[misc]
    """The base loader, minus its per-node resolver bookkeeping: a base resolver has no
    implicit or path resolvers, so every untagged node gets its kind's default tag."""

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: object, implicit: object) -> str:
        return _DEFAULT_TAGS[kind]


_LOADER = _Loader


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


@dataclass(frozen=True, slots=True)
class SplitSeed:
    """The parts of a seed file: front matter (``None`` if absent), body and its first line."""

    front: YMap | None
    body: str
    body_line: int


def decode(data: bytes, path: str) -> str:
    """UTF-8 text (BOM dropped, CRLF and lone CR made LF); UTF-16 with a BOM is accepted."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise SourceError(path, 1, f"invalid UTF-16: {exc.reason}") from None
    else:
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise SourceError(
                path, line, f"invalid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
            ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise SourceError(path, line, "NUL byte in text: this is not a text file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split(text: str, path: str) -> SplitSeed:
    """Find the ``---`` fenced front matter at the top and parse it."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return SplitSeed(None, text, 1)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            yaml_text = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return SplitSeed(parse_yaml(yaml_text, path, first_line=2), body, index + 2)
    raise SourceError(path, 1, "front matter starts with '---' but has no closing '---'")


def parse_yaml(text: str, path: str, first_line: int = 1) -> YMap:
    """Compose YAML into :class:`YValue` nodes; the top level must be a mapping."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        message = f"YAML syntax error: {exc.problem or exc}"
        if exc.context and exc.context_mark and exc.context_mark.line + first_line != line:
            message += f" ({exc.context} started on line {first_line + exc.context_mark.line})"
        raise SourceError(path, line, message) from None
    except yaml.YAMLError as exc:
        raise SourceError(path, first_line, f"YAML error: {exc}") from None
    if node is None:
        return YMap((), first_line)
    builder = _Builder(path, first_line)
    value = builder.build(node, 0)
    if not isinstance(value, YMap):
        kind = "a list" if isinstance(value, YList) else "a single value"
        raise SourceError(path, value.line, f"front matter must be a mapping of keys, not {kind}")
    return value


class _Builder:
    """Turns composed nodes into YValues, counting nodes so aliases cannot explode."""

    def __init__(self, path: str, first_line: int) -> None:
        self.path = path
        self.first_line = first_line
        self.count = 0

    def line(self, node: yaml.Node) -> int:
        return self.first_line + node.start_mark.line

    def build(self, node: yaml.Node, depth: int) -> YValue:
        # (Called for every node of every seed: local names, no helper calls on the way.)
        self.count += 1
        if self.count > MAX_NODES:
            raise SourceError(
                self.path, self.line(node),
                f"front matter expands to more than {MAX_NODES} values (YAML alias bomb?)",
            )
        if depth > MAX_DEPTH:
            raise SourceError(self.path, self.line(node), f"front matter nested deeper than {MAX_DEPTH}")
        tag = node.tag
        if tag not in _ALLOWED_TAGS and tag and tag != "!":
            raise SourceError(self.path, self.line(node), f"YAML tag {tag!r} is not allowed")
        kind = type(node)
        first = self.first_line
        line = first + node.start_mark.line
        if kind is yaml.ScalarNode:
            value = node.value
            if type(value) is not str:
                value = str(value)
            return YScalar(value, line, not node.style and value in _NULLS)
        build = self.build
        depth += 1
        if kind is yaml.SequenceNode:
            return YList(tuple([(build(item, depth), first + item.start_mark.line) for item in node.value]), line)
        if kind is yaml.MappingNode:
            items: list[tuple[str, YValue, int]] = []
            for key_node, value_node in node.value:
                if type(key_node) is not yaml.ScalarNode:
                    raise SourceError(self.path, self.line(key_node), "mapping keys must be plain text")
                key = key_node.value
                if key == "<<":
                    raise SourceError(self.path, self.line(key_node), "YAML merge keys ('<<') are not supported")
                items.append((str(key), build(value_node, depth), first + key_node.start_mark.line))
            return YMap(tuple(items), line)
        raise SourceError(self.path, line, f"unsupported YAML node {kind.__name__}")
