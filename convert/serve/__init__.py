"""``wikiexport serve``: a local Book Creator and export service over a folder of seeds.

``app`` builds the ASGI application; ``index`` keeps the SQLite/FTS5 catalogue; ``jobs``
runs conversions on worker processes behind a bounded queue; ``api`` and ``pages`` are
the HTTP surface; ``books`` the book format. The article page's body is the HTML writer's
(:func:`convert.writers.html.writer.article_body`): one HTML rendering of the model.
"""
