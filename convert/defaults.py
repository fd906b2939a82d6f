"""Starting points for customisation: the packaged templates written out to a folder
(``wikiexport defaults DIR``, pandoc's ``--print-default-template``/``-data-file``), and
defaults files of options (``--defaults FILE``, as pandoc's)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import click

from convert.resources import templates_root

# What a user customises; the infobox registry is data, changed with --infobox-registry.
CUSTOMISABLE = ("pdf", "epub", "docx/reference.docx", "html")


def write_defaults(folder: Path, force: bool = False) -> list[Path]:
    """Copy the packaged templates, CSS and reference.docx into ``folder`` (same relative
    names, so ``--template-dir folder`` uses them); returns the files written. Refuses to
    overwrite a file unless ``force``."""
    root = templates_root()
    sources: list[Path] = []
    for part in CUSTOMISABLE:
        path = root / part
        if path.is_dir():
            sources.extend(p for p in sorted(path.rglob("*")) if p.is_file() and not p.name.startswith("."))
        elif path.is_file():
            sources.append(path)
    targets = [folder / src.relative_to(root) for src in sources]
    if not force:
        for target in targets:
            if target.exists():
                raise FileExistsError(str(target))
    for src, target in zip(sources, targets):
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
    return targets


def read_defaults(path: Path, command: click.Command) -> dict[str, Any]:
    """The options of a defaults file as ``{parameter name: value}`` for ``command``.

    Keys are the long option names, with or without ``--`` and with ``-`` or ``_``
    (``reference-doc: my.docx``, ``to: pdf``, ``metadata: [author=Me]``); ``inputs`` is
    a list of input files. Relative paths are from the working folder, and ``${.}`` is
    the defaults file's folder, as in pandoc. An unknown key is an error naming the known
    ones."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ValueError(f"cannot read {path}: {' '.join(str(exc).split())}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of option names to values")
    params = {p.name: p for p in command.params if p.name}
    aliases = {"input": "inputs", "input-files": "inputs", "output-file": "output"}
    out: dict[str, Any] = {}
    for raw, value in data.items():
        key = str(raw).lstrip("-")
        key = aliases.get(key, key).replace("-", "_")
        param = params.get(key) or next((p for p in params.values() if f"--{key.replace('_', '-')}" in
                                         getattr(p, "opts", ())), None)
        if param is None or param.name in ("defaults_file", "help"):
            known = sorted(n.replace("_", "-") for n in params if n not in ("defaults_file",))
            raise ValueError(f"{path}: unknown option {raw!r} (known: {', '.join(known)})")
        value = _expand(value, str(path.parent))
        if param.name == "inputs":
            value = [value] if isinstance(value, str) else value
        elif param.name == "metadata" and isinstance(value, dict):
            value = [f"{k}={v}" for k, v in value.items()]
        elif param.multiple and not isinstance(value, list):
            value = [value]
        out[str(param.name)] = value
    return out


def _expand(value: Any, here: str) -> Any:
    """``${.}`` in strings (also inside lists) replaced by the defaults file's folder."""
    if isinstance(value, str):
        return value.replace("${.}", here)
    if isinstance(value, list):
        return [_expand(v, here) for v in value]
    return value
