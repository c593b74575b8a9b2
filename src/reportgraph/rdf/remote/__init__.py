"""A graph store on a SPARQL 1.1 server (``--store http(s)://host:port``): ``location`` (the
URL and its endpoints), ``credentials`` (from the environment or a file), ``client`` (HTTP and
its coded errors), ``bindings`` (pre-bound variables as VALUES), ``writes`` (atomic writes of
any size), ``store`` (``RemoteStore``, the embedded store's interface). docs/deployment.md
says how to run the server."""

from __future__ import annotations

from pathlib import Path

from reportgraph.rdf.remote.location import StoreURL, is_store_url
from reportgraph.rdf.remote.store import RemoteStore
from reportgraph.rdf.store import GraphStore

__all__ = ["RemoteStore", "StoreURL", "is_store_url", "open_store"]


def open_store(location: Path | str | None, *, read_only: bool) -> GraphStore:
    """The store at ``location``: a ``RemoteStore`` for an ``http(s)://`` URL, else the
    embedded store in that directory (in memory for None)."""
    if isinstance(location, str) and is_store_url(location):
        return RemoteStore(location, read_only=read_only)
    return GraphStore(location, read_only=read_only)
