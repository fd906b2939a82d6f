"""The HTTP API (``/api/v1``): articles in any format, book jobs, saved books, search.

Answers are JSON; every error is ``{"error": MESSAGE}`` with a 4xx or 5xx status, never a
traceback. State-changing requests pass :func:`check_state_change` (CSRF) and bodies are
read through :func:`read_json` (size limit).
"""

from __future__ import annotations

import json
import secrets
from typing import Any
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from convert.errors import ConvertError
from convert.serve.books import MAX_ARTICLES, OPTIONS, BadBook, Book, library_images, parse_book
from convert.serve.jobs import BookRequest, Busy
from convert.serve.state import State

MEDIA_TYPES = {
    "pdf": "application/pdf", "epub": "application/epub+zip", "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8", "wikitext": "text/x-wiki; charset=utf-8",
    "infobox": "text/x-wiki; charset=utf-8",
}


def error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def busy(exc: Busy) -> JSONResponse:
    return error(503, str(exc), {"Retry-After": str(exc.retry_after)})


def state_of(request: Request) -> State:
    return request.app.state.serve  # type: ignore[no-any-return]


def check_state_change(request: Request) -> None:
    """CSRF: a browser request (it sends ``Origin`` or ``Sec-Fetch-Site``) must come from
    our own origin and carry the page's token; a program (curl, a script) sends neither and
    needs neither. A JSON content type is required in every case, which a cross-site HTML
    form cannot send without a preflight that this server never grants."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json" and request.method != "DELETE":
        raise HTTPException(415, "send the body as application/json")
    origin = request.headers.get("origin")
    fetch_site = request.headers.get("sec-fetch-site")
    if origin is not None or fetch_site is not None:
        own = f"{request.url.scheme}://{request.headers.get('host', '')}"
        if (origin is not None and origin != own) or fetch_site not in (None, "same-origin", "none"):
            raise HTTPException(403, "cross-origin request refused")
        token = request.headers.get("x-csrf-token", "")
        if not secrets.compare_digest(token, state_of(request).csrf_token):
            raise HTTPException(403, "missing or wrong X-CSRF-Token (reload the page)")


async def read_json(request: Request) -> Any:
    """The request's JSON body, refused with 413 past the size limit (counted while
    reading, so a body without Content-Length is bounded too)."""
    limit = state_of(request).max_body
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > limit):
        raise HTTPException(413, f"the request body is over the {limit:,}-byte limit")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise HTTPException(413, f"the request body is over the {limit:,}-byte limit")
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise HTTPException(400, f"the body is not valid JSON: {exc}") from None


async def article_file(request: Request) -> Response:
    """``GET /api/v1/{format}/{title}``: one article's file, as Wikipedia's PDF service does."""
    st = state_of(request)
    fmt, title = request.path_params["format"].lower(), request.path_params["title"]
    if fmt not in st.formats:
        raise HTTPException(400, f"unknown or unusable format {fmt!r} (available: {', '.join(st.formats)})")
    write: dict[str, Any] = {}
    for key, allowed in OPTIONS.items():
        if key in request.query_params:
            if request.query_params[key] not in allowed:
                raise HTTPException(400, f"{key} must be one of: {', '.join(allowed)}")
            write[key] = request.query_params[key]
    path = st.library.resolve(title)
    if path is None:
        raise HTTPException(404, f"no article titled {title!r} in the library")
    try:
        file = await st.jobs.article(path, fmt, st.formats[fmt], {**st.write, **write})
    except Busy as exc:
        return busy(exc)
    except ConvertError as exc:
        return error(422, str(exc).replace(str(st.library.root) + "/", ""))
    name = quote(title.replace(" ", "_") + st.formats[fmt])
    return FileResponse(file, media_type=MEDIA_TYPES.get(fmt, "application/octet-stream"),
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"})


def book_request(st: State, book: Book) -> BookRequest:
    """Titles to files through the index; an unknown title is the client's error (404)."""
    items: list[tuple[str, str]] = []
    for kind, value in book.chapters:
        if kind == "heading":
            items.append((kind, value))
            continue
        path = st.library.resolve(value)
        if path is None:
            raise HTTPException(404, f"no article titled {value!r} in the library")
        items.append(("article", str(path)))
    write: dict[str, Any] = {**st.write, **book.options}
    if book.cover:
        images = st.library.root / "images"
        if book.cover not in library_images(images):
            raise HTTPException(404, f"no image {book.cover!r} in the library's images/ folder")
        write["cover"] = str(images / book.cover)
    return BookRequest(book.title, tuple(items), book.fmt, write)


