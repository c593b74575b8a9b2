"""The explorer's pages, a Datasette plugin: the entity page, the claim page, the figure ledger
and the map, each with a JSON twin (the same URL with ``.json``, or ``?_format=json``); and
the table cells that link to them (``render_cell``).

Pages are rendered with this package's templates (Jinja2, autoescaped: every value from the
index or the store goes in as text, never as markup or a URL made from it) and carry a
Content-Security-Policy that lets them load nothing: no script, no external asset, no tile.
A claim's row page in a table keyed by claim id redirects to the claim page (its ``.json``
stays Datasette's). An unknown entity or claim is 404 with a coded message (RG501, RG504), in
the page or as ``{"error": {"code", "cause", "fix"}}``.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from datasette import Response, hookimpl
from markupsafe import Markup

from reportgraph.api import ReportGraph
from reportgraph.errors import ReportgraphError
from reportgraph.serve.metadata import DATABASE
from reportgraph.serve.pages import cells, links
from reportgraph.serve.pages.claim import claim_data, claim_row, document_of, store_part
from reportgraph.serve.pages.entity import entity_data
from reportgraph.serve.pages.entity import not_found as entity_not_found
from reportgraph.serve.pages.index_access import ReadOnlyIndex, in_thread
from reportgraph.serve.pages.ledger import ledger_data
from reportgraph.serve.pages.map import map_data
from reportgraph.serve.sparql.runner import QueryRunner
from reportgraph.views.html import render_network_page

PLUGIN_NAME = "reportgraph-pages"
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
NETWORK_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"
)
_STATUS = {"RG405": 503, "RG501": 404, "RG502": 400, "RG504": 404}
CLAIM_TABLES = "claim_rows|claims|figures"  # tables keyed by claim id
JSON_SUFFIX = r"(?P<json>\.json)?"
View = Callable[[Any], Awaitable[Response]]


@cache
def _environment() -> jinja2.Environment:
    folder = Path(str(resources.files("reportgraph.serve").joinpath("templates")))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals.update(
        entity_url=links.entity_url,
        claim_url=links.claim_url,
        query=links.query,
        ledger_page=links.LEDGER_PAGE,
        map_page=links.MAP_PAGE,
    )
    return env


def render(template: str, **values: Any) -> str:
    return _environment().get_template(template).render(**values)


def wants_json(request: Any) -> bool:
    return bool(request.url_vars.get("json")) or request.args.get("_format") == "json"


def page_number(request: Any, name: str) -> int:
    """A page number from the query string (1 when absent or not a positive number)."""
    value = request.args.get(name, "1")
    return int(value) if value.isdigit() and int(value) > 0 else 1


def html(body: str, status: int = 200) -> Response:
    headers = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff"}
    return Response.html(body, status=status, headers=headers)


def as_json(data: Any, status: int = 200) -> Response:
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        status=status,
        content_type="application/json; charset=utf-8",
        headers={"X-Content-Type-Options": "nosniff"},
    )


def error_response(exc: ReportgraphError, as_data: bool) -> Response:
    status = _STATUS.get(exc.code, 500)
    if as_data:
        return as_json({"error": {"code": exc.code, "cause": exc.cause, "fix": exc.fix}}, status)
    return html(render("error.html", code=exc.code, cause=exc.cause, fix=exc.fix), status)


class PagesPlugin:
    """Registered with Datasette's plugin manager for one server's lifetime."""

    def __init__(self, index: Path, runner: QueryRunner) -> None:
        self.index = index
        self.runner = runner
        self.__name__ = PLUGIN_NAME

    def _register_routes(self, datasette: object) -> list[tuple[str, object]]:
        return [
            (r"^/-/entity$", self.entity_by_iri),
            (rf"^/-/entity/(?P<id>.+?){JSON_SUFFIX}$", self._page(self.entity)),
            (rf"^/-/claim/(?P<id>[^/]+?){JSON_SUFFIX}$", self._page(self.claim)),
            (rf"^{links.LEDGER_PAGE}{JSON_SUFFIX}$", self._page(self.ledger)),
            (rf"^{links.MAP_PAGE}{JSON_SUFFIX}$", self._page(self.map)),
            (rf"^{links.NETWORK_PAGE}(?P<id>.+?){JSON_SUFFIX}$", self.network),
            (rf"^/{DATABASE}/(?:{CLAIM_TABLES})/(?P<id>c[0-9a-f]{{20}})$", self.claim_row),
        ]

    def _render_cell(
        self, value: object, column: str, table: str | None, database: str
    ) -> Markup | None:
        return cells.render(value, column, table) if database == DATABASE else None

    register_routes = hookimpl(_register_routes)
    render_cell = hookimpl(_render_cell)

    def _page(self, build: Callable[[Any], Awaitable[tuple[str, dict[str, Any]]]]) -> View:
        """A route answering with the data ``build`` gives: as JSON, or in its template."""

        async def view(request: Any) -> Response:
            data_wanted = wants_json(request)
            try:
                template, data = await build(request)
            except ReportgraphError as exc:
                return error_response(exc, data_wanted)
            if data_wanted:
                return as_json(data)
            args = {k: request.args.get(k) for k in request.args if k != "_format"}
            json_url = links.query(request.path + ".json", **args)
            return html(render(template, data=data, json_url=json_url))

        return view

    async def claim_row(self, request: Any) -> Response:
        """A claim's row page in a claim table (its id is the table's key, which Datasette links
        to its own row page): redirected to the claim page."""
        return Response.redirect(links.CLAIM_PAGE + request.url_vars["id"])

    async def entity_by_iri(self, request: Any) -> Response:
        """``/-/entity?iri=...``: redirected to the entity's page."""
        url = links.entity_url(request.args.get("iri", ""))
        if url is None:
            return error_response(entity_not_found(request.args.get("iri", "")), False)
        return Response.redirect(url)

    async def entity(self, request: Any) -> tuple[str, dict[str, Any]]:
        name = request.url_vars["id"]
        claims = page_number(request, "claims_page")
        mentions = page_number(request, "mentions_page")
        data = await in_thread(
            self.index, lambda i: entity_data(i, name, claims=claims, mentions=mentions)
        )
        return "entity.html", data

    async def claim(self, request: Any) -> tuple[str, dict[str, Any]]:
        name = request.url_vars["id"]

        def read(index: ReadOnlyIndex) -> tuple[Any, dict[str, Any]]:
            row = claim_row(index, name)
            return row, document_of(index, row.document.id)

        row, document = await in_thread(self.index, read)
        spans, turtle = await self.runner.read(lambda store: store_part(store, row.id))
        return "claim.html", claim_data(row, document, spans, turtle)

    async def ledger(self, request: Any) -> tuple[str, dict[str, Any]]:
        kind = request.args.get("kind") or None
        place = request.args.get("place") or None
        comments = request.args.get("comments") in ("1", "on", "true")
        page = page_number(request, "page")
        data = await in_thread(
            self.index,
            lambda i: ledger_data(i, kind=kind, place=place, comments=comments, page=page),
        )
        return "ledger.html", data

    async def map(self, request: Any) -> tuple[str, dict[str, Any]]:
        return "map.html", await in_thread(self.index, map_data)

    async def network(self, request: Any) -> Response:
        """An entity's network neighbourhood: the investigation page ``reportgraph viz
        --entity`` writes, drawn in a child process under the time limit (its JSON twin is the
        page's data). Its scripts are inline (the page's own, bundled): its policy allows
        inline scripts and nothing from elsewhere."""
        data_wanted = wants_json(request)
        name = request.url_vars["id"]
        hops = min(page_number(request, "hops"), MAX_HOPS)
        store = self.runner.store_path
        try:
            payload = await self.runner.bounded(lambda: network_data(store, name, hops))
        except ReportgraphError as exc:
            return error_response(exc, data_wanted)
        if data_wanted:
            return as_json(payload)
        headers = {"Content-Security-Policy": NETWORK_CSP, "X-Content-Type-Options": "nosniff"}
        return Response.html(render_network_page(payload), headers=headers)


MAX_HOPS = 3


def network_data(store: Path | str, entity: str, hops: int) -> dict[str, Any]:
    """The network page's data around ``entity`` (an id, IRI or name)."""
    with ReportGraph(store, read_only=True) as graph:
        return graph.network_payload(entity=entity, hops=hops, include_comments=False)
