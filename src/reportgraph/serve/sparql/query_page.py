"""The query page at ``/sparql`` for a browser: a plain form and the results as a table.

No script and no external asset: the page is one HTML document with its style inline, and its
Content-Security-Policy lets it load nothing at all. Every value from the store or the request
goes in as text (Jinja2 autoescaping), never as markup or an attribute URL."""

from __future__ import annotations

from functools import cache
from importlib import resources

import jinja2

from reportgraph.rdf.vocab import PREFIXES
from reportgraph.serve.sparql.answers import Table

EXAMPLE = """SELECT ?document ?path WHERE {
  GRAPH ?g { ?document a rg:Document ; rg:path ?path }
}
ORDER BY ?path
LIMIT 20"""
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)


@cache
def _template() -> jinja2.Template:
    text = (
        resources.files("reportgraph.serve")
        .joinpath("templates/query_page.html")
        .read_text(encoding="utf-8")
    )
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(text)


def render(
    *,
    query: str | None,
    timeout: float | None,
    table: Table | None = None,
    error: str | None = None,
) -> str:
    """The page: the form holding ``query`` (an example when None), then ``error`` or
    ``table``."""
    return _template().render(
        query=EXAMPLE if query is None else query,
        prefixes=", ".join(f"{p}:" for p in PREFIXES),
        limit="Queries have no time limit."
        if timeout is None
        else f"A query is stopped after {timeout:g} s.",
        table=table,
        error=error,
    )
