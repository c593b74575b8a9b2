"""The claims index's entity tables (``entities``, ``entity_labels``), from the store's entity
index: rewritten whole, or after a partial resolution only for the records it resolved (with
their canonical entities and everything merged into those). Either way, in the caller's
transaction, the browse rows of the claims whose entities changed name are remade.

``read_part`` reads the tables back: the part of the entity index about some records."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence

from reportgraph.claims_index import browse
from reportgraph.rdf.entity_index import EntityIndex

Resolver = Callable[[Iterable[str]], EntityIndex]  # the index's own entity tables, in part
_CHUNK = 500


def _chunks(items: Collection[str]) -> Iterable[Sequence[str]]:
    ordered = sorted(items)
    for i in range(0, len(ordered), _CHUNK):
        yield ordered[i : i + _CHUNK]


def _insert(db: sqlite3.Connection, index: EntityIndex, iris: Iterable[str]) -> None:
    db.executemany(
        "INSERT INTO entities (iri, canonical, label) VALUES (?, ?, ?)",
        ((i, index.canon(i), index.labels.get(i, i)) for i in sorted(iris)),
    )


def _insert_labels(db: sqlite3.Connection, index: EntityIndex, canonicals: Iterable[str]) -> None:
    db.executemany(
        "INSERT INTO entity_labels (canonical, label, key) VALUES (?, ?, ?)",
        (
            (c, label, label.casefold())
            for c in sorted(canonicals)
            for label in index.all_labels.get(c, [])
        ),
    )


def _refresh(
    db: sqlite3.Connection,
    before: dict[str, tuple[str, str]],
    after: dict[str, tuple[str, str]],
    resolve: Resolver,
) -> None:
    renamed = browse.renamed(before, after)
    stale = browse.claims_naming(db, renamed) | set(browse.missing_rows(db))
    browse.refresh_rows(db, stale, resolve)


def replace_all(db: sqlite3.Connection, index: EntityIndex, resolve: Resolver) -> None:
    """The tables from a whole :class:`EntityIndex`."""
    before = browse.names(db)
    db.execute("DELETE FROM entities")
    db.execute("DELETE FROM entity_labels")
    _insert(db, index, set(index.labels) | set(index.canonical))
    _insert_labels(db, index, index.all_labels)
    browse.set_types(db)
    _refresh(db, before, browse.names(db), resolve)


def neighbours(db: sqlite3.Connection, records: Collection[str]) -> set[str]:
    """``records``, their canonical entities and every record merged into those, as the tables
    hold them now."""
    out = set(records)
    canonicals: set[str] = set()
    for chunk in _chunks(records):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT DISTINCT canonical FROM entities WHERE iri IN ({marks})"
        canonicals.update(str(r[0]) for r in db.execute(sql, chunk))
    out |= canonicals
    for chunk in _chunks(canonicals):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT iri FROM entities WHERE canonical IN ({marks})"
        out.update(str(r[0]) for r in db.execute(sql, chunk))
    return out


def replace_part(
    db: sqlite3.Connection, part: EntityIndex, iris: Collection[str], resolve: Resolver
) -> None:
    """The rows of ``iris`` (see :func:`neighbours`) and of the entities they now belong to,
    as ``part`` (the store's entity index loaded for ``iris``) has them."""
    now = {part.canon(i) for i in iris}
    affected = set(iris) | now | {m for c in now for m in part.members.get(c, [])}
    before = browse.names(db, affected)
    for chunk in _chunks(affected):
        marks = ",".join("?" * len(chunk))
        db.execute(f"DELETE FROM entities WHERE iri IN ({marks})", chunk)
        db.execute(f"DELETE FROM entity_labels WHERE canonical IN ({marks})", chunk)
    _insert(db, part, {i for i in affected if i in part.labels or i in part.canonical})
    _insert_labels(db, part, {c for c in affected if c in part.all_labels})
    browse.set_types(db, {part.canon(i) for i in affected})
    _refresh(db, before, browse.names(db, affected), resolve)


def read_part(db: sqlite3.Connection, iris: Iterable[str]) -> EntityIndex:
    """The part of the entity index about ``iris``: for them (and their canonical entities)
    ``ref()``, ``canon()`` and ``members`` answer as the store's whole index would."""
    wanted = sorted(set(iris))
    canonical: dict[str, str] = {}
    for chunk in _chunks(wanted):
        marks = ",".join("?" * len(chunk))
        for iri, canon in db.execute(
            f"SELECT iri, canonical FROM entities WHERE iri IN ({marks})", chunk
        ):
            canonical[str(iri)] = str(canon)
    targets = sorted({canonical.get(i, i) for i in wanted})
    labels: dict[str, str] = {}
    members: dict[str, list[str]] = defaultdict(list)
    names: dict[str, list[str]] = defaultdict(list)
    for chunk in _chunks(targets):
        marks = ",".join("?" * len(chunk))
        for iri, canon, label in db.execute(
            f"SELECT iri, canonical, label FROM entities WHERE canonical IN ({marks})"
            f" OR iri IN ({marks})",
            [*chunk, *chunk],
        ):
            labels[str(iri)] = str(label)
            canonical[str(iri)] = str(canon)
            if str(canon) in chunk:
                members[str(canon)].append(str(iri))
        for canon, label in db.execute(
            f"SELECT canonical, label FROM entity_labels WHERE canonical IN ({marks})", chunk
        ):
            names[str(canon)].append(str(label))
    return EntityIndex(
        labels,
        {c: sorted(n) for c, n in names.items()},
        {k: v for k, v in canonical.items() if k != v},
        {c: sorted(m) for c, m in members.items()},
    )
