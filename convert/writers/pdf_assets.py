"""What WeasyPrint may read: the PDF templates folder(s) and images found in ``--images-dir``.

Images are looked up by bare file name only (never a path an article names, never the
network). The URL fetcher handed to WeasyPrint serves those files and refuses everything
else, logging each refusal and keeping a count that tests read.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import urlsplit
from urllib.request import url2pathname

LOG = logging.getLogger("convert.writers.pdf")

_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".bmp", ".tif", ".tiff")


def safe_file_name(name: str) -> str | None:
    """``name`` if it is a bare file name (no folder part, no ``..``), else ``None``."""
    name = name.strip()
    if not name or name in (".", "..") or any(c in name for c in "/\\\0"):
        return None
    if len(name.encode("utf-8", "surrogatepass")) > 255:
        return None
    return name


class ImageStore:
    """Finds an article's images by file name in one local folder, checking they decode."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder.resolve() if folder is not None else None
        self._found: dict[str, Path | None] = {}

    def lookup(self, name: str) -> Path | None:
        """The local file for image ``name`` (``Foo bar.jpg`` also finds ``Foo_bar.jpg``)."""
        if self.folder is None:
            return None
        if name in self._found:
            return self._found[name]
        found = None
        bare = safe_file_name(name)
        if bare is not None and bare.lower().endswith(_IMAGE_SUFFIXES):
            for candidate in _spellings(bare):
                path = (self.folder / candidate).resolve()
                # resolve() follows links: a link out of the folder is not served.
                if path.parent == self.folder and path.is_file() and _decodes(path):
                    found = path
                    break
        self._found[name] = found
        return found

    def url(self, name: str) -> str | None:
        """The ``file:`` URL the fetcher serves for image ``name``, or ``None``."""
        path = self.lookup(name)
        return path.as_uri() if path is not None else None

    def served(self) -> set[Path]:
        """Every image file found so far (what the fetcher may serve)."""
        return {p for p in self._found.values() if p is not None}


def _spellings(name: str) -> Iterable[str]:
    seen: list[str] = []
    for n in (name, name.replace(" ", "_"), name.replace("_", " ")):
        for m in (n, n[:1].upper() + n[1:]):
            if m not in seen:
                seen.append(m)
    return seen


def _decodes(path: Path) -> bool:
    """True when the image can be drawn (a broken file would show as a broken box)."""
    try:
        if path.suffix.lower() == ".svg":
            head = path.read_bytes()[:4096].lower()
            return b"<svg" in head
        from PIL import Image as PILImage  # lazy: only when an images folder is used

        with PILImage.open(path) as img:
            img.verify()
        return True
    except Exception:  # noqa: BLE001 - any failure means "do not show it"
        LOG.info("image %s cannot be decoded; not shown", path.name)
        return False


def make_fetcher(allowed_dirs: Iterable[Path], store: ImageStore) -> Any:
    """A ``weasyprint.URLFetcher`` serving only files under ``allowed_dirs`` and found images.

    ``fetcher.refused`` lists the URLs it turned down.
    """
    from weasyprint import URLFetcher
    from weasyprint.urls import URLFetcherResponse

    dirs = tuple(d.resolve() for d in allowed_dirs)

    class RestrictedFetcher(URLFetcher):  # type: ignore[misc]
        """Serves local template files and images found by the store; refuses the rest."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols=("file",))
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            path = _local_path(url)
            if path is not None and (path in store.served() or any(d in path.parents for d in dirs)):
                if path.is_file():
                    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(
                        url, body=path.read_bytes(), headers={"Content-Type": mime}
                    )
            self.refused.append(url)
            LOG.warning("refused to fetch %s (only templates and --images-dir are read)", url[:200])
            raise ValueError("resource not allowed by wikiexport")

    return RestrictedFetcher()


def _local_path(url: str) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    try:
        return Path(url2pathname(parts.path)).resolve()
    except (OSError, ValueError):
        return None
