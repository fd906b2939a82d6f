"""Standalone HTML: one self-contained page per article, a zip of linked pages per book."""

from convert.writers.html.writer import HtmlWriter

__all__ = ["HtmlWriter"]
