"""The Python API: build a graph from articles, then read it back as pydantic rows.

``ReportGraph`` is a facade over ``builder`` (the build), ``rdf`` (the store and its reads),
``saved_queries`` and ``export``; it returns ``rows`` and raises ``errors``, never prints. The
CLI is a thin layer over it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import pyoxigraph as ox

from reportgraph import builder
from reportgraph.builder import BuildProgress, ProgressCallback
from reportgraph.builder.resolving import ResolutionRun
from reportgraph.claims_index import ClaimsIndex, Sync, index_path, reconcile
from reportgraph.claims_index.counts import index_stats
from reportgraph.claims_index.ledger import ledger_from_index
from reportgraph.claims_index.lookup import resolve_name
from reportgraph.claims_index.saved import INDEXED
from reportgraph.errors import NotFoundError
from reportgraph.export import ExportFormat, export_graph
from reportgraph.figures import figure_matches_kind
from reportgraph.models import Failure
from reportgraph.rdf import claim_reads, provenance_spans, row_reads, store_summary
from reportgraph.rdf.entity_index import EntityIndex
from reportgraph.rdf.query_guard import check_query
from reportgraph.rdf.query_process import DEFAULT_TIMEOUT as DEFAULT_QUERY_TIMEOUT
from reportgraph.rdf.query_process import run_bounded
from reportgraph.rdf.remote import RemoteStore, open_store
from reportgraph.rdf.remote.location import index_file
from reportgraph.rdf.resolution import EntityChange
from reportgraph.rdf.store import QueryResult, Term
from reportgraph.rows import (
    BuildReport,
    ClaimRow,
    DocumentRow,
    EntityRow,
    FigureGroup,
    Provenance,
    Stats,
    filter_claims,
    filter_entities,
)
from reportgraph.saved_queries import bind_parameters, find_query, saved_queries
from reportgraph.size_limits import DEFAULT_MAX_CHARS

if TYPE_CHECKING:
    from reportgraph.resolve import Overrides, Resolution

DEFAULT_STORE = str(Path("graph") / "store")  # a directory; or http(s)://host:port for a server
__all__ = [
    "DEFAULT_QUERY_TIMEOUT",
    "DEFAULT_STORE",
    "BuildProgress",
    "ProgressCallback",
    "ReportGraph",
]


class ReportGraph:
    """A reportgraph store: build it from articles, read entities, claims and provenance.

    ``store`` is a directory (the embedded store), None (in memory), or the URL of a SPARQL
    server, ``http(s)://host:port[/path]`` (a ``str``; credentials from the environment:
    ``reportgraph.rdf.remote.credentials``)."""

    def __init__(self, store: Path | str | None = DEFAULT_STORE, *, read_only: bool = False):
        self.store = open_store(store, read_only=read_only)
        self._index: EntityIndex | None = None
        self._claims_index: ClaimsIndex | None = None
        self._synced = False
        self._change: EntityChange | None = None  # what the last resolution changed

    @classmethod
    def open(
        cls, store: Path | str | None = DEFAULT_STORE, *, read_only: bool = True
    ) -> ReportGraph:
        """Open for reading: the newest published snapshot, never the live database (a remote
        store: the server, each query seeing one consistent state)."""
        return cls(store, read_only=read_only)

    def close(self) -> None:
        """Publish pending writes and release the store's locks."""
        if self._claims_index is not None:
            self._claims_index.close()
        self.store.close()

    # ---------------- the claims index ----------------

    @property
    def claims_index(self) -> ClaimsIndex:
        """The claims index beside the store (``<store>.index.db``; for a remote store, in this
        machine's cache: ``$XDG_CACHE_HOME/reportgraph/remote/<digest of the URL>.index.db``; in
        memory for an in-memory store), reconciled with the store the first time it is used
        after opening or a build."""
        index = self._unsynced_index()
        if not self._synced:
            change, self._change = self._change, None
            reconcile(self.store, index, change=change)
            self._synced = True
        return index

    def _resolved(self, run: ResolutionRun) -> None:
        """Remember what a resolution changed, for the next reconciliation of the index."""
        self._change = run.change

    def _unsynced_index(self) -> ClaimsIndex:
        """The claims index, opened (once) but not reconciled."""
        if self._claims_index is None:
            self._claims_index = ClaimsIndex(self._index_file())
        return self._claims_index

    def claims_index_path(self) -> Path | None:
        """Where the claims index is kept: beside the store, or for a remote store in this
        machine's cache (None: in memory)."""
        return self._index_file()

    def _index_file(self) -> Path | None:
        """Where the claims index is kept (None: in memory)."""
        if isinstance(self.store, RemoteStore):
            return index_file(self.store.url)
        return index_path(self.store.path) if self.store.path is not None else None

    def check_index(self) -> list[str]:
        """Differences between the claims index and the store (empty: they agree)."""
        return reconcile(self.store, self._unsynced_index(), fix=False).differences

    def reindex(self) -> Sync:
        """Rebuild the claims index from the store."""
        if self._claims_index is not None:
            self._claims_index.close()
        path = self._index_file()
        if path is not None:
            for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                stale.unlink(missing_ok=True)
        self._claims_index = ClaimsIndex(path)
        self._synced = True
        return reconcile(self.store, self._claims_index)

    def __enter__(self) -> ReportGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check(self) -> list[str]:
        """Consistency problems of the store (empty: every document is whole)."""
        return self.store.check()

    # ---------------- building ----------------

    def build(
        self,
        paths: Sequence[str | Path],
        *,
        model: str | None = None,
        batch_size: int = 8,
        n_process: int = 1,
        progress: ProgressCallback | None = None,
        overrides: Path | None = None,
        max_chars: int = DEFAULT_MAX_CHARS,
        events: Path | None = None,
        cluster: str | None = None,
    ) -> BuildReport:
        """Read, extract and store articles; one failing document never aborts the batch.
        Entities are then resolved across documents (with the user's ``overrides`` file).
        ``events`` is a JSON file of extra event types (RG210 when it does not fit).

        Each failure (unreadable file, bad JSONL line, document over ``max_chars`` characters,
        extraction error) is returned in the report and recorded in the store's build-failures
        graph, which each build replaces (see :meth:`failures`).

        The build writes the claims index's rows after each write group; the reconciliation
        at its end only checks that the index holds what the store holds (adding what a write
        of the index missed) and takes in the new resolution.

        ``cluster`` (``local:N`` or ``tcp://scheduler:8786``) extracts on a Dask cluster
        (``builder/cluster.py``); this process still reads the files and writes the store."""
        index = None if self.store.read_only else self._unsynced_index()
        try:
            report = builder.build(
                self.store,
                paths,
                model=model,
                batch_size=batch_size,
                n_process=n_process,
                progress=progress,
                overrides=overrides,
                max_chars=max_chars,
                events=events,
                index=index,
                cluster=cluster,
                resolved=self._resolved,
            )
        finally:
            self._index = None  # the resolution changed
            self._synced = False  # and the claims index must follow the store
        _ = self.claims_index  # reconciled now, while the build's documents are at hand
        return report

    def failures(self) -> list[Failure]:
        """The failures recorded by the last build (saved query ``failures``), sorted by path
        and line."""
        return store_summary.failure_rows(self._saved("failures"))

    def resolve(self, overrides: Path | Overrides | None = None) -> Resolution:
        """Resolve entity records across documents and update the resolution graph; the
        clusters recomputed (the whole store's when it resolved from scratch, else those of the
        components the documents added or removed since the last run touched)."""
        run = builder.resolve_store(self.store, overrides)
        resolution = run.resolution
        self._index = None
        self._synced = False
        self._resolved(run)
        _ = self.claims_index  # the index follows the new resolution now
        return resolution

    def remove(self, doc_id: str, *, overrides: Path | None = None) -> int:
        """Delete a document and everything only it supported; returns quads removed."""
        removed = self.store.remove_document(doc_id)
        if not removed:
            raise NotFoundError(
                f"No document {doc_id!r} in the store.",
                "List documents with `reportgraph stats` or `reportgraph query`.",
                code="RG503",
            )
        self.resolve(overrides)
        return removed

    # ---------------- reading ----------------

    @property
    def index(self) -> EntityIndex:
        if self._index is None:
            self._index = EntityIndex.load(self.store)
        return self._index

    def _index_for(self, iris: Sequence[str]) -> EntityIndex:
        """The entity index if it is loaded, else only the part of it about ``iris``."""
        return self._index if self._index is not None else EntityIndex.load(self.store, iris=iris)

    def entities(
        self, *, type: str | None = None, search: str | None = None, include_comments: bool = False
    ) -> list[EntityRow]:
        """Entities (by default without what only reader comments say)."""
        rows = row_reads.entity_rows(self.store, self.index, include_comments=include_comments)
        return filter_entities(rows, type=type, search=search)

    def resolve_entity(self, name: str) -> str:
        """An entity IRI from its id, IRI, label or alias (case-insensitive); ambiguity is an
        error. Looked up in the claims index."""
        return resolve_name(self.claims_index, name)

    def claims(
        self,
        *,
        kind: str | None = None,
        source: str | None = None,
        entity: str | None = None,
        include_comments: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[ClaimRow]:
        """Claims (from the claims index), in document path, sentence and id order; with
        ``limit`` and ``offset``, that page of them (an entity's claims can be thousands)."""
        if limit is None and offset <= 0:
            return self._claims(kind, source, entity, include_comments)
        return self._indexed_claims(
            kind, source, entity, include_comments, limit=limit, offset=offset
        )

    def _claims(
        self,
        kind: str | None,
        source: str | None,
        entity: str | None,
        include_comments: bool,
        only: Sequence[str] | None = None,
    ) -> list[ClaimRow]:
        """``claims``, or with ``only`` (claim IRIs) those of them that pass the filters. Without
        ``only`` they come from the claims index; the rows are the store's either way."""
        if only is None:
            return self._indexed_claims(kind, source, entity, include_comments)
        bindings: dict[str, Term] = {"kind": ox.Literal(kind)} if kind else {}
        named: list[ox.NamedNode] | None = None
        if entity:
            target = self.resolve_entity(entity)
            members = self._index_for([target]).members.get(target, [target])
            named = [ox.NamedNode(m) for m in members]
        rows = claim_reads.claim_rows(self.store, bindings, self._index, entity=named, claims=only)
        return filter_claims(rows, source=source, include_comments=include_comments)

    def _indexed_claims(
        self,
        kind: str | None,
        source: str | None,
        entity: str | None,
        include_comments: bool,
        *,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[ClaimRow]:
        index = self.claims_index
        members: list[str] | None = None
        if entity:
            target = self.resolve_entity(entity)
            members = index.entity_index([target]).members.get(target, [target])
        # a source filter looks into each chain: it is applied to the rows, then the page cut
        raw = index.raw_claims(
            kind=kind,
            entities=members,
            comments=include_comments,
            limit=None if source else limit,
            offset=0 if source else offset,
        )
        entities = index.entity_index({iri for row in raw for iri in claim_reads.entity_iris(row)})
        rows = [claim_reads.with_entities(row, entities) for row in raw]
        rows = filter_claims(rows, source=source, include_comments=include_comments)
        if source and (limit is not None or offset > 0):
            start = max(0, offset)
            rows = rows[start : None if limit is None else start + limit]
        return rows

    def relations(self, entity: str) -> list[ClaimRow]:
        """Every claim in which the entity is subject, object or place."""
        return self.claims(entity=entity, include_comments=False)

    def claim(self, claim_id: str) -> ClaimRow:
        return claim_reads.one_claim(self.store, claim_id, self._index)

    def provenance(self, id_or_label: str) -> Provenance:
        """Each supporting sentence of a claim or an entity, with document, offsets and source."""
        looks_like_claim = id_or_label.startswith("c") and len(id_or_label) == 21
        if looks_like_claim or "/claim/" in id_or_label:
            try:
                return provenance_spans.claim_provenance(self.store, self.claim(id_or_label))
            except NotFoundError:
                if "/claim/" in id_or_label:
                    raise
        return provenance_spans.entity_provenance(
            self.store, self.resolve_entity(id_or_label), self._index
        )

    def query(
        self,
        name_or_text: str,
        params: Mapping[str, str] | None = None,
        *,
        timeout: float | None = DEFAULT_QUERY_TIMEOUT,
    ) -> QueryResult:
        """Run a saved query by name, a .rq file, or SPARQL text; read-only.

        Refused before anything runs: updates (RG401), text that does not parse (RG402),
        SERVICE (RG404), and parameters the query does not declare, lacks, or that are empty
        (RG403, RG407, RG408). It runs in a child process, stopped after ``timeout`` seconds
        (None: no limit) with RG405; Ctrl-C stops it too (KeyboardInterrupt). The saved
        queries of ``claims_index.saved.INDEXED`` are answered by the claims index."""
        if name_or_text in INDEXED and not params:
            return INDEXED[name_or_text](self.claims_index)
        query = find_query(name_or_text)
        check_query(query.text)
        bindings = bind_parameters(query, params or {}, self.resolve_entity)
        return run_bounded(self.store, query.text, bindings, timeout=timeout)

    def _saved(self, name: str) -> QueryResult:
        """A saved query without parameters, run here (the library's own reads)."""
        return self.store.select(saved_queries()[name].text)

    def documents(self) -> list[DocumentRow]:
        """Every document, by path, with its number of claims (from the claims index)."""
        return self.claims_index.documents()

    def figures(
        self, *, kind: str | None = None, place: str | None = None, include_comments: bool = False
    ) -> list[FigureGroup]:
        """The figure ledger: every reported value per kind, each with its own source; with
        ``place`` (a name or id) only the figures set there. Read from the claims index."""
        index = self.claims_index
        target = self.resolve_entity(place) if place else None
        at = None
        if target is not None:
            known = index.entity_index([target])
            at = (known.ref(target).id, known.members.get(target, [target]))
        units = None
        if kind:  # only the claims the ledger's kind filter keeps are read
            units = [u for u in index.figure_units() if figure_matches_kind(kind, *u)]
        return ledger_from_index(
            index, kind=kind, units=units, place=at, include_comments=include_comments
        )

    def stats(self) -> Stats:
        """Counts of what the store holds; documents, entities and claims from the claims
        index."""
        return index_stats(self.claims_index, self.store)

    # ---------------- views and export ----------------

    def network(self, *, include_comments: bool = False) -> nx.MultiDiGraph:
        """The entity network: one edge per (from, to, label) gathering its claims."""
        from reportgraph.views.network import to_networkx

        claims = self.claims(include_comments=include_comments)
        return to_networkx(
            self.entities(include_comments=include_comments),
            claims,
            published=self._published(claims),
        )

    def _published(self, claims: Sequence[ClaimRow]) -> dict[str, str | None]:
        dates = store_summary.published_dates(self.store, {c.document.id for c in claims})
        return dict(dates)

    def viz(
        self,
        path: Path,
        *,
        entity: str | None = None,
        hops: int = 1,
        source: str | None = None,
        place: str | None = None,
        max_nodes: int = 1000,
        top_n: int = 300,
        include_comments: bool = False,
    ) -> Path:
        """Write the investigation page. Reader comments are always in the page, shown at first
        only with ``include_comments``; ``source`` and ``place`` cut the claims, ``entity`` and
        ``hops`` the network, ``max_nodes`` caps what the file holds and ``top_n`` what it
        draws at first."""
        from reportgraph.views.html import write_network_page

        payload = self.network_payload(
            entity=entity,
            hops=hops,
            source=source,
            place=place,
            max_nodes=max_nodes,
            top_n=top_n,
            include_comments=include_comments,
        )
        return write_network_page(payload, path)

    def network_payload(
        self,
        *,
        entity: str | None = None,
        hops: int = 1,
        source: str | None = None,
        place: str | None = None,
        max_nodes: int = 1000,
        top_n: int = 300,
        include_comments: bool = False,
    ) -> dict[str, Any]:
        """The investigation page's data (docs/network-page.md), as :meth:`viz` writes it;
        ``views.html.render_network_page`` makes the page of it."""
        from reportgraph.views.links import named_ids
        from reportgraph.views.network import neighbourhood, select_claims, to_networkx
        from reportgraph.views.page_data import page_payload

        place_id = self.index.ref(self.resolve_entity(place)).id if place else None
        claims = select_claims(self.claims(include_comments=True), source=source, place=place_id)
        documents = self.documents()
        published = {d.id: d.published for d in documents}
        graph = to_networkx(self.entities(include_comments=True), claims, published=published)
        entity_id = self.index.ref(self.resolve_entity(entity)).id if entity else None
        sub = neighbourhood(graph, entity=entity_id, hops=hops, max_nodes=max_nodes)
        if entity_id is not None or sub.number_of_nodes() < graph.number_of_nodes():
            kept = set(sub.nodes)
            claims = [c for c in claims if kept.intersection(named_ids(c))]
        title = "reportgraph network" + (f" around {entity}" if entity else "")
        return page_payload(
            sub,
            claims,
            documents=documents,
            spans=provenance_spans.evidence_spans(self.store),
            title=title,
            top_n=top_n,
            comments=include_comments,
        )

    def claim_rows(self, **filters: Any) -> list[dict[str, Any]]:
        """Claims as flat rows of :data:`reportgraph.claim_table.COLUMNS`, with each document's
        publication date; ``filters`` are those of :meth:`claims` (reader comments included
        unless ``include_comments=False``)."""
        from reportgraph.claim_table import flat_claims

        filters.setdefault("include_comments", True)
        claims = self.claims(**filters)
        return flat_claims(claims, self._published(claims))

    def claims_frame(self, **filters: Any) -> Any:
        """:meth:`claim_rows` as a pandas DataFrame (the ``frame`` extra installs pandas)."""
        from reportgraph.claim_table import claims_frame

        return claims_frame(self.claim_rows(**filters))

    def export(self, path: Path, fmt: ExportFormat) -> Path:
        """Write the whole graph: TriG/N-Quads/JSON-LD keep named graphs; Turtle is the union of
        all graphs; GraphML is the entity network (claims as edges)."""
        return export_graph(self, path, fmt)
