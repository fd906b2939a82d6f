"""``wikiexport serve`` over HTTP: a real server on a free loopback port (not a mocked app).

One server for the module (-j 1, a queue of 1 so a full queue is easy to reach), a library
of four seeds, one hostile title and one broken file.
"""

from __future__ import annotations

import io
import json
import re
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.serve_support import Server, make_library, nav_titles

HOSTILE = """---
title: "<script>alert(1)</script> Tower"
shortDescription: A title that is markup
description: Not a script.
---
Text with <b>tags</b> and a [[link]].
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    lib = make_library(tmp_path_factory.mktemp("serve") / "library")
    (lib / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    (lib / "broken.md").write_text("no front matter here\n", encoding="utf-8")
    (lib / "images").mkdir()
    from PIL import Image

    Image.new("RGB", (60, 90), (200, 30, 30)).save(lib / "images" / "red cover.png")
    srv = Server(lib, "-j", "1", "--queue", "1", "--rescan", "0.3", "--timeout", "120")
    srv.library = lib  # type: ignore[attr-defined]
    yield srv
    srv.stop()


def _token(server: Server) -> str:
    _status, _headers, page = server.request("GET", "/")
    found = re.search(rb'<meta name="csrf-token" content="([^"]+)">', page)
    assert found
    return found.group(1).decode()


def test_search_filters_and_pages(server: Server) -> None:
    status, found = server.json("GET", "/api/v1/search?q=toky")
    assert status == 200 and [h["title"] for h in found["results"]] == ["Tokyo Tower"]
    assert found["results"][0]["template"] == "building"  # the inferred infobox template is indexed
    status, everything = server.json("GET", "/api/v1/search?per_page=2&page=2")
    assert everything["total"] == 5 and len(everything["results"]) == 2
    status, none = server.json("GET", "/api/v1/search?q=tokyo&lang=de")
    assert none["total"] == 0
    status, by_template = server.json("GET", "/api/v1/search?template=building")
    assert [h["title"] for h in by_template["results"]] == ["Tokyo Tower"]
    status, both = server.json("GET", "/api/v1/search?q=tow&template=building&lang=en")
    assert [h["title"] for h in both["results"]] == ["Tokyo Tower"] and both["total"] == 1
    status, two = server.json("GET", "/api/v1/search?q=tower&per_page=1")
    assert two["total"] == 2 and len(two["results"]) == 1
    # FTS5 syntax typed by a user is plain text, never a query error
    status, odd = server.json("GET", '/api/v1/search?q=%22OR%20NEAR(%2A')
    assert status == 200 and odd["total"] == 0
    status, first = server.json("GET", "/api/v1/search?q=a")  # one letter: titles starting with it
    assert [h["title"] for h in first["results"]] == ["Ada Lovelace", "Alexandria"] and first["total"] == 2
    status, bad = server.json("GET", "/api/v1/search?page=0")
    assert status == 400 and "page" in bad["error"]


@pytest.mark.parametrize(("fmt", "magic"), [("pdf", b"%PDF-"), ("epub", b"PK"), ("wikitext", b"{{"),
                                            ("json", b"{"), ("html", b"<!DOCTYPE html>")])
def test_one_article_in_each_format(server: Server, fmt: str, magic: bytes) -> None:
    status, headers, data = server.request("GET", f"/api/v1/{fmt}/Tokyo_Tower")
    assert status == 200, data[:300]
    assert data.startswith(magic)
    assert "Tokyo_Tower" in headers["content-disposition"]


def test_title_is_matched_as_wikipedia_does(server: Server) -> None:
    """Spaces or underscores, first letter in any case; the rest of the title is exact."""
    assert server.request("GET", "/api/v1/json/tokyo%20Tower")[0] == 200
    assert server.request("GET", "/api/v1/json/Tokyo_tower")[0] == 404


@pytest.mark.parametrize(("path", "status", "words"), [
    ("/api/v1/pdf/No_such_article", 404, "no article titled"),
    ("/api/v1/exe/Tokyo_Tower", 400, "unknown or unusable format"),
    ("/api/v1/pdf/Tokyo_Tower?paper=huge", 400, "paper must be one of"),
    ("/api/v1/pdf/..%2F..%2Fetc%2Fpasswd", 404, "no article titled"),
    ("/api/v1/jobs/nope", 404, "no such job"),
    ("/api/v1/jobs/nope/file", 404, "no such job"),
    ("/api/v1/saved-books/Bad..Id", 400, "book id"),
])
def test_bad_requests_are_4xx_with_a_message(server: Server, path: str, status: int, words: str) -> None:
    got, headers, body = server.request("GET", path)
    assert got == status
    assert headers["content-type"] == "application/json"
    assert words in json.loads(body)["error"]


def test_book_job_progress_file_and_cache(server: Server) -> None:
    book = {"title": "Two towns", "chapters": [{"article": "Alexandria"}, {"heading": "Towers"},
                                               {"article": "Tokyo Tower"}], "format": "epub"}
    status, headers, body = server.request("POST", "/api/v1/books", book)
    assert status == 202, body
    job = json.loads(body)
    assert headers["location"] == f"/api/v1/jobs/{job['id']}"
    done = server.wait_job(job["id"])
    assert done["state"] == "done" and done["progress"] == 1.0, done
    status, headers, epub = server.request("GET", done["file"])
    assert status == 200 and headers["content-type"] == "application/epub+zip"
    assert nav_titles(epub) == ["Alexandria", "Towers", "Tokyo Tower"]
    # The same book again is answered from the cache: done at once, same bytes.
    status, again = server.json("POST", "/api/v1/books", book)
    assert status == 202 and again["state"] == "done" and again["id"] != job["id"]
    assert server.request("GET", again["file"])[2] == epub


@pytest.mark.parametrize(("book", "words"), [
    ({"articles": ["Tokyo Tower"], "format": "exe"}, "cannot make a book"),
    ({"articles": ["No such article"]}, "no article titled"),
    ({"articles": "Tokyo Tower"}, "must be a list"),
    ({"title": "x"}, "needs 'articles'"),
    ({"articles": ["Tokyo Tower"] * 5000}, "5,000 articles; at most 1,000"),
    ({"chapters": [{"article": "Tokyo Tower", "heading": "x"}]}, "chapter 1"),
    ({"articles": ["Tokyo Tower"], "options": {"paper": "huge"}}, "paper"),
    ([1, 2], "JSON object"),
])
def test_bad_books_are_refused_with_a_message(server: Server, book: object, words: str) -> None:
    status, body = server.json("POST", "/api/v1/books", book)
    assert 400 <= status < 500 and words in body["error"], body


def test_ten_megabyte_body_is_refused(server: Server) -> None:
    raw = b'{"articles": ["' + b"x" * (10 * 1024 * 1024) + b'"]}'
    status, _headers, body = server.request("POST", "/api/v1/books", raw=raw,
                                            headers={"Content-Type": "application/json"})
    assert status == 413 and "limit" in json.loads(body)["error"]


def test_not_json_is_refused(server: Server) -> None:
    status, _h, body = server.request("POST", "/api/v1/books", raw=b"{nope", headers={"Content-Type": "application/json"})
    assert status == 400 and "not valid JSON" in json.loads(body)["error"]
    status, _h, body = server.request("POST", "/api/v1/books", raw=b"articles=x",
                                      headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 415


def test_csrf_for_browser_requests(server: Server) -> None:
    book = {"articles": ["Ada Lovelace"], "format": "json"}
    origin = server.base
    status, body = server.json("POST", "/api/v1/books", book, headers={"Origin": "http://evil.example"})
    assert status == 403 and "cross-origin" in body["error"]
    status, body = server.json("POST", "/api/v1/books", book, headers={"Origin": origin})
    assert status == 403 and "X-CSRF-Token" in body["error"]
    status, body = server.json("POST", "/api/v1/books", book, headers={"Origin": origin, "X-CSRF-Token": "guess"})
    assert status == 403
    status, body = server.json("POST", "/api/v1/books", book, headers={"Origin": origin, "X-CSRF-Token": _token(server)})
    assert status == 202, body
    assert server.wait_job(body["id"])["state"] == "done"


def test_foreign_host_header_is_refused(server: Server) -> None:
    """DNS rebinding: a page of another site resolved to 127.0.0.1 sends its own Host."""
    status, _h, body = server.request("GET", "/api/v1/search", headers={"Host": "evil.example"})
    assert status == 400 and "Host" in json.loads(body)["error"]
    status, _h, body = server.request("GET", "/api/v1/search", headers={"Host": f"evil.example:{server.port}"})
    assert status == 400
    assert server.request("GET", "/api/v1/search", headers={"Host": f"localhost:{server.port}"})[0] == 200


def test_full_queue_answers_503_with_retry_after(server: Server) -> None:
    book = {"title": f"queue {time.time()}", "articles": ["Tokyo Tower", "Alexandria", "Ada Lovelace"], "format": "pdf"}
    status, job = server.json("POST", "/api/v1/books", book)
    assert status == 202 and job["state"] in ("queued", "running")
    status, headers, body = server.request("GET", "/api/v1/pdf/Insertion_sort")
    assert status == 503 and int(headers["retry-after"]) >= 1 and "queue is full" in json.loads(body)["error"]
    status, headers, body = server.request("POST", "/api/v1/books", {**book, "title": "another"})
    assert status == 503 and "retry-after" in headers
    status, _h, body = server.request("GET", f"/api/v1/jobs/{job['id']}/file")
    assert status == 409 and "not done" in json.loads(body)["error"]
    assert server.wait_job(job["id"])["state"] == "done"
    assert server.request("GET", "/api/v1/pdf/Insertion_sort")[0] == 200  # the slot is free again


def test_cover_from_the_library_images(server: Server) -> None:
    assert server.json("GET", "/api/v1/images") == (200, {"images": ["red cover.png"]})
    book = {"title": "Covered", "articles": ["Ada Lovelace"], "format": "epub", "cover": "red cover.png"}
    status, job = server.json("POST", "/api/v1/books", book)
    assert status == 202, job
    done = server.wait_job(job["id"])
    assert done["state"] == "done", done
    with zipfile.ZipFile(io.BytesIO(server.request("GET", done["file"])[2])) as z:
        opf = z.read("EPUB/content.opf").decode()
    assert re.search(r'href="media/[^"]+\.png"[^>]*properties="cover-image"|properties="cover-image"[^>]*href="media/[^"]+\.png"', opf), opf
    for bad in ("../hostile.md", "missing.png", "/etc/passwd"):
        status, body = server.json("POST", "/api/v1/books", {**book, "cover": bad})
        assert status == 404 and "images/ folder" in body["error"]


def test_saved_books(server: Server) -> None:
    book = {"title": "Mine", "subtitle": "Sub", "cover": "", "format": "epub", "options": {},
            "chapters": [{"heading": "One"}, {"article": "Tokyo Tower"}]}
    status, saved = server.json("PUT", "/api/v1/saved-books/mine", book)
    assert status == 200 and saved == {**book, "version": 1}
    on_disk = json.loads((server.library / "books" / "mine.json").read_text())  # type: ignore[attr-defined]
    assert on_disk == saved
    assert server.json("GET", "/api/v1/saved-books/mine") == (200, saved)
    assert {"id": "mine", "title": "Mine", "articles": 1} in server.json("GET", "/api/v1/saved-books")[1]["books"]
    assert server.json("DELETE", "/api/v1/saved-books/mine")[0] == 200
    assert server.json("GET", "/api/v1/saved-books/mine")[0] == 404


def test_index_follows_file_changes(server: Server) -> None:
    lib: Path = server.library  # type: ignore[attr-defined]
    (lib / "new.md").write_text("---\ntitle: Zanzibar Lighthouse\ndescription: New.\n---\nText.\n", encoding="utf-8")
    deadline = time.monotonic() + 20
    while server.json("GET", "/api/v1/search?q=zanzibar")[1]["total"] != 1:
        assert time.monotonic() < deadline, "a new seed was not indexed"
        time.sleep(0.2)
    (lib / "new.md").unlink()
    while server.json("GET", "/api/v1/search?q=zanzibar")[1]["total"] != 0:
        assert time.monotonic() < deadline, "a removed seed stayed in the index"
        time.sleep(0.2)


def test_pages_escape_and_carry_the_policy(server: Server) -> None:
    for path in ("/", "/?q=tower", "/books", "/books/my-book", "/article/Tokyo_Tower"):
        status, headers, page = server.request("GET", path)
        assert status == 200, path
        assert "default-src 'none'" in headers["content-security-policy"]
        assert not re.search(rb'src="(https?:)?//|<link[^>]+href="(https?:)?//', page), path  # nothing remote
    status, _h, page = server.request("GET", "/article/%3Cscript%3Ealert(1)%3C%2Fscript%3E_Tower")
    assert status == 200 and b"<script>alert" not in page and b"&lt;script&gt;alert(1)" in page
    status, _h, page = server.request("GET", "/")
    assert b"&lt;script&gt;" in page and b"<script>alert" not in page
    assert b"broken.md" in page  # the unreadable file is shown, not hidden
    status, _h, page = server.request("GET", "/article/Nowhere")
    assert status == 404 and b"no article titled" in page and b"Traceback" not in page


def test_api_description(server: Server) -> None:
    status, doc = server.json("GET", "/api")
    assert status == 200 and doc["openapi"].startswith("3.")
    assert {"/api/v1/{format}/{title}", "/api/v1/books", "/api/v1/jobs/{id}", "/api/v1/jobs/{id}/file"} <= set(doc["paths"])


@pytest.mark.slow  # starts its own server: about 10 s on a busy machine
@pytest.mark.parametrize("how", ["terminate", "kill"])
def test_workers_end_with_the_server(tmp_path: Path, how: str) -> None:
    """A stopped server leaves no worker behind, even when it is killed outright."""
    srv = Server(make_library(tmp_path / "library", ("tokyo-tower",)), "-j", "1")
    try:
        assert srv.request("GET", "/api/v1/wikitext/Tokyo_Tower")[0] == 200
        children = _children(srv.proc.pid)
        assert children
        getattr(srv.proc, how)()
        srv.proc.wait(20)
        deadline = time.monotonic() + 20
        while any(Path(f"/proc/{c}").exists() and "Z" not in Path(f"/proc/{c}/stat").read_text().split()[2]
                  for c in children):
            assert time.monotonic() < deadline, f"workers outlived the server ({how})"
            time.sleep(0.1)
    finally:
        srv.stop()


@pytest.mark.slow  # starts its own server and a fresh pool: 10-30 s on a busy machine
def test_a_dead_worker_does_not_break_the_server(tmp_path: Path) -> None:
    """A worker killed (as by the out-of-memory killer) fails at most the job it held;
    the next requests are served by a new pool."""
    import os
    import signal

    srv = Server(make_library(tmp_path / "library", ("tokyo-tower", "alexandria")), "-j", "1")
    try:
        assert srv.request("GET", "/api/v1/wikitext/Tokyo_Tower")[0] == 200
        for child in _workers(srv.proc.pid):  # workers, not the resource tracker
            os.kill(child, signal.SIGKILL)
        time.sleep(0.5)
        answers = [srv.request("GET", "/api/v1/wikitext/Alexandria") for _ in range(2)]
        assert answers[-1][0] == 200, answers
        assert all(status in (200, 422) for status, _h, _b in answers)
        assert srv.proc.poll() is None
    finally:
        srv.stop()


def _children(pid: int) -> list[int]:
    """The child processes of ``pid`` (a thread that ends while they are read is skipped)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return found


