"""The ``convert`` and ``bundle`` commands and the writer options they share.

Each command checks its options (:mod:`convert.cli_checks`), builds the settings
(:mod:`convert.cli_settings`) and hands the inputs to the batch engine
(:mod:`convert.batch.run`), whose result is the exit code. The group that holds the
commands, and the entry point, are in :mod:`convert.cli`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Callable

import click

from convert.batch.names import discover, once
from convert.cli_checks import (
    check_dask, check_options, check_output_folder, draw_infoboxes, duplicates, format_of, is_binary,
    parse_formats, refuse_terminal, warn,
)
from convert.cli_settings import build_settings

EXAMPLES = """
\b
Examples:
  wikiexport convert seeds/ -o out/                  every format for every article
  wikiexport convert article.md --to pdf,epub -o out/
  wikiexport convert article.md --to json -o -       the document model on stdout
  cat article.md | wikiexport convert - --to wikitext -o -
  wikiexport bundle a.md b.md c.md -o book.epub --title "Reading list"
  wikiexport images seeds/ -o pictures/             fetch the articles' pictures (network)
  wikiexport convert seeds/ --images pictures/ -o out/
  wikiexport formats
  wikiexport templates settlement                    what the registry knows of a template
  wikiexport serve library/                          a local Book Creator on 127.0.0.1:8000
"""


def writer_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by ``convert`` and ``bundle``."""
    decorators = [
        click.option("--defaults", "defaults_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
                     is_eager=True, expose_value=False, callback=_load_defaults,
                     help="YAML file of options (long names as keys), as pandoc's --defaults."),
        click.option("--lang", default="auto", show_default=True,
                     help="Wikipedia language code of the articles, or 'auto': told from each "
                          "article's text (English when it does not say clearly)."),
        click.option("-M", "--metadata", multiple=True, metavar="KEY=VALUE",
                     help="Set title, author, date (ISO), lang or subject; repeatable."),
        click.option("-V", "--writer-option", "writer_options", multiple=True, metavar="NAME=VALUE",
                     help="An option a writer declares for itself (see 'wikiexport formats -v')."),
        click.option("--toc/--no-toc", default=None, help="Table of contents (default: the format's own choice)."),
        click.option("--toc-depth", type=click.IntRange(1, 6), default=None, help="Heading levels in the contents."),
        click.option("--template-dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
                     help="Folder overriding files of the packaged templates/ (same names; see 'wikiexport defaults')."),
        click.option("--images", "images_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
                     help="Local folder where article images are looked up by file name."),
        click.option("--max-pixels", type=click.IntRange(1_000_000, 150_000_000), default=40_000_000,
                     show_default=True, help="Pixels one picture may decode to; larger ones are refused."),
        click.option("--paper", type=click.Choice(["a4", "a5", "letter"]), default="a4", show_default=True,
                     help="PDF paper size."),
        click.option("--pdf-variant", type=click.Choice(["pdf/ua-1", "pdf/a-3b", "plain"]), default="pdf/ua-1",
                     show_default=True, help="Tagged (accessible), archival, or plain PDF."),
        click.option("--reference-doc", type=click.Path(dir_okay=False, exists=True, path_type=Path),
                     help="DOCX whose styles replace the packaged reference.docx."),
        click.option("--cover", type=click.Path(dir_okay=False, exists=True, path_type=Path),
                     help="EPUB cover image (a cover is generated otherwise)."),
        click.option("--no-align", is_flag=True, help="Wikitext: single spaces instead of aligned '='."),
        click.option("--infobox-template", metavar="NAME", help="Force the infobox template instead of inferring it."),
        click.option("--infobox-registry", type=click.Path(dir_okay=False, exists=True, path_type=Path),
                     help="YAML file of extra infobox templates."),
        click.option("--max-size", type=click.IntRange(min=1), default=10 * 1024 * 1024, show_default=True,
                     help="Largest input file accepted, in bytes."),
        click.option("--timeout", type=click.FloatRange(min=1), default=300.0, show_default=True,
                     help="Seconds one engine job (pandoc, WeasyPrint) may take."),
        click.option("--strict", is_flag=True, help="Treat warnings as errors."),
        click.option("-v", "--verbose", is_flag=True,
                     help="Say what was decided per article: language, infobox template and confidence, images."),
        click.option("--dry-run", is_flag=True, help="Check the options and list the outputs; convert nothing."),
        click.option("--quiet", "-q", is_flag=True, help="No progress output."),
        click.option("--debug", is_flag=True, help="Show tracebacks of internal errors."),
    ]
    for decorator in reversed(decorators):
        f = decorator(f)
    return f


