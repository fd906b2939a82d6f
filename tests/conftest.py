"""Shared test fixtures and the ``--accept`` flag that regenerates golden files."""

from __future__ import annotations

import difflib
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"
SEED = SEEDS / "battle-of-rastan.md"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--accept", action="store_true", default=False,
        help="rewrite golden files with the current output instead of comparing",
    )


@pytest.fixture
def accept(request: pytest.FixtureRequest) -> bool:
    """True when the run was asked to regenerate golden files."""
    return bool(request.config.getoption("--accept"))


def check_golden(path: Path, actual: str, accept: bool) -> None:
    """Compare ``actual`` with the golden file ``path`` (or rewrite it with ``--accept``)."""
    if accept or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        if not accept:
            pytest.fail(f"golden file {path} did not exist; written now, review it and re-run")
        return
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(True), actual.splitlines(True), str(path), "actual", n=2
            )
        )
        rel = path.relative_to(ROOT)
        pytest.fail(
            f"{rel} differs from the output:\n{diff[:6000]}\n"
            f"If the new output is right, accept it with: python -m pytest {Path(__file__).parent.name} --accept",
            pytrace=False,
        )


@pytest.fixture
def golden(accept: bool):  # type: ignore[no-untyped-def]
    """``golden(relative_path, text)`` checks text against tests/golden/<relative_path>."""

    def _check(relative: str, actual: str) -> None:
        check_golden(GOLDEN / relative, actual, accept)

    return _check


def corpus_files() -> list[Path]:
    """The real-article fixtures copied into tests/fixtures/corpus/."""
    return sorted((FIXTURES / "corpus").glob("*.md"))


# A real 8x8 PNG, so an engine that did fetch would get an image and embed it.
_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000080000000808020000004b6d29dc0000000f4944415478"
    "9c63601805a360140c7000000d880001a6b8a1ab0000000049454e44ae426082"
)


class LoopbackServer:
    """An HTTP server on 127.0.0.1 that records every request it receives."""

    def __init__(self) -> None:
        import http.server
        import threading

        hits: list[str] = []

        class Recorder(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()
                self.wfile.write(_PNG)

            do_HEAD = do_GET

            def log_message(self, *args: object) -> None:
                pass

        self.hits = hits
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def loopback():  # type: ignore[no-untyped-def]
    """A :class:`LoopbackServer`; tests assert ``loopback.hits == []``."""
    server = LoopbackServer()
    try:
        yield server
    finally:
        server.close()


class HtmlTags(HTMLParser):
    """Start tags with their attributes, and the text, of an HTML page (stdlib parser)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(html: str) -> HtmlTags:
    """:class:`HtmlTags` of a whole page."""
    parser = HtmlTags()
    parser.feed(html)
    parser.close()
    return parser
