"""Errors and warnings that point at a place in a source file: ``PATH:LINE: error: ...``."""

from __future__ import annotations

import re
from dataclasses import dataclass


class ConvertError(Exception):
    """Base of every error wikiexport reports to a user without a traceback."""


class SourceError(ConvertError):
    """Bad input: carries the file and the 1-based line (0 when unknown)."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.message = message

    def __str__(self) -> str:
        return format_diagnostic(self.path, self.line, "error", self.message)


class WriterError(ConvertError):
    """A writer or its engine failed on a document (timeout, engine crash, bad option)."""


class UnknownFormat(ConvertError):
    """No writer is registered under that name."""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A warning about input that was recovered (an unplaceable link, an odd field shape)."""

    path: str
    line: int
    message: str
    severity: str = "warning"

    def __str__(self) -> str:
        return format_diagnostic(self.path, self.line, self.severity, self.message)


# Characters that would break the line or drive the terminal: C0/C1 controls (newline,
# ESC...), DEL and the Unicode line separators.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _visible(text: str) -> str:
    """``text`` with unprintable characters as Python escapes (``\\n``, ``\\x1b``)."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)


def format_diagnostic(path: str, line: int, severity: str, message: str) -> str:
    """One line, ``PATH:LINE: severity: message``; newlines in the message are folded, and
    a file name's control characters escaped: a file named "a\\nb: error: x.md" could
    otherwise print lines of its own making (or drive the terminal with ESC)."""
    where = f"{_visible(path)}:{line}" if line else _visible(path)
    text = _visible(" ".join(str(message).split()))
    return f"{where}: {severity}: {text}"
