"""Incremental resolution equals resolution from scratch.

Seeded random sequences of builds and removals of invented documents (names chosen to trigger
every rule: acronyms, transliterations, surnames, plurals, organisation variants, shared and
conflicting links, descriptors), with and without overrides. After each step the store that was
resolved incrementally must hold exactly the quads of a store holding the same documents and
resolved from scratch (resolution graph, stamp and state graph), and its resolution graph must
equal the one made from the entity descriptions by the reference reader
(``rdf.resolution.entity_records``), which never looks at the caches.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from factories import acronym_entity, document, entity, mention, relation
from reportgraph.builder.resolving import ResolutionRun, resolve_store
from reportgraph.models import AliasEvidence, DocumentExtraction, Entity, ExternalLinks
from reportgraph.rdf.entity_index import RESOLUTION_GRAPH
from reportgraph.rdf.resolution import (
    entity_records,
    first_mentions,
    quad_weight,
    resolution_quads,
    stamp_quad,
    stamp_text,
    unevidenced,
)
from reportgraph.rdf.resolution_state import STATE_GRAPH
from reportgraph.rdf.store import GraphStore
from reportgraph.resolve import Overrides, parse_overrides, resolve

# (type, label, acronym or None, links, subtype)
NAMES: list[tuple[str, str, str | None, dict[str, str], str | None]] = [
    ("PERSON", "Ana Kovic", None, {}, None),
    ("PERSON", "Anna Kovic", None, {}, None),
    ("PERSON", "Kovic", None, {}, None),
    ("PERSON", "Halid Morran", None, {}, None),
    ("PERSON", "Khalid Morran", None, {}, None),
    ("PERSON", "Morran", None, {}, None),
    ("PERSON", "Yusuf Benali", None, {}, None),
    ("PERSON", "Youssouf Benali", None, {}, None),
    ("PERSON", "Lena Benali", None, {}, None),
    ("PERSON", "Benali", None, {}, None),
    ("PERSON", "Dmitriy Orlev", None, {}, None),
    ("PERSON", "Dmitry Orlev", None, {}, None),
    ("ORGANIZATION", "National Unity Movement", "NUM", {}, None),
    ("ORGANIZATION", "NUM", None, {}, None),
    ("ORGANIZATION", "Northern Unity Militia", "NUM", {}, None),
    ("ORGANIZATION", "Acme Motors", None, {}, None),
    ("ORGANIZATION", "Acme Inc.", None, {}, None),
    ("ORGANIZATION", "Acme", None, {}, None),
    ("ORGANIZATION", "Acme Computer", None, {}, None),
    ("ORGANIZATION", "Tarvia government", None, {}, None),
    ("ORGANIZATION", "government of Tarvia", None, {}, None),
    ("ORGANIZATION", "Harbour Watch", None, {"wikidata": "Q77"}, None),
    ("GROUP", "Velan", None, {}, None),
    ("GROUP", "Velans", None, {}, None),
    ("GROUP", "gunmen", None, {}, "descriptor"),
    ("PLACE", "Port Vella", None, {"geonames": "123"}, None),
    ("PLACE", "Vella", None, {"geonames": "123"}, None),
    ("PLACE", "Lindau", None, {"geonames": "456"}, None),
    ("PLACE", "Lindow", None, {"geonames": "456"}, None),
    ("PLACE", "Kharvik", None, {}, None),
    ("PLACE", "Harvik", None, {"geonames": "789"}, None),
    ("PLACE", "Tarvos", None, {}, None),
    ("PLACE", "Tarvia", None, {}, "country"),
]

OVERRIDES = """
[[merge]]
ids = ["place/tarvos", "Lindau"]

[[split]]
ids = ["person/ana-kovic", "person/anna-kovic"]

[[label]]
id = "organization/acme"
label = "Acme Group"

