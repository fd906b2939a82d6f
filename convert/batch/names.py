"""Which files a batch reads and which it writes: input discovery and output names.

Inputs are files, folders (every ``*.md``, ``*.markdown`` and ``*.txt`` below, except ``README*``) or ``-``;
outputs are ``OUT/<relative stem>.<ext>``, each claimed once so that two inputs never share
a file.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from convert.errors import format_diagnostic
from convert.fileio import file_kind

SUFFIXES = (".md", ".markdown", ".txt")


def discover(inputs: Sequence[str]) -> Iterator[tuple[str, str]]:
    """``(path, relative stem)`` of every input; directories give their ``*.md``,
    ``*.markdown`` and ``*.txt`` files."""
    for raw in inputs:
        if raw == "-":
            yield "-", "stdin"
            continue
        path = Path(raw)
        if path.is_dir():
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if is_seed_name(name):
                        full = Path(folder) / name
                        if not _regular(str(full)):
                            continue
                        rel = full.relative_to(path).with_suffix("")
                        yield str(full), str(rel)
        else:
            yield str(path), path.stem if path.suffix in SUFFIXES else path.name


def is_seed_name(name: str) -> bool:
    """Whether a file of this name, found in a folder, is an article: ``*.md``,
    ``*.markdown`` or ``*.txt``, not hidden, and not a README (documentation about the
    articles, not one of them). ``convert``, ``bundle`` and the library index all use it."""
    return name.endswith(SUFFIXES) and not name.startswith(".") and not name.upper().startswith("README")


def _regular(path: str) -> bool:
    """Whether a file found in a folder is one to read; anything else (a FIFO, a socket, a
    device, a link to a folder) is skipped with a warning. A FIFO read as an article blocks
    its reader until the per-article limit. A file that cannot be stat'ed (a dangling link)
    is kept: reading it reports why."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return True
    if stat.S_ISREG(mode):
        return True
    print(format_diagnostic(path, 0, "warning", f"skipped: {file_kind(mode)}, not a regular file"), file=sys.stderr)
    return False


def once(found: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """Each input file once, where first found: ``convert DIR DIR/a.md`` (or a file named
    twice) would otherwise convert it twice, the second time to ``a-2.json``."""
    seen: set[str] = set()
    for path, stem in found:
        key = path if path == "-" else os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            yield path, stem


def safe_stem(rel: str) -> str:
    """A file-name stem from an input's relative name: no ``..``, no absolute parts."""
    parts = []
    for part in Path(rel).parts:
        clean = "".join(ch if (ch.isalnum() or ch in "-_.() ") else "_" for ch in part).strip(" .")
        if clean and clean not in (".", ".."):
            parts.append(clean[:150])
    return os.path.join(*parts) if parts else "article"



def output_paths(stem: str, names: Sequence[str], output: str, taken: set[str]) -> tuple[tuple[str, str], ...]:
    from convert.writers import writer_class

    if output == "-":
        return tuple((n, "-") for n in names)
    base = safe_stem(stem)
    folder = os.path.abspath(output)

    def paths(candidate: str) -> tuple[tuple[str, str], ...]:
        return tuple((name, os.path.join(folder, candidate + writer_class(name).extension)) for name in names)

    # Output files are claimed, not names: two inputs with one name (a/x.md, b/x.md
    # given as files) would share them, and so would a.md's infobox output and
    # a.infobox.md's wikitext, a.infobox.wiki, one overwriting the other without a word.
    candidate, n = base, 2
    while any(dest in taken for _name, dest in paths(candidate)):
        candidate, n = f"{base}-{n}", n + 1
    outputs = paths(candidate)
    taken.update(dest for _name, dest in outputs)
    return outputs
