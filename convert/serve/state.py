"""What every request handler of one server shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from convert.serve.books import Shelf
from convert.serve.index import Library
from convert.serve.jobs import Jobs


@dataclass(slots=True)
class State:
    """The library index, the job queue, the saved books and the limits of one server."""

    library: Library
    jobs: Jobs
    shelf: Shelf
    formats: dict[str, str]
    """Article formats usable here -> file extension."""
    book_formats: tuple[str, ...]
    csrf_token: str
    write: dict[str, Any] = field(default_factory=dict)
    max_body: int = 1024 * 1024
    max_articles: int = 1000
