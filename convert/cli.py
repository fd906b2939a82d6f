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

def _writer_options(f: Callable[..., Any]) -> Callable[..., Any]:
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


def _draw_infoboxes(names: list[str]) -> bool:
    """Whether any writer asked for draws infobox layouts (else the front end skips them)."""
    from convert.writers import writer_class

    return any(writer_class(name).draws_infoboxes for name in names)


def _check(kw: dict[str, Any], names: list[str], warn: Callable[[str], None], book: bool = False) -> None:
    """Options that would fail every article, checked before the first one (exit 2)."""
    from convert.cli_options import OptionError, check_reference_doc

    try:
        if kw["reference_doc"] is not None and "docx" in names:
            from convert.resources import template_path

            for line in check_reference_doc(kw["reference_doc"], template_path("docx/reference.docx", kw["template_dir"])):
                warn(line)
    except OptionError as exc:
        raise click.BadParameter(str(exc), param_hint=exc.param) from None
    from convert.writers import reads

    if kw.get("toc") and "docx" in names and not book:
        # (articles are rendered many to one pandoc call and split: no contents field each)
        warn("wikiexport: warning: --toc: a DOCX article has no table of contents (a DOCX book has)")

    kw["writer_extra"] = _writer_extra(kw.get("writer_options") or (), names)

    used = [reads(n) for n in names]
    if all(u is not None for u in used):
        for opt, (key, field) in _SHARED.items():
            value = kw.get(key)
            if (value is not None and (value is not False or key == "toc")) and not any(field in u for u in used if u):
                warn(f"wikiexport: warning: {opt} is ignored by {', '.join(names)}")


# Command-line options given only for some writers -> the WriteOptions field they set.
# (``--no-toc`` is given too: the toc value False; a flag's False is "not given".)
_SHARED = {"--cover": ("cover", "cover"), "--reference-doc": ("reference_doc", "reference_doc"),
           "--toc": ("toc", "toc"), "--toc-depth": ("toc_depth", "toc_depth"), "--images": ("images_dir", "images_dir"),
           "--no-align": ("no_align", "align")}


def _writer_extra(pairs: tuple[str, ...], names: list[str]) -> tuple[tuple[str, Any], ...]:
    """``-V name=value`` checked against the options the chosen writers declare."""
    from convert.writers import writer_class

    specs = {spec.name: spec for n in names for spec in writer_class(n).options}
    out = []
    for pair in pairs:
        name, found, raw = pair.partition("=")
        spec = specs.get(name.strip())
        if not found or spec is None:
            known = ", ".join(sorted(specs)) or "none"
            raise click.BadParameter(f"{pair!r}: not an option of {', '.join(names)} (theirs: {known})",
                                     param_hint="-V")
        try:
            out.append((spec.name, spec.parse(raw.strip())))
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="-V") from None
    return tuple(out)


def _check_output_folder(folder: str) -> None:
    from convert.cli_options import OptionError, check_writable

    if os.path.exists(folder) and not os.path.isdir(folder):
        raise click.UsageError(f"output folder {folder!r} is a file")
    try:
        check_writable(folder)
    except OptionError as exc:
        raise click.BadParameter(str(exc), param_hint=exc.param) from None


def _refuse_terminal(binary: bool) -> None:
    """Binary output is never written to a terminal (pandoc's rule too)."""
    if binary and sys.stdout.isatty():
        raise click.UsageError("refusing to write binary output to a terminal; redirect it ('> file') or use -o FILE")


