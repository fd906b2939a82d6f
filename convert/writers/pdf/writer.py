"""The ``pdf`` writer: the model as HTML (Jinja2 templates + print CSS), laid out by WeasyPrint.

WeasyPrint is imported inside functions only, so choosing another format never loads it.
One warm engine (parsed stylesheets, font configuration, restricted URL fetcher) is kept
per (template folder, images folder, paper) and reused by :meth:`PdfWriter.render`,
:meth:`PdfWriter.render_many` and :meth:`PdfWriter.render_bundle`.
"""

from __future__ import annotations

import signal
import threading
from collections import OrderedDict
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import pikepdf

from jinja2 import TemplateError, TemplateSyntaxError

from convert.errors import Diagnostic, WriterError
from convert.gcpause import gc_paused
from convert.model import Document
from convert.resources import template_path, templates_root
from convert.writers import WriteOptions, Writer
from convert.writers.common.credits import book_credits
from convert.writers.common.images import ImageStore
from convert.writers.pdf.assets import make_fetcher
from convert.writers.pdf.messages import collected
from convert.writers.pdf.assemble import assemble, mark_pictures, part_pages, part_pictures
from convert.writers.pdf.book import Piece, book_lang, credit_pieces, front_html, piece_html, plan
from convert.writers.pdf.structure import repaired
from convert.writers.pdf.tagging import element_marks
from convert.writers.pdf.tables import fit_tables, overflowing_tables
from convert.writers.common.links import BookLinks
from convert.writers.pdf.views import PAPERS, PageSetup, article_html

_PAGE_SIZE = {"a4": "A4", "a5": "A5", "letter": "letter"}
_ENGINES: OrderedDict[tuple[Any, ...], _Engine] = OrderedDict()
_MAX_ENGINES = 4


class PdfWriter(Writer):
    """Articles and books for reading offline: paged, tagged, bookmarked, attributed."""

    name = "pdf"
    extension = ".pdf"
    binary = True
    description = "PDF for reading and printing (WeasyPrint; tagged PDF/UA-1 by default)"
    supports_bundle = True

    @classmethod
    def unavailable_reason(cls) -> str | None:
        try:
            import weasyprint  # noqa: F401 - the import itself is the check (Pango present?)
        except Exception as exc:  # noqa: BLE001 - OSError when Pango is missing
            return f"WeasyPrint cannot be loaded: {str(exc).splitlines()[0] if str(exc) else exc!r}"
        return None

    def render(self, doc: Document, options: WriteOptions) -> bytes:
        """One article as a PDF."""
        return self.render_with_warnings(doc, options)[0]

    def render_with_warnings(self, doc: Document, options: WriteOptions) -> tuple[bytes, list[Diagnostic]]:
        """One article as a PDF, and what could not be drawn as written: infobox rows past
        the limit (at the box's line), tables cut short, resources the fetcher refused (at
        the line of the field naming the picture), what WeasyPrint itself logs, and every
        picture the article names that is not shown (with why)."""
        engine = _engine(options)
        warnings: list[Diagnostic] = []
        with collected(doc) as logged:
            html = self.html(doc, options, warnings)
            data = engine.pdf(html, options, doc.meta.title)
        return data, warnings + logged + engine.store.diagnostics(doc)

    def render_bundle(self, docs: Sequence[Document], options: WriteOptions) -> bytes:
        """A book: cover, contents with page numbers, the articles, one attribution appendix
        (laid out piece by piece in this process; the batch spreads pieces over workers)."""

        def here(pieces: Sequence[Piece], targets: BookLinks) -> list[Path | bytes]:
            lang = book_lang(docs)
            return [self.render_piece(piece, targets, options, lang) for piece in pieces]

        return self.build_book(docs, options, here)

    def build_book(
        self, docs: Sequence[Document], options: WriteOptions,
        render: Callable[[Sequence[Piece], BookLinks], Sequence[Path | bytes]],
        workers: int = 1, sizes: Sequence[int] | None = None,
        progress: Callable[[str], None] | None = None, into: Path | None = None,
    ) -> bytes:
        """A book whose pieces ``render`` lays out (in order, as PDF bytes or files: called
        again for the "Image credits" pieces when the articles show pictures); with ``into``,
        saved to that file (``b""`` returned)."""
        if not docs:
            raise WriterError("a PDF book needs at least one article")
        _check(options)
        pieces = plan(docs, sizes, workers)
        targets = BookLinks(docs)
        parts = list(render(pieces, targets))
        try:
            # The pictures the articles show, read back from the appendix's pieces, are
            # credited once each, in one "Image credits" section after the appendix.
            credits = book_credits(c for piece, part in zip(pieces, parts) if piece.appendix
                                   for c in part_pictures(part))
            if credits:
                more = credit_pieces(credits)
                pieces, parts = [*pieces, *more], [*parts, *render(more, targets)]
            return _put_together(self, docs, pieces, parts, options, progress, into)
        except (pikepdf.PdfError, KeyError, ValueError) as exc:
            raise WriterError(f"cannot put the book together: {exc}") from exc

    def render_piece(self, piece: Piece, targets: BookLinks, options: WriteOptions, lang: str) -> bytes:
        """One piece of a book as a PDF (structure ids made unique in the book)."""
        engine = _engine(options)
        with _template_errors():
            html, shown = piece_html(piece, targets, _setup(options), engine.store, options.template_dir, lang)
        prefix = f"{'i' if piece.credits else 'c' if piece.appendix else 'p'}{piece.first}-"
        return mark_pictures(engine.pdf(html, options, piece.what, prefix), shown)

    def html(self, doc: Document, options: WriteOptions, warnings: list[Diagnostic] | None = None) -> str:
        """The HTML page WeasyPrint lays out for ``doc`` (what the golden tests compare);
        its warnings are added to ``warnings``."""
        _check(options)
        with _template_errors():
            return article_html(doc, _setup(options), _engine_store(options), options.template_dir, warnings)


