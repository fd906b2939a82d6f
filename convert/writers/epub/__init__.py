"""The EPUB writer: see :mod:`convert.writers.epub.writer`."""

from convert.writers.epub.writer import EpubWriter

__all__ = ["EpubWriter"]