def _warn(line: str) -> None:
    click.echo(line, err=True)


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
    HTML, Wikipedia wikitext and JSON."""


@main.command()
@click.option("-v", "--verbose", is_flag=True, help="Also each writer's description and its own options (-V).")
def formats(verbose: bool) -> None:
    """List the output formats, whether each makes books and can run here."""
    from convert import formats as list_formats
    from convert.writers import writer_class

    for name, state in list_formats().items():
        try:
            cls = writer_class(name)
            ext, book, about, specs = cls.extension, ("book" if cls.supports_bundle else ""), cls.description, cls.options
        except Exception:  # noqa: BLE001 - shown as unusable below
            ext, book, about, specs = "?", "", "", ()
        click.echo(f"{name:10} {ext:15} {book:5} {state}")
        if verbose:
            click.echo(f"    {about}")
            for spec in specs:
                click.echo(f"    -V {spec.name}=<{'|'.join(spec.choices) or spec.type.__name__}>  {spec.help}")


@main.command("defaults")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite files already in FOLDER.")
def defaults_cmd(folder: Path, force: bool) -> None:
    """Write the packaged templates, CSS and reference.docx to FOLDER, to start a
    customisation; use it with --template-dir FOLDER (and --reference-doc)."""
    from convert.defaults import write_defaults

    try:
        written = write_defaults(folder, force=force)
    except FileExistsError as exc:
        raise click.UsageError(f"{exc} exists; use --force to overwrite") from None
    except OSError as exc:
        raise click.UsageError(f"cannot write {folder}: {exc.strerror or exc}") from None
    click.echo(f"wikiexport: wrote {len(written)} files to {folder}; edit them and pass --template-dir {folder}",
               err=True)


@main.command(epilog=EXAMPLES)
@click.argument("inputs", nargs=-1, required=True)
@click.option("-t", "--to", "to", metavar="FORMATS",
              help="Comma list of formats, or 'all' (default: from -o FILE's extension, else all usable).")
@click.option("-o", "--output", default=".", show_default=True,
              help="Output file (one input, one format), folder (DIR/ or several outputs), or '-' for stdout.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes (default: CPU count).")
@click.option("--skip-unchanged", is_flag=True, help="Skip outputs newer than their input made the same way.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler address (tcp://host:8786); needs --executor dask.")
@_writer_options
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
    for line in _duplicates(found, unique):
        _warn(line)
    if to is None and output != "-":
        to = _format_of(output)
    names = _formats(to)
    plan = plan_output(output, len(unique), len(names))
    if plan.kind == "stdout":
        if len(unique) != 1 or len(names) != 1:
            raise click.UsageError("'-o -' takes one input and one format")
        _refuse_terminal(_binary(names[0]))
    else:
        _check_output_folder(os.path.dirname(os.path.abspath(plan.path)) if plan.kind == "file" else plan.path)
    if executor == "dask":
        _check_dask(scheduler)
    _check(kw, names, _warn)
    settings = build_settings(kw, layout=_draw_infoboxes(names))
    code = run_convert(
        unique, names, plan.path, settings, jobs=jobs or os.cpu_count() or 1,
        skip_unchanged=skip_unchanged, executor=executor, scheduler=scheduler, quiet=kw["quiet"],
        single_file=plan.kind == "file", dry_run=kw["dry_run"],
    )
    sys.exit(code)


@main.command(epilog=EXAMPLES)
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", required=True, help="The book file (.pdf, .epub, .docx, .json, .html...), or '-'.")
@click.option("-t", "--to", "to", metavar="FORMAT", help="Format (default: from the output's extension).")
@click.option("--title", default="", help="Book title (cover and title page).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes reading the articles and laying out a PDF book (default: CPU count).")
@click.option("--order", type=click.Choice(["given", "title"]), default="given", show_default=True,
              help="Order of the articles in the book.")
@_writer_options
def bundle(inputs: tuple[str, ...], output: str, to: str | None, title: str, jobs: int | None, order: str,
           **kw: Any) -> None:
    """Make one book of several articles."""
    from convert.batch.run import run_bundle
    from convert.writers import writer_class

    if to:
        fmt = _formats(to)
        if len(fmt) != 1:
            raise click.BadParameter("a bundle has exactly one format", param_hint="--to")
        name = fmt[0]
    else:
        guessed = None if output == "-" else _format_of(output)
        if guessed is None:
            raise click.BadParameter("cannot tell the format from the extension; use --to", param_hint="-o")
        name = _formats(guessed)[0]
    if not writer_class(name).supports_bundle:
        books = [n for n in _formats(None) if writer_class(n).supports_bundle]
        raise click.BadParameter(f"the {name} format makes no books (books: {', '.join(books)})", param_hint="--to")
    if output == "-":
        _refuse_terminal(_binary(name))
    else:
        _check_output_folder(os.path.dirname(os.path.abspath(output)))
    found = list(discover(inputs))
    unique = list(once(found))
    for line in _duplicates(found, unique):
        _warn(line)
    _check(kw, [name], _warn, book=True)
    settings = build_settings(kw, title=title)
    sys.exit(run_bundle(unique, name, output, settings, quiet=kw["quiet"], jobs=jobs or os.cpu_count() or 1,
                        order=order, dry_run=kw["dry_run"]))


def _format_of(output: str) -> str | None:
    """The format an output file's extension names (pandoc's habit), else ``None``."""
    from convert.cli_options import format_from_extension
    from convert.writers import extensions

    return format_from_extension(output, extensions())


def _binary(name: str) -> bool:
    from convert.writers import writer_class

    return writer_class(name).binary


def _duplicates(found: list[tuple[str, str]], unique: list[tuple[str, str]]) -> list[str]:
    """A warning per input named more than once (it is converted once)."""
    if len(found) == len(unique):
        return []
    seen: dict[str, int] = {}
    for path, _stem in found:
        seen[path] = seen.get(path, 0) + 1
    kept = {p for p, _s in unique}
    lines = [f"{p}: warning: input given {n} times; converted once" for p, n in seen.items() if n > 1]
    if not lines:  # the same file reached by two paths (a folder and a file in it)
        lines = [f"{p}: warning: input given more than once; converted once" for p in seen if p not in kept]
    return lines


def _check_dask(scheduler: str | None) -> None:
    from convert.cli_options import OptionError, check_scheduler

    if scheduler is None:
        return  # a local cluster is started
    try:
        check_scheduler(scheduler)
    except OptionError as exc:
        raise click.BadParameter(str(exc), param_hint=exc.param) from None


@main.command()
@click.argument("query", nargs=-1)
@click.option("--lang", default="en", show_default=True, help="Wikipedia language code, or 'all'.")
@click.option("--infobox-registry", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="YAML file of extra infobox templates.")
def templates(query: tuple[str, ...], lang: str, infobox_registry: Path | None) -> None:
    """List the infobox templates known for a language; with QUERY, those whose name has
    it, and the parameters, labels, aliases, redirects and source of the one that fits."""
    from convert.infoboxes.catalogue import describe, registry_for, search, source_of

    code = lang.strip().lower()
    registry = registry_for("en" if code == "all" else code, infobox_registry)
    text = " ".join(query)
    exact = registry.find(text, code) if text else None
    if exact is not None and (code == "all" or exact.lang == code):
        click.echo("\n".join(describe(exact, source_of(exact))))
        return
    found = search(registry, None if code == "all" else code, text)
    if not found:
        raise click.UsageError(f"no {code} infobox template matches {text!r}")
    if len(found) == 1:
        click.echo("\n".join(describe(found[0].template, source_of(found[0].template))))
        return
    click.echo("\n".join(entry.line for entry in found))
    click.echo(f"{len(found)} templates", err=True)


@main.command()
@click.argument("library", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (not loopback: a warning).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("-j", "--jobs", "workers", type=click.IntRange(min=1), default=None, help="Worker processes (default: CPU count).")
@click.option("--queue", type=click.IntRange(min=1), default=None, help="Conversions at once before 503 (default: 2 x CPUs).")
@click.option("--timeout", type=click.FloatRange(min=1), default=300.0, show_default=True, help="Seconds one job may take.")
@click.option("--max-articles", type=click.IntRange(min=1), default=1000, show_default=True, help="Longest book.")
@click.option("--lang", default="auto", show_default=True, help="Wikipedia language code of the articles, or 'auto'.")
@click.option("--rescan", type=click.FloatRange(min=0.1), default=5.0, show_default=True,
              help="Seconds between looks for changed seed files.")
@click.option("--idle-workers", type=click.FloatRange(min=1), default=30.0, show_default=True,
              help="Seconds without work after which worker processes end (their memory is given back).")
def serve(library: Path, host: str, port: int, workers: int | None, queue: int | None, timeout: float,
          max_articles: int, lang: str, rescan: float, idle_workers: float) -> None:
    """Serve LIBRARY (a folder of seeds) as a local Book Creator and export API."""
    from convert.frontend import check_lang

    try:
        lang = check_lang(lang)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--lang") from None
    try:
        from convert.serve.app import serve as run_server
    except ImportError as exc:
        raise click.UsageError(f"serve needs the 'serve' extra (pip install 'wikiexport[serve]'): {exc}") from None

    run_server(library, host, port, workers=workers, queue=queue, timeout=timeout, max_articles=max_articles, lang=lang,
               rescan=rescan, idle_workers=idle_workers)


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
