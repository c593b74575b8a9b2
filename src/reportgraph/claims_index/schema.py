"""The tables of the claims index (SQLite).

- ``meta``: the schema version and the resolution stamp the entity tables were made from.
- ``documents``: one row per document the index holds (its id is the hash of its text, so a
  changed document is another row).
- ``claims``: one row per claim. ``raw`` is the claim row as the store gives it before entity
  resolution (entities named by record IRI, see ``rdf.claim_reads.raw_claim_rows``), as JSON;
  the other columns are what reads filter on.
- ``figures``: the figure claims again, as the ledger reads them: one column per field, the
  ``via`` chain as JSON ``[[id, label], ...]`` and the places as a JSON list of record IRIs, so
  that ledger rows are made without validating a claim row each.
- ``claim_entities``: each entity record a claim names, with its role, to find an entity's
  claims.
- ``entities``: every entity record's canonical IRI and the label readers see; with
  ``entity_labels`` (every label of a canonical entity, with ``key``, its casefolded form, for
  lookups by name) it stands in for the store's entity
  index, and is rewritten whenever the resolution stamp changes; ``type`` is the entity's type
  as the store's entity rows give it.
- the browse tables (``claim_rows`` and its full-text index, ``mentions``, ``coordinates``,
  ``entity_labels_fts``): see :mod:`.browse`.
"""

from __future__ import annotations

from reportgraph.claims_index import browse

VERSION = "8"

DDL = (
    """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    title TEXT,
    publisher TEXT,
    published TEXT,
    decode_note TEXT
);
CREATE TABLE IF NOT EXISTS claims (
    id TEXT PRIMARY KEY,
    document TEXT NOT NULL,
    kind TEXT NOT NULL,
    predicate TEXT NOT NULL,
    source_id TEXT NOT NULL,
    source TEXT NOT NULL,
    certainty TEXT NOT NULL,
    segment TEXT NOT NULL,
    path TEXT NOT NULL,
    sentence_start INTEGER NOT NULL,
    raw TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS claims_by_document ON claims (document);
CREATE INDEX IF NOT EXISTS claims_by_kind ON claims (kind, predicate);
CREATE INDEX IF NOT EXISTS claims_by_source ON claims (source_id);
CREATE INDEX IF NOT EXISTS claims_by_source_kind ON claims (source_id, source, kind, document)
    WHERE segment != 'reader_comment';
CREATE TABLE IF NOT EXISTS figures (
    claim TEXT PRIMARY KEY,
    document TEXT NOT NULL,
    predicate TEXT NOT NULL,
    unit TEXT NOT NULL,
    value REAL,
    qualifier TEXT NOT NULL,
    upper REAL,
    text TEXT NOT NULL,
    source_id TEXT NOT NULL,
    source TEXT NOT NULL,
    via TEXT NOT NULL,
    cue TEXT,
    certainty TEXT NOT NULL,
    time_text TEXT,
    time_value TEXT,
    segment TEXT NOT NULL,
    path TEXT NOT NULL,
    sentence TEXT NOT NULL,
    start INTEGER NOT NULL,
    end_ INTEGER NOT NULL,
    places TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS figures_by_kind ON figures (predicate, unit);
CREATE INDEX IF NOT EXISTS figures_by_document ON figures (document);
CREATE TABLE IF NOT EXISTS claim_entities (
    claim TEXT NOT NULL,
    entity TEXT NOT NULL,
    role TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS claim_entities_by_entity ON claim_entities (entity);
CREATE INDEX IF NOT EXISTS claim_entities_by_claim ON claim_entities (claim);
-- an entity's claims in the store's order, a page at a time, from these two indexes alone
CREATE INDEX IF NOT EXISTS claim_entities_by_entity_role ON claim_entities (entity, role, claim);
CREATE INDEX IF NOT EXISTS claims_in_order ON claims (id, path, sentence_start, segment, kind);
CREATE TABLE IF NOT EXISTS entities (
    iri TEXT PRIMARY KEY,
    canonical TEXT NOT NULL,
    label TEXT NOT NULL,
    type TEXT
);
CREATE INDEX IF NOT EXISTS entities_by_canonical ON entities (canonical);
CREATE TABLE IF NOT EXISTS entity_labels (
    canonical TEXT NOT NULL,
    label TEXT NOT NULL,
    key TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entity_labels_by_canonical ON entity_labels (canonical);
CREATE INDEX IF NOT EXISTS entity_labels_by_key ON entity_labels (key);
"""
    + browse.DDL
)
