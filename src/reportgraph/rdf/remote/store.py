"""A graph store on a SPARQL server: the embedded store's interface over HTTP.

``RemoteStore`` is a :class:`~reportgraph.rdf.store.GraphStore` by type, so every read, the
builder's writer and the claims index take it unchanged; it overrides each method that touched
the embedded database (``tests/remote/test_interface.py`` keeps it so). What differs:

- **Reads** go to the server's SPARQL 1.1 Protocol endpoint, each query one request that sees
  one consistent state of the store; there are no snapshots. The default graph is the union
  of all graphs, as in the embedded store (Oxigraph's ``union-default-graph``); variables are
  bound by a ``VALUES`` row (``bindings.py``). A query is parsed here first (an update is
  refused with RG401, a SERVICE clause with RG404) and never reaches the server otherwise.
- **Writes**: each write group's new documents are one Graph Store Protocol POST of their
  N-Quads (one transaction on the server); a replacement is one SPARQL Update that drops the
  old graphs and inserts the new ones (``writes.py``). A document is whole or absent
  whatever happens to the server or the connection. Documents are content-addressed (the id
  is a hash of the text), so a rerun after a failure skips what landed and writes the rest.
- There is no writer lock across machines: run one build at a time against a store.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Literal

import pyoxigraph as ox

from reportgraph.errors import StoreError
from reportgraph.rdf.delta import Delta
from reportgraph.rdf.mapping import PreparedDocument, document_graph, prepare_document
from reportgraph.rdf.query_guard import parse_only, refuse_service, syntax_error
from reportgraph.rdf.remote import writes
from reportgraph.rdf.remote.bindings import bind
from reportgraph.rdf.remote.client import SOLUTIONS, TRIPLES, SparqlClient
from reportgraph.rdf.remote.credentials import Credentials, from_environment
from reportgraph.rdf.remote.location import StoreURL
from reportgraph.rdf.store import (
    _UNION_TRIPLES,
    GraphStore,
    QueryResult,
    RawResult,
    Term,
    Writable,
    WriteOutcome,
    query_result,
    sparql_prologue,
)
from reportgraph.rdf.vocab import PREFIXES

CHUNK = 500  # ids or paths per VALUES block
_UNION = ("union-default-graph", "")
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"


class RemoteStore(GraphStore):
    """A store on a SPARQL 1.1 server at ``url`` (see the module docstring). Opening it asks
    the server one small question (and, to write, sends it an empty update), so a wrong URL,
    a refused credential or a read-only server fails at once with its code."""

    def __init__(
        self,
        url: str | StoreURL,
        *,
        read_only: bool = False,
        credentials: Credentials | Literal["environment"] | None = "environment",
        timeout: float | None = None,
        ca_bundle: Path | None = None,
    ) -> None:
        self.url = url if isinstance(url, StoreURL) else StoreURL.parse(url)
        self.path = None
        self.read_only = read_only
        self.snapshot = None
        self._lock = self._hold = self._snapshots = None
        self._every = 1
        self._since_publish = 0
        given = from_environment() if credentials == "environment" else credentials
        assert not isinstance(given, str)
        self._client = SparqlClient(self.url, given, timeout=timeout, ca_bundle=ca_bundle)
        try:
            self._client.query("ASK {}", [_UNION])
            if not read_only:
                self._client.update("INSERT DATA { }")
        except BaseException:
            self._client.close()
            raise

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "read-write"
        return f"RemoteStore({self.url}, {mode})"

    def _release(self) -> None:
        client = getattr(self, "_client", None)
        if client is not None:
            client.close()

    # ---- reading ----

    def select(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        timeout: float | None = None,
    ) -> QueryResult:
        """As :meth:`GraphStore.select`; ``timeout``: seconds the whole exchange may take
        (RG405 past it)."""
        return query_result(self.evaluate(sparql, bindings, timeout=timeout))

    def evaluate(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        default_graph: Sequence[ox.NamedNode] | None = None,
        named_graphs: Sequence[ox.NamedNode] | None = None,
        timeout: float | None = None,
    ) -> RawResult:
        refuse_service(sparql)
        try:
            parse_only(sparql)
        except SyntaxError as exc:
            raise syntax_error(exc, sparql) from exc
        params: list[tuple[str, str]] = []
        if default_graph is None and named_graphs is None:
            params.append(_UNION)
        params += [("default-graph-uri", g.value) for g in default_graph or []]
        params += [("named-graph-uri", g.value) for g in named_graphs or []]
        return self._run(bind(sparql, bindings), params, timeout)

    def _run(self, sparql: str, params: list[tuple[str, str]], timeout: float | None) -> RawResult:
        text = sparql_prologue() + sparql
        answer = self._client.query(text, params, accept=_accept(text), limit=timeout)
        if answer.media_type == SOLUTIONS:
            return ox.parse_query_results(answer.body, format=ox.QueryResultsFormat.JSON)
        if answer.media_type == TRIPLES:
            return _as_triples(answer.body)
        raise StoreError(
            f"The store at {self.url} answered a query with {answer.media_type or 'no type'}, "
            "not SPARQL JSON results or N-Triples.",
            "Point --store at a SPARQL 1.1 Protocol server (such as `oxigraph serve`).",
            code="RG345",
        )

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        """Every quad (or one graph's): downloaded to a temporary file when iteration starts,
        then read from it."""
        with tempfile.TemporaryFile() as spool:
            found = self._client.download(spool, graph.value if graph is not None else None)
            if not found:
                return
            spool.seek(0)
            if graph is None:
                yield from ox.parse(spool, format=ox.RdfFormat.N_QUADS)
                return
            for q in ox.parse(spool, format=ox.RdfFormat.N_TRIPLES):
                yield ox.Quad(q.subject, q.predicate, q.object, graph)

    def __len__(self) -> int:
        rows = query_result(self._run(_COUNT, [], None)).rows  # the default graph as it is
        return int(rows[0]["n"] or 0) if rows else 0

    def has_document(self, doc_id: str) -> bool:
        return doc_id in self._present([doc_id])

    def documents_at_path(self, path: str) -> list[str]:
        return sorted(self._at_paths([path]).get(path, set()))

    def graph_names(self) -> set[str]:
        rows = self.select("SELECT ?g WHERE { GRAPH ?g { } }").rows
        return {str(r["g"]) for r in rows if r["g"] is not None}

    def dump(self, output: Path, fmt: ox.RdfFormat, *, union: bool = False) -> None:
        """As :meth:`GraphStore.dump`. The server's N-Quads are spooled to a temporary file
        beside ``output`` and written out from there (with this package's prefixes), so a
        failure leaves no half-written file."""
        with tempfile.NamedTemporaryFile(dir=output.parent, prefix=".reportgraph-") as spool:
            if union:
                self._client.query(_UNION_TRIPLES, [_UNION], accept=TRIPLES, sink=spool)
                source = ox.RdfFormat.N_TRIPLES
            else:
                self._client.download(spool)
                source = ox.RdfFormat.N_QUADS
            spool.flush()
            spool.seek(0)
            partial = output.with_name(f".{output.name}.partial")
            try:
                if fmt == source:
                    with partial.open("wb") as fh:
                        while chunk := spool.read(1 << 20):
                            fh.write(chunk)
                else:
                    with partial.open("wb") as fh:
                        ox.serialize(ox.parse(spool, format=source), fh, fmt, prefixes=PREFIXES)
                partial.replace(output)
            except OSError as exc:
                partial.unlink(missing_ok=True)
                raise StoreError(f"Could not write {output}: {exc}.", code="RG304") from exc

    # ---- writing ----

    def write_batch(self, items: Sequence[Writable]) -> list[WriteOutcome | StoreError]:
        """As :meth:`GraphStore.write_batch`: the new documents of the batch in one request
        (per run of documents between replacements), each replacement in one request. A
        document the server refuses (HTTP 400) fails alone with RG305; an unreachable or
        failing server raises its RG34x error, with every document whole or absent."""
        self._require_writable()
        prepared = [i if isinstance(i, PreparedDocument) else prepare_document(i) for i in items]
        present = self._present([d.doc_id for d in prepared])
        at_path = self._at_paths([d.path for d in prepared])
        out: list[WriteOutcome | StoreError] = []
        failed: dict[str, StoreError] = {}
        group: list[PreparedDocument] = []
        for doc in prepared:
            held = at_path.setdefault(doc.path, set())
            if doc.doc_id in present:
                out.append("unchanged")
                continue
            stale = sorted(held - {doc.doc_id})
            if stale:
                failed |= self._add(group)
                group = []
                out.append(self._replace(doc, stale))
            else:
                group.append(doc)
                out.append("added")
            present.add(doc.doc_id)
            held.difference_update(stale)
            held.add(doc.doc_id)
        failed |= self._add(group)
        pairs = zip(prepared, out, strict=True)
        return [failed.get(d.doc_id, o) if o == "added" else o for d, o in pairs]

    def _add(self, group: Sequence[PreparedDocument]) -> dict[str, StoreError]:
        """New documents in one request; if the server refuses it as malformed, one request
        each, so a bad document fails alone. The ones that failed, by id."""
        if not group:
            return {}
        try:
            self._client.add_quads(b"".join(d.nquads for d in group))
            self._confirm(group)
            return {}
        except StoreError as exc:
            if exc.code != "RG349":
                raise
            if len(group) == 1:
                return {group[0].doc_id: _refused(group[0], exc)}
        failed: dict[str, StoreError] = {}
        for doc in group:
            failed |= self._add([doc])
        return failed

    def _confirm(self, group: Sequence[PreparedDocument]) -> None:
        """RG345 unless every document of ``group`` is now in the store: a server whose Graph
        Store endpoint does not take N-Quads for the whole dataset may answer success and
        store nothing (Virtuoso 7.2 does), and a build must not report documents it lost."""
        missing = sorted({d.doc_id for d in group} - self._present([d.doc_id for d in group]))
        if missing:
            raise StoreError(
                f"The store at {self.url} answered success to a write of {len(group)} "
                f"document(s) but lacks {len(missing)} of them (first: {missing[0]}): its "
                "Graph Store endpoint does not take N-Quads for the whole dataset.",
                "Use a server whose /store takes an N-Quads POST without ?graph= (`oxigraph "
                "serve`); docs/deployment.md lists what other servers do.",
                code="RG345",
            )

    def _replace(self, doc: PreparedDocument, stale: Sequence[str]) -> WriteOutcome | StoreError:
        quads = list(ox.parse(doc.nquads, format=ox.RdfFormat.N_QUADS))
        drops = [g for d in stale for g in (*self._claim_graphs(d), document_graph(d))]
        try:
            writes.replace(self._client, drops, quads)
        except StoreError as exc:
            if exc.code != "RG349":
                raise
            return _refused(doc, exc)
        return "replaced"

    def replace_graph(self, graph: ox.NamedNode, quads: Sequence[ox.Quad]) -> None:
        """Replace one named graph with ``quads`` atomically (see ``writes.py``)."""
        self._require_writable()
        writes.replace(self._client, [graph], quads)

    def apply(self, delta: Delta) -> None:
        """One change to derived graphs, atomically, however large (``writes.apply_delta``)."""
        self._require_writable()
        writes.apply_delta(self._client, delta)

    def update(self, sparql: str) -> None:
        """One SPARQL Update request (the library's own text; one transaction on the server)."""
        self._require_writable()
        self._client.update(sparql)

    def remove_document(self, doc_id: str) -> int:
        """Delete a document's graph and its claim graphs in one request; quads removed."""
        self._require_writable()
        if not self.has_document(doc_id):
            return 0
        graphs = [*self._claim_graphs(doc_id), document_graph(doc_id)]
        count = 0
        for i in range(0, len(graphs), CHUNK):
            values = " ".join(str(g) for g in graphs[i : i + CHUNK])
            rows = self.select(
                "SELECT (COUNT(*) AS ?n) WHERE { VALUES ?g { "
                + values
                + " } GRAPH ?g { ?s ?p ?o } }"
            ).rows
            count += int(rows[0]["n"] or 0) if rows else 0
        writes.replace(self._client, graphs, [])
        return count

    def _claim_graphs(self, doc_id: str) -> list[ox.NamedNode]:
        rows = self.select(
            "SELECT ?c WHERE { GRAPH ?g { ?c a rg:Claim } }", {"g": document_graph(doc_id)}
        ).rows
        return [ox.NamedNode(str(r["c"])) for r in rows]

    # ---- lookups by many ids at once ----

    def _present(self, doc_ids: Sequence[str]) -> set[str]:
        """Which of ``doc_ids`` the store holds."""
        found: set[str] = set()
        unique = sorted(set(doc_ids))
        for i in range(0, len(unique), CHUNK):
            graphs = " ".join(str(document_graph(d)) for d in unique[i : i + CHUNK])
            rows = self.select(
                f"SELECT ?g WHERE {{ VALUES ?g {{ {graphs} }} GRAPH ?g {{ ?d a rg:Document }} }}"
            ).rows
            found |= {str(r["g"]).rsplit("/", 1)[-1] for r in rows}
        return found

    def _at_paths(self, paths: Sequence[str]) -> dict[str, set[str]]:
        """The ids of the documents read from each of ``paths``."""
        out: dict[str, set[str]] = {}
        unique = sorted(set(paths))
        for i in range(0, len(unique), CHUNK):
            values = " ".join(str(ox.Literal(p)) for p in unique[i : i + CHUNK])
            rows = self.select(
                f"SELECT ?d ?p WHERE {{ VALUES ?p {{ {values} }} GRAPH ?g {{ ?d rg:path ?p }} }}"
            ).rows
            for r in rows:
                out.setdefault(str(r["p"]), set()).add(str(r["d"]).rsplit("/", 1)[-1])
        return out


def _accept(sparql: str) -> str:
    """The answer types to ask for, by the query's form: only SPARQL JSON results for SELECT
    and ASK, only N-Triples for CONSTRUCT and DESCRIBE (a server may answer a CONSTRUCT with a
    table of ?s ?p ?o when JSON comes first: Virtuoso does), both when the form is unclear."""
    bare = _NOT_KEYWORDS.sub(" ", sparql)
    form = _FORM.search(bare)
    if form is None:
        return f"{SOLUTIONS}, {TRIPLES};q=0.9"
    return TRIPLES if form.group(1).upper() in ("CONSTRUCT", "DESCRIBE") else SOLUTIONS


_NOT_KEYWORDS = re.compile(r"#[^\n]*|<[^<>\s]*>|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'")
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def _as_triples(body: bytes) -> ox.QueryTriples:
    """N-Triples as Oxigraph's own graph answer (a query over them in memory), so callers that
    serialize or iterate an answer take it as they take the embedded store's."""
    scratch = ox.Store()
    scratch.load(body, format=ox.RdfFormat.N_TRIPLES)
    result = scratch.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert isinstance(result, ox.QueryTriples)
    return result


def _refused(doc: PreparedDocument, exc: StoreError) -> StoreError:
    return StoreError(
        f"Could not write document {doc.doc_id} ({doc.path}): the store refused it: {exc.cause}",
        code="RG305",
    )
