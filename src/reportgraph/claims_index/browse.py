"""The claims index's tables for browsing (``reportgraph serve``, Datasette, SQL users).

- ``claim_rows``: one row per claim, the columns of :data:`reportgraph.claim_table.COLUMNS`,
  exactly the rows ``reportgraph export --format csv`` writes (entities resolved: canonical ids
  and preferred labels), with ``claim_rows_fts`` (FTS5) over the evidence sentence and the
  reported content. A row is made from the ``claims`` table's raw JSON and the entity tables,
  so it is remade when the resolution changes what one of its entities is called: in the same
  transaction as the entity tables (:func:`refresh_rows`, called by ``replace_entities``).
- ``mentions``: every mention of an entity record in a document (record IRI, offsets, text,
  segment, and the type the document gives the record); ``coordinates``: the coordinates a
  document gives a record. Both come from the store per document (:func:`mention_records`) and
  do not depend on the resolution.
- ``entity_labels_fts`` (FTS5) over every label of every canonical entity.

FTS tables are kept in step by triggers, so no write path can forget them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

from reportgraph.claim_table import COLUMN_NAMES, COLUMNS, flat_claim
from reportgraph.rdf.claim_reads import entity_iris, with_entities
from reportgraph.rdf.entity_index import EntityIndex
from reportgraph.rdf.mapping import CLASS_TYPES, document_graph
from reportgraph.rdf.sparql_values import as_int, one_column, select_for
from reportgraph.rdf.store import GraphStore
from reportgraph.rdf.vocab import local_id
from reportgraph.rows import ClaimRow

_SQL_TYPES = {"VARCHAR": "TEXT", "DOUBLE": "REAL", "BIGINT": "INTEGER"}
_CHUNK = 500
_FACETED = ("kind", "source", "certainty", "path", "time_value")

DDL = (
    "CREATE TABLE IF NOT EXISTS claim_rows (\n    claim TEXT PRIMARY KEY,\n    "
    + ",\n    ".join(f"{name} {_SQL_TYPES[kind]}" for name, kind in COLUMNS[1:])
    + "\n);\n"
    + "".join(
        f"CREATE INDEX IF NOT EXISTS claim_rows_by_{c} ON claim_rows ({c});\n" for c in _FACETED
    )
    + "CREATE INDEX IF NOT EXISTS claim_rows_by_document ON claim_rows (document);\n"
    + """
CREATE VIRTUAL TABLE IF NOT EXISTS claim_rows_fts USING fts5(
    sentence, content, content="claim_rows"
);
CREATE TRIGGER IF NOT EXISTS claim_rows_ai AFTER INSERT ON claim_rows BEGIN
    INSERT INTO claim_rows_fts (rowid, sentence, content)
    VALUES (new.rowid, new.sentence, new.content);
END;
CREATE TRIGGER IF NOT EXISTS claim_rows_ad AFTER DELETE ON claim_rows BEGIN
    INSERT INTO claim_rows_fts (claim_rows_fts, rowid, sentence, content)
    VALUES ('delete', old.rowid, old.sentence, old.content);