@contextmanager
def _template_errors() -> Iterator[None]:
    """A broken template (often an overriding one from --template-dir) is a WriterError."""
    try:
        yield
    except TemplateSyntaxError as exc:
        raise WriterError(f"PDF template {exc.filename or exc.name}:{exc.lineno}: {exc.message}") from None
    except TemplateError as exc:
        raise WriterError(f"PDF template error: {' '.join(str(exc).split())}") from None


def _setup(options: WriteOptions) -> PageSetup:
    return PageSetup(options.paper.lower(), options.source_date_epoch, options.title, options.toc, options.toc_depth)


def _check(options: WriteOptions) -> None:
    if options.paper.lower() not in PAPERS:
        raise WriterError(f"unknown paper size {options.paper!r} (choose a4, a5 or letter)")


def _variant(options: WriteOptions) -> str | None:
    """WeasyPrint's variant name, ``None`` for ``plain``; rejects unknown names."""
    from weasyprint.pdf import VARIANTS

    name = options.pdf_variant.strip().lower()
    if name == "plain":
        return None
    if name not in VARIANTS:
        choices = ", ".join(["plain", *sorted(VARIANTS)])
        raise WriterError(f"unknown PDF variant {options.pdf_variant!r} (choose one of {choices})")
    return name


def _key(options: WriteOptions) -> tuple[Any, ...]:
    def norm(p: Path | None) -> str | None:
        return str(Path(p).resolve()) if p is not None else None

    return (norm(options.template_dir), norm(options.images_dir), options.paper.lower(), options.max_pixels)


def _engine(options: WriteOptions) -> _Engine:
    """The warm engine for these options (built on first use, least recently used dropped)."""
    _check(options)
    key = _key(options)
    engine = _ENGINES.get(key)
    if engine is None:
        engine = _Engine(options)
        _ENGINES[key] = engine
        while len(_ENGINES) > _MAX_ENGINES:
            _ENGINES.popitem(last=False)
    _ENGINES.move_to_end(key)
    return engine


def _engine_store(options: WriteOptions) -> ImageStore:
    # The HTML must name images through the same store the engine's fetcher serves from.
    return _engine(options).store


