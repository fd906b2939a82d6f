"""The wikitext writers (whole article, infobox only): see :mod:`convert.writers.wikitext.writer`."""

from convert.writers.wikitext.writer import InfoboxWriter, WikitextWriter

__all__ = ["InfoboxWriter", "WikitextWriter"]
