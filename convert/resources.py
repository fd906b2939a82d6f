"""Where packaged templates live, and the one lookup that honours ``--template-dir``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def templates_root() -> Path:
    """The packaged ``templates/`` folder (inside the wheel, or the source tree's)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("wikiexport's templates/ folder is missing from the installation")


def template_path(relative: str, override_dir: Path | None = None) -> Path:
    """``relative`` (e.g. ``pdf/print.css``) from ``override_dir`` if it has it, else packaged."""
    if override_dir is not None:
        candidate = Path(override_dir) / relative
        if candidate.is_file():
            return candidate
    return templates_root() / relative
