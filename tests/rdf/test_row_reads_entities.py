"""Entity rows fold the descriptions of an entity's records: which subtype, links and coordinates
the row shows when the documents disagree, and that the answer depends on the data only.

Extractions are built by hand (invented names and texts), so no NER model is involved.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox
import pytest

from factories import acronym_entity, document, entity
from reportgraph import ids
from reportgraph.api import ReportGraph
from reportgraph.models import DocumentExtraction, ExternalLinks
from reportgraph.rdf.entity_index import RESOLUTION_GRAPH
from reportgraph.rdf.mapping import entity_iri
from reportgraph.rdf.row_reads import entity_rows
from reportgraph.rdf.store import GraphStore
from reportgraph.rdf.vocab import RG
from reportgraph.rows import EntityRow

WATCH = "Harbour Watch"
TEXTS = (
    "Harbour Watch counted the dead in Lindau.",
    "Harbour Watch said the convoy reached Lindau.",
    "Harbour Watch reported shelling near Tarvos.",
    "Harbour Watch named two villages near Lindau.",
    "Harbour Watch counted the wounded in Port Vella.",
)


def _record(
    text: str,
    subtype: str | None = None,
    *,
    place: str | None = None,
    coordinates: tuple[float, float] | None = None,
    geonames: str | None = None,
) -> DocumentExtraction:
    """One document describing Harbour Watch (with ``subtype``) and, optionally, a place."""
    doc = document(text, f"mem/{ids.document_id(text)}.txt")
    ents = [entity(doc, "ORGANIZATION", WATCH).model_copy(update={"subtype": subtype})]
    if place is not None:
        found = entity(doc, "PLACE", place).model_copy(
            update={"coordinates": coordinates, "links": ExternalLinks(geonames=geonames)}
        )
        ents.append(found)
    return DocumentExtraction(document=doc, entities=tuple(ents), claims=())


def _store(extractions: Sequence[DocumentExtraction]) -> GraphStore:
    store = GraphStore(None)
    for ex in extractions:
        store.write(ex)
    return store


def _row(store: GraphStore, label: str, *, resolved_links: bool = True) -> EntityRow:
    (row,) = [r for r in entity_rows(store, resolved_links=resolved_links) if r.label == label]
    return row


# Each test below puts the minority subtype (or the loser of a tie) in every position: the old
# rule (the first subtype in Oxigraph's result order) picks it in at least one of them.


@pytest.mark.parametrize("minority", range(3))
def test_the_subtype_most_descriptions_give_wins(minority: int) -> None:
    # the majority sorts after the minority: neither "first" nor "alphabetical" gives it
    subtypes = ["monitor", "monitor", "monitor"]
    subtypes[minority] = "militia"
    store = _store([_record(t, s) for t, s in zip(TEXTS, subtypes, strict=False)])
    assert _row(store, WATCH).subtype == "monitor"


@pytest.mark.parametrize("first", range(2))
def test_a_tie_goes_to_the_alphabetically_first_subtype(first: int) -> None:
    subtypes = ["militia", "militia"]
    subtypes[first] = "armed group"
    store = _store([_record(t, s) for t, s in zip(TEXTS, subtypes, strict=False)])
    assert _row(store, WATCH).subtype == "armed group"


def test_descriptions_without_a_subtype_do_not_vote() -> None:
    store = _store([_record(TEXTS[0]), _record(TEXTS[1]), _record(TEXTS[2], "monitor")])
    assert _row(store, WATCH).subtype == "monitor"
    assert _row(_store([_record(TEXTS[0]), _record(TEXTS[1])]), WATCH).subtype is None


def test_rows_do_not_depend_on_the_order_documents_were_written() -> None:
    extractions = [
        _record(TEXTS[4], "militia", place="Port Vella", coordinates=(43.5, 16.25)),
        _record(TEXTS[1], "armed group", place="Lindau", geonames="2878000"),
        _record(TEXTS[2], "militia", place="Tarvos"),
        _record(TEXTS[3], "armed group", place="Lindau", geonames="2878000"),
    ]
    forward = [r.model_dump() for r in entity_rows(_store(extractions))]
    backward = [r.model_dump() for r in entity_rows(_store(extractions[::-1]))]
    assert forward == backward
    assert [r["subtype"] for r in forward if r["label"] == WATCH] == ["armed group"]


FULL_NAME = (
    "The National Unity Movement (NUM) held Tarvos. The NUM denied it.",
    "The National Unity Movement (NUM) left Lindau. The NUM confirmed it.",
)
BARE = ("NUM fighters shelled Tarvos on Friday.", "Residents said NUM patrols left Tarvos.")


def _num_documents(full: Sequence[str], bare: Sequence[str]) -> list[DocumentExtraction]:
    """The full name defined with its acronym in one document per ``full`` subtype, the bare
    acronym (another entity IRI, which resolution merges into it) in one per ``bare`` subtype."""
    out = []
    for text, subtype in zip(FULL_NAME, full, strict=False):
        doc = document(text, f"mem/{ids.document_id(text)}.txt")
        found = acronym_entity(doc, "ORGANIZATION", "National Unity Movement", "NUM")
        out.append(
            DocumentExtraction(
                document=doc, entities=(found.model_copy(update={"subtype": subtype}),), claims=()
            )
        )
    for text, subtype in zip(BARE, bare, strict=False):
        doc = document(text, f"mem/{ids.document_id(text)}.txt")
        found = entity(doc, "ORGANIZATION", "NUM").model_copy(update={"subtype": subtype})
        out.append(DocumentExtraction(document=doc, entities=(found,), claims=()))
    return out


@pytest.mark.parametrize(
    ("full", "bare"),
    [(["armed group"], ["party", "party"]), (["party", "party"], ["armed group"])],
)
def test_merged_records_vote_once_per_description(full: list[str], bare: list[str]) -> None:
    graph = ReportGraph(None)
    for ex in _num_documents(full, bare):
        graph.store.write(ex)
    graph.resolve()
    rows = [r for r in entity_rows(graph.store) if "NUM" in (r.label, *r.aliases)]
    assert len(rows) == 1, "the acronym should resolve to the defined name"
    assert rows[0].subtype == "party"  # two descriptions outvote one, whichever IRI they use


def test_coordinates_and_links_show_only_the_value_all_descriptions_agree_on() -> None:
    agreed = _store(
        [
            _record(TEXTS[0], place="Lindau", coordinates=(47.5, 9.75), geonames="2878000"),
            _record(TEXTS[1], place="Lindau", coordinates=(47.5, 9.75), geonames="2878000"),
            _record(TEXTS[3], place="Lindau"),  # says nothing: does not disagree
        ]
    )
    row = _row(agreed, "Lindau")
    assert row.coordinates == (47.5, 9.75)
    assert row.links.geonames == "2878000"
    disagreeing = _store(
        [
            _record(TEXTS[0], place="Lindau", coordinates=(47.5, 9.75), geonames="2878000"),
            _record(TEXTS[1], place="Lindau", coordinates=(47.5, 11.0), geonames="2878001"),
        ]
    )
    row = _row(disagreeing, "Lindau")
    assert row.coordinates is None
    assert row.links.geonames is None


def test_ids_in_the_resolution_graph_are_not_the_documents_own() -> None:
    store = _store([_record(TEXTS[0], place="Lindau", geonames="2878000")])
    place = entity_iri(_row(store, "Lindau").id)
    store.replace_graph(
        RESOLUTION_GRAPH,
        [
            ox.Quad(place, RG.geonamesId, ox.Literal("999"), RESOLUTION_GRAPH),
            ox.Quad(place, RG.wikidataId, ox.Literal("Q999"), RESOLUTION_GRAPH),
        ],
    )
    own = _row(store, "Lindau", resolved_links=False).links
    assert (own.geonames, own.wikidata) == ("2878000", None)
    given = _row(store, "Lindau").links
    assert (given.geonames, given.wikidata) == ("999", "Q999")


def test_rows_for_a_few_entities_match_the_whole_store_rows() -> None:
    graph = ReportGraph(None)
    extractions = [
        *_num_documents(["armed group"], ["party", "party"]),
        _record(TEXTS[0], "militia", place="Lindau", coordinates=(47.5, 9.75), geonames="1"),
        _record(TEXTS[1], "monitor", place="Lindau", coordinates=(47.5, 9.75), geonames="1"),
        _record(TEXTS[4], "monitor", place="Port Vella", coordinates=(43.5, 16.25)),
    ]
    for ex in extractions:
        graph.store.write(ex)
    graph.resolve()
    for full in (True, False):  # as the resolution reads them, and as users do
        every = entity_rows(graph.store, with_mentions=full, resolved_links=full)
        assert len(every) >= 4
        for row in every:
            iri = entity_iri(row.id).value
            (one,) = entity_rows(
                graph.store, entities=[iri], with_mentions=full, resolved_links=full
            )
            assert one == row
