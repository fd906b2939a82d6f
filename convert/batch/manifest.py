"""The ``--skip-unchanged`` manifest: which outputs were made from which input, how."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

NAME = ".wikiexport-manifest.json"


def fingerprint(version: str, fmt: str, settings: dict[str, Any]) -> str:
    """Hash of what shapes an output: program version, format and the options used."""
    blob = json.dumps([version, fmt, settings], sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


class Manifest:
    """``OUT/.wikiexport-manifest.json``: output path -> input path and fingerprint."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / NAME
        self.entries: dict[str, dict[str, str]] = {}
        self.dirty = False
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and isinstance(data.get("outputs"), dict):
                self.entries = {k: v for k, v in data["outputs"].items() if isinstance(v, dict)}
        except (OSError, ValueError):
            pass

    def is_current(self, source: str, dest: str, print_: str) -> bool:
        """True when ``dest`` exists, is newer than ``source`` and was made the same way."""
        entry = self.entries.get(os.path.abspath(dest))
        if not entry or entry.get("input") != os.path.abspath(source) or entry.get("fingerprint") != print_:
            return False
        try:
            return os.stat(dest).st_mtime >= os.stat(source).st_mtime
        except OSError:
            return False

    def record(self, source: str, dest: str, print_: str) -> None:
        entry = {"input": os.path.abspath(source), "fingerprint": print_}
        if self.entries.get(os.path.abspath(dest)) != entry:
            self.entries[os.path.abspath(dest)] = entry
            self.dirty = True

    def save(self) -> None:
        """Write the manifest if anything was recorded since it was read."""
        from convert.fileio import atomic_write

        if not self.dirty:
            return
        data = json.dumps({"version": 1, "outputs": self.entries}, indent=1, sort_keys=True)
        atomic_write(self.path, data.encode("utf-8"))
