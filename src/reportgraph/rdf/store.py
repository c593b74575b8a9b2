"""The graph store: an embedded on-disk Oxigraph store (or in memory for tests).

Every write leaves each document either fully in or fully out, so a build killed at any point
leaves a consistent store. A replacement is one transaction; new documents written together go
through Oxigraph's bulk loader, which RocksDB ingests in one atomic step (see ``write_batch``).
Reads go through SPARQL with bound variables (``substitutions``), never through query text
built from user input.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Literal as TypingLiteral

import pyoxigraph as ox

from reportgraph.errors import StoreError
from reportgraph.models import DocumentExtraction
from reportgraph.rdf.mapping import (
    FAILURES_GRAPH,
    PreparedDocument,
    claim_iri,
    document_graph,
    document_iri,
    prepare_document,
)
from reportgraph.rdf.query_guard import refuse_service, syntax_error
from reportgraph.rdf.snapshot import (
    BuildLock,
    SnapshotHold,
    Snapshots,
    open_for_reading,
)
from reportgraph.rdf.snapshot import snapshot_every as snapshot_every_env
from reportgraph.rdf.vocab import PREFIXES, RG, data_iri

if TYPE_CHECKING:
    from reportgraph.rdf.delta import Delta

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Value = str | int | float | bool | None
WriteOutcome = TypingLiteral["added", "unchanged", "replaced"]
Writable = DocumentExtraction | PreparedDocument
RawResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples

# New documents are bulk-loaded together when they hold at least BULK_MIN_QUADS quads: each
# bulk load writes one file per index, and many small files cost RocksDB more compaction than
# the transactions they replace. BULK_MAX_QUADS keeps every bulk load inside one batch of
# Oxigraph's loader (1,000,000 quads in pyoxigraph 0.5), which it ingests in one atomic
# RocksDB step; a larger load would be ingested in several and could stop half-way.
BULK_MIN_QUADS = 20_000
BULK_MAX_QUADS = 500_000
# Files the bulk loader writes before RocksDB takes them in: a build killed in between leaves
# them behind, and nothing else ever reads them.
_BULK_LEFTOVERS = "bulk-*.sst"

_BUFFER = 1 << 20
_UNION_TRIPLES = (
    "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o "
    "WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } }"
)


def sparql_prologue() -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def to_python(term: Term | None) -> Value:
    """A query result term as a plain Python value (IRIs and strings as str)."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dtype = term.datatype.value if term.datatype is not None else ""
        if dtype.endswith(("#integer", "#nonNegativeInteger", "#int", "#long")):
            return int(term.value)
        if dtype.endswith(("#decimal", "#double", "#float")):
            return float(term.value)
        if dtype.endswith("#boolean"):
            return term.value == "true"
        return term.value
    if isinstance(term, ox.NamedNode | ox.BlankNode):
        return term.value
    return str(term)


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[dict[str, Value]]


def query_result(result: RawResult) -> QueryResult:
    """Oxigraph's answer to a query as columns and plain rows (triples as subject, predicate,
    object)."""
    if isinstance(result, ox.QueryBoolean):
        return QueryResult(["result"], [{"result": bool(result)}])
    if isinstance(result, ox.QueryTriples):
        cols = ["subject", "predicate", "object"]
        return QueryResult(
            cols,
            [
                dict(
                    zip(
                        cols,
                        (to_python(t.subject), to_python(t.predicate), to_python(t.object)),
                        strict=True,
                    )
                )
                for t in result
            ],
        )
    names = [v.value for v in result.variables]
    rows = [{n: to_python(sol[n]) for n in names} for sol in result]
    return QueryResult(names, rows)


