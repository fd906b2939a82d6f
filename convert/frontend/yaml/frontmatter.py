"""Split a seed into YAML front matter and Markdown body, and read the YAML faithfully.

Every scalar stays the string that was written (see :mod:`.yamlvalues`). The plain block
YAML that dumpers write is read by :mod:`.blockyaml`; anything else goes to PyYAML
(:mod:`.yamlfull`), imported only then.
"""

from __future__ import annotations

from dataclasses import dataclass

from convert.errors import SourceError
from convert.frontend.yaml.block import read_block_yaml
from convert.frontend.yaml.values import YList, YMap, YScalar, YValue

__all__ = ["SplitSeed", "YList", "YMap", "YScalar", "YValue", "decode", "split", "parse_yaml"]


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
    """Read YAML into :class:`YValue` nodes; the top level must be a mapping."""
    simple = read_block_yaml(text, first_line)
    if simple is not None:
        return simple
    from convert.frontend.yaml.full import compose

    value = compose(text, path, first_line)
    if value is None:
        return YMap((), first_line)
    if not isinstance(value, YMap):
        kind = "a list" if isinstance(value, YList) else "a single value"
        raise SourceError(path, value.line, f"front matter must be a mapping of keys, not {kind}")
    return value
