"""Writer plugins: the base class, the options every writer understands, and the registry.

Writers are registered through the entry-point group ``convert.writers`` (the built-ins
too, in ``pyproject.toml``) and imported only when chosen, so ``--to json`` never imports
WeasyPrint or pypandoc. A writer turns a :class:`~convert.model.Document` into bytes; the
caller writes them atomically, so a writer never leaves a half-written file.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from dataclasses import dataclass, replace
from importlib import import_module
from pathlib import Path
from typing import Any, ClassVar, Iterable, Iterator, Sequence

from convert.errors import Diagnostic, UnknownFormat, WriterError
from convert.model import Document

GROUP = "convert.writers"

# The built-in writers; an installed wikiexport registers exactly these as entry points
# (pyproject.toml), and they also serve when running from a source tree without metadata.
BUILTINS = {
    "pdf": "convert.writers.pdf:PdfWriter",
    "epub": "convert.writers.epub:EpubWriter",
    "docx": "convert.writers.docx:DocxWriter",
    "wikitext": "convert.writers.wikitext:WikitextWriter",
    "infobox": "convert.writers.wikitext:InfoboxWriter",
    "json": "convert.writers.json:JsonWriter",
    "html": "convert.writers.html:HtmlWriter",
}
# Output suffixes of the built-ins, so that ``-o a.pdf`` names its format without importing
# every writer (tests/test_cli_pandoc.py checks they match the classes' ``extension``).
BUILTIN_EXTENSIONS = {
    "pdf": ".pdf", "epub": ".epub", "docx": ".docx", "wikitext": ".wiki", "infobox": ".infobox.wiki",
    "json": ".json", "html": ".html",
}
# Order in which ``all`` lists formats (third-party writers follow, by name).
_ORDER = ("pdf", "epub", "docx", "html", "wikitext", "infobox", "json")


def _source_date_epoch() -> int | None:
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(raw) if raw.isdigit() else None


@dataclass(frozen=True, slots=True)
class WriteOptions:
    """Options shared by all writers; a writer ignores those that do not concern it."""

    template_dir: Path | None = None
    """Folder whose files override the packaged ``templates/`` (same relative names)."""
    images_dir: Path | None = None
    """Local folder where an article's image is looked up by file name; never the network."""
    max_pixels: int = 40_000_000
    """Pixels one picture may decode to; a larger one is refused with a warning."""
    paper: str = "a4"
    """PDF paper size: ``a4``, ``a5`` or ``letter``."""
    pdf_variant: str = "pdf/ua-1"
    """``pdf/ua-1`` (tagged), ``pdf/a-3b`` or ``plain``."""
    reference_doc: Path | None = None
    """DOCX style reference replacing ``templates/docx/reference.docx``."""
    cover: Path | None = None
    """EPUB cover image; a cover is generated when absent."""
    title: str = ""
    """Book title of a bundle."""
    align: bool = True
    """Wikitext: pad infobox parameter names so the ``=`` signs line up."""
    timeout: float = 300.0
    """Seconds one engine job (pandoc, WeasyPrint) may take."""
    source_date_epoch: int | None = None
    """Timestamp for reproducible output; defaults to ``$SOURCE_DATE_EPOCH``."""
    toc: bool | None = None
    """Table of contents: ``None`` leaves it to the writer (a book has one, an article
    where the format usually has one)."""
    toc_depth: int = 2
    """Heading levels listed in the table of contents (1 = articles of a book, or the
    article's top sections)."""
    extra: tuple[tuple[str, Any], ...] = ()
    """Options a writer declares for itself (:attr:`Writer.options`), given on the command
    line as ``-V name=value`` and checked against the declaration before converting."""

    def get(self, name: str, default: Any = None) -> Any:
        """The value of the writer's own option ``name`` (see :attr:`Writer.options`)."""
        return next((v for k, v in self.extra if k == name), default)

    @classmethod
    def create(cls, **kwargs: Any) -> WriteOptions:
        """Options from keyword arguments; unknown names are an error, paths become Paths."""
        names = set(cls.__dataclass_fields__)
        unknown = set(kwargs) - names
        if unknown:
            raise WriterError(f"unknown writer option(s): {', '.join(sorted(unknown))}")
        for key in ("template_dir", "images_dir", "reference_doc", "cover"):
            if kwargs.get(key) is not None:
                kwargs[key] = Path(kwargs[key])
        opts = cls(**kwargs)
        if opts.source_date_epoch is None:
            opts = replace(opts, source_date_epoch=_source_date_epoch())
        return opts


