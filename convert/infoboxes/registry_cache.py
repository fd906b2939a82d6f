"""An on-disk cache of the built template registry (a one-shot CLI call pays ~0.1-0.3 s to
build its 170 templates from YAML, ~6 ms to load it: each template's display rows stay
pickled until a layout draws that template, see ``rows.PickledRows``).

The cache lives in ``$XDG_CACHE_HOME/wikiexport`` (``~/.cache/wikiexport``), is keyed by a
hash of the registry files and the program version, and is only trusted when it is a
regular file owned by the current user and writable by nobody else. Any problem means
building from YAML as if there were no cache; ``WIKIEXPORT_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable, TypeVar

T = TypeVar("T")


def _folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "wikiexport"


def _key(files: list[Path]) -> str:
    from convert.version import __version__

    digest = hashlib.sha256(f"{__version__}|{sys.version_info[:2]}|{pickle.HIGHEST_PROTOCOL}".encode())
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def _trusted(path: Path) -> bool:
    try:
        info = path.lstat()
    except OSError:
        return False
    return (stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid()
            and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def cached(files: list[Path], build: Callable[[], T]) -> T:
    """``build()``, or its pickled result from an earlier run over the same ``files``."""
    if os.environ.get("WIKIEXPORT_NO_CACHE"):
        return build()
    try:
        path = _folder() / f"registry-{_key(files)}.pickle"
    except OSError:
        return build()
    if _trusted(path):
        try:
            with open(path, "rb") as fh:
                return _load(fh.read())
        except Exception:  # noqa: BLE001 - a damaged cache is rebuilt
            pass
    value = build()
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        _prune(path)
    except Exception:  # noqa: BLE001 - no cache (read-only home, odd object): still works
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
    return value


def _load(data: bytes) -> Any:
    """Unpickle with the cyclic garbage collector paused: the registry is thousands of new
    objects, and each few hundred would otherwise start a collection over all of them
    (a third of the load time). Nothing in it is garbage, and it lives as long as the
    process: it is frozen out of the collector's sight (``gc.freeze``) instead of being
    walked by a closing collection, which cost as much as the load itself once the
    generated data made the registry several times larger."""
    import gc

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)  # noqa: S301 - our own file, checked by the caller
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()


def _prune(current: Path, keep: int = 8) -> None:
    """Keep this user's ``keep`` most recently written registries and delete older ones:
    each new program version or registry file leaves one behind (a quarter of a megabyte)
    that may never be read again. A few are kept for users switching between versions or
    ``--infobox-registry`` files."""
    def written(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0

    others = [p for p in current.parent.glob("registry-*.pickle") if p != current and _trusted(p)]
    for old in sorted(others, key=written, reverse=True)[keep - 1:]:
        try:
            old.unlink()
        except OSError:
            pass
