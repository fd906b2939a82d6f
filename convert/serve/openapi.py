"""The OpenAPI 3.1 description served at ``/api`` (written by hand: Starlette makes none)."""

from __future__ import annotations

from typing import Any

from convert.version import __version__


def _err(description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


_BUSY = {**_err("the queue is full; try again after Retry-After seconds"),
         "headers": {"Retry-After": {"schema": {"type": "integer"}}}}
_JOB = {"description": "the job", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}}
_ID = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
_CSRF = [{"name": "X-CSRF-Token", "in": "header", "required": False, "schema": {"type": "string"},
          "description": "required when the request comes from a browser page (it sends Origin); "
                         "the token is in the pages' <meta name=\"csrf-token\">"}]


def openapi() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "wikiexport serve", "version": __version__,
                 "description": "Articles of a local library as files, and books made of them."},
        "paths": {
            "/api/v1/{format}/{title}": {"get": {
                "summary": "One article's file (pdf, epub, docx, wikitext, infobox, json, html)",
                "parameters": [{"name": "format", "in": "path", "required": True, "schema": {"type": "string"}},
                               {"name": "title", "in": "path", "required": True, "schema": {"type": "string"},
                                "description": "the article title; '_' stands for a space"},
                               {"name": "paper", "in": "query", "schema": {"enum": ["a4", "a5", "letter"]}},
                               {"name": "pdf_variant", "in": "query",
                                "schema": {"enum": ["pdf/ua-1", "pdf/a-3b", "plain"]}}],
                "responses": {"200": {"description": "the file"}, "400": _err("unknown format or option"),
                              "404": _err("no such article"), "422": _err("the article cannot be converted"),
                              "503": _BUSY}}},
            "/api/v1/books": {"post": {
                "summary": "Start making a book; poll the job it returns",
                "parameters": _CSRF,
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Book"}}}},
                "responses": {"202": _JOB, "400": _err("invalid book"), "403": _err("CSRF check failed"),
                              "404": _err("unknown title"), "413": _err("body over the size limit"),
                              "415": _err("not JSON"), "503": _BUSY}}},
            "/api/v1/jobs/{id}": {"get": {"summary": "A job's state and progress", "parameters": _ID,
                                          "responses": {"200": _JOB, "404": _err("unknown job")}}},
            "/api/v1/jobs/{id}/file": {"get": {"summary": "The finished book", "parameters": _ID,
                                               "responses": {"200": {"description": "the file"},
                                                             "404": _err("unknown job"),
                                                             "409": _err("the job is not done")}}},
            "/api/v1/search": {"get": {"summary": "Search the library", "parameters": [
                {"name": n, "in": "query", "schema": {"type": t}} for n, t in
                (("q", "string"), ("lang", "string"), ("template", "string"), ("page", "integer"),
                 ("per_page", "integer"))], "responses": {"200": {"description": "total and results"}}}},
            "/api/v1/images": {"get": {"summary": "Images of LIBRARY_DIR/images/ (book covers)",
                                       "responses": {"200": {"description": "file names"}}}},
            "/api/v1/formats": {"get": {"summary": "Article and book formats",
                                        "responses": {"200": {"description": "format lists"}}}},
            "/api/v1/saved-books": {"get": {"summary": "Books saved in LIBRARY_DIR/books/",
                                            "responses": {"200": {"description": "id, title, articles"}}}},
            "/api/v1/saved-books/{id}": {
                "get": {"summary": "A saved book", "parameters": _ID,
                        "responses": {"200": {"description": "the book"}, "404": _err("no such book")}},
                "put": {"summary": "Save a book", "parameters": _ID + _CSRF,
                        "requestBody": {"content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/Book"}}}},
                        "responses": {"200": {"description": "the saved book"}, "400": _err("invalid book")}},
                "delete": {"summary": "Delete a saved book", "parameters": _ID + _CSRF,
                           "responses": {"200": {"description": "deleted"}, "404": _err("no such book")}}},
        },
        "components": {"schemas": {
            "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
            "Job": {"type": "object", "properties": {
                "id": {"type": "string"}, "state": {"enum": ["queued", "running", "done", "failed"]},
                "progress": {"type": "number", "minimum": 0, "maximum": 1}, "format": {"type": "string"},
                "message": {"type": "string"}, "warnings": {"type": "array", "items": {"type": "string"}},
                "file": {"type": "string", "description": "download path, once done"}}},
            "Book": {"type": "object", "properties": {
                "title": {"type": "string"}, "subtitle": {"type": "string"},
                "cover": {"type": "string", "description": "an image of GET /api/v1/images (EPUB cover)"},
                "format": {"enum": ["pdf", "epub", "docx", "json"]},
                "options": {"type": "object", "properties": {
                    "paper": {"enum": ["a4", "a5", "letter"]},
                    "pdf_variant": {"enum": ["pdf/ua-1", "pdf/a-3b", "plain"]}}},
                "articles": {"type": "array", "items": {"type": "string"}, "maxItems": 1000},
                "chapters": {"type": "array", "items": {"oneOf": [
                    {"type": "object", "required": ["article"], "properties": {"article": {"type": "string"}}},
                    {"type": "object", "required": ["heading"], "properties": {"heading": {"type": "string"}}}]}}}},
        }},
    }
