"""The explorer's pages over a real server (issue 18 §3): the entity page, the claim page, the
figure ledger and the map, each with its JSON twin; 404 with a coded message for what the index
does not hold; article text shown as text; table cells linking to the pages; Datasette's
metadata (facets, search, hidden tables, JSON and CSV, no database download)."""

from __future__ import annotations

import json
import re
import urllib.parse
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from tests.serve.server_process import Reply, Server, request

from reportgraph.api import ReportGraph
from reportgraph.rows import ClaimRow, FigureGroup

SCRIPT_SENTENCE = "A shop sign reading <script>alert(1)</script> fell on a car in Arequipa"


def get(server: Server, path: str) -> Reply:
    return request(server.url.rstrip("/") + path)


def data(server: Server, path: str) -> Any:
    reply = get(server, path)
    assert reply.status == 200, reply.text
    assert reply.content_type.startswith("application/json")
    return json.loads(reply.body)


def claims_of(store: Path) -> list[ClaimRow]:
    with ReportGraph(store, read_only=True) as graph:
        return graph.claims(include_comments=True)


def most_named_entity(claims: list[ClaimRow]) -> tuple[str, set[str]]:
    """The entity named by most claims (as subject, object, place, about, participant) and the
    ids of those claims."""
    named: dict[str, set[str]] = {}
    for c in claims:
        refs = [c.subject, c.object, *c.places, *c.about, *c.participants]
        for ref in refs:
            if ref is not None:
                named.setdefault(ref.id, set()).add(c.id)
    best = max(sorted(named), key=lambda e: len(named[e]))
    return best, named[best]


def script_claim(claims: list[ClaimRow]) -> ClaimRow:
    return next(c for c in claims if SCRIPT_SENTENCE in c.evidence.sentence)


# ---- the entity page ----


def test_the_entity_page_lists_the_claims_that_name_it_and_their_sources(
    explorer: Server, explorer_store: Path
) -> None:
    claims = claims_of(explorer_store)
    entity, expected = most_named_entity(claims)
    found = data(explorer, f"/-/entity/{entity}.json")
    assert found["id"] == entity
    assert {row["id"] for row in found["claims"]["rows"]} == expected
    assert found["claims"]["total"] == len(expected)
    by_source: dict[str, int] = {}
    for c in claims:
        if c.id in expected:
            by_source[c.source.id] = by_source.get(c.source.id, 0) + 1
    assert {s["id"]: s["claims"] for s in found["sources"]} == by_source
    assert entity in {m["id"] for m in found["members"]}
    assert found["network"]["command"] == f"reportgraph viz --entity {entity}"
    page = get(explorer, f"/-/entity/{entity}")
    assert page.status == 200 and page.content_type.startswith("text/html")
    for claim in expected:
        assert f'href="/-/claim/{claim}"' in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]


def test_the_json_twin_is_also_reached_with_format_json(explorer: Server) -> None:
    found = data(explorer, "/-/entity/place/lima.json")
    assert data(explorer, "/-/entity/place/lima?_format=json") == found
    assert found["label"] == "Lima"
    assert found["type"] == "PLACE"


def test_the_entity_page_lists_its_mentions(explorer: Server) -> None:
    found = data(explorer, "/-/entity/place/cusco.json")
    rows = found["mentions"]["rows"]
    assert rows and all(r["text"] == "Cusco" for r in rows)
    assert all(r["end"] - r["start"] == len("Cusco") for r in rows)


def test_an_entity_iri_is_redirected_to_its_page(explorer: Server) -> None:
    iri = "https://w3id.org/reportgraph/id/entity/place/lima"
    reply = get(explorer, "/-/entity?" + urllib.parse.urlencode({"iri": iri}))
    assert reply.status == 200  # urllib follows the redirect
    assert '<h1 id="label">Lima</h1>' in reply.text


