"""The resolution run: entity records across documents resolved (with the user's overrides),
and the store's resolution graph replaced. It ends every build and every removal."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reportgraph.rdf.entity_index import RESOLUTION_GRAPH
from reportgraph.rdf.store import GraphStore

if TYPE_CHECKING:
    from reportgraph.resolve import Overrides, Resolution


def resolve_store(store: GraphStore, overrides: Path | Overrides | None = None) -> Resolution:
    """Resolve the entity records of ``store`` and replace its resolution graph."""
    from reportgraph.rdf.resolution import (
        entity_records,
        first_mentions,
        resolution_quads,
        stamp_quad,
        unevidenced,
    )
    from reportgraph.resolve import load_overrides, resolve

    rules = load_overrides(overrides) if isinstance(overrides, Path) else overrides
    records = entity_records(store)
    resolution = resolve(records, rules)
    first = first_mentions(store, unevidenced(resolution))
    quads = resolution_quads(records, resolution, first)
    store.replace_graph(RESOLUTION_GRAPH, [*quads, stamp_quad(quads)])
    store.flush()
    return resolution
