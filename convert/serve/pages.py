"""The server-rendered pages: library, article, books, book editor.

Jinja2 with autoescape and StrictUndefined, like every template of the project; the pages
work without JavaScript for reading, and ``static/app.js`` adds search as you type, the
book editor and the export progress. Nothing is loaded from elsewhere.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from convert.errors import ConvertError
from convert.resources import templates_root
from convert.serve.api import state_of
from convert.serve.books import BOOK_ID
from convert.serve.jobs import Busy
from convert.wiki import text_direction

PER_PAGE = 20

_ENV = Environment(loader=FileSystemLoader(str(templates_root() / "serve")), autoescape=True,
                   undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    st = state_of(request)
    html = _ENV.get_template(name).render(csrf_token=st.csrf_token, book_formats=st.book_formats, **context)
    return HTMLResponse(html, status_code=status)


async def library(request: Request) -> Response:
    st = state_of(request)
    q = request.query_params.get("q", "")[:200]
    lang = request.query_params.get("lang", "")
    template = request.query_params.get("template", "")
    raw_page = request.query_params.get("page", "1")
    page = int(raw_page) if raw_page.isdigit() and 0 < int(raw_page) < 10_000 else 1
    found = st.library.search(q, lang, template, (page - 1) * PER_PAGE, PER_PAGE)
    return render(request, "library.html", q=q, lang=lang, template=template, page=page, per_page=PER_PAGE,
                  found=found, facets=st.library.facets(), problems=st.library.problems(),
                  pages=max(1, -(-found.total // PER_PAGE)))


async def article(request: Request) -> Response:
    st = state_of(request)
    title = request.path_params["title"]
    path = st.library.resolve(title)
    hit = st.library.hit(title)
    if path is None or hit is None:
        raise HTTPException(404, f"no article titled {title!r} in the library")
    try:
        doc, body = await st.jobs.page(path, st.write)
    except Busy as exc:
        raise HTTPException(503, str(exc), {"Retry-After": str(exc.retry_after)}) from None
    except ConvertError as exc:
        raise HTTPException(422, str(exc).replace(str(st.library.root) + "/", "")) from None
    return render(request, "article.html", doc=doc, body=Markup(body), hit=hit,
                  dir=text_direction(doc.meta.lang), formats=list(st.formats))


async def article_css(request: Request) -> Response:
    """The HTML writer's article rules, so the article page reads like its ``html`` file."""
    from convert.writers.html.writer import article_stylesheet

    return Response(article_stylesheet(), media_type="text/css; charset=utf-8",
                     headers={"Cache-Control": "no-cache"})


async def books(request: Request) -> Response:
    return render(request, "books.html", books=state_of(request).shelf.list())


async def book(request: Request) -> Response:
    book_id = request.path_params["id"]
    if not BOOK_ID.match(book_id):
        raise HTTPException(404, "a book id is 1-64 lower-case letters, digits and '-'")
    return render(request, "book.html", book_id=book_id)


ROUTES = [
    Route("/", library),
    Route("/article/{title:path}", article),
    Route("/style/article.css", article_css),
    Route("/books", books),
    Route("/books/{id}", book),
]
