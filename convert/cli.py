"""The ``wikiexport`` command: a thin click layer over :mod:`convert`.

Parses arguments, turns inputs into jobs, runs them on an executor and maps outcomes to
exit codes: 0 all converted, 1 some inputs failed (the rest were converted), 2 usage error.
Heavy engines are never imported here: each writer is imported when first used.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

import click

from convert.version import __version__
from convert.batch.names import discover, once
from convert.errors import ConvertError

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
"""

def _writer_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by ``convert`` and ``bundle``."""
    decorators = [
        click.option("--lang", default="auto", show_default=True,
                     help="Wikipedia language code of the articles, or 'auto': told from each "
                          "article's text (English when it does not say clearly)."),
        click.option("--template-dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
                     help="Folder overriding files of the packaged templates/ (same names)."),
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
        click.option("--quiet", "-q", is_flag=True, help="No progress output."),
        click.option("--debug", is_flag=True, help="Show tracebacks of internal errors."),
    ]
    for decorator in reversed(decorators):
        f = decorator(f)
    return f


def _draw_infoboxes(names: list[str]) -> bool:
    """Whether any writer asked for draws infobox layouts (else the front end skips them)."""
    from convert.writers import writer_class

    return any(writer_class(name).draws_infoboxes for name in names)


def _settings(kw: dict[str, Any], title: str = "", layout: bool = True) -> Any:
    from convert.frontend import check_lang
    from convert.batch.jobs import Settings

    try:
        lang = check_lang(kw["lang"])
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--lang") from None
    load: dict[str, Any] = {"lang": lang, "max_size": kw["max_size"]}
    if not layout:
        load["layout"] = False
    if kw["infobox_template"]:
        load["infobox_template"] = kw["infobox_template"]
    if kw["infobox_registry"]:
        load["infobox_registry"] = str(kw["infobox_registry"].resolve())
    write = {
        "template_dir": kw["template_dir"], "images_dir": kw["images_dir"], "paper": kw["paper"],
        "max_pixels": kw["max_pixels"],
        "pdf_variant": kw["pdf_variant"], "reference_doc": kw["reference_doc"], "cover": kw["cover"],
        "align": not kw["no_align"], "timeout": kw["timeout"], "title": title,
    }
    write = {k: (str(Path(v).resolve()) if isinstance(v, Path) else v) for k, v in write.items()}
    return Settings(load=load, write=write, strict=kw["strict"], debug=kw["debug"])


def _formats(spec: str | None, usable_only: bool = True) -> list[str]:
    """Format names from ``--to``; only the writers asked for are imported (``--to json``
    must not pay for importing WeasyPrint), all of them for ``all``."""
    from convert.writers import BUILTINS, format_names, writer_class


    def state(name: str) -> str:
        try:
            return writer_class(name).unavailable_reason() or "usable"
        except Exception as exc:  # noqa: BLE001 - a broken plugin is unusable, not fatal
            return f"cannot load: {exc}"

    if not spec or spec.strip().lower() == "all":
        names = [n for n in format_names() if state(n) == "usable"]
        if not names:
            raise click.UsageError("no output format is usable here (see 'wikiexport formats')")
        return names
    names = []
    for raw in spec.split(","):
        name = raw.strip().lower()
        if not name:
            continue
        if name not in BUILTINS and name not in (known := format_names()):
            raise click.BadParameter(f"unknown format {name!r} (available: {', '.join(known)})", param_hint="--to")
        if usable_only and (why := state(name)) != "usable":
            raise click.BadParameter(f"format {name!r} is not usable here: {why}", param_hint="--to")
        if name not in names:
            names.append(name)
    if not names:
        raise click.BadParameter("no format given", param_hint="--to")
    return names


@click.group(epilog=EXAMPLES, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="wikiexport")
def main() -> None:
    """Convert encyclopedia articles (seed Markdown + YAML front matter) to PDF, EPUB, DOCX,
    Wikipedia wikitext and JSON."""


@main.command()
def formats() -> None:
    """List the output formats and whether each can run here."""
    from convert import formats as list_formats
    from convert.writers import writer_class

    for name, state in list_formats().items():
        try:
            ext = writer_class(name).extension
        except Exception:  # noqa: BLE001 - shown as unusable below
            ext = "?"
        click.echo(f"{name:10} {ext:15} {state}")


@main.command(epilog=EXAMPLES)
@click.argument("inputs", nargs=-1, required=True)
@click.option("--to", "to", metavar="FORMATS", help="Comma list of formats, or 'all' (default: all usable).")
@click.option("-o", "--output", default=".", show_default=True, help="Output folder, or '-' for stdout.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes (default: CPU count).")
@click.option("--skip-unchanged", is_flag=True, help="Skip outputs newer than their input made the same way.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler address (tcp://host:8786).")
@_writer_options
def convert(inputs: tuple[str, ...], to: str | None, output: str, jobs: int | None, skip_unchanged: bool,
            executor: str, scheduler: str | None, **kw: Any) -> None:
    """Convert INPUT files or folders ('-' for stdin) to OUTPUT/<name>.<ext>."""
    from convert.batch.run import run_convert

    names = _formats(to)
    settings = _settings(kw, layout=_draw_infoboxes(names))
    code = run_convert(
        list(once(discover(inputs))), names, output, settings, jobs=jobs or os.cpu_count() or 1,
        skip_unchanged=skip_unchanged, executor=executor, scheduler=scheduler, quiet=kw["quiet"],
    )
    sys.exit(code)


@main.command(epilog=EXAMPLES)
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", required=True, help="The book file (.pdf, .epub, .docx, .json).")
@click.option("--to", "to", metavar="FORMAT", help="Format (default: from the output's extension).")
@click.option("--title", default="", help="Book title (cover and title page).")
@_writer_options
def bundle(inputs: tuple[str, ...], output: str, to: str | None, title: str, **kw: Any) -> None:
    """Make one book of several articles."""
    from convert.batch.run import run_bundle

    if to:
        fmt = _formats(to)
        if len(fmt) != 1:
            raise click.BadParameter("a bundle has exactly one format", param_hint="--to")
        name = fmt[0]
    else:
        suffix = Path(output).suffix.lower().lstrip(".")
        if suffix not in ("pdf", "epub", "docx", "json"):
            raise click.BadParameter("cannot tell the format from the extension; use --to", param_hint="-o")
        name = _formats(suffix)[0]
    settings = _settings(kw, title=title)
    sys.exit(run_bundle(list(discover(inputs)), name, output, settings, quiet=kw["quiet"]))


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder the pictures are kept in (then: convert --images FOLDER).")
@click.option("--image-host", metavar="URL", help="A mirror to ask instead of the wikis (https://HOST[:PORT]).")
@click.option("-j", "--jobs", type=click.IntRange(1, 8), default=4, show_default=True, help="Downloads at once.")
@click.option("--timeout", type=click.FloatRange(min=1), default=60.0, show_default=True,
              help="Seconds one request may take.")
@click.option("--max-bytes", type=click.IntRange(min=1024), default=50 * 1024 * 1024, show_default=True,
              help="Largest picture file downloaded.")
@click.option("--max-pixels", type=click.IntRange(1_000_000, 150_000_000), default=40_000_000, show_default=True,
              help="Pixels one picture may decode to.")
@click.option("--contact", default="", help="Your e-mail or URL, sent in the User-Agent as Wikimedia asks.")
@click.option("--lang", default="auto", show_default=True, help="Wikipedia language of the articles, or 'auto'.")
@click.option("--quiet", "-q", is_flag=True, help="No progress output.")
def images(inputs: tuple[str, ...], output: Path, image_host: str | None, jobs: int, timeout: float,
           max_bytes: int, max_pixels: int, contact: str, lang: str, quiet: bool) -> None:
    """Download the pictures the INPUT articles name (the only command that uses the network)."""
    from convert.frontend import check_lang
    from convert.images import ImageSettings, run_images
    from convert.images.fetch import Limits

    try:
        lang = check_lang(lang)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--lang") from None
    settings = ImageSettings(output=output, image_host=image_host, jobs=jobs, lang=lang, quiet=quiet,
                             limits=Limits(max_bytes=max_bytes, timeout=timeout), max_pixels=max_pixels,
                             contact=contact)
    sys.exit(run_images(list(once(discover(inputs))), settings))


def run() -> None:
    """Entry point that turns stray exceptions into one-line errors (``--debug``: traceback)."""
    debug = "--debug" in sys.argv
    try:
        main(standalone_mode=False)
    except click.exceptions.Exit as exc:
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