END;
CREATE TABLE IF NOT EXISTS mentions (
    entity TEXT NOT NULL,
    document TEXT NOT NULL,
    start INTEGER NOT NULL,
    end_ INTEGER NOT NULL,
    text TEXT NOT NULL,
    segment TEXT NOT NULL,
    type TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_by_entity ON mentions (entity, type);
CREATE INDEX IF NOT EXISTS mentions_by_document ON mentions (document);
CREATE TABLE IF NOT EXISTS coordinates (
    entity TEXT NOT NULL,
    document TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS coordinates_by_entity ON coordinates (entity);
CREATE INDEX IF NOT EXISTS coordinates_by_document ON coordinates (document);
CREATE VIRTUAL TABLE IF NOT EXISTS entity_labels_fts USING fts5(label, content="entity_labels");
CREATE TRIGGER IF NOT EXISTS entity_labels_ai AFTER INSERT ON entity_labels BEGIN
    INSERT INTO entity_labels_fts (rowid, label) VALUES (new.rowid, new.label);
END;
CREATE TRIGGER IF NOT EXISTS entity_labels_ad AFTER DELETE ON entity_labels BEGIN
    INSERT INTO entity_labels_fts (entity_labels_fts, rowid, label)
    VALUES ('delete', old.rowid, old.label);
END;
"""
)


@dataclass(frozen=True)
class MentionRecord:
    """One mention of an entity record, as its document describes it."""

    entity: str  # the record's IRI
    document: str  # document id
    start: int
    end: int
    text: str
    segment: str
    type: str  # PERSON, ORG, GPE, PLACE: the class the document gives the record
    lat: float | None = None  # the coordinates the document gives the record, if any
    lon: float | None = None


_MENTIONS = f"""
SELECT ?e ?g ?b ?end ?text ?seg ?cls ?lat ?lon WHERE {{
  #VALUES#
  GRAPH ?g {{
    ?e rg:hasMention ?m ; a ?cls .
    VALUES ?cls {{ {" ".join(f"<{c}>" for c in sorted(CLASS_TYPES))} }}
    ?m nif:beginIndex ?b ; nif:endIndex ?end ; nif:anchorOf ?text ; rg:segmentKind ?seg .
    OPTIONAL {{ ?e schema:latitude ?lat ; schema:longitude ?lon }}
  }}
}}
"""


def mention_records(store: GraphStore, doc_ids: Iterable[str]) -> list[MentionRecord]:
    """Every entity mention of the documents ``doc_ids``, read from their document graphs."""
    graphs = one_column(document_graph(d).value for d in doc_ids)
    out: set[MentionRecord] = set()
    for r in select_for(store, _MENTIONS, ["g"], graphs):
        lat, lon = r["lat"], r["lon"]
        out.add(
            MentionRecord(
                entity=str(r["e"]),
                document=local_id(str(r["g"])).removeprefix("graph/doc/"),
                start=as_int(r["b"]),
                end=as_int(r["end"]),
                text=str(r["text"]),
                segment=str(r["seg"]),
                type=CLASS_TYPES[str(r["cls"])],
                lat=None if lat is None or isinstance(lat, str) else float(lat),
                lon=None if lon is None or isinstance(lon, str) else float(lon),
            )
        )
    return sorted(out, key=mention_order)


def mention_order(m: MentionRecord) -> tuple[object, ...]:
    """The order mention records are listed in (every field, no coordinates first)."""
    at = (m.lat is not None, m.lat or 0.0, m.lon is not None, m.lon or 0.0)
    return (m.document, m.start, m.end, m.entity, m.type, m.text, m.segment, *at)


def insert_mentions(db: sqlite3.Connection, mentions: Sequence[MentionRecord]) -> None:
    """Write ``mentions`` (each mention once: a record the document gives two classes or two
    coordinate pairs has a record per pair) and the coordinates they carry; the caller holds
    the transaction."""
    rows = {(m.entity, m.document, m.start, m.end, m.text, m.segment, m.type) for m in mentions}
    db.executemany(
        "INSERT INTO mentions (entity, document, start, end_, text, segment, type)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        sorted(rows),
    )
    placed = {
        (m.entity, m.document, m.lat, m.lon)
        for m in mentions
        if m.lat is not None and m.lon is not None
    }
    db.executemany(
        "INSERT INTO coordinates (entity, document, lat, lon) VALUES (?, ?, ?, ?)", sorted(placed)
    )


def delete_documents(db: sqlite3.Connection, marks: str, ids: Sequence[str]) -> None:
    """Delete the browse rows of the documents ``ids`` (``marks``: their placeholders)."""
    for table in ("claim_rows", "mentions", "coordinates"):
        db.execute(f"DELETE FROM {table} WHERE document IN ({marks})", ids)


_SET_TYPES = (
    "UPDATE entities SET type = (SELECT MIN((SELECT MIN(m.type) FROM mentions m"
    " WHERE m.entity = r.iri)) FROM entities r WHERE r.canonical = entities.canonical)"
)


def set_types(db: sqlite3.Connection, canonicals: Collection[str] | None = None) -> None:
    """Each entity's type (of the entities of ``canonicals`` only, when given): the first in
    alphabetical order of the types its records' documents give (as the store's entity rows
    choose it)."""
    if canonicals is None:
        db.execute(_SET_TYPES)
        return
    ordered = sorted(canonicals)
    for i in range(0, len(ordered), _CHUNK):
        chunk = ordered[i : i + _CHUNK]
        db.execute(_SET_TYPES + f" WHERE canonical IN ({','.join('?' * len(chunk))})", chunk)


_NAMES = (
    "SELECT e.iri, e.canonical, COALESCE(c.label, e.canonical) FROM entities e"
    " LEFT JOIN entities c ON c.iri = e.canonical"
)


def names(
    db: sqlite3.Connection, iris: Collection[str] | None = None
) -> dict[str, tuple[str, str]]:
    """Record IRI -> (canonical IRI, the canonical entity's label): what a claim row shows; of
    the records ``iris`` only, when given."""
    if iris is None:
        return {str(i): (str(c), str(label)) for i, c, label in db.execute(_NAMES)}
    out: dict[str, tuple[str, str]] = {}
    ordered = sorted(iris)
    for k in range(0, len(ordered), _CHUNK):
        chunk = ordered[k : k + _CHUNK]
        sql = _NAMES + f" WHERE e.iri IN ({','.join('?' * len(chunk))})"
        out.update({str(i): (str(c), str(lab)) for i, c, lab in db.execute(sql, chunk)})
    return out


def renamed(before: dict[str, tuple[str, str]], after: dict[str, tuple[str, str]]) -> set[str]:
    """The records whose canonical entity, or its label, is not what it was."""
    return {i for i in before.keys() | after.keys() if before.get(i) != after.get(i)}


def missing_rows(db: sqlite3.Connection) -> list[str]:
    """Claims without a ``claim_rows`` row."""
    sql = (
        "SELECT c.id FROM claims c WHERE NOT EXISTS"
        " (SELECT 1 FROM claim_rows r WHERE r.claim = c.id) ORDER BY c.id"
    )
    return [str(r[0]) for r in db.execute(sql)]


def claims_naming(db: sqlite3.Connection, records: Collection[str]) -> set[str]:
    """The claims that name one of ``records`` in any role (the source entity included)."""
    out: set[str] = set()
    ordered = sorted(records)
    for i in range(0, len(ordered), _CHUNK):
        chunk = ordered[i : i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT DISTINCT claim FROM claim_entities WHERE entity IN ({marks})"
        out.update(str(r[0]) for r in db.execute(sql, chunk))
    return out


def refresh_rows(
    db: sqlite3.Connection,
    claims: Collection[str],
    entity_index: Callable[[Iterable[str]], EntityIndex],
) -> None:
    """Remake the ``claim_rows`` of ``claims`` from their raw rows, their entities resolved by
    ``entity_index`` (the part of the index's entity tables about some IRIs); the caller holds
    the transaction."""
    ordered = sorted(claims)
    for i in range(0, len(ordered), _CHUNK):
        chunk = ordered[i : i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        found = db.execute(
            f"SELECT c.raw, d.published FROM claims c JOIN documents d ON d.id = c.document"
            f" WHERE c.id IN ({marks})",
            chunk,
        ).fetchall()
        raw = [ClaimRow.model_validate_json(r[0]) for r in found]
        entities = entity_index({iri for row in raw for iri in entity_iris(row)})
        rows = [with_entities(row, entities) for row in raw]
        db.execute(f"DELETE FROM claim_rows WHERE claim IN ({marks})", chunk)
        db.executemany(
            f"INSERT INTO claim_rows ({', '.join(COLUMN_NAMES)})"
            f" VALUES ({', '.join('?' * len(COLUMN_NAMES))})",
            (
                tuple(flat_claim(row, published).values())
                for row, (_, published) in zip(rows, found, strict=True)
            ),
        )
