"""The SPARQL 1.1 Protocol at /sparql (issue 18 §3): GET, form POST and query-body POST; every
result format parsed back and compared with the store's own answer; updates refused (403),
SERVICE refused (400), no acceptable format (406), malformed requests; the query page."""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic
from tests.serve.server_process import (
    Server,
    get_query,
    post_body,
    post_form,
    request,
)

from reportgraph.rdf.store import GraphStore

DOCS = (
    "SELECT ?document ?path WHERE { GRAPH ?g { ?document a rg:Document ; rg:path ?path } } "
    "ORDER BY ?path"
)
PATHS = (
    "CONSTRUCT { ?document rg:path ?path } "
    "WHERE { GRAPH ?g { ?document a rg:Document ; rg:path ?path } }"
)
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def documents(tiny_store: Path) -> set[tuple[str, str]]:
    """(document IRI, path) of every document, as the store itself answers."""
    store = GraphStore(tiny_store, read_only=True)
    try:
        rows = store.select(DOCS).rows
    finally:
        store.close()
    assert len(rows) == 2
    return {(str(r["document"]), str(r["path"])) for r in rows}


def json_pairs(body: bytes) -> set[tuple[str, str]]:
    data = json.loads(body)
    assert data["head"]["vars"] == ["document", "path"]
    return {(b["document"]["value"], b["path"]["value"]) for b in data["results"]["bindings"]}


def xml_pairs(body: bytes) -> set[tuple[str, str]]:
    root = ET.fromstring(body)
    pairs = set()
    for result in root.iter(f"{RESULTS_NS}result"):
        values = {b.get("name"): "".join(b.itertext()).strip() for b in result}
        pairs.add((values["document"], values["path"]))
    return pairs


def csv_pairs(body: bytes) -> set[tuple[str, str]]:
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert rows[0] == ["document", "path"]
    return {(r[0], r[1]) for r in rows[1:] if r}


def tsv_pairs(body: bytes) -> set[tuple[str, str]]:
    lines = body.decode("utf-8").splitlines()
    assert lines[0].split("\t") == ["?document", "?path"]
    pairs = set()
    for line in lines[1:]:
        document, path = line.split("\t")
        assert document.startswith("<") and path.startswith('"')
        pairs.add((document[1:-1], json.loads(path)))  # a TSV literal is a quoted string
    return pairs


def test_get_form_post_and_query_body_post_give_the_stores_answer(
    server: Server, documents: set[tuple[str, str]]
) -> None:
    accept = "application/sparql-results+json"
    for reply in (
        get_query(server, DOCS, accept),
        post_form(server, {"query": DOCS}, accept),
        post_body(server, DOCS, accept),
    ):
        assert reply.status == 200, reply.text
        assert reply.content_type.startswith(accept)
        assert json_pairs(reply.body) == documents


@pytest.mark.parametrize(
    ("accept", "parse"),
    [
        ("application/sparql-results+json", json_pairs),
        ("application/sparql-results+xml", xml_pairs),
        ("text/csv", csv_pairs),
        ("text/tab-separated-values", tsv_pairs),
    ],
)
def test_each_results_format_parses_back_to_the_same_rows(
    server: Server, documents: set[tuple[str, str]], accept: str, parse: object
) -> None:
    reply = get_query(server, DOCS, accept)
    assert reply.status == 200, reply.text
    assert reply.content_type.split(";")[0] == accept
    assert callable(parse)
    assert parse(reply.body) == documents


def test_select_defaults_to_sparql_json_and_ask_answers_a_boolean(server: Server) -> None:
    for accept in (None, "*/*", "application/*"):
        reply = get_query(server, COUNT, accept)
        assert reply.content_type.startswith("application/sparql-results+json"), accept
        assert int(json.loads(reply.body)["results"]["bindings"][0]["n"]["value"]) > 0
    assert json.loads(get_query(server, "ASK { ?s a rg:Document }").body)["boolean"] is True
    assert json.loads(get_query(server, "ASK { ?s a rg:Nothing }").body)["boolean"] is False
    root = ET.fromstring(
        get_query(server, "ASK { ?s a rg:Document }", "application/sparql-results+xml").body
    )
    assert root.find(f"{RESULTS_NS}boolean") is not None
    assert root.findtext(f"{RESULTS_NS}boolean") == "true"


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
    ],
)
def test_each_graph_format_parses_back_to_the_same_graph(
    server: Server, documents: set[tuple[str, str]], accept: str, rdflib_format: str
) -> None:
    reply = get_query(server, PATHS, accept)
    assert reply.status == 200, reply.text
    assert reply.content_type.split(";")[0] == accept
    graph = rdflib.Graph().parse(data=reply.body, format=rdflib_format)
    expected = rdflib.Graph()
    predicate = rdflib.URIRef("https://w3id.org/reportgraph/ontology#path")
    for document, path in documents:
        expected.add((rdflib.URIRef(document), predicate, rdflib.Literal(path)))
    assert isomorphic(graph, expected)


