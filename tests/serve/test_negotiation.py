"""Content negotiation and request reading for /sparql, without a server."""

from __future__ import annotations

import pytest

from reportgraph.errors import QueryError
from reportgraph.serve.sparql.negotiation import choose, parse_accept, quality, wants_page
from reportgraph.serve.sparql.protocol import QueryRequest, from_post, from_query_string

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


def test_accept_ranges_and_their_quality() -> None:
    assert parse_accept(None) == [("*/*", 1.0)]
    assert parse_accept(" ") == [("*/*", 1.0)]
    assert parse_accept("text/csv;q=0.5, Text/Turtle;q=x") == [
        ("text/csv", 0.5),
        ("text/turtle", 1.0),
    ]
    ranges = parse_accept("text/*;q=0.3, text/csv;q=0, */*;q=0.1")
    assert quality(ranges, "text/csv") == 0.0  # the exact range wins, even at q=0
    assert quality(ranges, "text/turtle") == 0.3
    assert quality(ranges, "application/n-triples") == 0.1
    assert quality(parse_accept("text/csv"), "application/sparql-results+json") == 0.0


@pytest.mark.parametrize(
    ("accept", "solutions", "graph"),
    [
        (None, "application/sparql-results+json", "text/turtle"),
        ("*/*", "application/sparql-results+json", "text/turtle"),
        ("application/sparql-results+xml", "application/sparql-results+xml", None),
        ("text/tab-separated-values", "text/tab-separated-values", None),
        ("application/json", "application/sparql-results+json", None),
        ("application/n-triples, text/csv;q=0.2", "text/csv", "application/n-triples"),
        ("text/*", "text/csv", "text/turtle"),
        ("application/ld+json", None, "application/ld+json"),
        (BROWSER, "text/html", "text/html"),
        ("image/png", None, None),
    ],
)
def test_the_format_chosen_for_each_kind_of_answer(
    accept: str | None, solutions: str | None, graph: str | None
) -> None:
    choice = choose(accept)
    assert (choice.solutions.media_type if choice.solutions else None) == solutions
    assert (choice.graph.media_type if choice.graph else None) == graph
    assert choice.acceptable == bool(solutions or graph)


def test_only_a_client_that_prefers_html_gets_the_page() -> None:
    assert wants_page(BROWSER)
    assert wants_page("text/html")
    assert not wants_page("*/*")
    assert not wants_page(None)
    assert not wants_page("application/sparql-results+json, text/html;q=0.5")


def test_requests_read_from_get_and_post() -> None:
    assert from_query_string("") is None
    assert from_query_string("query=ASK%7B%7D&default-graph-uri=urn:a") == QueryRequest(
        "ASK{}", ("urn:a",), ()
    )
    assert from_post("application/x-www-form-urlencoded", b"query=ASK+%7B%7D") == QueryRequest(
        "ASK {}"
    )
    assert from_post(
        "application/sparql-query; charset=UTF-8", b"ASK {}", "named-graph-uri=urn:b"
    ) == QueryRequest("ASK {}", (), ("urn:b",))
    for content_type, body, query_string, code in [
        ("application/x-www-form-urlencoded", b"update=CLEAR+ALL", "", "RG401"),
        ("application/x-www-form-urlencoded", b"query=ASK%7B%7D&update=x", "", "RG401"),
        ("application/sparql-update", b"CLEAR ALL", "", "RG401"),
        ("application/sparql-query", b"ASK {}", "update=x", "RG401"),
        ("application/x-www-form-urlencoded", b"other=1", "", "RG411"),
        ("application/sparql-query", b"  ", "", "RG411"),
        ("text/plain", b"ASK {}", "", "RG412"),
        (None, b"ASK {}", "", "RG412"),
        ("application/x-www-form-urlencoded", b"query=%FF", "", "RG415"),
    ]:
        with pytest.raises(QueryError) as caught:
            from_post(content_type, body, query_string)
        assert caught.value.code == code, (content_type, body)
