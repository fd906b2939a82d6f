"""Checks of command-line options made before any article is converted.

Each check either returns quietly, returns warnings, or raises :class:`OptionError` (a
usage error: one line, exit 2). They run before the batch so that a bad option costs the
user a second and one line, not a failure per article after minutes of rendering: a text
file given as ``--reference-doc`` used to fail each article with "pandoc did not finish",
a read-only output folder once per article and format.
"""

from __future__ import annotations

import os
import socket
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class OptionError(ValueError):
    """An option that cannot work; ``param`` is the option as the user wrote it."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param


# --------------------------------------------------------------------------- output


@dataclass(frozen=True, slots=True)
class OutputPlan:
    """Where outputs go: ``stdout``, one ``file``, or a ``folder`` of ``<name>.<ext>``."""

    kind: str
    path: str


def plan_output(output: str, n_inputs: int, n_formats: int) -> OutputPlan:
    """What ``-o`` means, as pandoc users expect: ``-`` is stdout; one input to one format
    is written to that very file (``-o a.pdf``); ``DIR/``, an existing folder, a name without
    a suffix or several outputs keep the folder of ``<name>.<ext>`` files."""
    if output == "-":
        return OutputPlan("stdout", "-")
    is_folder = output.endswith(("/", os.sep)) or os.path.isdir(output) or not Path(output).suffix
    if n_inputs == 1 and n_formats == 1 and not is_folder:
        return OutputPlan("file", output)
    return OutputPlan("folder", output)


def format_from_extension(output: str, extensions: dict[str, str]) -> str | None:
    """The format whose output suffix ``output`` ends with (the longest match wins, so
    ``x.infobox.wiki`` is the infobox writer's and ``x.wiki`` the wikitext writer's)."""
    name = os.path.basename(output).lower()
    best = None
    for fmt, ext in extensions.items():
        if name.endswith(ext.lower()) and len(name) > len(ext) and (best is None or len(ext) > len(extensions[best])):
            best = fmt
    return best


def check_writable(target: str) -> None:
    """The folder ``target`` (made if missing) can hold new files: a probe file is made
    and removed in its nearest existing ancestor. ``os.access`` would not do: it says yes
    to root on a read-only folder, and nothing of read-only file systems."""
    folder = Path(os.path.abspath(target))
    probe_dir = folder
    while not probe_dir.exists():
        if probe_dir.parent == probe_dir:
            break
        probe_dir = probe_dir.parent
    if not probe_dir.is_dir():
        raise OptionError("-o", f"cannot write into {target}: {probe_dir} is a file, not a folder")
    try:
        fd, name = tempfile.mkstemp(prefix=".wikiexport-probe-", dir=probe_dir)
    except OSError as exc:
        raise OptionError("-o", f"cannot write into {target}: {exc.strerror or exc}") from None
    os.close(fd)
    os.unlink(name)


# --------------------------------------------------------------------------- reference doc


def docx_styles(path: Path) -> set[str]:
    """The style names (as Word shows them) defined in the DOCX ``path``; an
    :class:`OptionError` when it is not a Word document."""
    try:
        with zipfile.ZipFile(path) as archive:
            if "word/document.xml" not in archive.namelist() or "word/styles.xml" not in archive.namelist():
                raise OptionError("--reference-doc", f"{path} is not a Word document (no word/styles.xml in it)")
            root = ElementTree.fromstring(archive.read("word/styles.xml"))
    except zipfile.BadZipFile:
        raise OptionError("--reference-doc", f"{path} is not a DOCX file (not a zip archive)") from None
    except ElementTree.ParseError as exc:
        raise OptionError("--reference-doc", f"{path}: word/styles.xml is not XML ({exc})") from None
    except OSError as exc:
        raise OptionError("--reference-doc", f"cannot read {path}: {exc.strerror or exc}") from None
    names = set()
    for style in root.iter(f"{_W}style"):
        name = style.find(f"{_W}name")
        if name is not None and name.get(f"{_W}val"):
            names.add(str(name.get(f"{_W}val")).lower())
    return names


def check_reference_doc(path: Path, packaged: Path) -> list[str]:
    """Warnings for a user's reference DOCX: the styles the packaged one defines for the
    writer (infobox, attribution, title page...) that it lacks. Raises when it is no DOCX."""
    have = docx_styles(path)
    want = _style_display_names(packaged)
    missing = sorted(name for key, name in want.items() if key not in have)
    if not missing:
        return []
    return [f"{path}: warning: --reference-doc lacks {len(missing)} style(s) the docx writer uses "
            f"(Word's defaults will be used): {', '.join(missing)}"]


def _style_display_names(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        root = ElementTree.fromstring(archive.read("word/styles.xml"))
    out = {}
    for style in root.iter(f"{_W}style"):
        name = style.find(f"{_W}name")
        if name is not None and name.get(f"{_W}val"):
            out[str(name.get(f"{_W}val")).lower()] = str(name.get(f"{_W}val"))
    return out


# --------------------------------------------------------------------------- dask


def check_scheduler(address: str, timeout: float = 3.0) -> None:
    """The Dask scheduler at ``address`` accepts a connection within ``timeout`` seconds
    (an unreachable one was an "internal error" after 31 s)."""
    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    try:
        host, port = parts.hostname, parts.port or 8786
    except ValueError:
        raise OptionError("--scheduler", f"not an address: {address!r}") from None
    if parts.scheme not in ("tcp", "tls") or not host:
        raise OptionError("--scheduler", f"not a tcp:// or tls:// address: {address!r}")
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except OSError as exc:
        reason = "no answer" if isinstance(exc, TimeoutError) else (exc.strerror or str(exc))
        raise OptionError("--scheduler", f"Dask scheduler {address} does not answer ({reason})") from None