@pytest.mark.parametrize("path", ["/-/entity/place/atlantis", "/-/entity/not an id"])
def test_an_unknown_entity_is_404_with_a_coded_message(explorer: Server, path: str) -> None:
    reply = get(explorer, urllib.parse.quote(path) + ".json")
    assert reply.status == 404
    assert json.loads(reply.body)["error"]["code"] == "RG501"
    page = get(explorer, urllib.parse.quote(path))
    assert page.status == 404
    assert "error[RG501]" in page.text and "fix:" in page.text


# ---- the claim page ----


def test_the_claim_page_marks_the_evidence_in_its_sentence(
    explorer: Server, explorer_store: Path
) -> None:
    claim = next(c for c in claims_of(explorer_store) if c.kind == "figure")
    found = data(explorer, f"/-/claim/{claim.id}.json")
    assert ClaimRow.model_validate(found["claim"]) == claim
    parts = found["sentence"]
    assert "".join(p["text"] for p in parts) == claim.evidence.sentence
    marked = [p["text"] for p in parts if p["mark"]]
    assert marked, parts
    assert all(m in {e["text"] for e in found["evidence"]} or m in claim.evidence.sentence
               for m in marked)  # fmt: skip
    page = get(explorer, f"/-/claim/{claim.id}")
    for text in marked:
        assert f"<mark>{text}</mark>" in page.text
    assert claim.source.label in page.text


def test_the_claim_page_gives_the_claims_rdf_as_turtle(
    explorer: Server, explorer_store: Path
) -> None:
    claim = claims_of(explorer_store)[0]
    found = data(explorer, f"/-/claim/{claim.id}.json")
    parsed = ox.parse(found["turtle"].encode("utf-8"), format=ox.RdfFormat.TURTLE)
    triples = [q.triple for q in parsed]
    node = ox.NamedNode(f"https://w3id.org/reportgraph/id/claim/{claim.id}")
    claim_type = ox.NamedNode("https://w3id.org/reportgraph/ontology#Claim")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    assert ox.Triple(node, rdf_type, claim_type) in triples
    assert {t.subject for t in triples} >= {node}


@pytest.mark.parametrize("name", ["c0000000000000000000f", "nonsense"])
def test_an_unknown_claim_is_404_with_a_coded_message(explorer: Server, name: str) -> None:
    reply = get(explorer, f"/-/claim/{name}.json")
    assert reply.status == 404
    assert json.loads(reply.body)["error"]["code"] == "RG504"
    assert "error[RG504]" in get(explorer, f"/-/claim/{name}").text


def test_a_claim_row_page_leads_to_the_claim_page(explorer: Server, explorer_store: Path) -> None:
    claim = claims_of(explorer_store)[0]
    reply = get(explorer, f"/reportgraph/claims/{claim.id}")
    assert reply.status == 200
    assert f'<code id="claim-id">{claim.id}</code>' in reply.text


# ---- escaping ----


def test_markup_in_an_article_is_shown_as_text(explorer: Server, explorer_store: Path) -> None:
    claim = script_claim(claims_of(explorer_store))
    for path in (f"/-/claim/{claim.id}", "/-/entity/place/arequipa"):
        page = get(explorer, path)
        assert page.status == 200
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text, path
        assert "<script>" not in page.text, path
    table = get(explorer, "/reportgraph/claim_rows?_search=shop")
    assert claim.id in table.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in table.text
    assert "<script>alert" not in table.text


# ---- the figure ledger ----


def dumped(groups: list[FigureGroup]) -> list[dict[str, Any]]:
    return [g.model_dump(mode="json") for g in groups]


def test_the_ledger_is_the_librarys_ledger(explorer: Server, explorer_store: Path) -> None:
    with ReportGraph(explorer_store, read_only=True) as graph:
        everything = graph.figures()
        wounded = graph.figures(kind="wounded")
        at_cusco = graph.figures(place="place/cusco")
    assert everything and at_cusco
    assert data(explorer, "/-/ledger.json")["groups"] == dumped(everything)
    assert data(explorer, "/-/ledger.json?kind=wounded")["groups"] == dumped(wounded)
    found = data(explorer, "/-/ledger.json?place=place/cusco")
    assert found["groups"] == dumped(at_cusco)
    for row in found["overview"]:
        group = next(g for g in at_cusco if g.kind == row["kind"])
        assert row["independent_sources"] <= group.independent_sources
        assert row["claims"] <= group.claims
    page = get(explorer, "/-/ledger?place=place/cusco")
    assert f"{at_cusco[0].independent_sources} independent source" in page.text