[[link]]
id = "Kharvik"
geonames = "789"
"""


def _entity(rng: random.Random, doc_text: str, spec: tuple, doc) -> Entity:  # type: ignore[no-untyped-def]
    type_, label, acronym, links, subtype = spec
    found = acronym_entity(doc, type_, label, acronym) if acronym else entity(doc, type_, label)
    update: dict[str, object] = {"subtype": subtype}
    if links and rng.random() < 0.8:
        update["links"] = ExternalLinks(**links)
    elif links:  # a document that gives another id: the links disagree
        other = {k: v + "0" if k == "geonames" else "Q1" for k, v in links.items()}
        update["links"] = ExternalLinks(**other)
    if type_ == "PERSON" and rng.random() < 0.15:
        alias = "Kovic" if "Kovic" not in label else "Morran"
        if f"formerly {alias}" in doc_text:
            shown = mention(doc, f"formerly {alias}")
            update["alias_evidence"] = (
                AliasEvidence(alias=alias, reason="formerly", mention=shown),
            )
    return found.model_copy(update=update)


def invented(rng: random.Random, n: int) -> DocumentExtraction:
    specs = rng.sample(NAMES, rng.randint(2, 6))
    parts = [f"Report {n} from the wires."]
    for _, label, acronym, _, _ in specs:
        if acronym:
            parts.append(f"The {label} ({acronym}) spoke. {acronym} left. {acronym} returned.")
        else:
            parts.append(f"{label} was named again.")
    if rng.random() < 0.3:
        parts.append("She was formerly Kovic. He was formerly Morran.")
    text = " ".join(parts)
    doc = document(text, f"mem/{n}.txt")
    entities = {}
    for spec in specs:
        e = _entity(rng, text, spec, doc)
        entities[e.id] = e
    ents = list(entities.values())
    claims = (relation(doc, ents[0], "met", ents[1]),)
    return DocumentExtraction(document=doc, entities=tuple(ents), claims=claims)


def _sorted(store: GraphStore) -> list[str]:
    return sorted(str(q) for q in store.quads())


def _graph(store: GraphStore, graph) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(str(q) for q in store.quads(graph))


def _reference_graph(store: GraphStore, rules: Overrides | None) -> list[str]:
    """The resolution graph made from the entity descriptions, as before caches existed."""
    records = entity_records(store)
    res = resolve(records, rules)
    quads = resolution_quads(records, res, first_mentions(store, unevidenced(res)))
    stamp = stamp_quad(text=stamp_text(sum(map(quad_weight, quads))))
    return sorted(str(q) for q in [*quads, stamp])


def _check(store: GraphStore, docs: dict[str, DocumentExtraction], rules: Overrides | None,
           run: ResolutionRun) -> None:  # fmt: skip
    fresh = GraphStore(None)
    for ex in docs.values():
        fresh.write(ex)
    full = resolve_store(fresh, rules, full=True)
    assert _graph(store, RESOLUTION_GRAPH) == _graph(fresh, RESOLUTION_GRAPH)
    assert _graph(store, STATE_GRAPH) == _graph(fresh, STATE_GRAPH)
    assert _sorted(store) == _sorted(fresh)
    assert run.entities == full.entities
    assert _graph(store, RESOLUTION_GRAPH) == _reference_graph(store, rules)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("with_overrides", [False, True])
def test_incremental_steps_equal_a_resolution_from_scratch(seed: int, with_overrides: bool) -> None:
    rng = random.Random(seed * 7919 + with_overrides)
    rules = parse_overrides(OVERRIDES) if with_overrides else None
    store = GraphStore(None)
    docs: dict[str, DocumentExtraction] = {}
    n = 0
    incremental = 0
    for _ in range(10):
        if docs and rng.random() < 0.35:
            for doc_id in rng.sample(sorted(docs), min(len(docs), rng.randint(1, 2))):
                store.remove_document(doc_id)
                del docs[doc_id]
        else:
            for _ in range(rng.randint(1, 3)):
                n += 1
                ex = invented(rng, n)
                store.write(ex)
                docs[ex.document.id] = ex
        run = resolve_store(store, rules)
        incremental += not run.full
        _check(store, docs, rules, run)
    assert incremental >= 8  # only the first run starts from scratch


def test_an_overrides_change_resolves_from_scratch(tmp_path: Path) -> None:
    rng = random.Random(5)
    store = GraphStore(None)
    docs = [invented(rng, n) for n in range(8)]
    for ex in docs:
        store.write(ex)
    assert resolve_store(store).full
    rules = parse_overrides(OVERRIDES)
    run = resolve_store(store, rules)
    assert run.full
    _check(store, {d.document.id: d for d in docs}, rules, run)
    assert not resolve_store(store, rules).full  # nothing changed: nothing resolved
    assert resolve_store(store, rules).records == 0


def test_a_state_of_another_resolution_is_not_trusted() -> None:
    """A resolution graph written by something else (its stamp no longer the state's) means a
    resolution from scratch."""
    rng = random.Random(3)
    store = GraphStore(None)
    docs = {}
    for n in range(5):
        ex = invented(rng, n)
        store.write(ex)
        docs[ex.document.id] = ex
    resolve_store(store)
    store.replace_graph(RESOLUTION_GRAPH, [])
    ex = invented(rng, 99)
    store.write(ex)
    docs[ex.document.id] = ex
    run = resolve_store(store)
    assert run.full
    _check(store, docs, None, run)
