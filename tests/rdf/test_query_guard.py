"""SERVICE is refused before anything runs, and only SERVICE: checked against what Oxigraph
really does, with a local HTTP server that counts the requests a query makes."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from factories import sample_extraction
from reportgraph.errors import QueryError
from reportgraph.rdf.query_guard import check_query, parse_only, refuse_service
from reportgraph.rdf.store import GraphStore


class Endpoint:
    """A SPARQL endpoint on 127.0.0.1 that answers every request with an error and counts them."""

    def __init__(self) -> None:
        hits = self.hits = []  # type: list[str]

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                self.send_response(500)
                self.end_headers()

            do_POST = do_GET

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.iri = f"<http://127.0.0.1:{self.server.server_port}/sparql>"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def reached_by(self, sparql: str) -> bool:
        """Whether Oxigraph itself, unguarded, sends a request when it runs ``sparql``."""
        self.hits.clear()
        store = ox.Store()
        for graph in (ox.DefaultGraph(), ox.NamedNode("http://ex/g")):
            a, p = ox.NamedNode("http://ex/a"), ox.NamedNode("http://ex/p")
            store.add(ox.Quad(a, p, ox.Literal(1), graph))
        try:
            result = store.query(sparql)
            if not isinstance(result, ox.QueryBoolean):
                list(result)
        except OSError:
            pass  # the endpoint's error: the request was made
        return bool(self.hits)


@pytest.fixture(scope="module")
def endpoint() -> Iterator[Endpoint]:
    server = Endpoint()
    yield server
    server.server.shutdown()


# Each calls SERVICE (URL is the test endpoint); Oxigraph sends a request for each.
CALLS = [
    "SELECT * WHERE { SERVICE URL { ?s ?p ?o } }",
    "select * where { service URL { ?s ?p ?o } }",
    "SELECT * WHERE { SeRvIcE URL { ?s ?p ?o } }",
    "ASK { SERVICE SILENT URL { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE URL { ?s ?p ?o } } }",
    "SELECT * WHERE { { ?s ?p ?o } UNION { SERVICE URL { ?s ?p ?o } } }",
    "SELECT * WHERE { FILTER NOT EXISTS { SERVICE URL { ?s ?p ?o } } }",
    "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE URL { ?s ?p ?o } } }",
    "SELECT * WHERE { { SELECT * WHERE { SERVICE URL { ?x ?y ?z } } } }",
    "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } SERVICE URL { ?s ?p ?o } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE URL { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE URL { ?s ?p ?o } } LIMIT 0",
    "SELECT * WHERE { SERVICE\tURL{?s ?p ?o} }",
    "SELECT * WHERE { SERVICE# a comment between the keyword and its endpoint\nURL { ?s ?p ?o } }",
    # glued to what follows: Oxigraph reads these as SERVICE SILENT and SERVICE e:
    "SELECT * WHERE { SERVICESILENT URL { ?s ?p ?o } }",
    "PREFIX e: URL SELECT * WHERE { SERVICE e: { ?s ?p ?o } }",
    "PREFIX : URL SELECT * WHERE { SERVICE: { ?s ?p ?o } }",
    # a lexer reads `<?b)SERVICE URL#>` as one IRI; Oxigraph reads `?o < ?b`, then SERVICE
    "SELECT * WHERE { ?s ?p ?o FILTER(?o<?b)SERVICE URL#>\n{ ?s ?p ?o } }",
    '# SERVICE in a comment, and then for real\nSELECT * WHERE { BIND("SERVICE" AS ?x) '
    "SERVICE URL { ?s ?p ?o } }",
]

# Refused too, though Oxigraph 0.5 stops at "the variable encoding the service name is unbound".
UNREACHED = [
    "SELECT * WHERE { VALUES ?e { URL } SERVICE ?e { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(URL AS ?e) SERVICE SILENT ?e { ?s ?p ?o } }",
]

# The word is there, never as the keyword: each runs (on a store with data) and reaches nothing.
LOOKALIKES = [
    "SELECT * WHERE { ?s <http://ex/service> ?o }",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o != <http://ex/SERVICE/x>) }",
    'SELECT * WHERE { ?s ?p ?o FILTER(STR(?o) != "SERVICE <http://ex/a> { ?s ?p ?o }") }',
    "SELECT * WHERE { ?s ?p ?o FILTER(STR(?o) != 'service') }",
    'SELECT * WHERE { ?s ?p ?o FILTER(STR(?o) != """multi\nline SERVICE\n""") }',
    "SELECT * WHERE { ?s ?p ?o FILTER(STR(?o) != '''SERVICE\n<http://ex/a> {}''') }",
    'SELECT * WHERE { ?s ?p ?o FILTER(STR(?o) != "a\\" SERVICE <http://ex/a> { } #") }',
    # SERVICE { } inside a string whose quote is escaped as \u0022
    'SELECT * WHERE { ?s ?p ?o FILTER(?o != "x\\u0022 } SERVICE <http://ex/a> { ?s ?p ?o } #") }',
    "# SERVICE <http://ex/a> { ?s ?p ?o }\nSELECT * WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o } # trailing SERVICE <http://ex/a> { }",
    "SELECT ?service WHERE { ?service ?p ?o }",
    "SELECT $SERVICE WHERE { $SERVICE ?p ?o }",
    "SELECT ?service (COUNT(*) AS ?n) WHERE { ?service ?p ?o } GROUP BY ?service",
    "PREFIX ex: <http://ex/> SELECT * WHERE { ?s ex:service ?o }",
    "PREFIX ex: <http://ex/> SELECT * WHERE { ?s ex:a.service ?o }",
    "PREFIX service: <http://ex/> SELECT * WHERE { ?s service:p ?o }",
    "PREFIX SERVICE: <http://ex/> SELECT * WHERE { ?s SERVICE:p ?o }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { ?s <http://ex/q> _:service } }",
    'SELECT * WHERE { ?s ?p ?o FILTER(?o != "x"@service) }',
    'SELECT * WHERE { ?s ?p ?o FILTER(?o != "x"@en-services) }',
    "SELECT * WHERE { ?s ?p ?o FILTER(?o < 2 && ?o > 0) }",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o<2) } # <?b)SERVICE#>",
    "SELECT * WHERE { ?s ?p ?o . FILTER(?o<<http://ex/service>) }",
    "SELECT * WHERE { ?s ?p ?o . BIND(<http://ex/servicing> AS ?servicing) }",
    "SELECT * WHERE { ?s ?p ?o . BIND(<http://ex/serviceq> AS ?servicq) }",
    "BASE <http://ex/service/> SELECT * WHERE { ?s <p> ?o }",
]


def run(sparql: str, url: str) -> str:
    return sparql.replace("URL", url)


@pytest.mark.parametrize("sparql", CALLS + UNREACHED)
def test_every_service_call_is_refused_before_it_runs(endpoint: Endpoint, sparql: str) -> None:
    text = run(sparql, endpoint.iri)
    if sparql in CALLS:
        assert endpoint.reached_by(text), "the case must be a real SERVICE call"
    endpoint.hits.clear()
    for check in (refuse_service, check_query, GraphStore(None).select):
        with pytest.raises(QueryError) as info:
            check(text)
        assert info.value.code == "RG404"
    assert endpoint.hits == []


@pytest.mark.parametrize("sparql", LOOKALIKES)
def test_the_word_elsewhere_is_not_a_call(endpoint: Endpoint, sparql: str) -> None:
    store = GraphStore(None)
    store.write(sample_extraction())
    endpoint.hits.clear()
    check_query(sparql)
    store.select(sparql)  # parses and runs
    assert endpoint.hits == []


def test_parse_only_evaluates_nothing(endpoint: Endpoint) -> None:
    """The guard parses a query without running it; if a pyoxigraph upgrade ever evaluated
    here, this fails."""
    for sparql in CALLS:
        endpoint.hits.clear()
        parse_only(run(sparql, endpoint.iri))
        assert endpoint.hits == [], sparql
    with pytest.raises(SyntaxError):
        parse_only("SELECT * WHERE { SERVICE }")


def test_updates_and_syntax_errors_keep_their_codes() -> None:
    with pytest.raises(QueryError) as info:
        check_query("DROP ALL")
    assert info.value.code == "RG401"
    with pytest.raises(QueryError) as info:
        check_query("SELECT * WHERE { SERVICE <http://ex/a> { ?s ?p ?o }")  # unclosed
    assert info.value.code == "RG402"
    refuse_service("SELECT * WHERE { SERVICE <http://ex/a> { ?s ?p ?o }")  # left to the parse


def test_a_query_that_names_every_spare_word_is_refused_rather_than_guessed() -> None:
    """With every replacement word already in the query the check cannot tell: it refuses."""
    names = " ".join(f"?servic{c}" for c in "qxzjkwvybg")
    with pytest.raises(QueryError) as info:
        refuse_service(f"SELECT {names} ?service WHERE {{ ?service ?p ?o }}")
    assert info.value.code == "RG404"


FRAGMENTS_SAFE = [
    "?s ?p ?o .",
    "?service <http://ex/service> 'service' .",
    "OPTIONAL { ?a <http://ex/SERVICE> ?b }",
    'FILTER(?o != "SERVICE <http://ex/a> { }")',
    "# SERVICE <http://ex/a> { }\n",
    "{ ?x ex:service ?y } UNION { ?x ex:p ?service }",
    "FILTER(?o<2)",
    "FILTER('''SERVICE''' != STR(?servicex))",
]
FRAGMENTS_CALL = [
    "SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o }",
    "service silent <http://127.0.0.1:9/sparql> { ?s ?p ?o }",
    "OPTIONAL { SERVICE <http://127.0.0.1:9/sparql> { ?a ?b ?c } }",
    "FILTER EXISTS { SERVICE ex: { ?a ?b ?c } }",
    "SERVICESILENT <http://127.0.0.1:9/sparql> { }",
]


@given(
    st.lists(st.sampled_from(FRAGMENTS_SAFE + FRAGMENTS_CALL), min_size=1, max_size=6),
    st.sampled_from([" ", "\n", "\t", " \n "]),
)
def test_any_mix_is_refused_exactly_when_it_calls(fragments: list[str], gap: str) -> None:
    sparql = f"PREFIX ex: <http://ex/>\nSELECT * WHERE {{{gap}{gap.join(fragments)}{gap}}}"
    parse_only(sparql)  # every mix is a valid query
    calls = any(f in FRAGMENTS_CALL for f in fragments)
    if calls:
        with pytest.raises(QueryError) as info:
            refuse_service(sparql)
        assert info.value.code == "RG404"
    else:
        refuse_service(sparql)