async def create_book(request: Request) -> Response:
    """``POST /api/v1/books``: start a book job (202), or 503 when the queue is full."""
    check_state_change(request)
    st = state_of(request)
    try:
        book = parse_book(await read_json(request), st.max_articles)
    except BadBook as exc:
        raise HTTPException(400, str(exc)) from None
    filename = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in (book.title or "book"))[:80]
    try:
        job = st.jobs.submit_book(book_request(st, book), st.formats[book.fmt], filename + st.formats[book.fmt])
    except Busy as exc:
        return busy(exc)
    return JSONResponse(job.to_dict(), status_code=202, headers={"Location": f"/api/v1/jobs/{job.id}"})


def _job(request: Request) -> Any:
    job = state_of(request).jobs.jobs.get(request.path_params["id"])
    if job is None:
        raise HTTPException(404, "no such job (it may have been forgotten; ask for the book again)")
    return job


async def job_state(request: Request) -> Response:
    """``GET /api/v1/jobs/{id}``: state (queued, running, done, failed) and progress."""
    return JSONResponse(_job(request).to_dict())


async def job_file(request: Request) -> Response:
    """``GET /api/v1/jobs/{id}/file``: the finished book (409 while it is being made)."""
    job = _job(request)
    if job.state != "done" or job.file is None:
        raise HTTPException(409, f"the job is {job.state}, not done" + (f": {job.message}" if job.message else ""))
    return FileResponse(job.file, media_type=MEDIA_TYPES.get(job.fmt, "application/octet-stream"),
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(job.filename)}"})


def _int(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name, str(default))
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise HTTPException(400, f"{name} must be a whole number from {low} to {high}")
    return int(raw)


async def search(request: Request) -> Response:
    """``GET /api/v1/search?q=&lang=&template=&page=&per_page=``."""
    st = state_of(request)
    q = request.query_params.get("q", "")[:200]
    per_page = _int(request, "per_page", 20, 1, 100)
    page = _int(request, "page", 1, 1, 10_000)
    found = st.library.search(q, request.query_params.get("lang", ""), request.query_params.get("template", ""),
                              (page - 1) * per_page, per_page)
    return JSONResponse({"total": found.total, "page": page, "per_page": per_page,
                         "results": [hit.to_dict() for hit in found.hits]})


async def saved_books(request: Request) -> Response:
    """``GET /api/v1/saved-books``: the books of ``LIBRARY_DIR/books/``."""
    return JSONResponse({"books": state_of(request).shelf.list()})


async def saved_book(request: Request) -> Response:
    """``GET``/``PUT``/``DELETE /api/v1/saved-books/{id}``."""
    st = state_of(request)
    book_id = request.path_params["id"]
    try:
        if request.method == "GET":
            book = st.shelf.get(book_id)
            if book is None:
                raise HTTPException(404, f"no saved book {book_id!r}")
            return JSONResponse(book.to_json())
        check_state_change(request)
        if request.method == "DELETE":
            if not st.shelf.delete(book_id):
                raise HTTPException(404, f"no saved book {book_id!r}")
            return JSONResponse({"deleted": book_id})
        book = parse_book(await read_json(request), st.max_articles, need_articles=False)
        st.shelf.save(book_id, book)
        return JSONResponse(book.to_json())
    except BadBook as exc:
        raise HTTPException(400, str(exc)) from None


async def formats(request: Request) -> Response:
    """``GET /api/v1/formats``: article formats and book formats."""
    st = state_of(request)
    return JSONResponse({"article": list(st.formats), "book": [f for f in st.book_formats],
                         "max_articles": st.max_articles or MAX_ARTICLES})


async def images(request: Request) -> Response:
    """``GET /api/v1/images``: the image files of ``LIBRARY_DIR/images/`` (book covers)."""
    return JSONResponse({"images": library_images(state_of(request).library.root / "images")})


ROUTES = [
    Route("/api/v1/images", images),
    Route("/api/v1/search", search),
    Route("/api/v1/formats", formats),
    Route("/api/v1/books", create_book, methods=["POST"]),
    Route("/api/v1/jobs/{id}", job_state),
    Route("/api/v1/jobs/{id}/file", job_file),
    Route("/api/v1/saved-books", saved_books),
    Route("/api/v1/saved-books/{id}", saved_book, methods=["GET", "PUT", "DELETE"]),
    Route("/api/v1/{format}/{title:path}", article_file),
]
