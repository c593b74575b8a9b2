"""The Python API: build a graph from articles, then read it back as pydantic rows.

The CLI is a thin layer over this module; everything here returns data and raises
``reportgraph.errors`` exceptions, never prints.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import networkx as nx
import pyoxigraph as ox

if TYPE_CHECKING:
    from spacy.language import Language

    from reportgraph.resolve import Overrides, Resolution

from reportgraph.errors import NotFoundError, QueryError, ReportgraphError
from reportgraph.figures import figure_matches_kind, ledger
from reportgraph.ingest import iter_read
from reportgraph.limits import DEFAULT_MAX_CHARS
from reportgraph.models import Document, Failure
from reportgraph.rdf.entity_index import RESOLUTION_GRAPH, EntityFinder, EntityIndex
from reportgraph.rdf.mapping import (
    FAILURES_GRAPH,
    PreparedDocument,
    claim_iri,
    document_iri,
    entity_iri,
    failure_quads,
    prepare_document,
    source_iri,
)
from reportgraph.rdf.row_reads import claim_rows, entity_rows
from reportgraph.rdf.sparql_values import as_int, one_column, select_for
from reportgraph.rdf.store import GraphStore, QueryResult, Term, WriteOutcome
from reportgraph.rdf.writer import BackgroundWriter
from reportgraph.resources import project_dir
from reportgraph.rows import (
    BuildReport,
    ClaimRow,
    DocumentRow,
    EntityRow,
    FigureGroup,
    MentionRow,
    Provenance,
    ProvenanceItem,
    Stats,
)

DEFAULT_STORE = Path("graph") / "store"
_FIGURE_UNITS = """
SELECT ?c ?predicate ?unit WHERE {
  GRAPH ?g { ?c rg:claimKind "figure" ; rg:predicate ?predicate ; rg:quantity ?q }
  GRAPH ?c { ?q rg:unit ?unit }
}
"""
_PUBLISHED = """
SELECT ?document ?published
WHERE { GRAPH ?g { #VALUES# ?document schema:datePublished ?published } }
"""
_CLAIMS = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH ?g { ?c a rg:Claim } }"
_ENTITY_ID = re.compile(r"[a-z]+/[a-z0-9-]+")
ExportFormat = Literal["trig", "nquads", "turtle", "jsonld", "graphml"]
EXPORT_FORMATS: dict[str, str] = {
    "trig": ".trig",
    "nquads": ".nq",
    "turtle": ".ttl",
    "jsonld": ".jsonld",
    "graphml": ".graphml",
}


@dataclass
class BuildProgress:
    """Passed to the progress callback after each document."""

    done: int
    total: int | None  # None while input files remain to be read
    path: str
    outcome: str


ProgressCallback = Callable[[BuildProgress], None]


@dataclass
class SavedQuery:
    name: str
    path: Path
    text: str
    description: str
    params: dict[str, str] = field(default_factory=dict)  # name -> kind (entity|source|claim|text)


def saved_queries() -> dict[str, SavedQuery]:
    """The queries in ``queries/``: name -> query. Header lines ``# param NAME: KIND`` declare
    parameters (bound as variables ?NAME); the first comment line is the description."""
    out: dict[str, SavedQuery] = {}
    for path in sorted(project_dir("queries").glob("*.rq")):
        out[path.stem] = parse_saved_query(path)
    return out


def parse_saved_query(path: Path) -> SavedQuery:
    text = path.read_text(encoding="utf-8")
    description, params = "", {}
    for line in text.splitlines():
        if not line.startswith("#"):
            continue
        body = line.lstrip("#").strip()
        if body.startswith("param "):
            name, _, kind = body[6:].partition(":")
            params[name.strip()] = kind.strip() or "text"
        elif body and not description:
            description = body
    return SavedQuery(path.stem, path, text, description, params)


class ReportGraph:
    """A reportgraph store: build it from articles, read entities, claims and provenance."""

    def __init__(self, store: Path | str | None = DEFAULT_STORE, *, read_only: bool = False):
        self.store = GraphStore(store, read_only=read_only)
        self._index: EntityIndex | None = None

    @classmethod
    def open(
        cls, store: Path | str | None = DEFAULT_STORE, *, read_only: bool = True
    ) -> ReportGraph:
        """Open for reading: the newest published snapshot, never the live database."""
        return cls(store, read_only=read_only)

    def close(self) -> None:
        """Publish pending writes and release the store's locks."""
        self.store.close()

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
    ) -> BuildReport:
        """Read, extract and store articles; one failing document never aborts the batch.
        Entities are then resolved across documents (with the user's ``overrides`` file).

        Each failure (unreadable file, bad JSONL line, document over ``max_chars`` characters,
        extraction error) is returned in the report and recorded in the store's build-failures
        graph, which each build replaces (see :meth:`failures`)."""
        from reportgraph.resolve import load_overrides

        rules = load_overrides(overrides) if overrides is not None else None  # fail fast
        read_failures: list[Failure] = []
        failures: list[Failure] = []
        counts: dict[WriteOutcome, int] = {"added": 0, "unchanged": 0, "replaced": 0}
        seen = 0
        done = 0
        reading = True

        def report(path: str, outcome: str) -> None:
            nonlocal done
            done += 1
            if progress is not None:
                progress(BuildProgress(done, None if reading else seen, path, outcome))

        def record(doc: Document, outcome: WriteOutcome | ReportgraphError | Failure) -> None:
            if isinstance(outcome, Failure):
                failures.append(outcome)
            elif isinstance(outcome, ReportgraphError):
                failure = Failure(
                    path=doc.path, code=outcome.code, message=outcome.cause, fix=outcome.fix
                )
                failures.append(failure)
            else:
                counts[outcome] += 1
            report(doc.path, outcome if isinstance(outcome, str) else "failed")

        def todo() -> Iterator[Document]:
            """Documents not yet in the store, read one file at a time (memory stays flat)."""
            nonlocal seen, reading
            for item in iter_read(paths, max_chars=max_chars):
                if isinstance(item, Failure):
                    read_failures.append(item)
                    continue
                seen += 1
                if self.store.has_document(item.id):
                    counts["unchanged"] += 1
                    report(item.path, "unchanged")
                else:
                    yield item
            reading = False

        pending = todo()
        first = next(pending, None)
        if first is not None:
            from reportgraph.nlp.events.finder import event_types
            from reportgraph.nlp.pipeline import DEFAULT_MODEL, load_pipeline

            nlp = load_pipeline(model or DEFAULT_MODEL)
            nlp.max_length = max(nlp.max_length, max_chars)  # ingest already refused longer ones
            event_types()  # a broken user event lexicon fails here, once, not per document
            documents = itertools.chain([first], pending)
            results = self._extract_all(nlp, documents, batch_size, n_process)
            with BackgroundWriter[Document, Failure](self.store) as writer:
                for doc, result in results:
                    if isinstance(result, Failure):
                        written_so_far = writer.passthrough(doc, result)
                    else:
                        written_so_far = writer.submit(doc, result)
                    for written in written_so_far:
                        record(*written)
                for written in writer.drain():
                    record(*written)
        failures = read_failures + failures
        self.store.replace_graph(FAILURES_GRAPH, failure_quads(failures))
        resolution = self.resolve(rules)
        claims = self.store.select(_CLAIMS).rows  # the report needs three of the stats only
        return BuildReport(
            read=seen,
            added=counts["added"],
            unchanged=counts["unchanged"],
            replaced=counts["replaced"],
            failures=failures,
            entities=len(set(resolution.canonical.values())),
            claims=as_int(claims[0]["n"]) if claims else 0,
            quads=len(self.store),
        )

    @staticmethod
    def _extract_all(
        nlp: Language, docs: Iterable[Document], batch_size: int, n_process: int
    ) -> Iterator[tuple[Document, PreparedDocument | Failure]]:
        """Each document with its quads or failure, in input order (``nlp/batch.py``)."""
        from reportgraph.nlp.batch import extract_all

        yield from extract_all(nlp, docs, batch_size, n_process, finish=prepare_document)

    def failures(self) -> list[Failure]:
        """The failures recorded by the last build (saved query ``failures``), sorted by path
        and line."""
        return [
            Failure(
                path=str(r["path"]),
                line=None if r["line"] is None else as_int(r["line"]),
                code=str(r["code"]),
                message=str(r["message"]),
                fix="" if r["fix"] is None else str(r["fix"]),
            )
            for r in self.query("failures").rows
        ]

    def resolve(self, overrides: Path | Overrides | None = None) -> Resolution:
        """Resolve entity records across documents and replace the resolution graph."""
        from reportgraph.rdf.resolution import (
            entity_records,
            first_mentions,
            resolution_quads,
            unevidenced,
        )
        from reportgraph.resolve import load_overrides, resolve

        rules = load_overrides(overrides) if isinstance(overrides, Path) else overrides
        records = entity_records(self.store)
        resolution = resolve(records, rules)
        first = first_mentions(self.store, unevidenced(resolution))
        self.store.replace_graph(RESOLUTION_GRAPH, resolution_quads(records, resolution, first))
        self.store.flush()
        self._index = None
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
        rows = entity_rows(self.store, self.index, include_comments=include_comments)
        if type:
            rows = [r for r in rows if r.type == type.upper()]
        if search:
            needle = search.casefold()
            rows = [
                r
                for r in rows
                if needle in r.label.casefold() or any(needle in a.casefold() for a in r.aliases)
            ]
        return rows

    def resolve_entity(self, name: str) -> str:
        """An entity IRI from its id, IRI, label or alias (case-insensitive); ambiguity is an
        error."""
        iri = name if name.startswith("https://") else None
        if iri is None and _ENTITY_ID.fullmatch(name):
            iri = entity_iri(name).value
        if iri is not None:  # an id or IRI: no need to load every entity to find it
            known = self._index_for([iri])
            if iri in known.labels:
                return known.canon(iri)
        needle = name.casefold().strip()
        finder = EntityFinder(self.store, self._index)  # the whole index only if loaded
        exact, known = finder.named(lambda lab: lab.casefold() == needle)
        if len(exact) == 1:
            return exact[0]
        candidates = exact
        if not exact:
            candidates, known = finder.named(lambda lab: needle in lab.casefold())
        self._index = self._index or finder.index  # loaded for a very common name: keep it
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise NotFoundError(
                f"No entity named {name!r}.",
                "List entities with `reportgraph entities`.",
                code="RG501",
            )
        shown = ", ".join(f"{known.ref(c).id} ({known.labels[c]})" for c in candidates[:8])
        raise NotFoundError(
            f"{name!r} matches {len(candidates)} entities: {shown}.",
            "Pass the entity id instead of the label.",
            code="RG502",
        )

    def claims(
        self,
        *,
        kind: str | None = None,
        source: str | None = None,
        entity: str | None = None,
        include_comments: bool = False,
    ) -> list[ClaimRow]:
        return self._claims(kind, source, entity, include_comments)

    def _claims(
        self,
        kind: str | None,
        source: str | None,
        entity: str | None,
        include_comments: bool,
        only: Sequence[str] | None = None,
    ) -> list[ClaimRow]:
        """``claims``, or with ``only`` (claim IRIs) those of them that pass the filters."""
        bindings: dict[str, Term] = {}
        if kind:
            bindings["kind"] = ox.Literal(kind)
        rows: list[ClaimRow]
        if entity:
            target = self.resolve_entity(entity)
            members = self._index_for([target]).members.get(target, [target])
            named = [ox.NamedNode(m) for m in members]
            rows = claim_rows(self.store, bindings, self._index, entity=named, claims=only)
        elif only is not None:
            rows = claim_rows(self.store, bindings, self._index, claims=only)
        else:
            rows = claim_rows(self.store, bindings, self.index)
        if source:
            needle = source.casefold()
            rows = [
                r
                for r in rows
                if needle in (r.source.id.casefold(), r.source.label.casefold())
                or any(needle in (v.id.casefold(), v.label.casefold()) for v in r.via)
            ]
        if not include_comments:
            rows = [r for r in rows if r.segment != "reader_comment"]
        return rows

    def relations(self, entity: str) -> list[ClaimRow]:
        """Every claim in which the entity is subject, object or place."""
        return self.claims(entity=entity, include_comments=False)

    def claim(self, claim_id: str) -> ClaimRow:
        iri = claim_id if claim_id.startswith("https://") else claim_iri(claim_id).value
        rows = claim_rows(self.store, {"c": ox.NamedNode(iri)}, self._index)
        if not rows:
            raise NotFoundError(
                f"No claim {claim_id!r}.", "List claims with `reportgraph claims`.", code="RG504"
            )
        return rows[0]

    def provenance(self, id_or_label: str) -> Provenance:
        """Each supporting sentence of a claim or an entity, with document, offsets and source."""
        looks_like_claim = id_or_label.startswith("c") and len(id_or_label) == 21
        if looks_like_claim or "/claim/" in id_or_label:
            try:
                return self._claim_provenance(self.claim(id_or_label))
            except NotFoundError:
                if "/claim/" in id_or_label:
                    raise
        iri = self.resolve_entity(id_or_label)
        row = next(
            r
            for r in entity_rows(self.store, self._index, include_comments=True, entities=[iri])
            if entity_iri(r.id).value == iri
        )
        return self._entity_provenance(row)

    def _mention_context(self, doc_id: str, start: int, end: int) -> dict[str, object]:
        res = self.store.select(
            """SELECT ?sent ?sb ?path ?d ?b ?e WHERE { GRAPH ?g {
                 ?m rg:inDocument ?d ; nif:beginIndex ?b ; nif:endIndex ?e ; rg:sentence ?sent ;
                    rg:sentenceBegin ?sb . ?d rg:path ?path } } LIMIT 1""",
            {
                "d": document_iri(doc_id),
                "b": ox.Literal(
                    str(start), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
                ),
                "e": ox.Literal(
                    str(end), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
                ),
            },
        )
        return dict(res.rows[0]) if res.rows else {}

    def _entity_provenance(self, row: EntityRow) -> Provenance:
        items: list[ProvenanceItem] = []
        for m in row.mentions:
            ctx = self._mention_context(m.document, m.start, m.end)
            items.append(self._item(m, ctx))
        return Provenance(kind="entity", id=row.id, label=row.label, items=items)

    @staticmethod
    def _item(
        m: MentionRow, ctx: dict[str, object], claim: ClaimRow | None = None
    ) -> ProvenanceItem:
        return ProvenanceItem(
            document=m.document,
            path=str(ctx.get("path", claim.document.path if claim else "")),
            start=m.start,
            end=m.end,
            text=m.text,
            sentence=str(ctx.get("sent", claim.evidence.sentence if claim else "")),
            sentence_start=int(ctx.get("sb", claim.evidence.start if claim else 0)),  # type: ignore[call-overload]
            source=claim.source if claim else None,
            via=claim.via if claim else [],
            cue=claim.cue if claim else None,
            certainty=claim.certainty if claim else None,
            claim=claim.id if claim else None,
            segment=claim.segment if claim else None,
        )

    def _claim_provenance(self, claim: ClaimRow) -> Provenance:
        res = self.store.select(
            """SELECT ?c ?b ?e ?text WHERE { GRAPH ?g { ?c rg:evidence ?m .
                 ?m nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?text } } ORDER BY ?b""",
            {"c": claim_iri(claim.id)},
        )
        items = [
            self._item(
                MentionRow(
                    document=claim.document.id,
                    start=as_int(r["b"]),
                    end=as_int(r["e"]),
                    text=str(r["text"]),
                ),
                {
                    "path": claim.document.path,
                    "sent": claim.evidence.sentence,
                    "sb": claim.evidence.start,
                },
                claim,
            )
            for r in res.rows
        ]
        label = " ".join(
            x
            for x in (
                claim.subject.label if claim.subject else "",
                claim.predicate,
                claim.object.label if claim.object else "",
            )
            if x
        )
        return Provenance(kind="claim", id=claim.id, label=label, items=items)

    def query(self, name_or_text: str, params: dict[str, str] | None = None) -> QueryResult:
        """Run a saved query by name, a .rq file, or SPARQL text; read-only."""
        saved = saved_queries()
        params = dict(params or {})
        if name_or_text in saved:
            q = saved[name_or_text]
        elif name_or_text.endswith(".rq") and Path(name_or_text).is_file():
            q = parse_saved_query(Path(name_or_text))
        else:
            q = SavedQuery("inline", Path("-"), name_or_text, "")
        missing = [p for p in q.params if p not in params]
        if missing:
            raise QueryError(
                f"Query {q.name!r} needs parameter(s): {', '.join(missing)}.",
                "Pass them as --param NAME=VALUE.",
                code="RG403",
            )
        bindings = {
            name: self._bind(q.params.get(name, "text"), value) for name, value in params.items()
        }
        return self.store.select(q.text, bindings)

    def _bind(self, kind: str, value: str) -> Term:
        if kind == "entity":
            return ox.NamedNode(self.resolve_entity(value))
        if kind == "claim":
            return claim_iri(value) if not value.startswith("https://") else ox.NamedNode(value)
        if kind == "source":
            return source_iri(value) if not value.startswith("https://") else ox.NamedNode(value)
        if kind == "iri":
            return ox.NamedNode(value)
        return ox.Literal(value)

    def documents(self) -> list[DocumentRow]:
        return [
            DocumentRow(
                id=str(r["document"]).rsplit("/", 1)[-1],
                path=str(r["path"]),
                title=None if r["title"] is None else str(r["title"]),
                publisher=None if r["publisher"] is None else str(r["publisher"]),
                published=None if r["published"] is None else str(r["published"]),
                claims=as_int(r["claims"]),
                decode_note=None if r["decode_note"] is None else str(r["decode_note"]),
            )
            for r in self.query("documents").rows
        ]

    def figures(
        self, *, kind: str | None = None, place: str | None = None, include_comments: bool = False
    ) -> list[FigureGroup]:
        """The figure ledger: every reported value per kind, each with its own source.

        With ``place``, only the claims that name the place are read (the ledger keeps those
        with the place among their places); with ``kind`` alone, the figure claims whose
        predicate and unit match are picked first. Either way a big store is not read whole."""
        target = self.resolve_entity(place) if place else None
        place_id = self._index_for([target]).ref(target).id if target else None
        only = self._figures_of_kind(kind) if kind and not target else None
        claims = self._claims("figure", None, target, include_comments, only)
        published = self._published({c.document.id for c in claims})
        return ledger(claims, published, kind=kind, place=place_id)

    def _figures_of_kind(self, kind: str) -> list[str]:
        """The figure claims the ledger's ``kind`` filter keeps, found from their predicate and
        unit alone (one light query), so that only their rows are read."""
        return [
            str(r["c"])
            for r in self.store.select(_FIGURE_UNITS).rows
            if figure_matches_kind(kind, str(r["predicate"]), str(r["unit"]))
        ]

    def _published(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """Publication dates of those documents (the ones that have one)."""
        rows = select_for(
            self.store, _PUBLISHED, ["document"], one_column(document_iri(d).value for d in doc_ids)
        )
        return {str(r["document"]).rsplit("/", 1)[-1]: str(r["published"]) for r in rows}

    def stats(self) -> Stats:
        def count(q: str) -> dict[str, int]:
            return {str(r["k"]): as_int(r["n"]) for r in self.store.select(q).rows}

        docs = count(
            "SELECT ('d' AS ?k) (COUNT(DISTINCT ?d) AS ?n) WHERE { GRAPH ?g { ?d a rg:Document } }"
        )
        types: dict[str, set[str]] = {}
        for r in self.store.select(
            "SELECT DISTINCT ?e ?c WHERE { GRAPH ?g { ?e a rg:Entity, ?c . "
            "FILTER(?c != rg:Entity) } }"
        ).rows:
            kind = str(r["c"]).rsplit("#", 1)[-1].upper()
            types.setdefault(kind, set()).add(self.index.canon(str(r["e"])))
        by_type = {k: len(v) for k, v in types.items()}
        by_kind = count(
            "SELECT ?k (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH ?g { ?c a rg:Claim ; "
            "rg:claimKind ?k } } GROUP BY ?k"
        )
        misc = count(
            "SELECT ('s' AS ?k) (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a rg:Source } }"
        )
        mentions = count(
            "SELECT ('m' AS ?k) (COUNT(DISTINCT ?m) AS ?n) WHERE { GRAPH ?g { ?m a rg:Mention } }"
        )
        failed = count(
            "SELECT ('f' AS ?k) (COUNT(DISTINCT ?f) AS ?n) "
            "WHERE { GRAPH ?g { ?f a rg:BuildFailure } }"
        )
        return Stats(
            documents=docs.get("d", 0),
            entities=len(set().union(*types.values())) if types else 0,
            entities_by_type={k.upper(): v for k, v in sorted(by_type.items())},
            claims=sum(by_kind.values()),
            claims_by_kind=dict(sorted(by_kind.items())),
            sources=misc.get("s", 0),
            mentions=mentions.get("m", 0),
            quads=len(self.store),
            failures=failed.get("f", 0),
        )

    # ---------------- views and export ----------------

    def network(self, *, include_comments: bool = False) -> nx.MultiDiGraph:
        from reportgraph.views.network import to_networkx

        return to_networkx(
            self.entities(include_comments=include_comments),
            self.claims(include_comments=include_comments),
        )

    def viz(
        self,
        path: Path,
        *,
        entity: str | None = None,
        hops: int = 1,
        source: str | None = None,
        place: str | None = None,
        max_nodes: int = 300,
        include_comments: bool = False,
    ) -> Path:
        from reportgraph.views.html import write_network_page
        from reportgraph.views.network import neighbourhood

        graph = self.network(include_comments=include_comments)
        entity_id = self.index.ref(self.resolve_entity(entity)).id if entity else None
        place_id = self.index.ref(self.resolve_entity(place)).id if place else None
        sub = neighbourhood(
            graph, entity=entity_id, hops=hops, source=source, place=place_id, max_nodes=max_nodes
        )
        title = "reportgraph network" + (f" around {entity}" if entity else "")
        return write_network_page(sub, path, title=title)

    def export(self, path: Path, fmt: ExportFormat) -> Path:
        """Write the whole graph: TriG/N-Quads/JSON-LD keep named graphs; Turtle is the union of
        all graphs; GraphML is the entity network (claims as edges)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "trig":
            self.store.dump(path, ox.RdfFormat.TRIG)
        elif fmt == "nquads":
            self.store.dump(path, ox.RdfFormat.N_QUADS)
        elif fmt == "turtle":
            self.store.dump(path, ox.RdfFormat.TURTLE, union=True)
        elif fmt == "jsonld":
            from reportgraph.rdf.jsonld import write_jsonld

            write_jsonld(self.store.quads(), path)
        elif fmt == "graphml":
            from reportgraph.views.network import write_graphml

            write_graphml(self.network(), path)
        else:
            raise QueryError(
                f"Unknown export format {fmt!r}.",
                f"Choose one of {', '.join(EXPORT_FORMATS)}.",
                code="RG601",
            )
        return path