@dataclass(frozen=True, slots=True)
class OptionSpec:
    """An option a writer declares for itself: ``-V name=value`` on the command line,
    ``WriteOptions.get(name)`` in the writer; the value is converted with ``type``."""

    name: str
    help: str
    type: type = str
    choices: tuple[str, ...] = ()

    def parse(self, raw: str) -> Any:
        """``raw`` converted to the option's type; ``ValueError`` saying why not."""
        if self.choices and raw not in self.choices:
            raise ValueError(f"{self.name} must be one of {', '.join(self.choices)}, not {raw!r}")
        if self.type is bool:
            if raw.lower() not in ("1", "0", "true", "false", "yes", "no"):
                raise ValueError(f"{self.name} takes true or false, not {raw!r}")
            return raw.lower() in ("1", "true", "yes")
        try:
            return self.type(raw)
        except (TypeError, ValueError):
            raise ValueError(f"{self.name} takes a {self.type.__name__}, not {raw!r}") from None


# Which shared WriteOptions each built-in reads: the command line warns about an option
# given for formats that all ignore it (``--cover`` with PDF). Third-party writers say it
# with ``Writer.reads``; when they do not, nothing is warned about.
_BUILTIN_READS: dict[str, frozenset[str]] = {
    "pdf": frozenset({"images_dir", "paper", "pdf_variant", "template_dir", "timeout", "title", "toc", "toc_depth"}),
    "epub": frozenset({"cover", "images_dir", "template_dir", "timeout", "title", "toc", "toc_depth"}),
    "docx": frozenset({"images_dir", "paper", "reference_doc", "template_dir", "timeout", "title", "toc",
                       "toc_depth"}),
    "html": frozenset({"images_dir", "template_dir", "title", "toc", "toc_depth"}),
    "wikitext": frozenset({"align", "toc"}),
    "infobox": frozenset({"align"}),
    "json": frozenset({"title"}),
}


class Writer(ABC):
    """One output format. Subclasses set the class attributes and implement :meth:`render`."""

    name: ClassVar[str]
    extension: ClassVar[str]
    """Suffix of output files, with the dot (``.pdf``, ``.infobox.wiki``)."""
    binary: ClassVar[bool]
    description: ClassVar[str]
    supports_bundle: ClassVar[bool] = False
    bundle_archive: ClassVar[bool] = False
    """:meth:`render_bundle` gives a zip of several files (written as is, or unpacked
    into a folder when the output is ``DIR/``)."""
    light: ClassVar[bool] = False
    """Pure Python, well under a millisecond an article: batch tasks then carry many
    articles, so per-task costs (messages, a garbage collection) are spread thin."""
    partial: ClassVar[bool] = False
    """It writes one part of an article (the infobox writer): an empty output then means the
    article has no such part, and the batch makes no file (a note says so) rather than an
    empty one that would look like a failed conversion."""
    batches: ClassVar[bool] = False
    """Its :meth:`render_many` runs many documents through one engine call (pandoc): the
    batch driver then hands it documents together, and gets no per-document warnings."""
    options: ClassVar[tuple[OptionSpec, ...]] = ()
    """The writer's own options (``-V name=value``), besides the shared :class:`WriteOptions`."""
    reads: ClassVar[frozenset[str] | None] = None
    """The shared :class:`WriteOptions` fields the writer uses (``None``: not said)."""
    draws_infoboxes: ClassVar[bool] = True
    """Reads ``Infobox.layout``. When no writer of a run does, the front end skips laying
    infoboxes out (``LoadOptions.layout``)."""

    @classmethod
    def unavailable_reason(cls) -> str | None:
        """``None`` when the writer can run here, else why not (missing engine...)."""
        return None

    @abstractmethod
    def render(self, doc: Document, options: WriteOptions) -> bytes:
        """The complete output file for one document."""

    def render_with_warnings(self, doc: Document, options: WriteOptions) -> tuple[bytes, list[Diagnostic]]:
        """:meth:`render` plus what the writer had to approximate (shown as warnings)."""
        return self.render(doc, options), []

    def render_many(
        self, docs: Iterable[Document], options: WriteOptions
    ) -> Iterator[bytes | Exception]:
        """Outputs for many documents, in order; a failure is yielded, not raised.

        Writers with a costly engine override this to reuse one engine process (batch
        callers then get no per-document warnings from it, only bytes).
        """
        for doc in docs:
            try:
                yield self.render(doc, options)
            except Exception as exc:  # noqa: BLE001 - reported per document by the caller
                yield exc

    def render_many_with_warnings(
        self, docs: Iterable[Document], options: WriteOptions
    ) -> Iterator[tuple[bytes, list[Diagnostic]] | Exception]:
        """:meth:`render_many` with each document's warnings (what batches call); writers
        whose engine batches override it to report what they had to leave out."""
        for out in self.render_many(docs, options):
            yield out if isinstance(out, Exception) else (out, [])

    def render_bundle(self, docs: Sequence[Document], options: WriteOptions) -> bytes:
        """One book made of several articles."""
        raise WriterError(f"the {self.name} writer cannot make bundles")


