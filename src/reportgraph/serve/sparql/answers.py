"""A query's answer, made where the query runs (in the child process of ``run_bounded_call``):
Oxigraph evaluates it and its own serializers write it in the negotiated format, so only bytes
cross back to the server. For the HTML page, the answer is a table of text instead."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from reportgraph.rdf.store import GraphStore, RawResult
from reportgraph.serve.sparql.negotiation import Choice, Offer
from reportgraph.serve.sparql.protocol import QueryRequest

PAGE_ROWS = 1000  # rows the query page shows; the rest are counted


@dataclass(frozen=True)
class Serialized:
    """The answer in the format the client asked for."""

    media_type: str
    body: bytes


@dataclass(frozen=True)
class Table:
    """The answer as text cells, for the query page: the first ``PAGE_ROWS`` rows of ``total``."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total: int


@dataclass(frozen=True)
class Unacceptable:
    """The query's answer is of a kind (``solutions`` or ``graph``) the client accepts no
    format for."""

    kind: str


Answer = Serialized | Table | Unacceptable


def answer(store: GraphStore, request: QueryRequest, choice: Choice) -> Answer:
    """Run ``request`` on ``store`` and write its answer as ``choice`` says."""
    named = [ox.NamedNode(g) for g in request.named_graphs]
    default = [ox.NamedNode(g) for g in request.default_graphs]
    dataset = bool(default or named)  # the protocol's dataset: no union of all graphs then
    result = store.evaluate(
        request.query,
        default_graph=default if dataset else None,
        named_graphs=named if dataset else None,
    )
    graph = isinstance(result, ox.QueryTriples)
    offer = choice.graph if graph else choice.solutions
    if offer is None:
        return Unacceptable("graph" if graph else "solutions")
    if offer.is_page:
        return _table(result)
    return Serialized(_content_type(offer), _serialize(result, offer))


def _serialize(result: RawResult, offer: Offer) -> bytes:
    if isinstance(result, ox.QueryTriples):
        assert offer.rdf is not None
        out = result.serialize(format=offer.rdf)
    else:
        assert offer.results is not None
        out = result.serialize(format=offer.results)
    assert out is not None  # no output file given: the bytes are returned
    return out


def _content_type(offer: Offer) -> str:
    text = offer.media_type.startswith("text/") or offer.media_type.endswith("json")
    return f"{offer.media_type}; charset=utf-8" if text else offer.media_type


def _table(result: RawResult) -> Table:
    if isinstance(result, ox.QueryBoolean):
        return Table(("result",), (("true" if bool(result) else "false",),), 1)
    rows: list[tuple[str, ...]] = []
    total = 0
    if isinstance(result, ox.QueryTriples):
        columns: tuple[str, ...] = ("subject", "predicate", "object")
        for t in result:
            total += 1
            if total <= PAGE_ROWS:
                rows.append((cell(t.subject), cell(t.predicate), cell(t.object)))
    else:
        columns = tuple(v.value for v in result.variables)
        for solution in result:
            total += 1
            if total <= PAGE_ROWS:
                rows.append(tuple(cell(solution[name]) for name in columns))
    return Table(columns, tuple(rows), total)


def cell(term: object) -> str:
    """A term as the page shows it: an IRI or a literal's text as it is, a language tag or a
    datatype other than string after it, a blank node as ``_:id``; empty when unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.Literal):
        if term.language:
            return f"{term.value} @{term.language}"
        datatype = term.datatype.value if term.datatype is not None else ""
        plain = datatype.endswith(("#string", "#langString")) or not datatype
        return term.value if plain else f"{term.value} ({datatype.rsplit('#', 1)[-1]})"
    return str(term)
