"""The vocabulary, declared once: ``rg:`` terms are read from ``ontology/reportgraph.ttl``.

Each namespace is closed: ``RG.Claim`` works, ``RG.Cliam`` raises AttributeError. External
vocabularies list only the terms this project uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import pyoxigraph as ox

from reportgraph.data_files import project_dir
from reportgraph.ids import DATA_BASE, ONTOLOGY_BASE

RELATION_BASE = "https://w3id.org/reportgraph/relation/"


class ClosedVocabulary:
    """A namespace of NamedNodes that refuses terms it does not declare."""

    def __init__(self, base: str, terms: Iterable[str]) -> None:
        self._base = base
        self._terms = frozenset(terms)

    @property
    def base(self) -> str:
        return self._base

    @property
    def terms(self) -> frozenset[str]:
        return self._terms

    def __getattr__(self, name: str) -> ox.NamedNode:
        if name.startswith("_") or name not in self._terms:
            raise AttributeError(f"{name!r} is not a term of <{self._base}>")
        node = ox.NamedNode(self._base + name)
        self.__dict__[name] = node  # later reads skip __getattr__ (terms are immutable)
        return node

    def __getitem__(self, name: str) -> ox.NamedNode:
        return self.__getattr__(name)


@cache
def _ontology_terms() -> frozenset[str]:
    path = project_dir("ontology") / "reportgraph.ttl"
    terms: set[str] = set()
    with path.open("rb") as fh:
        for triple in ox.parse(fh, format=ox.RdfFormat.TURTLE):
            subject = triple.subject
            if isinstance(subject, ox.NamedNode) and subject.value.startswith(ONTOLOGY_BASE):
                local = subject.value[len(ONTOLOGY_BASE) :]
                if local:
                    terms.add(local)
    return frozenset(terms)


RG = ClosedVocabulary(ONTOLOGY_BASE, _ontology_terms())
RDF = ClosedVocabulary("http://www.w3.org/1999/02/22-rdf-syntax-ns#", ["type"])
RDFS = ClosedVocabulary("http://www.w3.org/2000/01/rdf-schema#", ["label", "subPropertyOf"])
XSD = ClosedVocabulary(
    "http://www.w3.org/2001/XMLSchema#",
    ["string", "integer", "decimal", "date", "double"],
)
PROV = ClosedVocabulary(
    "http://www.w3.org/ns/prov#", ["wasAttributedTo", "wasDerivedFrom", "wasQuotedFrom"]
)
NIF = ClosedVocabulary(
    "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    ["beginIndex", "endIndex", "anchorOf", "isString"],
)
SCHEMA = ClosedVocabulary(
    "https://schema.org/",
    ["headline", "datePublished", "url", "inLanguage", "latitude", "longitude"],
)
SEM = ClosedVocabulary(
    "http://semanticweb.cs.vu.nl/2009/11/sem/", ["Event", "hasActor", "hasPlace", "hasTime"]
)
SKOS = ClosedVocabulary("http://www.w3.org/2004/02/skos/core#", ["altLabel", "prefLabel"])

PREFIXES: dict[str, str] = {
    "rg": ONTOLOGY_BASE,
    "rel": RELATION_BASE,
    "id": DATA_BASE,
    "rdf": RDF.base,
    "rdfs": RDFS.base,
    "xsd": XSD.base,
    "prov": PROV.base,
    "nif": NIF.base,
    "schema": SCHEMA.base,
    "sem": SEM.base,
    "skos": SKOS.base,
}


def data_iri(local_id: str) -> ox.NamedNode:
    """The IRI of a data resource from its id (see ``reportgraph.ids``)."""
    return ox.NamedNode(DATA_BASE + local_id)


def local_id(iri: str) -> str:
    """Inverse of :func:`data_iri` for IRIs under the data base; other IRIs are returned as is."""
    return iri[len(DATA_BASE) :] if iri.startswith(DATA_BASE) else iri


def relation_iri(predicate: str) -> ox.NamedNode:
    from reportgraph.ids import key

    return ox.NamedNode(RELATION_BASE + key(predicate).replace("-", "_"))
