"""What each kind of claim draws (views.links). All names are invented."""

from __future__ import annotations

from tests.views.rowdata import (
    FARMERS,
    HALE,
    MONITOR,
    NEWS,
    RANGERS,
    VEYRA,
    claim,
    event,
    figure,
    statement,
    timed,
)

from reportgraph.rows import ClaimRow, DocRef, Ref
from reportgraph.views.links import claim_links, claim_when, named_ids, node_type, source_end

WITNESS = Ref(id="anonymous/d1-a-fisherman", label="a fisherman")
TOWN = Ref(id="place/dunmore", label="Dunmore")


def drawn(row: ClaimRow) -> set[tuple[str, str, str, str]]:
    return {(x.start.id, x.end.id, x.label, x.role) for x in claim_links(row)}


def test_relation_links_subject_to_object() -> None:
    assert drawn(claim("r", HALE, "leads", RANGERS)) == {(HALE.id, RANGERS.id, "leads", "relation")}
    assert drawn(claim("r", HALE, "leads", None)) == set()
    assert drawn(claim("r", HALE, "leads", HALE)) == set()  # never a loop


def test_event_links_agents_to_victims_and_participants_to_place() -> None:
    row = event(
        claim("e", None, "shelling", None, places=[TOWN, VEYRA]),
        (RANGERS, "agent"),
        (HALE, "agent"),
        (FARMERS, "victim"),
    )
    assert drawn(row) == {
        (RANGERS.id, FARMERS.id, "shelling", "agent"),
        (HALE.id, FARMERS.id, "shelling", "agent"),
        (RANGERS.id, TOWN.id, "shelling at", "event_place"),  # the most specific place only
        (HALE.id, TOWN.id, "shelling at", "event_place"),
        (FARMERS.id, TOWN.id, "shelling at", "event_place"),
    }


def test_event_naming_nobody_links_its_source_to_the_place() -> None:
    row = claim("e", None, "flooding", None, places=[TOWN], source=WITNESS)
    assert drawn(event(row)) == {(WITNESS.id, TOWN.id, "reports flooding", "reported_event")}
    # With the place as its object, the place is already an end: no second link to it.
    named = event(claim("e", RANGERS, "siege", TOWN, places=[TOWN]), (RANGERS, "agent"))
    assert drawn(named) == {(RANGERS.id, TOWN.id, "siege", "subject")}


def test_event_with_only_a_victim_links_its_source_to_the_victim() -> None:
    row = event(claim("e", None, "arrest", None, source=MONITOR), (HALE, "victim"))
    assert drawn(row) == {(MONITOR.id, HALE.id, "reports arrest", "reported_event")}


def test_statement_links_speaker_or_source_to_what_it_names() -> None:
    by_entity = statement(claim("s", None, "say", None, source=MONITOR), MONITOR, RANGERS, MONITOR)
    assert drawn(by_entity) == {(MONITOR.id, RANGERS.id, "said about", "statement")}
    anonymous = statement(claim("s", None, "say", None, source=WITNESS), None, RANGERS, TOWN)
    assert drawn(anonymous) == {
        (WITNESS.id, RANGERS.id, "said about", "statement"),
        (WITNESS.id, TOWN.id, "said about", "statement"),
    }
    assert source_end(anonymous) == WITNESS
    assert drawn(statement(claim("s", None, "say", None), None)) == set()


def test_figure_links_its_source_to_what_it_counts_and_its_place() -> None:
    row = figure(claim("f", None, "killed", FARMERS, places=[TOWN], source=MONITOR))
    assert drawn(row) == {
        (MONITOR.id, FARMERS.id, "counts killed", "figure"),
        (MONITOR.id, TOWN.id, "counts killed", "figure"),
    }
    bare = figure(claim("f", None, "displaced", None, places=[VEYRA], source=NEWS))
    assert drawn(bare) == {(NEWS.id, VEYRA.id, "counts displaced", "figure")}


def test_node_types_of_sources() -> None:
    assert node_type("person/x") == ("PERSON", None)
    assert node_type("anonymous/d1-a-fisherman") == ("SOURCE", "anonymous")
    assert node_type("publication/doc-1") == ("SOURCE", "publication")
    assert node_type("odd") == ("UNKNOWN", None)


def test_named_ids_in_order_once() -> None:
    row = event(
        claim("e", HALE, "met", RANGERS, places=[TOWN], source=WITNESS), (HALE, "participant")
    )
    assert named_ids(row) == [WITNESS.id, HALE.id, RANGERS.id, TOWN.id]


def test_when_prefers_the_reported_time_then_the_publication_date() -> None:
    row = claim("c", HALE, "met", RANGERS)
    assert claim_when(timed(row, "2023-04-02/2023-04-05"), {}) == (
        "2023-04-02",
        "2023-04-05",
        "reported",
    )
    assert claim_when(timed(row, "2023-04-02"), {"d1": "2023-05-01"}) == (
        "2023-04-02",
        "2023-04-02",
        "reported",
    )
    assert claim_when(timed(row, None), {"d1": "2023-05-01"}) == (
        "2023-05-01",
        "2023-05-01",
        "published",
    )
    other = row.model_copy(update={"document": DocRef(id="d9", path="x.txt")})
    assert claim_when(other, {"d1": "2023-05-01"}) is None
