"""The version of wikiexport, read by the build (hatch) and by every module that prints it."""

__version__ = "0.1.0"
