"""What a user's SPARQL must pass before anything runs: it parses, and it calls no SERVICE.

``SERVICE <iri> { ... }`` makes Oxigraph send the inner pattern over HTTP to that IRI. This is an
offline tool, and a server built on it must never become a request proxy, so a query with a
SERVICE clause is refused (RG404) by :func:`refuse_service`, which the query command, the API and
any future endpoint call, and which :meth:`GraphStore.select` calls too.

pyoxigraph exposes no parser, so the check asks Oxigraph's own parser a question it can answer:
every occurrence of ``service`` (any ASCII case, anywhere) is changed to a word of the same
length that is nowhere in the query (``servicq``) and the changed query is parsed. Inside an IRI,
a string, a comment, a variable, a prefixed name, a blank node or a language tag the change keeps
the query valid (all occurrences change together, so a prefix still matches its declaration);
the keyword becomes a word SPARQL does not have, and the query stops parsing. So a query that
parses before the change and not after it calls SERVICE. Being Oxigraph's own reading, this is
not fooled where a tokenizer would be: ``FILTER(?a<?b)SERVICE<x>#>`` (an IRI to a lexer, a
comparison to Oxigraph), or ``SERVICESILENT`` and ``SERVICE:x``, which Oxigraph reads as
``SERVICE SILENT`` and ``SERVICE :x``. Oxigraph has no ``\\u`` escapes outside strings, so a
query without the letters ``service`` has no SERVICE clause and costs one regex search.

Parsing without running: Oxigraph parses a query, then checks its substitutions against the
query's projection, and only then evaluates. A substitution of a variable the query does not
have stops it at that check (RuntimeError), with nothing evaluated. The changed query, which
cannot call SERVICE, is parsed first; the original only if the changed one fails.
``tests/rdf/test_query_guard.py`` checks both against a local HTTP server.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

from reportgraph.errors import QueryError
from reportgraph.rdf.vocab import PREFIXES

_WORD = re.compile("service", re.IGNORECASE | re.ASCII)
_SPARES = "qxzjkwvybg"  # last letters for the changed word: one of them is not in the query
_UPDATE_WORDS = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)
_EMPTY = ox.Store()  # parsing needs a store; nothing is ever evaluated on it


def check_query(sparql: str, prefixes: Mapping[str, str] = PREFIXES) -> None:
    """Refuse ``sparql`` before it runs: an update (RG401), text that does not parse (RG402),
    a SERVICE clause (RG404). Runs nothing."""
    refuse_service(sparql, prefixes)
    try:
        parse_only(sparql, prefixes)
    except SyntaxError as exc:
        raise syntax_error(exc, sparql) from exc


def refuse_service(sparql: str, prefixes: Mapping[str, str] = PREFIXES) -> None:
    """A QueryError (RG404) if ``sparql`` has a SERVICE clause, in any case and anywhere (in
    OPTIONAL, UNION, EXISTS, a subquery...). Text that does not parse passes: running it fails
    at the parse."""
    if not _WORD.search(sparql):
        return
    spare = next((c for c in _SPARES if not _mentions(sparql, prefixes, "servic" + c)), None)
    if spare is not None:
        changed = _change(sparql, spare)
        changed_prefixes = {_change(k, spare): _change(v, spare) for k, v in prefixes.items()}
        if _parses(changed, changed_prefixes) or not _parses(sparql, prefixes):
            return
    raise QueryError(
        "SERVICE is refused: it would send the query over HTTP to another endpoint, and "
        "reportgraph works offline.",
        "Remove the SERVICE clause and query this store's own data.",
        code="RG404",
    )


def parse_only(sparql: str, prefixes: Mapping[str, str] = PREFIXES) -> None:
    """Parse ``sparql`` as Oxigraph would run it, evaluating nothing: SyntaxError if it does not
    parse."""
    name = next(f"rgparse{n}" for n in range(len(sparql) + 1) if f"rgparse{n}" not in sparql)
    try:
        _EMPTY.query(
            sparql, prefixes=dict(prefixes), substitutions={ox.Variable(name): ox.Literal(0)}
        )
    except RuntimeError:
        return  # parsed, then stopped at the substitution check, before any evaluation
    raise RuntimeError("Oxigraph accepted a substitution of a variable the query does not have")


def syntax_error(exc: SyntaxError, sparql: str) -> QueryError:
    """Oxigraph's SyntaxError as a QueryError: RG401 for an update, else RG402."""
    if _looks_like_update(sparql):
        return QueryError(
            "SPARQL updates are refused: queries are read-only.",
            "Use SELECT, ASK, CONSTRUCT or DESCRIBE; the graph changes only through "
            "`reportgraph build` and `reportgraph remove`.",
            code="RG401",
        )
    return QueryError(
        f"The SPARQL query does not parse: {exc}.",
        "Check the query syntax (prefixes rg:, prov:, nif:, rdfs:, schema:, sem: are predeclared).",
        code="RG402",
    )


def _parses(sparql: str, prefixes: Mapping[str, str]) -> bool:
    try:
        parse_only(sparql, prefixes)
    except SyntaxError:
        return False
    return True


def _mentions(sparql: str, prefixes: Mapping[str, str], word: str) -> bool:
    texts = (sparql, *prefixes, *prefixes.values())
    return any(re.search(word, t, re.IGNORECASE | re.ASCII) for t in texts)


def _change(text: str, spare: str) -> str:
    """Every ``service`` in ``text`` with its last letter replaced by ``spare`` (same case)."""
    return _WORD.sub(lambda m: m[0][:6] + (spare.upper() if m[0][6] == "E" else spare), text)


def _looks_like_update(sparql: str) -> bool:
    text = "\n".join(line for line in sparql.splitlines() if not line.lstrip().startswith("#"))
    return bool(_UPDATE_WORDS.match(text))
