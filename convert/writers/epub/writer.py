"""The ``epub`` writer: EPUB 3 books made by pandoc from the model's pandoc JSON AST.

One article is a book with a cover, a title page, the article and a source-and-licence
page; :meth:`EpubWriter.render_bundle` makes one book of many articles (see
:mod:`convert.writers.epub.book`); :meth:`EpubWriter.render_many` converts many articles in
one pandoc process. Styling is ``templates/epub/epub.css`` (``--template-dir`` overrides
it). Images come only from ``options.images_dir``, looked up by bare file name, checked and,
when needed, re-encoded with Pillow; nothing is fetched (see
:mod:`convert.writers.pandoc.engine` for how pandoc is kept from fetching).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from convert.errors import Diagnostic, WriterError
from convert.l10n import terms
from convert.model import Document
from convert.resources import template_path
from convert.writers import WriteOptions, Writer
from convert.writers.common.images import ImageStore
from convert.writers.common.picture_data import DEFAULT_MAX_PIXELS
from convert.writers.epub import book
from convert.writers.pandoc.nodes import document
from convert.writers.pandoc.engine import MediaFile, PandocJob, convert_many, convert_one, unavailable_reason

_REMOTE_CSS = re.compile(r"@import|url\(\s*['\"]?\s*(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


class Media:
    """The pictures of one book: found and prepared by the one picture policy
    (:class:`~convert.writers.common.images.ImageStore`), written once into ``workdir``."""

    def __init__(self, images_dir: Path | None, workdir: Path, max_pixels: int = DEFAULT_MAX_PIXELS) -> None:
        self.store = ImageStore(images_dir, "epub", max_pixels)
        self.workdir = workdir
        self.files: list[MediaFile] = []
        self.used: list[tuple[int, str]] = []  # (article index, file name), for attribution
        self._known: dict[str, str | None] = {}

    def source_for(self, article: int) -> Callable[[str], str | None]:
        """The ``image_source`` of article ``article``: file name -> media-bag name or ``None``."""

        def source(file_name: str) -> str | None:
            if file_name not in self._known:
                self._known[file_name] = self._add(file_name)
            key = self._known[file_name]
            if key is not None and (article, file_name) not in self.used:
                self.used.append((article, file_name))
            return key

        return source

    def _add(self, name: str) -> str | None:
        picture = self.store.picture(name)
        if picture is None:
            return None
        key = f"img{len(self.files)}{picture.ext}"
        out = self.workdir / key
        out.write_bytes(picture.data)
        self.files.append(MediaFile(key, out, picture.mime))
        return key


def _stylesheet(options: WriteOptions) -> Path:
    path = template_path("epub/epub.css", options.template_dir)
    try:
        css = path.read_text(encoding="utf-8")
    except (OSError, UnicodeError) as exc:
        raise WriterError(f"cannot read EPUB stylesheet {path}: {exc}") from None
    if _REMOTE_CSS.search(_CSS_COMMENT.sub("", css)):
        # pandoc would fetch what a stylesheet imports or points at.
        raise WriterError(f"EPUB stylesheet {path} uses @import or url() with a scheme; only plain CSS is allowed")
    return path


def _cover(options: WriteOptions, workdir: Path, title: str, subtitle: str) -> Path:
    """The cover image, always placed in ``workdir`` (pandoc runs there and is given its
    bare name; see :class:`~convert.writers.pandoc.engine.PandocJob`)."""
    if options.cover is not None:
        from PIL import Image

        try:
            with Image.open(options.cover) as img:
                fmt = img.format or ""
                if fmt in ("JPEG", "PNG"):
                    out = workdir / ("cover.jpg" if fmt == "JPEG" else "cover.png")
                    shutil.copyfile(options.cover, out)
                    return out
                out = workdir / "cover.png"
                img.convert("RGBA" if "A" in img.mode or img.mode == "P" else "RGB").save(out, "PNG")
                return out
        except Exception as exc:  # noqa: BLE001 - any unreadable cover is the user's error
            raise WriterError(f"cannot use cover image {options.cover}: {exc}") from None
    from convert.writers.epub.cover import write_cover

    return write_cover(workdir, title, subtitle)


class EpubWriter(Writer):
    """EPUB 3 books (pandoc): one article, many in one pandoc process, or a bundle."""

    name = "epub"
    extension = ".epub"
    binary = True
    description = "EPUB 3 e-book (pandoc), valid for epubcheck"
    supports_bundle = True

    @classmethod
    def unavailable_reason(cls) -> str | None:
        return unavailable_reason()

    def job(self, docs: Sequence[Document], options: WriteOptions, workdir: Path, title: str = "") -> PandocJob:
        """The pandoc job for a book of ``docs``; its files are placed in ``workdir``."""
        return self.job_and_warnings(docs, options, workdir, title)[0]

    def job_and_warnings(self, docs: Sequence[Document], options: WriteOptions, workdir: Path,
                         title: str = "") -> tuple[PandocJob, list[Diagnostic]]:
        """:meth:`job`, and a warning for every picture named and not shown."""
        if not docs:
            raise WriterError("an EPUB book needs at least one article")
        workdir.mkdir(parents=True, exist_ok=True)
        media = Media(options.images_dir, workdir, options.max_pixels)
        blocks = book.chapters(docs, media.source_for)
        blocks.extend(book.attribution(docs, media.used, media.store))
        warned = [w for doc in docs for w in media.store.diagnostics(doc)]
        single = len(docs) == 1
        title = " ".join((title or (docs[0].meta.title if single else book.default_title(docs))).split())
        title = title or "Untitled"  # an EPUB must have a title
        subtitle = docs[0].meta.short_description if single else f"{len(docs)} articles from Wikipedia"
        css = _stylesheet(options)
        cover = _cover(options, workdir, title, subtitle)
        meta = book.metadata(docs, title, images=bool(media.files), source_date_epoch=options.source_date_epoch,
                             cover=cover.name, css=str(css))
        writer_options = {
            "split_level": 1,
            "toc_depth": options.toc_depth,  # 2: articles and their sections (deeper levels cost pandoc time)
            "table_of_contents": (not single) if options.toc is None else options.toc,
            "epub_title_page": True,
        }
        template = template_path("epub/epub3.xhtml", options.template_dir)
        words = terms(book.book_language(docs))
        return PandocJob(document(blocks, meta), "epub3", writer_options, str(template), tuple(media.files),
                         (Path(cover.name), css), cwd=workdir,
                         landmarks={"titlepage": words.title_page, "cover": words.cover}), warned

    def render(self, doc: Document, options: WriteOptions) -> bytes:
        with tempfile.TemporaryDirectory(prefix="wikiexport-epub-") as tmp:
            job = self.job([doc], options, Path(tmp))
            return convert_one(job, timeout=options.timeout, source_date_epoch=options.source_date_epoch)

    def render_bundle(self, docs: Sequence[Document], options: WriteOptions) -> bytes:
        with tempfile.TemporaryDirectory(prefix="wikiexport-epub-") as tmp:
            job = self.job(list(docs), options, Path(tmp), options.title)
            # A book is one job however many articles it has: allow time in proportion.
            timeout = options.timeout * max(1.0, len(docs) / 20)
            return convert_one(job, timeout=timeout, source_date_epoch=options.source_date_epoch)

    batches = True

    def render_many(self, docs: Iterable[Document], options: WriteOptions) -> Iterator[bytes | Exception]:
        for out in self.render_many_with_warnings(docs, options):
            yield out if isinstance(out, Exception) else out[0]

    def render_many_with_warnings(self, docs: Iterable[Document], options: WriteOptions) -> Iterator[Any]:
        tmp = Path(tempfile.mkdtemp(prefix="wikiexport-epub-"))
        warned: dict[int, list[Diagnostic]] = {}

        def jobs() -> Iterator[PandocJob | Exception]:
            for i, doc in enumerate(docs):
                try:
                    job, warned[i] = self.job_and_warnings([doc], options, tmp / str(i))
                    yield job
                except Exception as exc:  # noqa: BLE001 - reported for this document only
                    yield exc

        try:
            for i, result in enumerate(convert_many(jobs(), timeout=options.timeout,
                                                    source_date_epoch=options.source_date_epoch)):
                shutil.rmtree(tmp / str(i), ignore_errors=True)
                # Pictures named but not shown are the article's warnings, with the bytes.
                yield result if isinstance(result, Exception) else (result, warned.pop(i, []))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
