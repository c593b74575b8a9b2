"""The resolution run that ends every build and every removal: entity records across documents
resolved (with the user's overrides) into the store's resolution graph.

Incremental: the resolution state graph (:mod:`reportgraph.rdf.resolution_state`) says which
documents the last run took in, each record's per-document records and its interaction keys.
A run compares the store's documents with those, reads the new documents' ``rg:entityRecords``
and the removed documents' entity lists, refolds the records they touch, and grows that set
through shared keys (:mod:`reportgraph.resolve.components`) into a union of components, old
and new. It resolves only those records and replaces only their part of the resolution graph,
state and stamp, in one transaction. The result equals a resolution from scratch.

From scratch (every record read, the state rewritten) when there is no state, when it is of
another format or belongs to another resolution (its stamp differs from the graph's), when the
overrides differ from the last run's (any change of the file: a merge, split, label or link
can reach any cluster), when ``full`` is asked, or when a document lacks its cached records
(a store written before they existed: then the records are read from the entity descriptions,
as before, and no state is kept).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reportgraph.errors import InputError
from reportgraph.rdf import resolution_state as state
from reportgraph.rdf.delta import Delta
from reportgraph.rdf.entity_index import RESOLUTION_GRAPH
from reportgraph.rdf.mapping import document_iri, entity_iri
from reportgraph.rdf.resolution import EntityChange
from reportgraph.rdf.store import GraphStore
from reportgraph.rdf.vocab import RG, data_iri

if TYPE_CHECKING:
    from reportgraph.resolve import EntityRecord, Overrides, Resolution
    from reportgraph.resolve.records import Row


@dataclass(frozen=True)
class ResolutionRun:
    """What one run did: ``resolution`` covers the records it resolved (the whole store when
    ``full``, else the components the changed documents touched); ``entities`` counts the
    clusters of the whole store."""

    resolution: Resolution
    entities: int
    full: bool
    records: int  # records resolved
    change: EntityChange | None = None  # a partial run's change (None: from scratch)


def overrides_digest(rules: Overrides | None) -> str:
    text = rules.model_dump_json(exclude={"path"}) if rules is not None else ""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def resolve_store(
    store: GraphStore, overrides: Path | Overrides | None = None, *, full: bool = False
) -> ResolutionRun:
    """Resolve the entity records of ``store`` and update its resolution graph (see the
    module docstring for when this starts from scratch)."""
    from reportgraph.rdf.resolution import resolution_stamp
    from reportgraph.resolve import load_overrides

    rules = load_overrides(overrides) if isinstance(overrides, Path) else overrides
    digest = overrides_digest(rules)
    header = state.read_header(store)
    usable = (
        header is not None
        and header.format == state.STATE_FORMAT
        and header.overrides == digest
        and header.stamp == resolution_stamp(store)
    )
    run = None
    if usable and not full and header is not None:
        try:
            run = _incremental(store, rules, header)
        except InputError:  # a cache of another format: start again
            run = None
    if run is None:
        run = _from_scratch(store, rules, digest)
    store.flush()
    return run


def _from_scratch(store: GraphStore, rules: Overrides | None, digest: str) -> ResolutionRun:
    from reportgraph.rdf.resolution import entity_records, first_mentions, unevidenced
    from reportgraph.resolve import resolve
    from reportgraph.resolve.components import interaction_keys
    from reportgraph.resolve.records import fold

    documents = state.store_documents(store)
    try:
        cached = state.cached_records(store, documents)
    except InputError:
        cached = {}
    if set(cached) != documents:  # written before the cache existed: no state
        records = entity_records(store)
        resolution = resolve(records, rules)
        first = first_mentions(store, unevidenced(resolution))
        _write_whole(store, records, resolution, first)
        store.replace_graph(state.STATE_GRAPH, [])
        return _run(resolution, len(records), full=True)
    by_entity: dict[str, dict[str, Row]] = defaultdict(dict)
    for doc, rows in cached.items():
        for row in rows:
            by_entity[row[0]][doc] = row
    folded = {e: fold(e, docs) for e, docs in sorted(by_entity.items())}
    records = [rec for rec, _ in folded.values()]
    resolution = resolve(records, rules)
    first = {e: data_iri(f).value for e, (_, f) in folded.items()}
    stamp = _write_whole(store, records, resolution, first)
    clusters = len(set(resolution.canonical.values()))
    header = state.Header(state.STATE_FORMAT, digest, clusters, stamp)
    kept = state.header_quads(header)
    for e, docs in sorted(by_entity.items()):
        overrides = rules if rules is not None else _no_overrides()
        kept += state.record_quads(e, docs, interaction_keys(folded[e][0], overrides))
    kept += [state.document_quad(d, [r[0] for r in rows]) for d, rows in sorted(cached.items())]
    store.replace_graph(state.STATE_GRAPH, kept)
    return _run(resolution, clusters, full=True)


def _no_overrides() -> Overrides:
    from reportgraph.resolve import Overrides

    return Overrides()


def _run(resolution: Resolution, entities: int, *, full: bool) -> ResolutionRun:
    return ResolutionRun(resolution, entities, full, len(resolution.canonical))


def _write_whole(
    store: GraphStore,
    records: list[EntityRecord],
    resolution: Resolution,
    first: dict[str, str],
) -> str:
    """Replace the whole resolution graph; its stamp."""
    from reportgraph.rdf.resolution import quad_weight, resolution_quads, stamp_quad, stamp_text

    quads = resolution_quads(records, resolution, first)
    stamp = stamp_text(sum(map(quad_weight, quads)))
    store.replace_graph(RESOLUTION_GRAPH, [*quads, stamp_quad(text=stamp)])
    return stamp


def _incremental(
    store: GraphStore, rules: Overrides | None, header: state.Header
) -> ResolutionRun | None:
    """The run of the module docstring; None when it must start from scratch."""
    from reportgraph.resolve import Resolution
    from reportgraph.resolve.components import interaction_keys
    from reportgraph.resolve.records import fold

    overrides = rules if rules is not None else _no_overrides()
    documents = state.store_documents(store)
    resolved = state.resolved_documents(store)
    added, removed = documents - resolved, resolved - documents
    if not added and not removed:
        return ResolutionRun(Resolution(canonical={}, labels={}), header.clusters, False, 0)
    new = state.cached_records(store, added)
    if set(new) != added:
        return None
    gone = state.document_entities(store, removed)
    touched = {row[0] for rows in new.values() for row in rows} | {
        e for es in gone.values() for e in es
    }
    by_entity = state.record_states(store, touched)
    existed = set(by_entity)
    for doc, entities in gone.items():
        for e in entities:
            by_entity.get(e, {}).pop(doc, None)
    for doc, rows in new.items():
        for row in rows:
            by_entity.setdefault(row[0], {})[doc] = row
    alive = {e: docs for e, docs in by_entity.items() if docs}
    folded = {e: fold(e, docs) for e, docs in alive.items()}
    new_keys = {e: interaction_keys(rec, overrides) for e, (rec, _) in folded.items()}
    old_keys = state.keys_of(store, touched)
    members = set(touched)
    frontier = set().union(*new_keys.values(), *old_keys.values())
    seen: set[str] = set()
    while frontier:
        seen |= frontier
        found = state.holders_of(store, frontier) - members
        members |= found
        frontier = set().union(*state.keys_of(store, found).values()) - seen
    others = state.record_states(store, members - touched)
    existed |= set(others)
    for e, docs in others.items():
        folded[e] = fold(e, docs)
    change = _Change(touched, existed, alive, new_keys, new, removed)
    return _replace_part(store, header, overrides, members, folded, change)


@dataclass(frozen=True)
class _Change:
    touched: set[str]  # records of the added and removed documents
    existed: set[str]  # records (of the members) the state held before
    alive: dict[str, dict[str, Row]]  # touched records that remain, by document
    keys: dict[str, frozenset[str]]  # their interaction keys
    added: dict[str, list[Row]]  # the added documents' records
    removed: set[str]  # the removed documents


def _replace_part(
    store: GraphStore,
    header: state.Header,
    overrides: Overrides,
    members: set[str],
    folded: dict[str, tuple[EntityRecord, str]],
    change: _Change,
) -> ResolutionRun:
    """Resolve the records of ``members`` and write their part of the graphs in one update."""
    from reportgraph.rdf.resolution import (
        quad_weight,
        resolution_quads,
        stamp_quad,
        stamp_text,
    )
    from reportgraph.resolve import resolve

    records = [folded[e][0] for e in sorted(folded)]
    resolution = resolve(records, overrides)
    first = {e: data_iri(f).value for e, (_, f) in folded.items()}
    new_quads = set(resolution_quads(records, resolution, first))
    old_quads = set(state.graph_quads_about(store, RESOLUTION_GRAPH, members))
    old_canonical = {
        str(q.subject): str(q.object) for q in old_quads if q.predicate == RG.canonical
    }
    before = {old_canonical.get(str(entity_iri(e)), str(entity_iri(e))) for e in change.existed}
    after = set(resolution.canonical.values())
    clusters = header.clusters - len(before) + len(after)
    removed, inserted = (
        sorted(old_quads - new_quads, key=str),
        sorted(new_quads - old_quads, key=str),
    )
    total = int(header.stamp, 16) - sum(map(quad_weight, removed)) + sum(map(quad_weight, inserted))
    stamp = stamp_text(total)
    new_header = state.Header(header.format, header.overrides, clusters, stamp)
    state_inserts = state.header_quads(new_header)
    for e, docs in sorted(change.alive.items()):
        state_inserts += state.record_quads(e, docs, change.keys[e])
    added = sorted(change.added.items())
    state_inserts += [state.document_quad(d, [r[0] for r in rows]) for d, rows in added]
    gone_docs = [document_iri(d).value for d in sorted(change.removed)]
    touched = [entity_iri(e).value for e in sorted(change.touched)]
    store.apply(
        Delta(
            removed=[*removed, stamp_quad(text=header.stamp)],
            added=[*inserted, stamp_quad(text=stamp), *state_inserts],
            clear_graph=state.STATE_GRAPH,
            clear_subjects=[state.STATE_GRAPH.value, *touched, *gone_docs],
        )
    )
    resolved = frozenset(entity_iri(e).value for e in members | change.touched)
    return ResolutionRun(
        resolution, clusters, False, len(records), EntityChange(header.stamp, stamp, resolved)
    )
