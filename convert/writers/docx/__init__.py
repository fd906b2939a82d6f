"""The DOCX writer: see :mod:`convert.writers.docx.writer`."""

from convert.writers.docx.writer import DocxWriter

__all__ = ["DocxWriter"]
