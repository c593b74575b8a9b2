"""Exports of the whole graph, each format declared once: its name, file suffix and writer.

TriG, N-Quads and JSON-LD keep the named graphs; Turtle is the union of all graphs; GraphML is
the entity network (claims gathered on its edges); CSV and Parquet are the claims as one table,
one row per claim (:mod:`reportgraph.claim_table`), reader comments included (see ``segment``).
:data:`FORMATS` is the one list: the CLI's ``--format``
choices and help, the default output names and the format a file suffix picks all come from it
(``ExportFormat`` names the same formats for type checkers, which hold ``FORMATS`` to it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

import networkx as nx
import pyoxigraph as ox

from reportgraph.errors import QueryError
from reportgraph.rdf.store import GraphStore

ExportFormat = Literal["trig", "nquads", "turtle", "jsonld", "graphml", "csv", "parquet"]


class Exportable(Protocol):
    """What an export reads: the store, and the entity network drawn from it."""

    @property
    def store(self) -> GraphStore: ...

    def network(self) -> nx.MultiDiGraph: ...

    def claim_rows(self) -> list[dict[str, Any]]: ...


@dataclass(frozen=True)
class Format:
    suffix: str
    write: Callable[[Exportable, Path], None]


def _trig(graph: Exportable, path: Path) -> None:
    graph.store.dump(path, ox.RdfFormat.TRIG)


def _nquads(graph: Exportable, path: Path) -> None:
    graph.store.dump(path, ox.RdfFormat.N_QUADS)


def _turtle(graph: Exportable, path: Path) -> None:
    graph.store.dump(path, ox.RdfFormat.TURTLE, union=True)


def _jsonld(graph: Exportable, path: Path) -> None:
    from reportgraph.rdf.jsonld import write_jsonld

    write_jsonld(graph.store.quads(), path)


def _graphml(graph: Exportable, path: Path) -> None:
    from reportgraph.views.graphml import write_graphml

    write_graphml(graph.network(), path)


def _csv(graph: Exportable, path: Path) -> None:
    from reportgraph.claim_table import write_csv

    write_csv(graph.claim_rows(), path)


def _parquet(graph: Exportable, path: Path) -> None:
    from reportgraph.claim_table import write_parquet

    write_parquet(graph.claim_rows(), path)


FORMATS: dict[ExportFormat, Format] = {
    "trig": Format(".trig", _trig),
    "nquads": Format(".nq", _nquads),
    "turtle": Format(".ttl", _turtle),
    "jsonld": Format(".jsonld", _jsonld),
    "graphml": Format(".graphml", _graphml),
    "csv": Format(".csv", _csv),
    "parquet": Format(".parquet", _parquet),
}


def export_graph(graph: Exportable, path: Path, fmt: ExportFormat) -> Path:
    """Write the whole graph to ``path`` in ``fmt``, one of :data:`FORMATS`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    spec = FORMATS.get(fmt)
    if spec is None:
        raise QueryError(
            f"Unknown export format {fmt!r}.",
            f"Choose one of {', '.join(FORMATS)}.",
            code="RG601",
        )
    spec.write(graph, path)
    return path


def format_for(path: Path) -> ExportFormat:
    """The format a file's suffix names (TriG when it names none)."""
    for name, spec in FORMATS.items():
        if spec.suffix == path.suffix.lower():
            return name
    return "trig"


def default_path(fmt: ExportFormat) -> Path:
    """Where an export goes when no file is given: ``graph/reportgraph.<suffix>``."""
    return Path("graph") / f"reportgraph{FORMATS[fmt].suffix}"