def _entry_points() -> dict[str, str]:
    from importlib.metadata import entry_points  # slow to import; only plugins need it

    found: dict[str, str] = {}
    for ep in entry_points(group=GROUP):
        if BUILTINS.get(ep.name, ep.value) != ep.value:
            raise WriterError(f"a plugin registers the built-in format name {ep.name!r} ({ep.value})")
        if ep.name in found and found[ep.name] != ep.value:
            raise WriterError(
                f"two writers are registered as {ep.name!r}: {found[ep.name]} and {ep.value}"
            )
        found[ep.name] = ep.value
    # The built-ins are always there, also when the installed metadata predates one of them.
    return {**BUILTINS, **found}


def format_names() -> list[str]:
    """Registered format names, built-ins first, without importing any writer."""
    names = _entry_points()
    return [n for n in _ORDER if n in names] + sorted(set(names) - set(_ORDER))


_CACHE: dict[str, type[Writer]] = {}


def writer_class(name: str) -> type[Writer]:
    """Import and return the writer registered as ``name``."""
    if name in _CACHE:
        return _CACHE[name]
    # Built-in names are reserved (a plugin registering one again is rejected when the
    # entry points are scanned), so they need no scan: scanning every installed
    # distribution's metadata costs more than a one-file wikitext conversion.
    target = BUILTINS.get(name) or _entry_points().get(name)
    if target is None:
        raise UnknownFormat(
            f"unknown format {name!r} (available: {', '.join(format_names())})"
        )
    module_name, _, attr = target.partition(":")
    cls = getattr(import_module(module_name), attr)
    if not (isinstance(cls, type) and issubclass(cls, Writer)):
        raise WriterError(f"{target} is not a Writer subclass")
    _CACHE[name] = cls
    return cls


def extensions() -> dict[str, str]:
    """Format name -> output suffix for every registered writer (plugins are imported)."""
    out = {}
    for name in format_names():
        if name in BUILTIN_EXTENSIONS:
            out[name] = BUILTIN_EXTENSIONS[name]
            continue
        try:
            out[name] = writer_class(name).extension
        except Exception:  # noqa: BLE001 - a broken plugin names no extension
            continue
    return out


def reads(name: str) -> frozenset[str] | None:
    """The shared options writer ``name`` uses, or ``None`` when it does not say."""
    return _BUILTIN_READS.get(name) if name in BUILTINS else writer_class(name).reads


def get_writer(name: str) -> Writer:
    """An instance of the writer ``name``."""
    return writer_class(name)()
