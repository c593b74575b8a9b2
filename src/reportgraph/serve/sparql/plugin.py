"""The reportgraph plugin for Datasette: the SPARQL 1.1 Protocol endpoint at ``/sparql``.

An HTTP request becomes a :class:`QueryRequest` (``protocol``), a format (``negotiation``) and
an answer (``runner``, ``answers``), or a status and a coded message. Like the CLI, this is an
edge where library errors become messages: ``error[CODE]: cause`` and ``fix: ...`` as plain
text, or inside the query page for a browser.

Datasette's CSRF check is skipped for ``/sparql`` alone: SPARQL clients POST without a token,
and a query changes nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from datasette import Response, hookimpl

from reportgraph.errors import QueryError, ReportgraphError
from reportgraph.serve.sparql import query_page
from reportgraph.serve.sparql.answers import Serialized, Table, Unacceptable
from reportgraph.serve.sparql.negotiation import choose, wants_page
from reportgraph.serve.sparql.protocol import (
    MAX_BODY,
    QueryRequest,
    from_post,
    from_query_string,
    no_query,
    too_large,
)
from reportgraph.serve.sparql.runner import QueryRunner

PATH = "/sparql"
PLUGIN_NAME = "reportgraph-sparql"
Receive = Callable[[], Awaitable[Mapping[str, Any]]]
_STATUS = {
    "RG401": 403,  # an update
    "RG402": 400,  # does not parse
    "RG404": 400,  # SERVICE
    "RG405": 503,  # past the time limit, or the server is stopping
    "RG344": 503,  # a remote store did not answer within the time limit
    "RG411": 400,  # no query, or two
    "RG412": 415,  # a body of another type
    "RG413": 413,  # a body too large
    "RG414": 406,  # no acceptable format
    "RG415": 400,  # not UTF-8
}


def status_of(exc: ReportgraphError) -> int:
    """The HTTP status of an error: the client's fault (4xx) or the time limit (503), else 500."""
    return _STATUS.get(exc.code, 500)


def message(exc: ReportgraphError) -> str:
    text = f"error[{exc.code}]: {exc.cause}"
    return f"{text}\nfix: {exc.fix}\n" if exc.fix else text + "\n"


def not_acceptable(kind: str | None) -> QueryError:
    """RG414: the Accept header fits no format for ``kind`` (None: for any answer)."""
    what = {"solutions": "query results (SELECT, ASK)", "graph": "graphs (CONSTRUCT, DESCRIBE)"}
    return QueryError(
        f"The request accepts no format this endpoint writes {what.get(kind or '', 'answers')} in.",
        "Accept application/sparql-results+json, application/sparql-results+xml, text/csv or "
        "text/tab-separated-values for SELECT and ASK; text/turtle, application/n-triples or "
        "application/ld+json for CONSTRUCT and DESCRIBE.",
        code="RG414",
    )


async def read_body(receive: Receive, limit: int = MAX_BODY) -> bytes:
    """The request body, refused (RG413) once it passes ``limit`` bytes."""
    chunks: list[bytes] = []
    size = 0
    while True:
        event = await receive()
        if event.get("type") != "http.request":
            return b"".join(chunks)  # the client went away
        chunk = bytes(event.get("body", b""))
        size += len(chunk)
        if size > limit:
            raise too_large()
        chunks.append(chunk)
        if not event.get("more_body", False):
            return b"".join(chunks)


class SparqlPlugin:
    """Registered with Datasette's plugin manager for one server's lifetime."""

    def __init__(self, runner: QueryRunner) -> None:
        self.runner = runner
        self.__name__ = PLUGIN_NAME  # Datasette names its plugins by their module's __name__

    def _register_routes(self, datasette: object) -> list[tuple[str, object]]:
        return [(rf"^{PATH}$", self.sparql)]

    def _skip_csrf(self, datasette: object, scope: Mapping[str, Any]) -> bool | None:
        return True if scope.get("type") == "http" and scope.get("path") == PATH else None

    register_routes = hookimpl(_register_routes)
    skip_csrf = hookimpl(_skip_csrf)

    async def sparql(self, request: Any, receive: Receive) -> Response:
        """The SPARQL 1.1 Protocol query operation, and the query page."""
        accept = request.headers.get("accept")
        page = wants_page(accept)
        query: str | None = None
        try:
            if request.method not in ("GET", "POST"):
                return Response.text(
                    "Use GET or POST.\n", status=405, headers={"Allow": "GET, POST"}
                )
            found = await self._request(request, receive)
            if found is None:
                if page:
                    return self._page(query_page.render(query=None, timeout=self.runner.timeout))
                raise no_query()
            query = found.query
            choice = choose(accept)
            if not choice.acceptable:
                raise not_acceptable(None)
            answer = await self.runner.run(found, choice)
        except ReportgraphError as exc:
            return self._error(exc, page, query)
        if isinstance(answer, Unacceptable):
            return self._error(not_acceptable(answer.kind), page, query)
        if isinstance(answer, Table):
            return self._page(
                query_page.render(query=query, timeout=self.runner.timeout, table=answer)
            )
        assert isinstance(answer, Serialized)
        return Response(answer.body, content_type=answer.media_type, headers={"Vary": "Accept"})

    async def _request(self, request: Any, receive: Receive) -> QueryRequest | None:
        if request.method == "GET":
            return from_query_string(request.query_string)
        body = await read_body(receive)
        return from_post(request.headers.get("content-type"), body, request.query_string)

    def _error(self, exc: ReportgraphError, page: bool, query: str | None) -> Response:
        status = status_of(exc)
        if page:
            html = query_page.render(query=query, timeout=self.runner.timeout, error=message(exc))
            return self._page(html, status)
        return Response.text(message(exc), status=status, headers={"Vary": "Accept"})

    @staticmethod
    def _page(html: str, status: int = 200) -> Response:
        headers = {
            "Content-Security-Policy": query_page.CSP,
            "Vary": "Accept",
            "X-Content-Type-Options": "nosniff",
        }
        return Response.html(html, status=status, headers=headers)
