"""wikiexport: encyclopedia articles to PDF, EPUB, DOCX, HTML and Wikipedia wikitext.

Python API (the README's examples are run as doctests)::

    import convert
    doc = convert.load("seeds/battle-of-rastan.md")      # -> convert.Document
    convert.write(doc, "pdf", "out/battle.pdf", paper="letter")
    convert.bundle([doc, other], "epub", "book.epub", title="My book")
    convert.render(doc, "html")                         # -> bytes
    convert.formats()                                   # -> {"pdf": "usable", ...}

Errors a user can fix are :class:`ConvertError` (bad input: :class:`SourceError`, with the
path and line); warnings are :class:`Diagnostic` values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from convert.version import __version__

if TYPE_CHECKING:
    import os
    from collections.abc import Sequence
    from pathlib import Path
    from typing import Any

    from convert.errors import ConvertError, Diagnostic, SourceError
    from convert.model import Document

__all__ = [
    "__version__", "load", "loads", "write", "bundle", "render", "formats",
    "Document", "Diagnostic", "ConvertError", "SourceError",
]

# Names of the API that live in submodules, imported when first used: ``import convert``
# stays cheap (the command line starts with it).
_LAZY = {"Document": "convert.model", "Diagnostic": "convert.errors", "ConvertError": "convert.errors",
         "SourceError": "convert.errors"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'convert' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The API only (``dir(convert)`` showed ``Any, Path, os``)."""
    return sorted(__all__)


def loads(data: bytes, path: str = "<input>", **options: Any) -> tuple[Document, list[Diagnostic]]:
    """Parse seed bytes; returns the document and its warnings.

    Options: ``lang`` (a Wikipedia language code; default ``auto``: told from the text,
    English when unsure), ``max_size`` (bytes), ``infobox_template``,
    ``infobox_registry`` (path of a YAML file of extra templates), ``layout`` (default
    true; false skips infobox layouts: ``Infobox.layout`` is then ``None``, and the pdf,
    epub and docx writers refuse the document with a WriterError rather than draw no box).
    """
    from convert.frontend import loads as parse

    return parse(data, path, **options)


def load(path: str | os.PathLike[str], **options: Any) -> Document:
    """Read one seed file into a :class:`~convert.model.Document` (warnings are dropped;
    use :func:`loads` to see them). Raises :class:`~convert.errors.SourceError` on bad input."""
    from pathlib import Path

    from convert.fileio import read_input
    from convert.frontend import DEFAULT_MAX_SIZE

    name = str(Path(path))
    data = read_input(name, int(options.get("max_size", DEFAULT_MAX_SIZE)))
    return loads(data, name, **options)[0]


def render(doc: Document, fmt: str, **options: Any) -> bytes:
    """The output of writer ``fmt`` for ``doc`` as bytes."""
    from convert.writers import WriteOptions, get_writer

    return get_writer(fmt).render(doc, WriteOptions.create(**options))


def write(doc: Document, fmt: str, dest: str | os.PathLike[str], **options: Any) -> Path:
    """Render ``doc`` with writer ``fmt`` and write it atomically to ``dest``."""
    from pathlib import Path

    from convert.fileio import atomic_write

    return atomic_write(Path(dest), render(doc, fmt, **options))


def bundle(docs: Sequence[Document], fmt: str, dest: str | os.PathLike[str], **options: Any) -> Path:
    """Write several articles as one book (``pdf``, ``epub``, ``docx``, ``html`` (a zip),
    ``json``)."""
    from pathlib import Path

    from convert.fileio import atomic_write
    from convert.writers import WriteOptions, get_writer

    data = get_writer(fmt).render_bundle(list(docs), WriteOptions.create(**options))
    return atomic_write(Path(dest), data)


def formats() -> dict[str, str]:
    """Registered formats -> ``"usable"`` or the reason the writer cannot run here."""
    from convert.writers import format_names, writer_class

    out: dict[str, str] = {}
    for name in format_names():
        try:
            reason = writer_class(name).unavailable_reason()
        except Exception as exc:  # noqa: BLE001 - a broken plugin is reported, not fatal
            reason = f"cannot load: {exc}"
        out[name] = reason or "usable"
    return out
