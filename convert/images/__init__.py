"""``wikiexport images``: the one command that uses the network.

It gathers the pictures a set of articles names into a local folder once, so that
``convert`` and ``bundle`` (which never use the network) find them with ``--images``.
:mod:`~convert.images.names` says which pictures an article names, :mod:`~convert.images.hosts`
where each may be asked for (known wiki hosts, or one mirror), :mod:`~convert.images.fetch`
how one file is downloaded under limits, and :mod:`~convert.images.run` runs the whole
set with bounded concurrency, a cache, progress and one line per failure.
"""

from convert.images.run import ImageSettings, run_images

__all__ = ["ImageSettings", "run_images"]
