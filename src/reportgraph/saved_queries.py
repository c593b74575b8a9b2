"""Saved queries (``queries/*.rq``): find one by name, file or text, and bind its parameters.

A saved query's first comment line is its description; header lines ``# param NAME: KIND``
declare parameters, bound as the variables ``?NAME`` (in a .rq file or in SPARQL text alike).
A parameter's kind says how its value becomes a term: ``entity`` (an entity id, IRI, label or
alias), ``claim`` or ``source`` (an id or IRI), ``iri``, or ``text`` (a literal, the default).
A query takes only the parameters it declares, each once, never empty (RG403, RG406-RG408).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from reportgraph.data_files import project_dir
from reportgraph.errors import QueryError
from reportgraph.rdf.mapping import claim_iri, source_iri
from reportgraph.rdf.store import Term

EntityResolver = Callable[[str], str]  # an entity id, IRI, label or alias -> its IRI
_KIND_VALUES = {  # what a parameter of each kind takes
    "entity": "an entity id, IRI, label or alias",
    "claim": "a claim id or IRI",
    "source": "a source id or IRI",
    "iri": "an IRI",
    "text": "some text",
}


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
    return parse_query_text(path.stem, path, path.read_text(encoding="utf-8"))


def parse_query_text(name: str, path: Path, text: str) -> SavedQuery:
    """A query from its text: the description and parameters its header comments declare."""
    description, params = "", {}
    for line in text.splitlines():
        if not line.startswith("#"):
            continue
        body = line.lstrip("#").strip()
        if body.startswith("param "):
            param, _, kind = body[6:].partition(":")
            params[param.strip()] = kind.strip() or "text"
        elif body and not description:
            description = body
    return SavedQuery(name, path, text, description, params)


def find_query(name_or_text: str) -> SavedQuery:
    """A saved query by name, a ``.rq`` file, or else SPARQL text (the query ``inline``)."""
    saved = saved_queries()
    if name_or_text in saved:
        return saved[name_or_text]
    if name_or_text.endswith(".rq") and Path(name_or_text).is_file():
        return parse_saved_query(Path(name_or_text))
    return parse_query_text("inline", Path("-"), name_or_text)


def parse_params(items: Sequence[str], name_or_text: str) -> dict[str, str]:
    """``NAME=VALUE`` items (``--param``) as NAME -> VALUE; an item without ``=`` or a name,
    or a name given twice, is a QueryError (RG406) that names the query's parameters."""
    params: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if sep and name and name not in params:
            params[name] = value
            continue
        query = find_query(name_or_text)
        problem = f"--param takes NAME=VALUE, not {item!r}" if not sep or not name else ""
        raise QueryError(
            f"{problem or f'Parameter {name!r} is given twice'}: {_declared(query)}.",
            "Pass each parameter once, as --param NAME=VALUE.",
            code="RG406",
        )
    return params


def bind_parameters(
    query: SavedQuery, params: Mapping[str, str], resolve_entity: EntityResolver
) -> dict[str, Term]:
    """The variable bindings of ``params`` (NAME -> value) for ``query``. A parameter the query
    does not declare (RG407), one it declares and ``params`` lacks (RG403), and an empty or
    invalid value (RG408) are QueryErrors that name the query's parameters."""
    unknown = [p for p in params if p not in query.params]
    if unknown:
        raise QueryError(
            f"No parameter {', '.join(map(repr, unknown))}: {_declared(query)}.",
            "Pass only the parameters the query declares (see `reportgraph query --list`).",
            code="RG407",
        )
    missing = [p for p in query.params if p not in params]
    if missing:
        raise QueryError(
            f"Missing parameter {', '.join(map(repr, missing))}: {_declared(query)}.",
            "Pass them as --param NAME=VALUE.",
            code="RG403",
        )
    return {name: _bind(query, name, value, resolve_entity) for name, value in params.items()}


def _declared(query: SavedQuery) -> str:
    """What parameters ``query`` takes, for an error message."""
    if not query.params:
        return f"query {query.name!r} takes no parameters"
    names = ", ".join(f"{name} ({_value_of(kind)})" for name, kind in query.params.items())
    return f"query {query.name!r} takes {names}"


def _value_of(kind: str) -> str:
    return _KIND_VALUES.get(kind, _KIND_VALUES["text"])


def _bind(query: SavedQuery, name: str, value: str, resolve_entity: EntityResolver) -> Term:
    kind = query.params[name]
    problem = "is empty"
    if value.strip():
        try:
            return _term(kind, value, resolve_entity)
        except ValueError as exc:  # pyoxigraph's invalid IRI
            problem = f"is not {_value_of(kind)} ({exc})"
    raise QueryError(
        f"Parameter {name!r} {problem}: {_declared(query)}.",
        f"Give {name} {_value_of(kind)}: --param {name}=VALUE.",
        code="RG408",
    )


def _term(kind: str, value: str, resolve_entity: EntityResolver) -> Term:
    if kind == "entity":
        return ox.NamedNode(resolve_entity(value))
    if kind == "claim":
        return claim_iri(value) if not value.startswith("https://") else ox.NamedNode(value)
    if kind == "source":
        return source_iri(value) if not value.startswith("https://") else ox.NamedNode(value)
    if kind == "iri":
        return ox.NamedNode(value)
    return ox.Literal(value)
