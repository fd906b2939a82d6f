"""The PDF writer: see :mod:`convert.writers.pdf.writer`."""

from convert.writers.pdf.writer import PdfWriter

__all__ = ["PdfWriter"]