class GraphStore:
    """Oxigraph-backed store. ``path=None`` keeps the graph in memory.

    On disk, a writer holds the store's build lock (a second writer fails with RG308) and
    publishes read-only snapshots; a reader (``read_only=True``) opens the newest snapshot and
    never the live store, so it sees whole documents while a build runs (see ``snapshot.py``).
    """

    def __init__(
        self,
        path: Path | str | None = None,
        *,
        read_only: bool = False,
        snapshot_every: int | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self.snapshot: Path | None = None  # the snapshot a reader reads
        self._lock: BuildLock | None = None
        self._hold: SnapshotHold | None = None
        self._snapshots: Snapshots | None = None
        self._every = snapshot_every if snapshot_every is not None else snapshot_every_env()
        self._since_publish = 0
        if self.path is None:
            self._store = ox.Store()
        elif read_only:
            self._store = self._open_reader(self.path)
        else:
            self._store = self._open_writer(self.path)

    def _open_reader(self, path: Path) -> ox.Store:
        if not path.exists():
            raise StoreError(
                f"No graph store at {path}.",
                "Build one first with `reportgraph build FILES --store PATH`, "
                "or point --store at an existing store.",
                code="RG301",
            )
        try:
            db, self._hold = open_for_reading(path)
        except OSError as exc:
            raise _open_error(path, exc) from exc
        self.snapshot = self._hold.path if self._hold is not None else None
        return db

    def _open_writer(self, path: Path) -> ox.Store:
        self._lock = BuildLock.acquire(path, "build")
        try:
            path.mkdir(parents=True, exist_ok=True)
            for leftover in path.glob(_BULK_LEFTOVERS):  # we hold the build lock
                leftover.unlink(missing_ok=True)
            db = ox.Store(str(path))
            self._snapshots = Snapshots(path)
            if self._snapshots.lagging():  # a fresh store, or a build was interrupted
                self._snapshots.publish(db)
            else:
                self._snapshots.prune()
        except BaseException as exc:
            self._lock.release()
            self._lock = None
            if isinstance(exc, OSError):
                raise _open_error(path, exc) from exc
            raise
        return db

    def publish(self) -> Path | None:
        """Publish the current state as the snapshot readers see (writers on disk only)."""
        if self._snapshots is None:
            return None
        target = self._snapshots.publish(self._store)
        self._since_publish = 0
        return target

    def _publish_quietly(self) -> None:
        """A snapshot in the middle of a build. The document is written either way; if the
        snapshot fails, readers keep the previous one and the next publish catches up."""
        try:
            self.publish()
        except StoreError:
            self._since_publish = 0

    def close(self) -> None:
        """Publish pending writes (writer), then close the store and release its locks."""
        if self._snapshots is not None and self._snapshots.lagging():
            self._store.flush()
            self.publish()
        self._release()

    def _release(self) -> None:
        if hasattr(self, "_store"):
            del self._store
        for held in (self._hold, self._lock):
            if held is not None:
                held.release()
        self._hold = self._lock = None
        self._snapshots = None

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self._release()

    # ---- reading ----

    def select(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        """Run a read-only query; ``bindings`` pre-bind variables (which the SELECT must
        project). Updates (RG401) and SERVICE (RG404) are refused. Runs in this process with
        no time limit: a user's query goes through ``query_process.run_bounded`` instead."""
        return query_result(self.evaluate(sparql, bindings))

    def evaluate(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        default_graph: Sequence[ox.NamedNode] | None = None,
        named_graphs: Sequence[ox.NamedNode] | None = None,
    ) -> RawResult:
        """Oxigraph's own answer to a read-only query (solutions, a boolean or triples, still
        to be iterated or serialized), with the refusals of :meth:`select`. The default graph
        is the union of all graphs, or the union of ``default_graph`` when given;
        ``named_graphs`` limits what GRAPH sees (the SPARQL protocol's dataset)."""
        refuse_service(sparql)
        subs = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        try:
            return self._store.query(
                sparql,
                prefixes=PREFIXES,
                substitutions=subs or None,
                use_default_graph_as_union=default_graph is None,
                default_graph=list(default_graph) if default_graph is not None else None,
                named_graphs=list(named_graphs) if named_graphs is not None else None,
            )
        except SyntaxError as exc:
            # Oxigraph's query() never executes an update; an update is a syntax error here.
            raise syntax_error(exc, sparql) from exc
        except OSError as exc:
            raise StoreError(f"The store failed during a query: {exc}.", code="RG303") from exc

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        return iter(self._store.quads_for_pattern(None, None, None, graph))

    def __len__(self) -> int:
        return len(self._store)

    def has_document(self, doc_id: str) -> bool:
        return bool(self._store.contains_named_graph(document_graph(doc_id)))

    def document_ids(self) -> list[str]:
        """The ids of the documents the store holds, sorted (sorted here: Oxigraph's ORDER BY
        took 4.7 s for 50,000 documents, the query without it 0.3 s)."""
        res = self.select("SELECT ?d WHERE { GRAPH ?g { ?d a rg:Document } }")
        return sorted(str(r["d"]).rsplit("/", 1)[-1] for r in res.rows)

    def documents_at_path(self, path: str) -> list[str]:
        """Ids of the documents read from ``path`` (an index lookup, not a scan)."""
        found = self._store.quads_for_pattern(None, RG.path, ox.Literal(path), None)
        return sorted(
            q.subject.value.rsplit("/", 1)[-1]
            for q in found
            if isinstance(q.graph_name, ox.NamedNode) and isinstance(q.subject, ox.NamedNode)
        )

    def dump(self, output: Path, fmt: ox.RdfFormat, *, union: bool = False) -> None:
        """Write the store to ``output``: all quads, or with ``union`` the union of all graphs
        as distinct triples.

        Quads come from Oxigraph's own dump, the fastest way measured (bench/README.md,
        "Export"): its cost is reading the store, one RocksDB lookup per IRI per quad. The
        union is deduplicated by the query engine on encoded terms before any is decoded."""
        try:
            if union:
                triples = self._store.query(_UNION_TRIPLES)
                assert isinstance(triples, ox.QueryTriples)
                with output.open("wb", buffering=_BUFFER) as fh:
                    ox.serialize(triples, fh, fmt, prefixes=PREFIXES)
            else:
                self._store.dump(str(output), fmt, prefixes=PREFIXES)
        except OSError as exc:
            raise StoreError(f"Could not write {output}: {exc}.", code="RG304") from exc

    # ---- writing ----

    def _claim_graphs(self, doc_id: str) -> list[ox.NamedNode]:
        res = self._store.query(
            "SELECT ?c ?g ?claim WHERE { GRAPH ?g { ?c a ?claim } }",
            substitutions={
                ox.Variable("g"): document_graph(doc_id),
                ox.Variable("claim"): RG.Claim,
            },
        )
        assert isinstance(res, ox.QuerySolutions)
        return [s["c"] for s in res if isinstance(s["c"], ox.NamedNode)]

    def _drop_statements(self, doc_ids: Sequence[str]) -> list[str]:
        out: list[str] = []
        for doc_id in doc_ids:
            for g in self._claim_graphs(doc_id):
                out.append(f"DROP SILENT GRAPH {g}")
            out.append(f"DROP SILENT GRAPH {document_graph(doc_id)}")
        return out

    def write(self, item: Writable) -> WriteOutcome:
        """Write one document atomically, replacing earlier versions read from the same path."""
        outcome = self.write_batch([item])[0]
        if isinstance(outcome, StoreError):
            raise outcome
        return outcome

    def write_batch(self, items: Sequence[Writable]) -> list[WriteOutcome | StoreError]:
        """Write documents in order; each is fully in or fully out, whatever happens.

        A document already stored is ``unchanged``. One read earlier from the same path is
        replaced in one transaction. New documents are bulk-loaded together: the loader writes
        one file per index and RocksDB ingests them all in one atomic step (less CPU than a
        transaction per document: bench/README.md, session 5), or, if that fails, each is
        written in its own transaction, so a bad document fails alone with RG305.

        Safe to call from one writer thread while other threads read: Oxigraph releases the
        GIL while it parses and inserts the N-Quads."""
        self._require_writable()
        prepared = [i if isinstance(i, PreparedDocument) else prepare_document(i) for i in items]
        out: list[WriteOutcome | StoreError] = []
        failed: dict[str, StoreError] = {}
        group: list[PreparedDocument] = []
        grouped = 0  # quads in the group
        for doc in prepared:
            if any(d.doc_id == doc.doc_id for d in group) or self.has_document(doc.doc_id):
                out.append("unchanged")
                continue
            if grouped + doc.quads > BULK_MAX_QUADS or any(d.path == doc.path for d in group):
                failed |= self._add(group)  # and the checks below see the group
                group, grouped = [], 0
            stale = [d for d in self.documents_at_path(doc.path) if d != doc.doc_id]
            if not stale:
                group.append(doc)
                grouped += doc.quads
                out.append("added")
                continue
            failed |= self._add(group)
            group, grouped = [], 0
            out.append(self._attempt(doc, stale))
            self._published(0 if isinstance(out[-1], StoreError) else 1)
        failed |= self._add(group)
        pairs = zip(prepared, out, strict=True)
        return [failed.get(d.doc_id, o) if o == "added" else o for d, o in pairs]

    def _add(self, group: Sequence[PreparedDocument]) -> dict[str, StoreError]:
        """Insert new documents (see :meth:`write_batch`); the ones that failed, by id."""
        failed: dict[str, StoreError] = {}
        if group and not self._bulk_load(group):
            for doc in group:
                result = self._attempt(doc, [])
                if isinstance(result, StoreError):
                    failed[doc.doc_id] = result
        self._published(len(group) - len(failed))
        return failed

    def _bulk_load(self, group: Sequence[PreparedDocument]) -> bool:
        """One bulk load of ``group``, if it is worth one; False if nothing was loaded."""
        quads = sum(d.quads for d in group)
        if self.path is None or len(group) < 2 or quads < BULK_MIN_QUADS:
            return False
        self._will_write()
        try:
            self._store.bulk_load(b"".join(d.nquads for d in group), format=ox.RdfFormat.N_QUADS)
        except (OSError, SyntaxError, ValueError):
            return False  # nothing landed: one transaction per document instead
        return True

    def _attempt(self, doc: PreparedDocument, stale: Sequence[str]) -> WriteOutcome | StoreError:
        """One document in one transaction, replacing the ``stale`` documents."""
        self._will_write()
        try:
            if not stale:
                self._store.load(doc.nquads, format=ox.RdfFormat.N_QUADS)
            else:
                quads = list(ox.parse(doc.nquads, format=ox.RdfFormat.N_QUADS))
                statements = self._drop_statements(stale)
                statements.append("INSERT DATA {\n" + _graph_blocks(quads) + "\n}")
                self._store.update(" ;\n".join(statements))
        except (OSError, SyntaxError) as exc:
            return StoreError(
                f"Could not write document {doc.doc_id} ({doc.path}): {exc}.", code="RG305"
            )
        return "replaced" if stale else "added"

    def _published(self, written: int) -> None:
        self._since_publish += written
        if self._since_publish >= self._every:
            self._publish_quietly()

    def replace_graph(self, graph: ox.NamedNode, quads: Sequence[ox.Quad]) -> None:
        """Replace one named graph with ``quads`` in a single transaction (into a graph the
        store lacks, one insert of the quads: Oxigraph parses a SPARQL update of 80,000 quads
        in about twice the time it takes them as quads)."""
        self._require_writable()
        self._will_write()
        if quads and not self._store.contains_named_graph(graph):
            try:
                self._store.extend(quads)  # one transaction: all of them or none
            except OSError as exc:
                raise StoreError(
                    f"Could not write graph {graph.value}: {exc}.", code="RG307"
                ) from exc
            return
        statements = [f"DROP SILENT GRAPH {graph}"]
        if quads:
            statements.append("INSERT DATA {\n" + _graph_blocks(quads) + "\n}")
        try:
            self._store.update(" ;\n".join(statements))
        except OSError as exc:
            raise StoreError(f"Could not write graph {graph.value}: {exc}.", code="RG307") from exc

    def apply(self, delta: Delta) -> None:
        """Apply one change to derived graphs (the resolution and its state) in one
        transaction."""
        self.update(" ;\n".join(delta.statements()))

    def update(self, sparql: str) -> None:
        """Run one SPARQL Update (several operations joined by ``;``) in a single transaction:
        the library's own edits of derived graphs (``rdf/resolution_state.py``), never a
        user's text. Terms in it are full IRIs (no prefixes)."""
        self._require_writable()
        self._will_write()
        try:
            self._store.update(sparql)
        except OSError as exc:
            raise StoreError(f"Could not update the store: {exc}.", code="RG307") from exc

    def remove_document(self, doc_id: str) -> int:
        """Delete a document's graph and its claim graphs in one transaction; quads removed."""
        self._require_writable()
        if not self.has_document(doc_id):
            return 0
        before = len(self._store)
        self._will_write()
        self._store.update(" ;\n".join(self._drop_statements([doc_id])))
        return before - len(self._store)

    def flush(self) -> None:
        """Write buffers to disk and publish a snapshot if anything changed since the last."""
        if self.path is not None and not self.read_only:
            self._store.flush()
            if self._snapshots is not None and self._snapshots.lagging():
                self.publish()

    def _require_writable(self) -> None:
        if self.read_only:
            raise StoreError("The store was opened read-only.", code="RG306")

    def _will_write(self) -> None:
        if self._snapshots is not None:
            self._snapshots.mark_unpublished()

    # ---- checking ----

    def graph_names(self) -> set[str]:
        """The IRIs of the store's named graphs."""
        return {g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)}

    def check(self) -> list[str]:
        """Problems that would mean a half-written document (empty list: consistent).

        Each document graph holds exactly its one document; every claim a document declares
        has its claim graph; every claim graph belongs to a document that declares it; no other
        named graphs. The resolution graph and its state graph are derived data and not checked
        here: after an interrupted build they may lag until the next build or removal
        re-resolves. The
        build-failures graph (replaced by each build) is not checked either."""
        doc_prefix = document_graph("").value
        claim_prefix = claim_iri("").value
        resolution = data_iri("graph/resolution").value
        resolution_state = data_iri("graph/resolution-state").value
        problems: list[str] = []
        graphs = self.graph_names()
        docs = self.select("SELECT ?g ?d WHERE { GRAPH ?g { ?d a rg:Document } }").rows
        per_graph: dict[str, list[str]] = {}
        for r in docs:
            per_graph.setdefault(str(r["g"]), []).append(str(r["d"]))
        for g in sorted(x for x in graphs if x.startswith(doc_prefix)):
            found = per_graph.get(g, [])
            expected = document_iri(g.removeprefix(doc_prefix)).value
            if found != [expected]:
                problems.append(f"document graph {g} holds documents {sorted(found)}")
        for g in sorted(set(per_graph) - {x for x in graphs if x.startswith(doc_prefix)}):
            problems.append(f"graph {g} holds a document but is not a document graph")
        declared: dict[str, str] = {}
        for r in self.select("SELECT ?g ?c WHERE { GRAPH ?g { ?c a rg:Claim } }").rows:
            claim, graph = str(r["c"]), str(r["g"])
            if not graph.startswith(doc_prefix):
                problems.append(f"claim {claim} is declared outside a document graph ({graph})")
            elif claim not in graphs:
                problems.append(f"claim {claim} of {graph} has no claim graph")
            declared[claim] = graph
        for g in sorted(graphs):
            if g.startswith(claim_prefix) and g not in declared:
                problems.append(f"claim graph {g} belongs to no document")
            elif not g.startswith((claim_prefix, doc_prefix)) and g not in (
                resolution,
                resolution_state,
                FAILURES_GRAPH.value,
            ):
                problems.append(f"unexpected graph {g}")
        return problems


def _open_error(path: Path, exc: OSError) -> StoreError:
    return StoreError(
        f"Could not open the graph store at {path}: {exc}.",
        "Check the path is a reportgraph store directory, that no other build is "
        "writing to it, and that you may read and write it.",
        code="RG302",
    )


def _graph_blocks(quads: Sequence[ox.Quad]) -> str:
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        by_graph.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
    return "\n".join(f"GRAPH {g} {{\n" + "\n".join(ts) + "\n}" for g, ts in by_graph.items())