def test_construct_defaults_to_turtle(server: Server) -> None:
    reply = get_query(server, PATHS)
    assert reply.content_type.startswith("text/turtle")
    assert len(rdflib.Graph().parse(data=reply.body, format="turtle")) == 2


def test_updates_are_refused_with_403_and_change_nothing(server: Server) -> None:
    before = get_query(server, COUNT).body
    insert = "INSERT DATA { <https://example.org/a> <https://example.org/b> 1 }"
    replies = [
        post_form(server, {"update": insert}),
        request(server.url + "sparql?" + urllib.parse.urlencode({"update": insert})),
        request(
            server.url + "sparql",
            data=insert.encode(),
            content_type="application/sparql-update",
        ),
        get_query(server, insert),
        post_body(server, "DELETE WHERE { ?s ?p ?o }"),
    ]
    for reply in replies:
        assert reply.status == 403, reply.text
        assert reply.text.startswith("error[RG401]")
        assert "\nfix: " in reply.text
    assert get_query(server, COUNT).body == before


def test_service_is_refused_with_400(server: Server) -> None:
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    for reply in (get_query(server, query), post_body(server, query)):
        assert reply.status == 400
        assert reply.text.startswith("error[RG404]")


def test_a_request_that_accepts_no_format_gets_406(server: Server) -> None:
    assert get_query(server, DOCS, "image/png").status == 406
    assert get_query(server, DOCS, "text/turtle").status == 406  # solutions, not a graph
    reply = get_query(server, PATHS, "text/csv")  # a graph, not solutions
    assert reply.status == 406
    assert reply.text.startswith("error[RG414]")
    assert get_query(server, DOCS, "text/turtle, text/csv;q=0.5").status == 200


def test_malformed_requests_get_coded_4xx_answers(server: Server) -> None:
    sparql = server.url + "sparql"
    cases = [
        (request(sparql), 400, "RG411"),  # no query
        (request(sparql + "?query=" + "%20"), 400, "RG411"),
        (request(sparql + "?query=ASK%7B%7D&query=ASK%7B%7D"), 400, "RG411"),
        (get_query(server, "SELECT WHERE"), 400, "RG402"),
        (request(sparql, data=b"ASK {}", content_type="text/plain"), 415, "RG412"),
        (request(sparql, data=b"\xff\xfe", content_type="application/sparql-query"), 400, "RG415"),
        (
            request(sparql, data=b"#" * (1 << 21), content_type="application/sparql-query"),
            413,
            "RG413",
        ),
    ]
    for reply, status, code in cases:
        assert (reply.status, reply.text.split("]")[0]) == (status, f"error[{code}"), reply.text
    assert request(sparql, method="PUT", data=b"x").status == 405


def test_the_dataset_parameters_limit_the_graphs_queried(
    server: Server, documents: set[tuple[str, str]]
) -> None:
    graphs = json.loads(
        get_query(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?d a rg:Document } }").body
    )["results"]["bindings"]
    one = graphs[0]["g"]["value"]
    query = "SELECT ?document ?path WHERE { ?document a rg:Document ; rg:path ?path }"
    fields = {"query": query, "default-graph-uri": one}
    reply = request(server.url + "sparql?" + urllib.parse.urlencode(fields))
    pairs = json_pairs(reply.body)
    assert len(pairs) == 1 and pairs < documents
    reply = request(
        server.url + "sparql?" + urllib.parse.urlencode({"default-graph-uri": one}),
        data=query.encode(),
        content_type="application/sparql-query",
    )
    assert json_pairs(reply.body) == pairs


def test_a_browser_gets_the_query_page_with_the_answer_as_escaped_text(server: Server) -> None:
    empty = request(server.url + "sparql", accept=BROWSER)
    assert empty.status == 200 and empty.content_type.startswith("text/html")
    assert "<form" in empty.text and 'name="query"' in empty.text
    assert "default-src 'none'" in empty.headers["content-security-policy"]
    marked = '<b id="x">bold</b> & <script>alert(1)</script>'
    query = f"SELECT ?v WHERE {{ BIND({json.dumps(marked)} AS ?v) }}"
    page = get_query(server, query, BROWSER).text
    assert "<script>" not in page and "<b id" not in page
    assert "&lt;b id=&#34;x&#34;&gt;bold&lt;/b&gt; &amp; &lt;script&gt;" in page
    assert page.count("<td>") == 1
    # nothing the page would fetch: no script, no external link, no source of any kind
    assert not re.search(r"\bsrc=|<script|<link|@import|url\(", page)
    assert set(re.findall(r'href="([^"]*)"', page)) <= {"/", "/sparql"}
    error = get_query(
        server, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", BROWSER
    )
    assert error.status == 400 and "error[RG404]" in error.text and "<form" in error.text
