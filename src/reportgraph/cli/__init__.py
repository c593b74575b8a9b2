"""Command line: a thin layer over ``reportgraph.api``.

Only this package prints, and only ``app.py`` turns library errors into user messages. The
``reportgraph`` command is :func:`main`; ``python -m reportgraph.cli`` runs it too.

- ``app``: the Typer app, its commands in order, error messages, :func:`main`
- ``build_commands``: ``build`` and ``remove`` (they change the store)
- ``read_commands``: ``entities``, ``relations``, ``claims``, ``figures``, ``eval``,
  ``provenance``, ``query``, ``stats``, ``check``
- ``export_commands``: ``export`` and ``viz``
- ``serve_command``: ``serve`` (the local read-only server, ``reportgraph.serve``)
- ``options``: options and defaults several commands share
- ``output``, ``tables``: where and how results, errors and failures are printed
"""

from reportgraph.cli.app import app, main

__all__ = ["app", "main"]
