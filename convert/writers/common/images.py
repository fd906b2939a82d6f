"""The one image lookup policy of every writer.

Images come only from the ``--images`` folder and are looked up by bare file name (never a
path an article names, never the network). A name is checked before any system call; a
file is served only when it is a regular file directly inside the folder once every link
is resolved (a symlink pointing out of the folder is refused), and when it decodes.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterable

LOG = logging.getLogger("convert.writers.common.images")

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
