"""The browse tables: full-text search, a relabelled entity's claim rows remade, a missing row
found by the check and made by the next read."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.claims_index.browse_checks import assert_browse_tables_are_the_stores

from reportgraph.api import ReportGraph
from reportgraph.claims_index import index_path

ARTICLE = (
    "Governor Lena Varga said on Monday that the ferry strike in Port Elmira had ended.\n\n"
    "The Dockworkers Union said 40 ferries stayed in port during the strike.\n"
)


def _build(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ferry.txt").write_text(ARTICLE, encoding="utf-8")
    store = tmp_path / "store"
    with ReportGraph(store) as graph:
        assert graph.build([folder]).failures == []
    return store


def _rows(store: Path, sql: str, args: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    with sqlite3.connect(index_path(store)) as db:
        return [tuple(r) for r in db.execute(sql, args)]


def test_sentences_and_labels_are_searchable(tmp_path: Path) -> None:
    store = _build(tmp_path)
    hits = _rows(
        store,
        "SELECT c.sentence FROM claim_rows_fts f JOIN claim_rows c ON c.rowid = f.rowid"
        " WHERE claim_rows_fts MATCH ?",
        ("ferries",),
    )
    assert hits and all("ferries" in str(h[0]) for h in hits)
    assert _rows(store, "SELECT 1 FROM claim_rows_fts WHERE claim_rows_fts MATCH 'volcano'") == []
    labels = _rows(
        store,
        "SELECT l.label FROM entity_labels_fts f JOIN entity_labels l ON l.rowid = f.rowid"
        " WHERE entity_labels_fts MATCH ?",
        ("varga",),
    )
    assert ("Lena Varga",) in labels


def test_a_new_label_remakes_the_claim_rows_that_name_the_entity(tmp_path: Path) -> None:
    store = _build(tmp_path)
    before = _rows(store, "SELECT claim FROM claim_rows WHERE about = 'Port Elmira'")
    assert before
    overrides = tmp_path / "overrides.toml"
    overrides.write_text(
        '[[label]]\nid = "place/port-elmira"\nlabel = "Elmira Harbour"\n', encoding="utf-8"
    )
    with ReportGraph(store) as graph:
        graph.resolve(overrides)
        assert graph.check_index() == []
        assert_browse_tables_are_the_stores(graph)
    after = _rows(store, "SELECT claim FROM claim_rows WHERE about = 'Elmira Harbour'")
    assert after == before
    assert _rows(store, "SELECT 1 FROM claim_rows WHERE about = 'Port Elmira'") == []


def test_a_missing_row_is_reported_and_remade(tmp_path: Path) -> None:
    store = _build(tmp_path)
    claim = _rows(store, "SELECT claim FROM claim_rows LIMIT 1")[0][0]
    with sqlite3.connect(index_path(store)) as db:
        db.execute("DELETE FROM claim_rows WHERE claim = ?", (claim,))
    graph = ReportGraph(store, read_only=True)
    assert graph.check_index() == ["1 claims have no browse row (claim_rows) in the claims index"]
    graph.close()
    graph = ReportGraph(store, read_only=True)
    assert_browse_tables_are_the_stores(graph)  # the first read made it
    assert graph.check_index() == []
    graph.close()
