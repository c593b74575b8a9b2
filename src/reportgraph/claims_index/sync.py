"""Keeping the claims index true to the store: documents the store has and the index lacks are
added, documents the store no longer has are dropped, and the entity tables are rewritten when
the store's resolution stamp differs from the index's. Nothing is assumed: the two are compared
each time."""

from __future__ import annotations

from dataclasses import dataclass

from reportgraph.claims_index.browse import mention_records
from reportgraph.claims_index.database import ClaimsIndex
from reportgraph.rdf import store_summary
from reportgraph.rdf.claim_reads import raw_claim_rows
from reportgraph.rdf.entity_index import EntityIndex
from reportgraph.rdf.resolution import EntityChange, resolution_stamp
from reportgraph.rdf.store import GraphStore
from reportgraph.saved_queries import find_query

BATCH_DOCUMENTS = 200  # documents read from the store and written to the index at a time


@dataclass(frozen=True)
class Sync:
    """What a reconciliation found (and, unless it was only a check, fixed)."""

    added: tuple[str, ...]  # document ids the index lacked
    dropped: tuple[str, ...]  # document ids the store no longer has
    entities: bool  # the resolution had changed
    rows: int = 0  # claims without a browse row (made, unless it was only a check)

    @property
    def differences(self) -> list[str]:
        out = [f"document {d} is in the store but not in the claims index" for d in self.added]
        out += [f"document {d} is in the claims index but not in the store" for d in self.dropped]
        if self.entities:
            out.append("the claims index has another resolution than the store")
        if self.rows:
            out.append(f"{self.rows} claims have no browse row (claim_rows) in the claims index")
        return out


def reconcile(
    store: GraphStore,
    index: ClaimsIndex,
    *,
    fix: bool = True,
    change: EntityChange | None = None,
) -> Sync:
    """Compare ``index`` with ``store``; with ``fix``, make the index hold what the store holds.

    ``change`` (what a partial resolution just did) lets a new resolution be taken in for the
    records it resolved alone, when the index holds the resolution it started from and the
    store the one it made; otherwise the entity tables are rewritten whole."""
    paths = store_summary.document_paths(store)
    held = index.document_ids()
    added = sorted(set(paths) - held)
    dropped = sorted(held - set(paths))
    stamp = resolution_stamp(store)
    entities = (stamp or "") != (index.stamp() or "") or bool(added)
    if fix:
        if dropped:
            index.drop_documents(dropped)
        if added:
            _add(store, index, {d: paths[d] for d in added})
        partial = (
            change is not None
            and not added
            and index.stamp() == change.before
            and (stamp or "") == change.after
        )
        if entities and partial and change is not None:
            iris = index.entity_neighbours(change.records)
            index.update_entities(EntityIndex.load(store, iris=sorted(iris)), iris, stamp)
        elif entities:
            index.replace_entities(EntityIndex.load(store), stamp)
        return Sync(tuple(added), tuple(dropped), entities, index.complete_rows())
    missing = len(index.missing_rows()) if not added else 0  # added documents lack theirs
    return Sync(tuple(added), tuple(dropped), entities, missing)


def _add(store: GraphStore, index: ClaimsIndex, paths: dict[str, str]) -> None:
    claims = store_summary.claims_by_document(store)
    rows = {
        d.id: d for d in store_summary.document_rows(store.select(find_query("documents").text))
    }
    ids = sorted(d for d in paths if d in rows)
    for i in range(0, len(ids), BATCH_DOCUMENTS):
        batch = ids[i : i + BATCH_DOCUMENTS]
        iris = [c for d in batch for c in claims.get(d, [])]
        raw = raw_claim_rows(store, claims=iris) if iris else []
        index.replace_documents([rows[d] for d in batch], raw, mention_records(store, batch))
