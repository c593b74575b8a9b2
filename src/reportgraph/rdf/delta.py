"""One transaction's change to the store's derived graphs (the resolution graph and its state):
the quads of some subjects in one graph cleared, then quads deleted, then quads inserted.

The embedded store runs it as one SPARQL Update (:meth:`GraphStore.apply`). A remote store
sends the same text when it fits the server's cap on an update's size, and otherwise stages the
quads in graphs of their own and applies them with one small update (``rdf/remote/writes.py``),
so the change stays one transaction either way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from reportgraph.rdf.sparql_values import CHUNK


@dataclass(frozen=True)
class Delta:
    """Delete every quad of ``clear_graph`` whose subject is in ``clear_subjects``, then
    ``removed``; then insert ``added``. Quads are in named graphs; no blank nodes."""

    removed: Sequence[ox.Quad] = ()
    added: Sequence[ox.Quad] = ()
    clear_graph: ox.NamedNode | None = None
    clear_subjects: Sequence[str] = ()

    def statements(self) -> list[str]:
        """The change as SPARQL Update operations, to run joined by ``;`` (one transaction)."""
        cleared = delete_subjects(self.clear_graph, self.clear_subjects) if self.clear_graph else []
        return [*cleared, *delete_data(self.removed), *insert_data(self.added)]


def quad_block(quads: Sequence[ox.Quad]) -> str:
    """``GRAPH <g> { s p o . ... }`` blocks of ``quads``, every term in its N-Triples form."""
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        by_graph.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
    return "\n".join(f"GRAPH {g} {{\n" + "\n".join(ts) + "\n}" for g, ts in by_graph.items())


def delete_data(quads: Sequence[ox.Quad]) -> list[str]:
    return [f"DELETE DATA {{\n{quad_block(quads)}\n}}"] if quads else []


def insert_data(quads: Sequence[ox.Quad]) -> list[str]:
    return [f"INSERT DATA {{\n{quad_block(quads)}\n}}"] if quads else []


def delete_subjects(graph: ox.NamedNode, iris: Iterable[str]) -> list[str]:
    """Updates that delete every quad of ``graph`` whose subject is one of ``iris``."""
    ordered = sorted(set(iris))
    out = []
    for i in range(0, len(ordered), CHUNK):
        block = " ".join(str(ox.NamedNode(s)) for s in ordered[i : i + CHUNK])
        out.append(
            f"DELETE {{ GRAPH {graph} {{ ?s ?p ?o }} }} "
            f"WHERE {{ GRAPH {graph} {{ VALUES ?s {{ {block} }} ?s ?p ?o }} }}"
        )
    return out
