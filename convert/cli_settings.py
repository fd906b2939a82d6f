"""From parsed command-line options to a batch's :class:`~convert.batch.jobs.Settings`.

Kept apart from :mod:`convert.cli` (the click layer) so that each option's meaning is
decided once: ``-M lang=de`` and ``--lang de`` are one setting, ``-M date=...`` is the
date every output carries (the same clock as ``SOURCE_DATE_EPOCH``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

METADATA_KEYS = ("title", "author", "date", "lang", "subject")
"""What ``-M key=value`` may set (pandoc's names)."""


def check_known_lang(raw: str) -> str:
    """``raw`` as a Wikipedia language code (or ``auto``); a usage error otherwise."""
    from convert.frontend import check_lang
    from convert.wiki import RTL_LANGS, wikipedia_langs

    try:
        code = check_lang(raw)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--lang") from None
    if code != "auto" and code not in wikipedia_langs() and code not in RTL_LANGS:
        near = sorted(c for c in wikipedia_langs() if c[:1] == code[:1])[:8]
        raise click.BadParameter(f"{raw!r} is not the code of a Wikipedia (e.g. {', '.join(near) or 'en, de, fr'})",
                                 param_hint="--lang")
    return code


def parse_metadata(pairs: tuple[str, ...]) -> dict[str, str]:
    """``-M key=value`` pairs (``key:value`` too, as pandoc accepts) as a dict."""
    out: dict[str, str] = {}
    for pair in pairs:
        sep = "=" if "=" in pair else ":"
        key, found, value = pair.partition(sep)
        key = key.strip().lower()
        if not found or key not in METADATA_KEYS:
            raise click.BadParameter(f"{pair!r}: expected KEY=VALUE with KEY one of {', '.join(METADATA_KEYS)}",
                                     param_hint="-M")
        out[key] = value.strip()
    if "date" in out:
        out["date"] = str(_epoch(out["date"]))
    return out


def _epoch(text: str) -> int:
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"date {text!r} is not an ISO date (2024-05-31 or 2024-05-31T12:00)",
                                 param_hint="-M") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return int(when.timestamp())


def build_settings(kw: dict[str, Any], title: str = "", layout: bool = True) -> Any:
    """The batch settings of a ``convert`` or ``bundle`` run."""
    from convert.batch.jobs import Settings

    meta = parse_metadata(kw.get("metadata") or ())
    lang = check_known_lang(meta.pop("lang", "") or kw["lang"])
    load: dict[str, Any] = {"lang": lang, "max_size": kw["max_size"]}
    if not layout:
        load["layout"] = False
    if kw["infobox_registry"]:
        load["infobox_registry"] = str(kw["infobox_registry"].resolve())
    if kw["infobox_template"]:
        from convert.infoboxes.catalogue import unknown_template

        problem = unknown_template(kw["infobox_template"], lang, kw["infobox_registry"])
        if problem:
            raise click.BadParameter(problem, param_hint="--infobox-template")
        load["infobox_template"] = kw["infobox_template"]
    write: dict[str, Any] = {
        "template_dir": kw["template_dir"], "images_dir": kw["images_dir"], "paper": kw["paper"],
        "max_pixels": kw["max_pixels"], "pdf_variant": kw["pdf_variant"], "reference_doc": kw["reference_doc"], "cover": kw["cover"],
        "align": not kw["no_align"], "timeout": kw["timeout"], "title": meta.get("title") or title,
        "toc": kw.get("toc"), "toc_depth": kw.get("toc_depth") or 2,
    }
    if kw.get("writer_extra"):
        write["extra"] = kw["writer_extra"]
    if "date" in meta:
        write["source_date_epoch"] = int(meta.pop("date"))
    write = {k: (str(Path(v).resolve()) if isinstance(v, Path) else v) for k, v in write.items()}
    overrides = {k: v for k, v in meta.items() if k in ("title", "author", "subject")}
    return Settings(load=load, write=write, strict=kw["strict"], debug=kw["debug"], meta=overrides,
                    verbose=bool(kw.get("verbose")))
