"""The claims index file: open it, write documents' claim rows and the entity tables, read raw
claim rows back. Pure storage: what to write and when is :mod:`.sync`'s business."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from reportgraph.claims_index import browse, entity_tables
from reportgraph.claims_index.browse import MentionRecord
from reportgraph.claims_index.schema import DDL, VERSION
from reportgraph.errors import StoreError
from reportgraph.rdf.entity_index import EntityIndex
from reportgraph.rows import ClaimRow, DocumentRow

_NAMING_ROLES = ("subject", "object", "place", "about", "participant")
_CHUNK = 500  # ids per IN (...) list, under SQLite's variable limit
_ORDER = " ORDER BY path, sentence_start, id"  # the store's order of claim rows
# raw rows validated as one JSON array: one call into pydantic-core, not one per row
_RAW_ROWS = TypeAdapter(list[ClaimRow])


def index_path(store_path: Path) -> Path:
    """``graph/store`` -> ``graph/store.index.db``."""
    return store_path.with_name(store_path.name + ".index.db")


def _naming(raw: ClaimRow) -> list[tuple[str, str]]:
    """(entity record IRI, role) of every entity a raw row names, as the store's
    ``claims_naming`` finds them."""
    out = [(r.id, role) for role, r in (("subject", raw.subject), ("object", raw.object)) if r]
    out += [(r.id, "place") for r in raw.places]
    out += [(r.id, "about") for r in raw.about]
    out += [(p.id, "participant") for p in raw.participants]
    if raw.source_entity:  # not a naming role: found only to remake the claim's browse row
        out.append((raw.source_entity.id, "source_entity"))
    return out


FIGURE_COLUMNS = (
    "claim", "document", "predicate", "unit", "value", "qualifier", "upper", "text",
    "source_id", "source", "via", "cue", "certainty", "time_text", "time_value", "segment",
    "path", "sentence", "start", "end_", "places",
)  # fmt: skip


def _figure(c: ClaimRow) -> tuple[object, ...]:
    """A raw figure claim row as a row of the ``figures`` table (see FIGURE_COLUMNS)."""
    q = c.quantity
    assert q is not None
    return (
        c.id, c.document.id, c.predicate, q.unit, q.value, q.qualifier, q.upper, q.text,
        c.source.id, c.source.label, json.dumps([[v.id, v.label] for v in c.via]), c.cue,
        c.certainty, c.time.text if c.time else None, c.time.value if c.time else None,
        c.segment, c.document.path, c.evidence.sentence, c.evidence.start, c.evidence.end,
        json.dumps([p.id for p in c.places]),
    )  # fmt: skip


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


class ClaimsIndex:
    """One SQLite file (or an in-memory database for an in-memory store)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        try:
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            # a build writes from its writer thread, one thread at a time (builder/writer.py)
            self._db = sqlite3.connect(
                str(path) if path is not None else ":memory:", check_same_thread=False
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            version = self._version()
            if version not in (None, VERSION):
                self._drop_all()  # an older layout: rebuilt from the store by the next sync
            self._db.executescript(DDL)
            self._set("version", VERSION)
            self._db.commit()
        except (sqlite3.Error, OSError) as err:
            raise StoreError(
                f"Could not open the claims index {path}: {err}",
                "Delete the file and run `reportgraph reindex`: it is rebuilt from the store.",
                code="RG330",
            ) from err

    def close(self) -> None:
        self._db.close()

    def _version(self) -> str | None:
        try:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        except sqlite3.OperationalError:
            return None
        return str(row[0]) if row else None

    def _drop_all(self) -> None:
        tables = [
            r[0] for r in self._db.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        for name in tables:
            self._db.execute(f'DROP TABLE IF EXISTS "{name}"')

    def _get(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def _set(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # --- documents and their claims ---

    def document_ids(self) -> set[str]:
        return {str(r[0]) for r in self._db.execute("SELECT id FROM documents")}

    def documents(self) -> list[DocumentRow]:
        """Every document, by path, with the number of claims the index holds for it."""
        sql = (
            "SELECT d.id, d.path, d.title, d.publisher, d.published, d.decode_note,"
            " (SELECT COUNT(*) FROM claims c WHERE c.document = d.id)"
            " FROM documents d ORDER BY d.path, d.id"
        )
        return [
            DocumentRow(
                id=r[0],
                path=r[1],
                title=r[2],
                publisher=r[3],
                published=r[4],
                decode_note=r[5],
                claims=int(r[6]),
            )
            for r in self._db.execute(sql)
        ]

    def published(self) -> dict[str, str]:
        """Document id -> publication date, for the documents that have one."""
        rows = self._db.execute("SELECT id, published FROM documents WHERE published IS NOT NULL")
        return {str(r[0]): str(r[1]) for r in rows}

    def claim_count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM claims").fetchone()[0])

    def replace_documents(
        self,
        docs: Sequence[DocumentRow],
        raw: Sequence[ClaimRow],
        mentions: Sequence[MentionRecord],
    ) -> None:
        """In one transaction: the documents ``docs`` hold exactly the claims of ``raw`` (rows
        of :func:`rdf.claim_reads.raw_claim_rows`) and the entity mentions of ``mentions``
        (:func:`browse.mention_records`) that belong to them. Their browse rows are made once
        the entity tables are (:meth:`complete_rows`, :meth:`replace_entities`)."""
        paths = {d.id: d.path for d in docs}
        with self._db:
            self._delete(list(paths))
            self._db.executemany(
                "INSERT INTO documents (id, path, title, publisher, published, decode_note)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                ((d.id, d.path, d.title, d.publisher, d.published, d.decode_note) for d in docs),
            )
            self._db.executemany(
                "INSERT INTO claims (id, document, kind, predicate, source_id, source, certainty,"
                " segment, path, sentence_start, raw)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        c.id,
                        c.document.id,
                        c.kind,
                        c.predicate,
                        c.source.id,
                        c.source.label,
                        c.certainty,
                        c.segment,
                        c.document.path,
                        c.evidence.start,
                        c.model_dump_json(),
                    )
                    for c in raw
                    if c.document.id in paths
                ),
            )
            self._db.executemany(
                f"INSERT INTO figures ({', '.join(FIGURE_COLUMNS)})"
                f" VALUES ({', '.join('?' * len(FIGURE_COLUMNS))})",
                (
                    _figure(c)
                    for c in raw
                    if c.document.id in paths and c.kind == "figure" and c.quantity
                ),
            )
            self._db.executemany(
                "INSERT INTO claim_entities (claim, entity, role) VALUES (?, ?, ?)",
                (
                    (c.id, iri, role)
                    for c in raw
                    if c.document.id in paths
                    for iri, role in _naming(c)
                ),
            )
            browse.insert_mentions(self._db, [m for m in mentions if m.document in paths])

    def drop_documents(self, ids: Iterable[str]) -> None:
        with self._db:
            self._delete(list(ids))

    def documents_at_path(self, path: str) -> list[str]:
        """Ids of the documents read from ``path``."""
        rows = self._db.execute("SELECT id FROM documents WHERE path = ?", (path,))
        return sorted(str(r[0]) for r in rows)

    def _delete(self, ids: Sequence[str]) -> None:
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            self._db.execute(
                f"DELETE FROM claim_entities WHERE claim IN"
                f" (SELECT id FROM claims WHERE document IN ({marks}))",
                chunk,
            )
            self._db.execute(f"DELETE FROM claims WHERE document IN ({marks})", chunk)
            self._db.execute(f"DELETE FROM figures WHERE document IN ({marks})", chunk)
            browse.delete_documents(self._db, marks, chunk)
            self._db.execute(f"DELETE FROM documents WHERE id IN ({marks})", chunk)

    # --- entities ---

    def stamp(self) -> str | None:
        return self._get("resolution")

    def replace_entities(self, index: EntityIndex, stamp: str | None) -> None:
        """The entity tables from a whole :class:`EntityIndex`, and the stamp it was made at;
        in the same transaction, the browse rows of the claims that name an entity whose
        canonical entity or label changed, and of those that had none."""
        with self._db:
            entity_tables.replace_all(self._db, index, self.entity_index)
            self._set("resolution", stamp or "")

    def entity_neighbours(self, records: Collection[str]) -> set[str]:
        """``records``, their canonical entities and the records merged into those, as the
        entity tables hold them: what a partial update must reread (``update_entities``)."""
        return entity_tables.neighbours(self._db, records)

    def update_entities(self, part: EntityIndex, iris: Collection[str], stamp: str | None) -> None:
        """After a partial resolution: the entity rows of ``iris`` (from
        :meth:`entity_neighbours`) as ``part`` (the store's entity index loaded for them) has
        them, the browse rows they rename, and the new stamp, in one transaction."""
        with self._db:
            entity_tables.replace_part(self._db, part, iris, self.entity_index)
            self._set("resolution", stamp or "")

    def missing_rows(self) -> list[str]:
        """Claims without a browse row (``claim_rows``)."""
        return browse.missing_rows(self._db)

    def complete_rows(self) -> int:
        """Make the missing browse rows; how many were made."""
        with self._db:
            missing = browse.missing_rows(self._db)
            browse.refresh_rows(self._db, missing, self.entity_index)
        return len(missing)

    def entity_index(self, iris: Iterable[str]) -> EntityIndex:
        """The part of the entity index about ``iris``: for them (and their canonical entities)
        ``ref()``, ``canon()`` and ``members`` answer as the store's whole index would."""
        return entity_tables.read_part(self._db, iris)

    def names(self, iris: Collection[str]) -> dict[str, tuple[str, str]]:
        """Record IRI -> (canonical IRI, its label), for the records of ``iris`` it holds."""
        return browse.names(self._db, iris)

    def canonical_of(self, iri: str) -> str | None:
        """The canonical IRI of an entity record, or None when the index knows no such record."""
        row = self._db.execute("SELECT canonical FROM entities WHERE iri = ?", (iri,)).fetchone()
        return str(row[0]) if row else None

    def named(self, key: str, *, exact: bool) -> list[str]:
        """Canonical IRIs of the entities one of whose labels, casefolded, is ``key`` (or, not
        ``exact``, contains it), sorted."""
        sql = "SELECT DISTINCT canonical FROM entity_labels WHERE " + (
            "key = ?" if exact else "instr(key, ?) > 0"
        )
        return sorted(str(r[0]) for r in self._db.execute(sql, (key,)))

    # --- reads ---

    def select(self, sql: str, args: Sequence[object] = ()) -> list[tuple[object, ...]]:
        """Rows of a read of this package's own (never user text)."""
        try:
            return list(self._db.execute(sql, args))
        except sqlite3.Error as err:
            raise self._unreadable(err) from err

    def _unreadable(self, err: Exception) -> StoreError:
        return StoreError(
            f"The claims index {self.path} could not be read: {err}",
            "Run `reportgraph reindex` to rebuild it from the store.",
            code="RG331",
        )

    def figure_rows(
        self,
        units: Sequence[tuple[str, str]] | None = None,
        places: Sequence[str] | None = None,
        *,
        columns: Sequence[str] = FIGURE_COLUMNS,
        claims: Sequence[str] | None = None,
    ) -> list[tuple[object, ...]]:
        """Rows of the ``figures`` table (``columns`` of FIGURE_COLUMNS), with one of the
        (predicate, unit) pairs of ``units``, set at one of ``places`` (record IRIs), and one of
        ``claims`` (ids, at most a few thousand) when given."""
        where: list[str] = []
        args: list[object] = []
        if claims is not None:
            if not claims:
                return []
            where.append(f"claim IN ({','.join('?' * len(claims))})")
            args += list(claims)
        if units is not None:
            if not units:
                return []
            where.append("(predicate, unit) IN (VALUES " + ",".join("(?, ?)" for _ in units) + ")")
            args += [x for pair in units for x in pair]
        if places is not None:
            if not places:
                return []
            where.append(
                "claim IN (SELECT claim FROM claim_entities WHERE role = 'place'"
                f" AND entity IN ({','.join('?' * len(places))}))"
            )
            args += list(places)
        sql = f"SELECT {', '.join(columns)} FROM figures"
        return self.select(sql + (" WHERE " + " AND ".join(where) if where else ""), args)

    def figure_units(self) -> list[tuple[str, str]]:
        """Every (predicate, unit) pair of the figure claims."""
        sql = "SELECT DISTINCT predicate, unit FROM figures"
        return [(str(p), str(u)) for p, u in self._db.execute(sql)]

    def raw_claims(
        self,
        *,
        kind: str | None = None,
        entities: Sequence[str] | None = None,
        comments: bool = True,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[ClaimRow]:
        """Raw claim rows, of one ``kind``, naming one of ``entities`` (record IRIs) when given,
        and without reader comments unless ``comments``, in the store's order (document path,
        sentence start, id); with ``limit`` and ``offset``, that page of them only."""
        where: list[str] = []
        args: list[object] = []
        if kind is not None:
            where.append("kind = ?")
            args.append(kind)
        if not comments:
            where.append("segment != 'reader_comment'")
        if entities is not None:
            if not entities:
                return []
            marks = ",".join("?" * len(entities))
            where.append(
                f"id IN (SELECT claim FROM claim_entities WHERE entity IN ({marks})"
                f" AND role IN ({','.join('?' * len(_NAMING_ROLES))}))"
            )
            args += [*entities, *_NAMING_ROLES]
        filters = (" WHERE " + " AND ".join(where) if where else "") + _ORDER
        try:
            if limit is None and offset <= 0:
                raws = [
                    str(r[0]) for r in self._db.execute("SELECT raw FROM claims" + filters, args)
                ]
            else:  # the page's ids first: the sort reads no raw JSON
                table = "claims INDEXED BY claims_in_order" if entities is not None else "claims"
                page = f"SELECT id FROM {table}" + filters + " LIMIT ? OFFSET ?"
                ids = [
                    str(r[0])
                    for r in self._db.execute(
                        page, [*args, limit if limit is not None else -1, max(0, offset)]
                    )
                ]
                found: dict[str, str] = {}
                for chunk in _chunks(ids):
                    sql = f"SELECT id, raw FROM claims WHERE id IN ({','.join('?' * len(chunk))})"
                    found.update((str(i), str(r)) for i, r in self._db.execute(sql, chunk))
                raws = [found[i] for i in ids]
            return _RAW_ROWS.validate_json("[" + ",".join(raws) + "]")
        except (sqlite3.Error, ValidationError) as err:
            raise self._unreadable(err) from err
