"""wikiexport: encyclopedia articles to PDF, EPUB, DOCX and Wikipedia wikitext."""

__version__ = "0.1.0"