class _Timeout(BaseException):
    """Raised by the alarm; a BaseException so WeasyPrint's ``except Exception`` lets it pass."""


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (main thread only; elsewhere no limit applies)."""
    usable = (
        seconds > 0 and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise _Timeout()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _Engine:
    """Parsed stylesheets, fonts and the URL fetcher, shared by every document it renders."""

    def __init__(self, options: WriteOptions) -> None:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

        self._weasyprint = weasyprint
        template_dir = options.template_dir
        self.store = ImageStore(options.images_dir, "pdf", options.max_pixels)
        dirs = [templates_root() / "pdf"]
        if template_dir is not None:
            dirs.append(Path(template_dir) / "pdf")
        self.fetcher = make_fetcher(dirs, self.store)
        self.fonts = FontConfiguration()
        self._digits: bytes | None = None
        css_file = template_path("pdf/print.css", template_dir)
        self.base_url = css_file.parent.resolve().as_uri() + "/"
        try:
            css_text = css_file.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise WriterError(f"cannot read stylesheet {css_file}: {exc}") from None
        size = _PAGE_SIZE[options.paper.lower()]
        self.stylesheets = [
            weasyprint.CSS(string=css_text, base_url=self.base_url, url_fetcher=self.fetcher,
                           font_config=self.fonts),
            # After print.css so --paper wins over a size set in an overriding stylesheet.
            weasyprint.CSS(string=f"@page {{ size: {size}; }}", font_config=self.fonts),
        ]

    def digits(self, options: WriteOptions) -> bytes:
        """A one-line PDF in the page footer's font holding every character of "n / N"."""
        if self._digits is None:
            html = '<p lang="en" style="font: 8pt var(--sans)">0123456789 /</p>'
            self._digits = bytes(self._weasyprint.HTML(string=html, base_url=self.base_url).write_pdf(
                stylesheets=self.stylesheets, font_config=self.fonts))
        return self._digits

    def _layout(self, html: str, settings: dict[str, Any]) -> tuple[Any, Any]:
        """The parsed page and its laid out document."""
        page = self._weasyprint.HTML(string=html, base_url=self.base_url, url_fetcher=self.fetcher)
        return page, page.render(font_config=self.fonts, **settings)

    def pdf(self, html: str, options: WriteOptions, what: str, id_prefix: str = "") -> bytes:
        """Lay out ``html`` and return the PDF bytes; failures become one-line WriterErrors."""
        variant = _variant(options)
        try:
            with _deadline(options.timeout), gc_paused():
                settings: dict[str, Any] = {
                    "stylesheets": self.stylesheets,
                    "pdf_variant": variant,
                    "pdf_tags": variant is not None,
                    # A hash of the content, so equal input gives byte-equal output.
                    "pdf_identifier": True,
                    # HTML's own attributes, which the HTML we write means: without
                    # this, <ol start="10"> is numbered from 1.
                    "presentational_hints": True,
                }
                page, document = self._layout(html, settings)
                wider = overflowing_tables(document, page.etree_element) if "wikitable" in html else set()
                if wider:
                    # Laid out again only then: a table of many columns ran off the page,
                    # and what was past its edge was lost to the reader.
                    _page, document = self._layout(fit_tables(html, wider), settings)
                with element_marks():
                    data = bytes(document.write_pdf(**settings))
                return repaired(data, id_prefix) if variant is not None else data
        except _Timeout:
            _ENGINES.pop(_key(options), None)  # its caches may be half-updated
            raise WriterError(
                f"WeasyPrint took longer than {options.timeout:g} s on {what!r} (--timeout)"
            ) from None
        except WriterError:
            raise
        except Exception as exc:  # noqa: BLE001 - any engine failure is one WriterError
            detail = " ".join(str(exc).split())[:300] or type(exc).__name__
            raise WriterError(f"WeasyPrint failed on {what!r}: {detail}") from exc


def _put_together(
    writer: PdfWriter, docs: Sequence[Document], pieces: Sequence[Piece], parts: Sequence[Path | bytes],
    options: WriteOptions, progress: Callable[[str], None] | None, into: Path | None = None,
) -> bytes:
    """Cover and contents laid out with the pages the pieces took, then one PDF."""
    engine = _engine(options)
    lang = book_lang(docs)
    starts: dict[str, int] = {}
    offset = 0
    for part in parts:
        pages, anchors = part_pages(part)
        for name, index in anchors.items():
            starts.setdefault(name, offset + index)
        offset += pages
    front_pages = 2
    for _attempt in range(4):  # the contents' length depends on nothing but the titles
        html = front_html(docs, [front_pages + starts.get(f"a{i}", 0) + 1 for i in range(1, len(docs) + 1)],
                          front_pages + starts.get("appendix", 0) + 1, _setup(options), options.template_dir, lang)
        front = engine.pdf(html, options, options.title or "book", "f-")
        count = part_pages(front)[0]
        if count == front_pages:
            break
        front_pages = count
    if progress is not None:
        progress(f"putting {len(parts)} pieces together")
    return assemble(front, parts, engine.digits(options), into=into)
