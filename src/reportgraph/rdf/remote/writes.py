"""Atomic writes to a remote store, one request each, whatever their size.

A SPARQL Update request is one transaction on Oxigraph server (a failing operation in it undoes
the ones before: ``tests/remote/test_atomicity.py``), so a replacement is one request: DROP the
old graphs, INSERT DATA the new ones. The server caps an update's body (1 MiB on Oxigraph
server), so a replacement larger than ``MAX_UPDATE_BYTES`` is staged instead:

1. ``DROP SILENT`` the staging graphs (leftovers of an interrupted attempt);
2. the new quads go into staging graphs (``urn:reportgraph:staging:<digest of the graph>``)
   in one Graph Store Protocol POST (one transaction, no size cap);
3. one update drops the old graphs and ``MOVE``s each staging graph to its real name.

Readers see the old graphs until step 3 commits, then the new ones: the replacement is still
atomic. A write killed after step 2 leaves staging graphs that no read looks at
(``reportgraph check`` lists them as unexpected graphs); the next write of the same graph drops
them first.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence

import pyoxigraph as ox

from reportgraph.rdf.delta import Delta
from reportgraph.rdf.remote.client import SparqlClient

MAX_UPDATE_ENV = "REPORTGRAPH_STORE_MAX_UPDATE"
MAX_UPDATE_BYTES = 1_000_000  # under Oxigraph server's 1 MiB cap on an update's body
STAGING = "urn:reportgraph:staging:"


def max_update_bytes() -> int:
    """``$REPORTGRAPH_STORE_MAX_UPDATE`` bytes (for a server with another cap), else 1,000,000."""
    try:
        return max(1, int(os.environ.get(MAX_UPDATE_ENV, MAX_UPDATE_BYTES)))
    except ValueError:
        return MAX_UPDATE_BYTES


def staging_graph(graph: str) -> ox.NamedNode:
    return ox.NamedNode(STAGING + hashlib.sha256(graph.encode("utf-8")).hexdigest()[:40])


def replace(
    client: SparqlClient,
    drops: Sequence[ox.NamedNode],
    quads: Sequence[ox.Quad],
    *,
    limit: int | None = None,
) -> None:
    """Drop the graphs ``drops`` and insert ``quads`` (in named graphs), atomically."""
    statements = [f"DROP SILENT GRAPH {g}" for g in drops]
    if quads:
        statements.append("INSERT DATA {\n" + graph_blocks(quads) + "\n}")
    text = " ;\n".join(statements)
    if not text:
        return
    if len(text.encode("utf-8")) <= (limit or max_update_bytes()):
        client.update(text)
        return
    graphs = sorted({q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)})
    staged = {g: staging_graph(g) for g in graphs}
    client.update(" ;\n".join(f"DROP SILENT GRAPH {s}" for s in staged.values()))
    moved = [
        ox.Quad(q.subject, q.predicate, q.object, staged[q.graph_name.value])
        for q in quads
        if isinstance(q.graph_name, ox.NamedNode)
    ]
    client.add_quads(ox.serialize(moved, format=ox.RdfFormat.N_QUADS) or b"")
    final = [f"DROP SILENT GRAPH {g}" for g in drops]
    final += [f"MOVE SILENT GRAPH {s} TO GRAPH <{g}>" for g, s in staged.items()]
    client.update(" ;\n".join(final))


def graph_blocks(quads: Sequence[ox.Quad]) -> str:
    """``GRAPH <g> { s p o . ... }`` blocks of ``quads``, every term in its N-Triples form."""
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        by_graph.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
    return "\n".join(f"GRAPH {g} {{\n" + "\n".join(ts) + "\n}" for g, ts in by_graph.items())


_CLEAR = ox.NamedNode("urn:reportgraph:clear")  # staged "clear this subject in that graph"


def apply_delta(client: SparqlClient, delta: Delta, *, limit: int | None = None) -> None:
    """Apply ``delta`` atomically: as its own update when it fits the server's cap, else staged
    (its inserted and deleted quads, and the subjects to clear, each in staging graphs of their
    own, then one small update that clears, deletes, adds and drops the staging graphs)."""
    text = " ;\n".join(delta.statements())
    if not text:
        return
    if len(text.encode("utf-8")) <= (limit or max_update_bytes()):
        client.update(text)
        return
    added = _staged(delta.added, "add")
    removed = _staged(delta.removed, "delete")
    cleared = staging_graph("clear")
    client.update(
        " ;\n".join(f"DROP SILENT GRAPH {g}" for g in [*added.values(), *removed.values(), cleared])
    )
    moved = [
        ox.Quad(q.subject, q.predicate, q.object, added[str(q.graph_name)]) for q in delta.added
    ]
    moved += [
        ox.Quad(q.subject, q.predicate, q.object, removed[str(q.graph_name)]) for q in delta.removed
    ]
    if delta.clear_graph is not None:
        moved += [
            ox.Quad(ox.NamedNode(s), _CLEAR, delta.clear_graph, cleared)
            for s in sorted(set(delta.clear_subjects))
        ]
    client.add_quads(ox.serialize(moved, format=ox.RdfFormat.N_QUADS) or b"")
    final = [
        f"DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ GRAPH {cleared} {{ ?s {_CLEAR} ?g }}"
        " GRAPH ?g { ?s ?p ?o } }"
    ]
    final += [
        f"DELETE {{ GRAPH {g} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {s} {{ ?s ?p ?o }} }}"
        for g, s in removed.items()
    ]
    final += [f"ADD SILENT GRAPH {s} TO GRAPH {g}" for g, s in added.items()]
    final += [f"DROP SILENT GRAPH {g}" for g in [*added.values(), *removed.values(), cleared]]
    client.update(" ;\n".join(final))


def _staged(quads: Sequence[ox.Quad], role: str) -> dict[str, ox.NamedNode]:
    """Target graph (N-Triples form) -> the staging graph its ``role`` quads go to."""
    graphs = sorted({str(q.graph_name) for q in quads})
    return {g: staging_graph(f"{role} {g}") for g in graphs}
