"""Click-side checks of the ``convert`` and ``bundle`` options, made before any article is read.

Options that would fail every article (an unknown format, an unusable writer, an output
folder that is a file, a bad ``-V``, binary output to a terminal) end the run here with
exit code 2, as click usage errors. The checks that need no click live in
:mod:`convert.cli_options`; this module maps their :class:`~convert.cli_options.OptionError`
to the option it names. Writers are imported only when asked for, so ``--to wikitext``
never pays for WeasyPrint or pypandoc.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Callable

import click

def draw_infoboxes(names: list[str]) -> bool:
    """Whether any writer asked for draws infobox layouts (else the front end skips them)."""
    from convert.writers import writer_class

    return any(writer_class(name).draws_infoboxes for name in names)


def check_options(kw: dict[str, Any], names: list[str], warn: Callable[[str], None], book: bool = False) -> None:
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


def check_output_folder(folder: str) -> None:
    """The folder outputs go to is a folder, and writable (else a usage error)."""
    from convert.cli_options import OptionError, check_writable

    if os.path.exists(folder) and not os.path.isdir(folder):
        raise click.UsageError(f"output folder {folder!r} is a file")
    try:
        check_writable(folder)
    except OptionError as exc:
        raise click.BadParameter(str(exc), param_hint=exc.param) from None


def refuse_terminal(binary: bool) -> None:
    """Binary output is never written to a terminal (pandoc's rule too)."""
    if binary and sys.stdout.isatty():
        raise click.UsageError("refusing to write binary output to a terminal; redirect it ('> file') or use -o FILE")


def warn(line: str) -> None:
    """A warning line on stderr."""
    click.echo(line, err=True)


def parse_formats(spec: str | None, usable_only: bool = True) -> list[str]:
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


def format_of(output: str) -> str | None:
    """The format an output file's extension names (pandoc's habit), else ``None``."""
    from convert.cli_options import format_from_extension
    from convert.writers import extensions

    return format_from_extension(output, extensions())


def is_binary(name: str) -> bool:
    """Whether the format ``name`` writes bytes rather than text."""
    from convert.writers import writer_class

    return writer_class(name).binary


def duplicates(found: list[tuple[str, str]], unique: list[tuple[str, str]]) -> list[str]:
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


def check_dask(scheduler: str | None) -> None:
    """``--scheduler``: an address a Dask client can be given (no scheduler: a local cluster)."""
    from convert.cli_options import OptionError, check_scheduler

    if scheduler is None:
        return  # a local cluster is started
    try:
        check_scheduler(scheduler)
    except OptionError as exc:
        raise click.BadParameter(str(exc), param_hint=exc.param) from None


__all__ = [
    "draw_infoboxes", "check_options", "check_output_folder", "refuse_terminal", "warn", "parse_formats",
    "format_of", "is_binary", "duplicates", "check_dask",
]
