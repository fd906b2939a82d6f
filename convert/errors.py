"""Errors and warnings that point at a place in a source file: ``PATH:LINE: error: ...``."""

from __future__ import annotations

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


def format_diagnostic(path: str, line: int, severity: str, message: str) -> str:
    """One line, ``PATH:LINE: severity: message``; newlines in the message are folded."""
    where = f"{path}:{line}" if line else path
    text = " ".join(str(message).split())
    return f"{where}: {severity}: {text}"