def _load_defaults(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    """``--defaults FILE``: its keys become the command's defaults (options on the command
    line still win), read before the other options are."""
    if value is None:
        return
    from convert.defaults import read_defaults

    try:
        ctx.default_map = {**(ctx.default_map or {}), **read_defaults(value, ctx.command)}
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--defaults") from None


@click.command("convert", epilog=EXAMPLES)
@click.argument("inputs", nargs=-1, required=True)
@click.option("-t", "--to", "to", metavar="FORMATS",
              help="Comma list of formats, or 'all' (default: from -o FILE's extension, else all usable).")
@click.option("-o", "--output", default=".", show_default=True,
              help="Output file (one input, one format), folder (DIR/ or several outputs), or '-' for stdout.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes (default: CPU count).")
@click.option("--skip-unchanged", is_flag=True, help="Skip outputs newer than their input made the same way.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler address (tcp://host:8786); needs --executor dask.")
@writer_options
def convert(inputs: tuple[str, ...], to: str | None, output: str, jobs: int | None, skip_unchanged: bool,
            executor: str, scheduler: str | None, **kw: Any) -> None:
    """Convert INPUT files or folders ('-' for stdin) to OUTPUT/<name>.<ext>, or to the file
    OUTPUT when there is one input and one format."""
    from convert.batch.run import run_convert
    from convert.cli_options import plan_output

    if scheduler and executor != "dask":
        raise click.UsageError("--scheduler needs --executor dask")
    found = list(discover(inputs))
    unique = list(once(found))
    for line in duplicates(found, unique):
        warn(line)
    if to is None and output != "-":
        to = format_of(output)
    names = parse_formats(to)
    plan = plan_output(output, len(unique), len(names))
    if plan.kind == "stdout":
        if len(unique) != 1 or len(names) != 1:
            raise click.UsageError("'-o -' takes one input and one format")
        refuse_terminal(is_binary(names[0]))
    else:
        check_output_folder(os.path.dirname(os.path.abspath(plan.path)) if plan.kind == "file" else plan.path)
    if executor == "dask":
        check_dask(scheduler)
    check_options(kw, names, warn)
    settings = build_settings(kw, layout=draw_infoboxes(names))
    code = run_convert(
        unique, names, plan.path, settings, jobs=jobs or os.cpu_count() or 1,
        skip_unchanged=skip_unchanged, executor=executor, scheduler=scheduler, quiet=kw["quiet"],
        single_file=plan.kind == "file", dry_run=kw["dry_run"],
    )
    sys.exit(code)


@click.command("bundle", epilog=EXAMPLES)
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", required=True, help="The book file (.pdf, .epub, .docx, .json, .html...), or '-'.")
@click.option("-t", "--to", "to", metavar="FORMAT", help="Format (default: from the output's extension).")
@click.option("--title", default="", help="Book title (cover and title page).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes reading the articles and laying out a PDF book (default: CPU count).")
@click.option("--order", type=click.Choice(["given", "title"]), default="given", show_default=True,
              help="Order of the articles in the book.")
@writer_options
def bundle(inputs: tuple[str, ...], output: str, to: str | None, title: str, jobs: int | None, order: str,
           **kw: Any) -> None:
    """Make one book of several articles."""
    from convert.batch.run import run_bundle
    from convert.writers import writer_class

    if to:
        fmt = parse_formats(to)
        if len(fmt) != 1:
            raise click.BadParameter("a bundle has exactly one format", param_hint="--to")
        name = fmt[0]
    else:
        guessed = None if output == "-" else format_of(output)
        if guessed is None:
            raise click.BadParameter("cannot tell the format from the extension; use --to", param_hint="-o")
        name = parse_formats(guessed)[0]
    if not writer_class(name).supports_bundle:
        books = [n for n in parse_formats(None) if writer_class(n).supports_bundle]
        raise click.BadParameter(f"the {name} format makes no books (books: {', '.join(books)})", param_hint="--to")
    if output == "-":
        refuse_terminal(is_binary(name))
    else:
        check_output_folder(os.path.dirname(os.path.abspath(output)))
    found = list(discover(inputs))
    unique = list(once(found))
    for line in duplicates(found, unique):
        warn(line)
    check_options(kw, [name], warn, book=True)
    settings = build_settings(kw, title=title)
    sys.exit(run_bundle(unique, name, output, settings, quiet=kw["quiet"], jobs=jobs or os.cpu_count() or 1,
                        order=order, dry_run=kw["dry_run"]))


__all__ = ["EXAMPLES", "writer_options", "convert", "bundle"]