def _workers(pid: int) -> list[int]:
    out = []
    for child in _children(pid):
        try:
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                out.append(child)
        except (FileNotFoundError, ProcessLookupError):
            continue
    return out


@pytest.mark.slow  # starts its own server and waits for it to go idle
def test_idle_workers_are_let_go(tmp_path: Path) -> None:
    """After --idle-workers seconds without work the workers end (memory back to the idle
    level), and the next request starts a new one."""
    srv = Server(make_library(tmp_path / "library", ("tokyo-tower",)), "-j", "1", "--idle-workers", "1")
    try:
        assert srv.request("GET", "/api/v1/wikitext/Tokyo_Tower")[0] == 200
        assert _workers(srv.proc.pid)  # (the idle time only starts now)
        deadline = time.monotonic() + 20
        while _workers(srv.proc.pid):
            assert time.monotonic() < deadline, "idle workers were kept"
            time.sleep(0.2)
        assert srv.request("GET", "/api/v1/json/Tokyo_Tower")[0] == 200
    finally:
        srv.stop()


def test_only_loopback_counts_as_local() -> None:
    from convert.serve.app import is_loopback

    assert all(is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "192.168.1.2", "example.org"))


def test_bad_language_is_a_usage_error(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.serve_support import ROOT

    proc = subprocess.run([sys.executable, "-m", "convert", "serve", str(tmp_path), "--lang", "no good"],
                          cwd=ROOT, env={**__import__("os").environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, timeout=60)
    assert proc.returncode == 2 and b"--lang" in proc.stderr and b"Traceback" not in proc.stderr
