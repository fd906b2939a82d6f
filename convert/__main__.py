"""``python -m convert``: the same as the ``wikiexport`` command."""

from .cli import run

if __name__ == "__main__":
    run()
