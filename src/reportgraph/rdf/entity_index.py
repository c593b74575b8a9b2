"""The entity index (labels, canonical entities, members) and finding entities by label.

``EntityIndex`` reads the entity records of the document graphs and what the resolution graph
(``RESOLUTION_GRAPH``) made of them; ``EntityFinder`` finds entities by id, IRI or label without
loading the whole index when only a few labels match.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from reportgraph.errors import NotFoundError
from reportgraph.rdf.mapping import entity_iri
from reportgraph.rdf.sparql_values import as_int, one_column, select_for, whole_store
from reportgraph.rdf.store import GraphStore, Value
from reportgraph.rdf.vocab import data_iri, local_id
from reportgraph.rows import Ref

RESOLUTION_GRAPH = data_iri("graph/resolution")

_LABELS = """
SELECT ?e ?label (COUNT(DISTINCT ?m) AS ?n) WHERE {
  GRAPH ?g { #VALUES# ?e rdfs:label ?label ; rg:hasMention ?m }
} GROUP BY ?e ?label
"""
# Every entity description (mapping._entity) carries the type, one label and at least one mention
# (models.Entity), and only entity descriptions give an entity IRI an rdfs:label. So the labels
# of an entity are found without joining its mentions (a popular entity is described in
# thousands of documents), and mentions are counted only to choose between two or more labels.
# Only entity descriptions have rg:hasMention (its domain is rg:Entity): no type test needed.
_IS_ENTITY = "SELECT ?e WHERE { #VALUES# FILTER EXISTS { GRAPH ?g { ?e a rg:Entity } } }"
_LABEL_SETS = "SELECT DISTINCT ?e ?label WHERE { GRAPH ?g { #VALUES# ?e rdfs:label ?label } }"
_CANONICAL = "SELECT ?e ?c ?g WHERE { GRAPH ?g { #VALUES# ?e rg:canonical ?c } }"
_PREFLABELS = "SELECT ?c ?label ?g WHERE { GRAPH ?g { #VALUES# ?c skos:prefLabel ?label } }"


def most_given(counts: Mapping[str, int]) -> str:
    """The value with the highest count, a tie going to the alphabetically first (how an entity's
    label is chosen among its surface forms, and its subtype among its descriptions')."""
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


@dataclass
class EntityIndex:
    """Entity records and what the resolution stage made of them.

    ``canonical`` maps each record IRI to the IRI of the entity it was resolved to (records the
    resolution graph does not mention stand alone); ``labels`` gives every IRI its preferred
    label (a record's most frequent surface form; a canonical entity's preferred label);
    ``all_labels`` and ``members`` are keyed by canonical IRI.

    ``EntityIndex.load(store, iris=...)`` loads only what concerns those IRIs (their canonical
    entities and all the records merged into them); for those IRIs it answers as the whole
    index would. Choosing a record's label means reading every document that describes it
    (thousands for a popular entity); a preferred label in the resolution graph spares that.
    """

    labels: dict[str, str]
    all_labels: dict[str, list[str]]
    canonical: dict[str, str] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(
        cls,
        store: GraphStore,
        *,
        resolved: bool = True,
        iris: Iterable[str] | None = None,
        refs_only: bool = False,
    ) -> EntityIndex:
        """The whole index, or (``iris``) the part about those IRIs; with ``refs_only`` as well,
        only ``ref()`` and ``canon()`` of those IRIs are answered (labels are read only for
        entities the resolution graph gives no preferred label)."""
        res = {"g": RESOLUTION_GRAPH}
        canonical: dict[str, str] = {}
        preferred: list[dict[str, Value]] = []
        counts: dict[str, dict[str, int]] = defaultdict(dict)
        if iris is None:
            for r in store.select(whole_store(_LABELS)).rows:
                e, label = str(r["e"]), str(r["label"])
                counts[e][label] = counts[e].get(label, 0) + as_int(r["n"] or 0)
            if resolved:
                rows = store.select(whole_store(_CANONICAL), res).rows
                canonical = {str(r["e"]): str(r["c"]) for r in rows}
                preferred = store.select(whole_store(_PREFLABELS), res).rows
        else:
            records = set(iris)
            if resolved:
                for r in select_for(store, _CANONICAL, ["e"], one_column(records), res):
                    canonical[str(r["e"])] = str(r["c"])
                targets = {canonical.get(i, i) for i in records}
                for r in select_for(store, _CANONICAL, ["c"], one_column(targets), res):
                    canonical[str(r["e"])] = str(r["c"])
                records |= targets | set(canonical)
                preferred = select_for(store, _PREFLABELS, ["c"], one_column(records), res)
                if refs_only:  # labels are needed only for entities without a preferred one
                    named = {str(r["c"]) for r in preferred}
                    unnamed = {t for t in targets if t not in named}
                    records = unnamed | {e for e, c in canonical.items() if c in unnamed}
            entities = {
                str(r["e"]) for r in select_for(store, _IS_ENTITY, ["e"], one_column(records))
            }
            label_sets: dict[str, set[str]] = defaultdict(set)
            for r in select_for(store, _LABEL_SETS, ["e"], one_column(entities)):
                label_sets[str(r["e"])].add(str(r["label"]))
            for e, found in label_sets.items():
                if len(found) == 1:
                    counts[e][next(iter(found))] = 1
            ambiguous = [e for e, found in label_sets.items() if len(found) > 1]
            for r in select_for(store, _LABELS, ["e"], one_column(ambiguous)):
                e, label = str(r["e"]), str(r["label"])
                counts[e][label] = counts[e].get(label, 0) + as_int(r["n"] or 0)
        labels = {e: most_given(c) for e, c in counts.items()}
        for r in preferred:
            labels[str(r["c"])] = str(r["label"])
        members: dict[str, list[str]] = defaultdict(list)
        names: dict[str, set[str]] = defaultdict(set)
        for e, c in counts.items():
            target = canonical.get(e, e)
            members[target].append(e)
            names[target].update(c)
        for target in members:
            labels.setdefault(target, labels.get(sorted(members[target])[0], target))
        return cls(
            labels,
            {c: sorted(n) for c, n in names.items()},
            canonical,
            {c: sorted(m) for c, m in members.items()},
        )

    def canon(self, iri: str) -> str:
        return self.canonical.get(iri, iri)

    def ref(self, iri: str) -> Ref:
        target = self.canon(iri)
        return Ref(
            id=local_id(target).removeprefix("entity/"), label=self.labels.get(target, target)
        )


ENTITY_ID = re.compile(r"[a-z]+(?:/[a-z0-9-]+)+")  # "place/x", "group/descriptor/<doc>/x"
_LABEL_VALUES = "SELECT DISTINCT ?label WHERE { GRAPH ?g { ?e rdfs:label ?label } }"
_LABELLED = "SELECT DISTINCT ?e ?label WHERE { GRAPH ?g { ?e rdfs:label ?label } }"


class EntityFinder:
    """Entities by id, IRI or label, for a store too big to load the whole entity index for one
    name.

    ``named(match)`` gives the canonical IRIs of the entities one of whose records has a label
    for which ``match`` holds (what ``EntityIndex.all_labels`` would give), and an index that
    knows them. It reads the distinct labels once (far quicker than the whole index on a big
    store), then only the records with a matching label. When more than
    ``limit`` labels match, or an index is given, it uses the whole index."""

    def __init__(
        self, store: GraphStore, index: EntityIndex | None = None, *, limit: int = 64
    ) -> None:
        self.store = store
        self.index = index
        self.limit = limit
        self._labels: list[str] | None = None

    def named(self, match: Callable[[str], bool]) -> tuple[list[str], EntityIndex]:
        if self.index is None:
            if self._labels is None:
                self._labels = [str(r["label"]) for r in self.store.select(_LABEL_VALUES).rows]
            found = [label for label in self._labels if match(label)]
            if len(found) <= self.limit:
                records: set[str] = set()
                for label in found:
                    rows = self.store.select(_LABELLED, {"label": ox.Literal(label)}).rows
                    records.update(str(r["e"]) for r in rows)
                index = EntityIndex.load(self.store, iris=records)
                targets = {index.canon(e) for e in records if e in index.labels}
                return sorted(
                    t for t in targets if any(map(match, index.all_labels.get(t, [])))
                ), index
            self.index = EntityIndex.load(self.store)
        index = self.index
        return sorted(e for e, labels in index.all_labels.items() if any(map(match, labels))), index

    def resolve(self, name: str) -> str:
        """The canonical IRI of the entity with this id, IRI, label or alias (any case); a name
        that matches no entity, or several, is a NotFoundError. ``index`` keeps the whole index
        if it had to be loaded."""
        if not name.strip():  # every label contains the empty string: it names none of them
            raise NotFoundError(
                "An empty name names no entity.",
                "Give an entity id, label or alias (see `reportgraph entities`).",
                code="RG501",
            )
        iri = name if name.startswith("https://") else None
        if iri is None and ENTITY_ID.fullmatch(name):
            iri = entity_iri(name).value
        if iri is not None:  # an id or IRI: no need to load every entity to find it
            whole = self.index
            known = whole if whole is not None else EntityIndex.load(self.store, iris=[iri])
            if iri in known.labels:
                return known.canon(iri)
        needle = name.casefold().strip()
        exact, known = self.named(lambda lab: lab.casefold() == needle)
        if len(exact) == 1:
            return exact[0]
        candidates = exact
        if not exact:
            candidates, known = self.named(lambda lab: needle in lab.casefold())
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise NotFoundError(
                f"No entity named {name!r}.",
                "List entities with `reportgraph entities`.",
                code="RG501",
            )
        shown = ", ".join(f"{known.ref(c).id} ({known.labels[c]})" for c in candidates[:8])
        raise NotFoundError(
            f"{name!r} matches {len(candidates)} entities: {shown}.",
            "Pass the entity id instead of the label.",
            code="RG502",
        )
