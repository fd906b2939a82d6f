"""What WeasyPrint may read: the PDF templates folder(s) and images found in ``--images-dir``.

Images are found by :class:`convert.writers.common.images.ImageStore` (the one lookup
policy of every writer). The URL fetcher handed to WeasyPrint serves those files and refuses everything
else and lists each refusal (``refused``), which the writer reports as warnings.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import urlsplit
from urllib.request import url2pathname

from convert.writers.common.images import ImageStore

LOG = logging.getLogger("convert.writers.pdf.writer")
REFUSED = "resource not allowed by wikiexport"
"""The fetcher's exception message: WeasyPrint logs it again ("Failed to load image...")."""

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
            self.last_image: str | None = None  # what asks for files is the picture last served

        def fetch(self, url: str, headers: Any = None) -> Any:
            picture = store.serve(url)
            if picture is not None:  # a picture the store checked and prepared for the PDF
                # Not a file: URL in the answer, or WeasyPrint reads the original file
                # from disk again (unchecked, unscaled) instead of these bytes.
                return URLFetcherResponse("wikiexport:picture", body=picture.data,
                                          headers={"Content-Type": picture.mime})
            path = _local_path(url)
            if path is not None and any(d in path.parents for d in dirs):
                if path.is_file():
                    if path in store.served():
                        self.last_image = path.name
                    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(
                        url, body=path.read_bytes(), headers={"Content-Type": mime}
                    )
            self.refused.append(url)
            # To the article's diagnostics (writers/pdf/messages.py), with the picture's line.
            LOG.warning("refused to fetch %s (only templates and --images-dir are read)", url[:200],
                        extra={"image": self.last_image})
            raise ValueError(REFUSED)

    return RestrictedFetcher()


def _local_path(url: str) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    try:
        return Path(url2pathname(parts.path)).resolve()
    except (OSError, ValueError):
        return None
