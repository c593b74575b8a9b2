"""JSON-LD export: named graphs kept, compacted with ``ontology/context.jsonld``."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from reportgraph.resources import project_dir


def context() -> dict[str, object]:
    data = json.loads((project_dir("ontology") / "context.jsonld").read_text(encoding="utf-8"))
    ctx = data["@context"]
    assert isinstance(ctx, dict)
    return ctx


def write_jsonld(quads: Iterable[ox.Quad], path: Path) -> None:
    """Serialise quads through N-Quads into rdflib and out as compact JSON-LD."""
    nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    ds = Dataset()
    ds.parse(data=nquads.decode("utf-8") if nquads else "", format="nquads")
    text = ds.serialize(format="json-ld", context=context(), auto_compact=True)
    path.write_text(text, encoding="utf-8")
