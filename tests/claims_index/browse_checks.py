"""The browse tables of the claims index against the store: claim rows as the export writes them
from the store's own rows, mentions and types as the store's entity rows give them."""

from __future__ import annotations

import sqlite3
from collections import defaultdict

from reportgraph.api import ReportGraph
from reportgraph.claim_table import COLUMN_NAMES, flat_claims
from reportgraph.rdf import claim_reads, store_summary
from reportgraph.rdf.row_reads import entity_rows
from reportgraph.rdf.vocab import local_id


def _table(db: sqlite3.Connection, sql: str) -> list[tuple[object, ...]]:
    return [tuple(r) for r in db.execute(sql)]


def assert_browse_tables_are_the_stores(graph: ReportGraph) -> None:
    db = graph.claims_index._db
    stored = claim_reads.claim_rows(graph.store, {}, graph.index)
    published = store_summary.published_dates(graph.store, {c.document.id for c in stored})
    expected = sorted(tuple(r.values()) for r in flat_claims(stored, published))
    columns = ", ".join(COLUMN_NAMES)
    assert _table(db, f"SELECT {columns} FROM claim_rows ORDER BY claim") == expected
    # every mention of every entity, by canonical entity, with its type
    found: dict[str, set[tuple[object, ...]]] = defaultdict(set)
    sql = (
        "SELECT e.canonical, m.document, m.start, m.end_, m.text FROM mentions m"
        " JOIN entities e ON e.iri = m.entity"
    )
    for canonical, *mention in _table(db, sql):
        found[local_id(str(canonical)).removeprefix("entity/")].add(tuple(mention))
    types = {
        local_id(str(i)).removeprefix("entity/"): t
        for i, t in _table(db, "SELECT iri, type FROM entities WHERE iri = canonical")
    }
    rows = entity_rows(graph.store, graph.index, include_comments=True)
    assert {r.id: {(m.document, m.start, m.end, m.text) for m in r.mentions} for r in rows} == {
        k: v for k, v in found.items()
    }
    assert all(types[r.id] == r.type for r in rows)


def assert_stats_are_the_stores(graph: ReportGraph) -> None:
    assert graph.stats() == store_summary.store_stats(graph.store, graph.index)
