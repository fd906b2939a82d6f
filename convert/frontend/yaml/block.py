"""A reader for the plain block YAML that seed writers emit, without PyYAML.

Seeds are written by YAML dumpers: block mappings and sequences, plain scalars (folded
over several lines when long), one-line quoted scalars, ``|``/``|-`` blocks and empty
``[]``/``{}``. :func:`read_block_yaml` reads exactly that subset straight into
:class:`YValue` nodes and returns ``None`` for anything else (comments, anchors, tags,
flow collections, escapes, tabs, odd indentation, YAML errors...), which the caller then
gives to PyYAML. It never guesses: whatever it accepts, it reads as PyYAML would (the
tests hold the two equal on generated documents full of near misses).

Composing with PyYAML costs a Python node and mark object per token, which made reading
the front matter a fifth of converting a seed to wikitext; this reader is about six times
faster on the same seeds, and the common case never imports PyYAML.
"""

from __future__ import annotations

import re

from convert.frontend.yaml.values import MAX_DEPTH, MAX_NODES, NULLS, YList, YMap, YScalar, YValue

# Characters outside the subset: libyaml's non-printable ones, the tab, and line breaks
# other than "\n" (NEL and U+2028/9 are YAML line breaks; CR is gone after decoding), and
# the BOM (no surrogates: decoding refused them). Listing the few bad characters keeps
# the pattern quick to compile.
_OUTSIDE_SUBSET = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
# A plain key ("birth_date", "Einwohner pro km²") and the ':' ending it. Keys of 128
# characters at most: libyaml refuses simple keys over 1,024.
_KEY = re.compile(r"(\w[\w.()/'\- ]{0,127}+):(?: +|$)")
# A plain scalar: may not start with an indicator (a '-' only before a non-space), and may
# not hold ': ', ' #' or end with ':' (those are YAML syntax in block context).
_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"
_PLAIN_START = re.compile(r"[^\-?:,\[\]{}#&*!|>'\"%@`]|-[^ ]")
# The longest stretch of a quoted scalar that its closing quote cannot be in: in single
# quotes '' is a quote; in double quotes only the escapes that stand for one character
# and cannot meet line folding (no escaped line break, space or tab).
_SINGLE_RUN = re.compile(r"(?:[^']|'')*")
_DOUBLE_RUN = re.compile(r'(?:[^\\"]|\\[\\"/nt])*')
_ESCAPE = re.compile(r"\\(.)")
_ESCAPED = {"\\": "\\", '"': '"', "/": "/", "n": "\n", "t": "\t"}


class _NotSimple(Exception):
    """The text is outside the subset: PyYAML must read it."""


def read_block_yaml(text: str, first_line: int) -> YMap | None:
    """The top-level mapping of ``text`` (line numbers from ``first_line``), or ``None``
    when ``text`` is not plain block YAML."""
    if _OUTSIDE_SUBSET.search(text):
        return None
    reader = _Reader(text.split("\n"), first_line)
    try:
        return reader.document()
    except _NotSimple:
        return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _plain_ok(text: str) -> bool:
    return ": " not in text and " #" not in text and not text.endswith(":")


