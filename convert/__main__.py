"""``python -m convert``: the same as the ``wikiexport`` command."""

from convert.cli import run

if __name__ == "__main__":
    run()
