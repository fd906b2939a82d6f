"""The ``wikiexport`` command: a thin click layer over :mod:`convert`, and its entry point.

Parses arguments, turns inputs into jobs, runs them on an executor and maps outcomes to
exit codes: 0 all converted, 1 some inputs failed (the rest were converted), 2 usage error.
Heavy engines are never imported here: each writer is imported when first used.

This module holds the command group and :func:`run` (the console script and
``python -m convert``); the commands live in :mod:`convert.cli_convert` (``convert``,
``bundle``) and :mod:`convert.cli_commands` (``formats``, ``defaults``, ``templates``,
``serve``, ``images``), their option checks in :mod:`convert.cli_checks`.
"""

from __future__ import annotations

import sys

import click

from convert.version import __version__
from convert.errors import ConvertError
from convert.cli_checks import draw_infoboxes as _draw_infoboxes
from convert.cli_commands import defaults_cmd, formats, images, serve, templates
from convert.cli_convert import EXAMPLES, bundle, convert


@click.group(epilog=EXAMPLES, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="wikiexport")
def main() -> None:
    """Convert encyclopedia articles (seed Markdown + YAML front matter) to PDF, EPUB, DOCX,
    HTML, Wikipedia wikitext and JSON."""

for _command in (formats, defaults_cmd, convert, bundle, templates, serve, images):
    main.add_command(_command)


def run() -> None:
    """Entry point that turns stray exceptions into one-line errors (``--debug``: traceback)."""
    debug = "--debug" in sys.argv
    try:
        main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.UsageError as exc:
        # One line, as for every other error (click's three-line usage block buried it).
        click.echo(f"wikiexport: error: {' '.join(exc.format_message().split())}", err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("wikiexport: interrupted", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        click.echo("wikiexport: interrupted", err=True)
        sys.exit(130)
    except ConvertError as exc:
        if debug:
            raise
        click.echo(f"wikiexport: error: {exc}", err=True)
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 - never a traceback without --debug
        if debug:
            raise
        click.echo(f"wikiexport: error: internal error: {type(exc).__name__}: {exc} (use --debug)", err=True)
        sys.exit(1)


# ``_draw_infoboxes`` stays importable from here for the tests that reach it by this name.
__all__ = ["main", "run", "EXAMPLES", "_draw_infoboxes"]