class _Reader:
    def __init__(self, lines: list[str], first_line: int) -> None:
        self.lines = lines
        self.first = first_line
        self.count = 0  # values read, as PyYAML's path counts them (the top mapping aside)

    def _next(self, index: int) -> int:
        """The index of the first non-blank line from ``index`` (``len(lines)`` if none)."""
        lines = self.lines
        end = len(lines)
        while index < end:
            content = lines[index].lstrip(" ")
            if content:
                if content[0] == "#":
                    raise _NotSimple  # a comment
                return index
            index += 1
        return end

    def document(self) -> YMap:
        start = self._next(0)
        if start == len(self.lines):
            return YMap((), self.first)
        if self.lines[start][0] == " ":
            raise _NotSimple
        value, end = self._mapping(start, 0, 0)
        if self._next(end) != len(self.lines) or self.count + 1 > MAX_NODES:
            raise _NotSimple  # (over MAX_NODES values: PyYAML's path reports it)
        return value

    def _mapping(self, index: int, column: int, depth: int) -> tuple[YMap, int]:
        """The block mapping whose first key starts at ``lines[index][column:]``."""
        if depth > MAX_DEPTH - 2:
            raise _NotSimple  # PyYAML's path reports the depth
        lines = self.lines
        end = len(lines)
        first = self.first
        start = index
        content = lines[index][column:]
        items: list[tuple[str, YValue, int]] = []
        append = items.append
        value: YValue
        while True:
            match = _KEY.match(content)
            if match is None:
                raise _NotSimple
            key = match[1]
            if key[-1] == " " or "  " in key:
                raise _NotSimple  # spaces that YAML would fold or drop
            text = content[match.end():]
            following = index + 1
            # The common case inline, once per key: one line of plain text, then the next key.
            if text and text[0] not in _INDICATORS and ": " not in text and " #" not in text:
                text = text.rstrip(" ")
                if text[-1] == ":":
                    raise _NotSimple
                if following == end:
                    append((key, YScalar(text, first + index, text in NULLS), first + index))
                    index = following
                    break
                line = lines[following]
                content = line.lstrip(" ")
                indent = len(line) - len(content)
                if content and indent <= column:
                    append((key, YScalar(text, first + index, text in NULLS), first + index))
                    index = following
                    if indent < column:
                        break
                    if content[0] == "#":
                        raise _NotSimple
                    continue
                value, after = self._plain(text, index, column)
            else:
                value, after = self._value(text, index, column, depth + 1, True)
            append((key, value, first + index))
            index = self._next(after)
            if index == end:
                break
            line = lines[index]
            content = line.lstrip(" ")
            indent = len(line) - len(content)
            if indent < column:
                break
            if indent > column:
                raise _NotSimple
        self.count += len(items)
        return YMap(tuple(items), first + start), index

    def _sequence(self, index: int, column: int, depth: int) -> tuple[YList, int]:
        """The block sequence whose first ``-`` is at ``lines[index][column]``."""
        if depth > MAX_DEPTH - 2:
            raise _NotSimple
        lines = self.lines
        first = self.first
        start = index
        items: list[tuple[YValue, int]] = []
        while True:
            content = lines[index][column:]
            if content[:2] != "- ":
                break  # back to the mapping this sequence is a value of
            rest = content[2:].lstrip(" ")
            if not rest or rest[:2] == "- ":
                raise _NotSimple  # nested block under a bare '-', or a sequence in a sequence
            item_column = len(lines[index]) - len(rest)
            item: YValue
            if _KEY.match(rest):
                item, after = self._mapping(index, item_column, depth + 1)
            else:
                item, after = self._value(rest, index, column, depth + 1, False)
            items.append((item, first + index))
            index = self._next(after)
            if index == len(lines):
                break
            line = lines[index]
            indent = _indent(line)
            if indent < column:
                break
            if indent > column:
                raise _NotSimple
        self.count += len(items)
        return YList(tuple(items), first + start), index

    def _value(self, text: str, index: int, column: int, depth: int, in_mapping: bool) -> tuple[YValue, int]:
        """The value written as ``text`` on line ``index`` (and maybe the lines after it),
        inside a collection at ``column``; returns it and the index of the next line."""
        first = self.first
        if not text:
            return self._nested(index, column, depth, in_mapping)
        head = text[0]
        if head == '"' or head == "'":
            return self._quoted(text, index, column)
        if head == "|":
            return self._literal(text.rstrip(" "), index, column)
        if head in "[{":
            flow = text.rstrip(" ")
            if flow == "[]":
                return YList((), first + index), index + 1
            if flow == "{}":
                return YMap((), first + index), index + 1
            raise _NotSimple
        if not _PLAIN_START.match(text) or not _plain_ok(text):
            raise _NotSimple
        return self._plain(text.rstrip(" "), index, column)

    def _nested(self, index: int, column: int, depth: int, in_mapping: bool) -> tuple[YValue, int]:
        """The value of a key with nothing after its ':': a block below it, or null."""
        if not in_mapping:
            raise _NotSimple
        lines = self.lines
        below = self._next(index + 1)
        if below < len(lines):
            line = lines[below]
            indent = _indent(line)
            content = line[indent:]
            if indent > column:
                if content[:2] == "- ":
                    return self._sequence(below, indent, depth)
                if _KEY.match(content):
                    return self._mapping(below, indent, depth)
                raise _NotSimple
            if indent == column and content[:2] == "- ":
                return self._sequence(below, indent, depth)  # a sequence level with its key
        return YScalar("", self.first + index, True), index + 1

    def _plain(self, text: str, index: int, column: int) -> tuple[YScalar, int]:
        """A plain scalar, folded on over the lines indented deeper than ``column``."""
        lines = self.lines
        end = len(lines)
        parts = [text]
        last = index
        blank = 0
        following = index + 1
        while following < end:
            line = lines[following]
            content = line.lstrip(" ")
            if not content:
                blank += 1
                following += 1
                continue
            if len(line) - len(content) <= column:
                break
            if content[0] in "#-?:" or not _plain_ok(content):
                raise _NotSimple
            parts.append("\n" * blank if blank else " ")
            parts.append(content.rstrip(" "))
            blank = 0
            last = following
            following += 1
        value = "".join(parts) if len(parts) > 1 else text
        return YScalar(value, self.first + index, value in NULLS), last + 1

    def _quoted(self, text: str, index: int, column: int) -> tuple[YScalar, int]:
        """A quoted scalar, folded on over the lines indented deeper than ``column`` until
        its closing quote."""
        quote = text[0]
        run = _DOUBLE_RUN if quote == '"' else _SINGLE_RUN
        lines = self.lines
        end = len(lines)
        parts: list[str] = []
        content = text[1:]
        following = index
        blank = 0
        while True:
            close = run.match(content).end()  # type: ignore[union-attr]
            if close == len(content):
                close = -1
            elif content[close] == "\\":
                raise _NotSimple  # an escape outside the subset
            if parts:
                parts.append("\n" * blank if blank else " ")
            if close >= 0:
                if content[close + 1 :].strip(" "):
                    raise _NotSimple  # text (or a comment) after the closing quote
                parts.append(content[:close])
                break
            parts.append(content.rstrip(" "))
            blank = 0
            following += 1
            while following < end and not lines[following].strip(" "):
                blank += 1
                following += 1
            if following == end:
                raise _NotSimple  # never closed
            line = lines[following]
            content = line.lstrip(" ")
            if len(line) - len(content) <= column:
                raise _NotSimple
        value = "".join(parts)
        if quote == "'":
            value = value.replace("''", "'")
        elif "\\" in value:
            value = _ESCAPE.sub(lambda match: _ESCAPED[match[1]], value)
        return YScalar(value, self.first + index), following + 1

    def _literal(self, header: str, index: int, column: int) -> tuple[YScalar, int]:
        """A ``|`` (clip) or ``|-`` (strip) block scalar; its lines are indented deeper
        than ``column`` by the indentation of its first line."""
        if header not in ("|", "|-"):
            raise _NotSimple
        lines = self.lines
        end = len(lines)
        following = index + 1
        if following == end:
            raise _NotSimple
        indent = _indent(lines[following])
        if indent <= column or indent == len(lines[following]):
            raise _NotSimple  # empty, or starting with a blank line
        body: list[str] = []
        last = following
        while following < end:
            line = lines[following]
            if len(line) <= indent and not line.strip(" "):
                body.append("")
            elif line[:indent].strip(" "):
                break  # less indented: the block has ended
            else:
                body.append(line[indent:])
                last = following
                if not line.strip(" "):
                    raise _NotSimple  # spaces beyond the indentation are content
            following += 1
        del body[last - index :]
        value = "\n".join(body)
        if header == "|" and last + 1 < end:
            value += "\n"
        return YScalar(value, self.first + index), last + 1