def test_the_ledger_comes_a_page_at_a_time(explorer: Server) -> None:
    first = data(explorer, "/-/ledger.json?kind=wounded")
    assert (first["page"], first["pages"], first["per_page"]) == (1, 1, 100)
    past = data(explorer, "/-/ledger.json?kind=wounded&page=2")
    assert past["page"] == 2
    assert [g["claims"] for g in past["groups"]] == [g["claims"] for g in first["groups"]]
    assert all(g["figures"] == [] for g in past["groups"]) and past["overview"] == []
    assert first["overview_rows"] == len(first["overview"])
    page = get(explorer, "/-/ledger?kind=wounded&page=2")
    assert page.status == 200 and 'rel="prev"' in page.text
    assert "page=1" in page.text and "kind=wounded" in page.text


def test_the_ledger_names_an_unknown_place_with_a_code(explorer: Server) -> None:
    reply = get(explorer, "/-/ledger.json?place=Atlantis")
    assert reply.status == 404
    assert json.loads(reply.body)["error"]["code"] == "RG501"


# ---- the map ----


def test_the_map_draws_the_places_with_coordinates_offline(explorer: Server) -> None:
    found = data(explorer, "/-/map.json")
    assert found["tiles"] is False
    places = {p["id"]: p for p in found["places"]}
    assert {"place/lima", "place/cusco", "place/arequipa"} <= set(places)
    drawn = {p["id"]: p for p in found["svg"]["points"]}
    # equirectangular: west is left, north is up
    assert drawn["place/lima"]["x"] < drawn["place/cusco"]["x"]
    assert drawn["place/lima"]["y"] < drawn["place/arequipa"]["y"]
    page = get(explorer, "/-/map")
    assert page.text.count("<circle") == len(found["places"])
    assert "<script" not in page.text
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page.text)


# ---- Datasette: tables, cells, metadata ----


def test_cells_link_claims_and_entities_to_their_pages(explorer: Server) -> None:
    page = get(explorer, "/reportgraph/claim_entities")
    assert re.search(r'href="/-/claim/c[0-9a-f]{20}"', page.text)
    assert 'href="/-/entity/place/lima"' in page.text
    rows = get(explorer, "/reportgraph/claim_rows?_search=Cusco")
    assert '<a href="/-/entity/place/cusco">place/cusco</a>' in rows.text


def test_internal_tables_are_hidden_and_claims_facet_by_default(explorer: Server) -> None:
    tables = {t["name"]: t for t in data(explorer, "/reportgraph.json")["tables"]}
    for name in ("meta", "claims", "claim_entities", "entity_labels", "claim_rows_fts"):
        assert tables[name]["hidden"] is True, name
    for name in ("claim_rows", "documents", "entities", "figures", "mentions", "coordinates"):
        assert tables[name]["hidden"] is False, name
    found = data(explorer, "/reportgraph/claim_rows.json?_extra=facet_results")
    facets = set(found["facet_results"])
    assert {"kind", "source", "certainty", "places", "time_value", "path"} <= facets


@pytest.mark.parametrize(
    "table", ["claim_rows", "documents", "entities", "figures", "mentions", "coordinates", "claims"]
)
def test_every_table_has_json_and_csv(explorer: Server, table: str) -> None:
    assert get(explorer, f"/reportgraph/{table}.json").status == 200
    csv = get(explorer, f"/reportgraph/{table}.csv")
    assert csv.status == 200 and csv.content_type.startswith("text/")


def test_the_database_file_cannot_be_downloaded(explorer: Server) -> None:
    assert get(explorer, "/reportgraph.db").status in (403, 404)
