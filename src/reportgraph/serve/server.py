"""``reportgraph serve``: Datasette over the claims index, with ``/sparql`` over the store.

Start-up, in this order, each failure one coded error: listen on the port (RG801 in use, RG802
cannot listen); open the store (RG301 none there, RG302 not a store; a remote store's RG340-
RG349) and reconcile the claims index with it once (RG330 cannot open it); check that the index
opens read-only (RG332). Then Datasette, the SPARQL plugin and the explorer's pages serve until
Ctrl-C.

The store is a directory or a SPARQL server's URL. For a server, the index is this machine's
copy (``$XDG_CACHE_HOME/reportgraph/remote/``), reconciled with the server at start-up; the
endpoint and the pages query the server.

Read-only throughout:
- Datasette opens the index with SQLite's ``mode=ro`` (its "mutable" databases), so no query
  can write it. Not ``immutable=1``: a build running beside the server updates the index, and
  an immutable database is one SQLite assumes never changes (it would read stale pages or
  fail). With ``mode=ro`` each read sees the index as the last build left it.
- Only Datasette's own default plugins and ours are registered: a Datasette plugin installed
  elsewhere in the environment (one that adds writes, say) is unregistered for this process.
  No canned queries are configured, so none can write.
- The SPARQL endpoint reads the newest published snapshot of the store (``runner``).
- The explorer's pages (``pages``) open the index ``mode=ro`` for each request, and read the
  store (a claim's RDF) through the runner.
"""

from __future__ import annotations

import asyncio
import socket
import sqlite3
from collections.abc import Callable
from pathlib import Path

import uvicorn
from datasette.app import Database, Datasette
from datasette.plugins import DEFAULT_PLUGINS, pm

from reportgraph.api import ReportGraph
from reportgraph.errors import StoreError
from reportgraph.serve.binding import listening_socket, url_of
from reportgraph.serve.host_guard import LOOPBACK_NAMES, guarded
from reportgraph.serve.metadata import DATABASE, metadata
from reportgraph.serve.pages.plugin import PLUGIN_NAME as PAGES_PLUGIN
from reportgraph.serve.pages.plugin import PagesPlugin
from reportgraph.serve.sparql.plugin import PATH, PLUGIN_NAME, SparqlPlugin
from reportgraph.serve.sparql.runner import QueryRunner


def prepare_index(store: Path | str) -> Path:
    """Reconcile the claims index with the store once, and check it opens read-only; its path
    (for a remote store, this machine's copy of its index)."""
    with ReportGraph(store, read_only=True) as graph:
        _ = graph.claims_index
        path = graph.claims_index_path()
    if path is None:
        raise StoreError(
            f"The claims index of {store} is kept in memory, and the server needs it in a file.",
            "Unset REPORTGRAPH_CACHE_DIR (or set it to a folder you may write) so the index of "
            "a remote store is kept on disk.",
            code="RG332",
        )
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            db.execute("SELECT COUNT(*) FROM claims").fetchone()
        finally:
            db.close()
    except sqlite3.Error as exc:
        raise StoreError(
            f"The claims index {path} cannot be opened read-only: {exc}.",
            "Check that you may read it and the directory that holds it, or run "
            "`reportgraph reindex` to rebuild it.",
            code="RG332",
        ) from exc
    return path


def datasette_for(index: Path) -> Datasette:
    """Datasette over ``index`` alone, read-only (``mode=ro``)."""
    ds = Datasette(files=[], metadata=metadata(PATH), settings={"allow_download": False})
    ds.remove_database("_memory")
    ds.add_database(Database(ds, path=str(index), is_mutable=True), name=DATABASE)
    return ds


def _only_our_plugins(sparql: SparqlPlugin, pages: PagesPlugin) -> None:
    for other in list(pm.get_plugins()):
        if pm.get_name(other) not in DEFAULT_PLUGINS:
            pm.unregister(other)
    pm.register(sparql, name=PLUGIN_NAME)
    pm.register(pages, name=PAGES_PLUGIN)


def serve(
    store: Path | str,
    *,
    host: str,
    port: int,
    timeout: float | None,
    ready: Callable[[str], None] = lambda url: None,
) -> None:
    """Serve until stopped; ``ready`` is called with the server's URL once it listens."""
    sock = listening_socket(host, port)
    runner: QueryRunner | None = None
    plugins: list[object] = []
    try:
        index = prepare_index(store)
        runner = QueryRunner(store, timeout=timeout)
        sparql, pages = SparqlPlugin(runner), PagesPlugin(index, runner)
        plugins = [sparql, pages]
        _only_our_plugins(sparql, pages)
        names = LOOPBACK_NAMES | {host}
        asyncio.run(_serve(datasette_for(index), sock, ready, names))
    finally:
        for plugin in plugins:
            if pm.is_registered(plugin):
                pm.unregister(plugin)
        if runner is not None:
            runner.close()
        sock.close()


async def _serve(
    ds: Datasette, sock: socket.socket, ready: Callable[[str], None], names: frozenset[str]
) -> None:
    await ds.invoke_startup()
    app = guarded(ds.app(), names)
    config = uvicorn.Config(app, lifespan="on", log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    ready(url_of(sock))
    await server.serve(sockets=[sock])
