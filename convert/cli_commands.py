"""The commands beside ``convert`` and ``bundle``: what the tool knows and the services around it.

``formats`` and ``templates`` describe the writers and the infobox registry, ``defaults``
writes the packaged templates out for customising, ``serve`` runs the local Book Creator
and ``images`` fetches the pictures articles name (the one command that uses the network).
Each imports what it runs only when it runs, so the command line starts fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from convert.batch.names import discover, once

@click.command("formats")
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


@click.command("defaults")
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


@click.command("templates")
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


@click.command("serve")
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


@click.command("images")
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


__all__ = ["formats", "defaults_cmd", "templates", "serve", "images"]
