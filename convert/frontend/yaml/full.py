"""Read any YAML front matter with PyYAML (libyaml's parser where installed).

The general path behind :mod:`.blockyaml`: comments, anchors, flow collections, escapes...
PyYAML composes nodes (which keep line numbers); we build :class:`YValue` nodes from them
ourselves rather than let YAML 1.1 resolvers turn ``yes`` into ``True`` and ``1:38.232``
into ``98.232``, with limits on aliases, depth and size so that a hostile file cannot
blow up memory. Imported only when a seed needs it: PyYAML's import is a third of a
one-file conversion's start-up.
"""

from __future__ import annotations

import re

import yaml

from convert.errors import SourceError
from convert.frontend.yaml.values import MAX_DEPTH, MAX_NODES, MAX_TEXT, NULLS, YList, YMap, YScalar, YValue

# Tags a seed may legitimately carry (explicitly or implicitly); anything else (e.g.
# ``!!python/object``) is refused rather than interpreted.
_ALLOWED_TAGS = frozenset(
    "tag:yaml.org,2002:" + t
    for t in ("str", "map", "seq", "null", "bool", "int", "float", "timestamp", "binary", "omap")
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
_DEFAULT_TAGS = {
    yaml.ScalarNode: "tag:yaml.org,2002:str",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
    yaml.MappingNode: "tag:yaml.org,2002:map",
}


class _PyLoader(yaml.BaseLoader):
    """The base loader, minus its per-node resolver bookkeeping: a base resolver has no
    implicit or path resolvers, so every untagged node gets its kind's default tag."""

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: object, implicit: object) -> str:
        return _DEFAULT_TAGS[kind]


# libyaml's parser composes ~25x faster than PyYAML's pure-Python one; same nodes and marks.
if hasattr(yaml, "CBaseLoader"):
    class _Loader(yaml.CBaseLoader):  # type: ignore[misc]
        """:class:`_PyLoader` on libyaml."""

        descend_resolver = _PyLoader.descend_resolver
        ascend_resolver = _PyLoader.ascend_resolver
        resolve = _PyLoader.resolve

    _LOADER: type = _Loader
else:
    _LOADER = _PyLoader


def compose(text: str, path: str, first_line: int) -> YValue | None:
    """Compose YAML with PyYAML into :class:`YValue` nodes (``None`` for no document)."""
    try:
        try:
            node = yaml.compose(text, Loader=_LOADER)
        except yaml.MarkedYAMLError as exc:
            if _LOADER is _PyLoader or "escape" not in str(exc.problem) or not _ESCAPED_SURROGATE.search(text):
                raise
            # A surrogate pair written as two escapes ("\ud83d\ude00", as JSON encoders
            # write an emoji): YAML 1.2 reads JSON, but libyaml refuses each half. PyYAML's
            # own reader decodes them (one half each; _Builder joins them), more slowly,
            # so only for a document libyaml refused for them.
            node = yaml.compose(text, Loader=_PyLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        message = f"YAML syntax error: {exc.problem or exc}"
        if exc.context and exc.context_mark and exc.context_mark.line + first_line != line:
            message += f" ({exc.context} started on line {first_line + exc.context_mark.line})"
        raise SourceError(path, line, message) from None
    except yaml.reader.ReaderError as exc:
        # A character YAML refuses (a raw control character...): its line, not the first.
        # (libyaml gives a UTF-8 byte offset, PyYAML a character one: the reader stops at
        # the first such character, so its first occurrence is where it is.)
        bad = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        line = first_line + text.count("\n", 0, max(0, text.find(bad)))
        raise SourceError(path, line, f"YAML error: character U+{ord(bad[:1] or '?'):04X} is not allowed in YAML") from None
    except yaml.YAMLError as exc:
        raise SourceError(path, first_line, f"YAML error: {exc}") from None
    if node is None:
        return None
    return _Builder(path, first_line, len(text)).build(node, 0)


def _no_nul(text: str) -> str:
    """``text`` with each NUL (only a ``"\\0"`` escape can write one) made U+FFFD.

    A NUL byte in the file is refused as binary, but an escaped one is text that no
    output can carry: mwparserfromhell stops reading wikitext at it, XML forbids it. The
    body's ``&#0;`` becomes U+FFFD (CommonMark's rule); front matter text does the same."""
    return text.replace("\x00", "\ufffd")


class _Builder:
    """Turns composed nodes into YValues, counting nodes and text so aliases cannot explode."""

    def __init__(self, path: str, first_line: int, size: int = 0) -> None:
        self.path = path
        self.first_line = first_line
        self.count = 0
        self.chars = 0
        # Counting nodes is not enough: 3,000 aliases of one 100 KB string (112 KB of
        # YAML) expanded to 300 MB of text, and to a 1.2 GB JSON file in 10 GB of memory.
        # Without aliases the text is at most the front matter's own size.
        self.max_chars = max(MAX_TEXT, 2 * size)

    def line(self, node: yaml.Node) -> int:
        return self.first_line + node.start_mark.line

    def surrogates(self, value: str, line: int) -> str:
        """``value`` with escaped surrogate pairs joined: PyYAML's pure-Python reader (used
        where libyaml is missing) decodes each escape alone. A lone one is no character."""
        try:
            return value.encode("utf-16", "surrogatepass").decode("utf-16")
        except UnicodeDecodeError:
            raise SourceError(self.path, line, "YAML syntax error: found invalid Unicode character escape code") from None

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
            if "\x00" in value:
                value = _no_nul(value)
            if not value.isascii() and _SURROGATE.search(value):
                value = self.surrogates(value, line)
            self.chars += len(value)
            if self.chars > self.max_chars:
                raise SourceError(
                    self.path, line, f"front matter expands to more than {self.max_chars:,} characters (YAML alias bomb?)"
                )
            return YScalar(value, line, not node.style and value in NULLS)
        build = self.build
        depth += 1
        if kind is yaml.SequenceNode:
            return YList(tuple([(build(item, depth), first + item.start_mark.line) for item in node.value]), line)
        if kind is yaml.MappingNode:
            items: list[tuple[str, YValue, int]] = []
            for key_node, value_node in node.value:
                if type(key_node) is not yaml.ScalarNode:
                    raise SourceError(self.path, self.line(key_node), "mapping keys must be plain text")
                key = _no_nul(key_node.value)
                if not key.isascii() and _SURROGATE.search(key):
                    key = self.surrogates(key, first + key_node.start_mark.line)
                if key == "<<":
                    raise SourceError(self.path, self.line(key_node), "YAML merge keys ('<<') are not supported")
                items.append((str(key), build(value_node, depth), first + key_node.start_mark.line))
            return YMap(tuple(items), line)
        raise SourceError(self.path, line, f"unsupported YAML node {kind.__name__}")
