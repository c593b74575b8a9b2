"""The SPARQL 1.1 Protocol's query operation, read from an HTTP request: the query text and the
dataset (``default-graph-uri``, ``named-graph-uri``) from a GET's query string, a form-encoded
POST, or an ``application/sparql-query`` POST body. An update (``update=``, or an
``application/sparql-update`` body) is refused, as is anything else this endpoint cannot read.
Pure: no I/O, no web framework."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from reportgraph.errors import QueryError

MAX_BODY = 1 << 20  # bytes: a query, not a data upload
FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"


@dataclass(frozen=True)
class QueryRequest:
    """A query to run, and the dataset the request names (empty: the whole store)."""

    query: str
    default_graphs: tuple[str, ...] = field(default=())
    named_graphs: tuple[str, ...] = field(default=())


def refused_update() -> QueryError:
    return QueryError(
        "SPARQL updates are refused: this endpoint is read-only.",
        "Send a query (SELECT, ASK, CONSTRUCT or DESCRIBE); the graph changes only through "
        "`reportgraph build` and `reportgraph remove`.",
        code="RG401",
    )


def too_large() -> QueryError:
    return QueryError(
        f"The request body is over {MAX_BODY // 1024} KiB.",
        "Send a shorter query.",
        code="RG413",
    )


def media_type(content_type: str | None) -> str:
    """``application/sparql-query; charset=utf-8`` -> ``application/sparql-query``."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def from_query_string(query_string: str) -> QueryRequest | None:
    """The query of a GET (None: the query string has no ``query``)."""
    return _from_params(_parse(query_string.encode("latin-1")))


def from_post(content_type: str | None, body: bytes, query_string: str = "") -> QueryRequest:
    """The query of a POST: form-encoded, or the body itself; the dataset parameters of an
    ``application/sparql-query`` POST come from the query string."""
    kind = media_type(content_type)
    if kind == UPDATE_BODY:
        raise refused_update()
    if kind == FORM:
        found = _from_params(_parse(body))
        if found is None:
            raise no_query()
        return found
    if kind == QUERY_BODY:
        params = _parse(query_string.encode("latin-1"))
        if "update" in params:
            raise refused_update()
        return QueryRequest(
            _text(body),
            tuple(params.get("default-graph-uri", [])),
            tuple(params.get("named-graph-uri", [])),
        )
    raise QueryError(
        f"A POST to /sparql must be {FORM} or {QUERY_BODY}, not {kind or 'untyped'}.",
        f"Send the query as a form field `query`, or as the body with Content-Type {QUERY_BODY}.",
        code="RG412",
    )


def _parse(raw: bytes) -> Mapping[str, Sequence[str]]:
    try:
        return parse_qs(raw.decode("utf-8"), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as exc:
        raise _not_utf8() from exc


def _from_params(params: Mapping[str, Sequence[str]]) -> QueryRequest | None:
    if "update" in params:
        raise refused_update()
    queries = params.get("query")
    if not queries:
        return None
    if len(queries) > 1:
        raise QueryError(
            "The request has more than one `query` parameter.",
            "Send exactly one query.",
            code="RG411",
        )
    if not queries[0].strip():
        raise no_query()
    return QueryRequest(
        queries[0],
        tuple(params.get("default-graph-uri", [])),
        tuple(params.get("named-graph-uri", [])),
    )


def _text(body: bytes) -> str:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_utf8() from exc
    if not text.strip():
        raise no_query()
    return text


def no_query() -> QueryError:
    return QueryError(
        "The request carries no query.",
        f"Give the SPARQL text as `query=` (GET or a form POST) or as an {QUERY_BODY} body.",
        code="RG411",
    )


def _not_utf8() -> QueryError:
    return QueryError("The query is not UTF-8 text.", "Encode the query as UTF-8.", code="RG415")
