"""The explorer's parts without a server: links only from ids of the right shape, table cells
escaped, the evidence sentence cut into marked parts, the map's projection."""

from __future__ import annotations

import itertools

from reportgraph.serve.pages import cells, links
from reportgraph.serve.pages.claim import sentence_parts
from reportgraph.serve.pages.map import drawing

IRI = "https://w3id.org/reportgraph/id/entity/place/north-ridge"


def test_links_are_made_only_from_ids_of_the_right_shape() -> None:
    assert links.entity_url("place/north-ridge") == "/-/entity/place/north-ridge"
    assert links.entity_url(IRI) == "/-/entity/place/north-ridge"
    assert links.claim_url("c0123456789abcdef0123") == "/-/claim/c0123456789abcdef0123"
    for bad in ("javascript:alert(1)", "place/<b>", "Place/x", "place", "../etc", ""):
        assert links.entity_url(bad) is None, bad
    for bad in ("c0123", "javascript:alert(1)", "C0123456789ABCDEF0123"):
        assert links.claim_url(bad) is None, bad


def test_cells_link_ids_and_leave_other_values_to_datasette() -> None:
    one = cells.render(IRI, "entity", "mentions")
    assert one == '<a href="/-/entity/place/north-ridge">place/north-ridge</a>'
    both = cells.render("place/north-ridge; person/ada-vell", "place_ids", "claim_rows")
    assert str(both).count("<a href=") == 2
    assert cells.render("c0123456789abcdef0123", "claim", "claim_entities") is not None
    assert cells.render("place/north-ridge", "sentence", "claim_rows") is None  # not an id column
    assert cells.render("<b>x</b>; place/x", "place_ids", "claim_rows") is None
    assert cells.render(42, "claim", "figures") is None


def test_the_sentence_parts_put_together_are_the_sentence() -> None:
    sentence = "Rangers counted 30 wolves near Kallo, the park office said."
    start = 100  # the sentence's offset in its document
    spans = [(116, 125), (131, 136), (120, 126), (500, 510)]  # overlapping, and one elsewhere
    parts = sentence_parts(sentence, start, spans)
    assert "".join(p["text"] for p in parts) == sentence
    assert [p["text"] for p in parts if p["mark"]] == ["30 wolves ", "Kallo"]
    assert all(a["mark"] != b["mark"] for a, b in itertools.pairwise(parts))
    assert sentence_parts(sentence, start, []) == [{"text": sentence, "mark": False}]


def test_the_map_is_equirectangular_west_left_north_up() -> None:
    points = [
        {"id": "place/a", "label": "A", "lat": 10.0, "lon": -20.0, "claims": 1},
        {"id": "place/b", "label": "B", "lat": -5.0, "lon": 30.0, "claims": 9},
    ]
    svg = drawing(points)
    a, b = svg["points"]
    assert a["x"] < b["x"] and a["y"] < b["y"]
    # one scale for both axes: the distances keep the degrees' proportions
    assert abs((b["x"] - a["x"]) / (b["y"] - a["y"]) - 50 / 15) < 0.01
    assert a["r"] < b["r"]
    assert 0 <= a["x"] <= svg["width"] and 0 <= b["y"] <= svg["height"]
    assert svg["lines"]
    assert drawing([])["points"] == []
