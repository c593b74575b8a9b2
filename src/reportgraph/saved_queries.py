"""Saved queries (``queries/*.rq``): find one by name, file or text, and bind its parameters.

A saved query's first comment line is its description; header lines ``# param NAME: KIND``
declare parameters, bound as the variables ``?NAME``. A parameter's kind says how its value
becomes a term: ``entity`` (an entity id, IRI, label or alias), ``claim`` or ``source`` (an id
or IRI), ``iri``, or ``text`` (a literal, the default).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from reportgraph.data_files import project_dir
from reportgraph.errors import QueryError
from reportgraph.rdf.mapping import claim_iri, source_iri
from reportgraph.rdf.store import Term

EntityResolver = Callable[[str], str]  # an entity id, IRI, label or alias -> its IRI


@dataclass
class SavedQuery:
    name: str
    path: Path
    text: str
    description: str
    params: dict[str, str] = field(default_factory=dict)  # name -> kind (entity|source|claim|text)


def saved_queries() -> dict[str, SavedQuery]:
    """The queries in ``queries/``: name -> query."""
    out: dict[str, SavedQuery] = {}
    for path in sorted(project_dir("queries").glob("*.rq")):
        out[path.stem] = parse_saved_query(path)
    return out


def parse_saved_query(path: Path) -> SavedQuery:
    text = path.read_text(encoding="utf-8")
    description, params = "", {}
    for line in text.splitlines():
        if not line.startswith("#"):
            continue
        body = line.lstrip("#").strip()
        if body.startswith("param "):
            name, _, kind = body[6:].partition(":")
            params[name.strip()] = kind.strip() or "text"
        elif body and not description:
            description = body
    return SavedQuery(path.stem, path, text, description, params)


def find_query(name_or_text: str) -> SavedQuery:
    """A saved query by name, a ``.rq`` file, or else SPARQL text (the query ``inline``)."""
    saved = saved_queries()
    if name_or_text in saved:
        return saved[name_or_text]
    if name_or_text.endswith(".rq") and Path(name_or_text).is_file():
        return parse_saved_query(Path(name_or_text))
    return SavedQuery("inline", Path("-"), name_or_text, "")


def bind_parameters(
    query: SavedQuery, params: Mapping[str, str], resolve_entity: EntityResolver
) -> dict[str, Term]:
    """The variable bindings of ``params`` (NAME -> value) for ``query``; a parameter the query
    declares and ``params`` lacks is a QueryError (RG403)."""
    missing = [p for p in query.params if p not in params]
    if missing:
        raise QueryError(
            f"Query {query.name!r} needs parameter(s): {', '.join(missing)}.",
            "Pass them as --param NAME=VALUE.",
            code="RG403",
        )
    return {
        name: _bind(query.params.get(name, "text"), value, resolve_entity)
        for name, value in params.items()
    }


def _bind(kind: str, value: str, resolve_entity: EntityResolver) -> Term:
    if kind == "entity":
        return ox.NamedNode(resolve_entity(value))
    if kind == "claim":
        return claim_iri(value) if not value.startswith("https://") else ox.NamedNode(value)
    if kind == "source":
        return source_iri(value) if not value.startswith("https://") else ox.NamedNode(value)
    if kind == "iri":
        return ox.NamedNode(value)
    return ox.Literal(value)
