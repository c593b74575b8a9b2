"""Pre-bound variables for a server that cannot take them: a ``VALUES`` row in the query.

The embedded store binds variables before evaluation (pyoxigraph's ``substitutions``). The
SPARQL 1.1 Protocol has nothing of the kind, so :func:`bind` writes the bindings as a one-row
``VALUES`` block at the start of the query's WHERE group: it is joined with the rest of the
group, so every pattern, FILTER, OPTIONAL and EXISTS of that group sees the variables bound, and
a projected variable carries its value. Each value is written in its N-Triples form by
pyoxigraph (no text of it can leave the block). ``tests/remote/test_bindings.py`` checks, on the
embedded store, that the bound queries this package runs answer as the substitutions do.

Finding the group: a small scanner skips strings, IRIs and comments, finds the query form's
keyword, skips a CONSTRUCT template and any braces inside parentheses (EXISTS in a SELECT
expression), and takes the next ``{``. The short form ``CONSTRUCT WHERE { ... }``, whose group
is also its template, gets a trailing ``VALUES`` clause instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

from reportgraph.errors import QueryError

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_FORM = re.compile(r"(SELECT|ASK|CONSTRUCT|DESCRIBE)(?![\w:-])", re.IGNORECASE)


def bind(sparql: str, bindings: Mapping[str, Term] | None) -> str:
    """``sparql`` with ``bindings`` (variable name -> term) written into it."""
    if not bindings:
        return sparql
    names = list(bindings)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_0-9\u00B7-\uFFFF]+", name):
            raise QueryError(f"{name!r} is not a SPARQL variable name.", code="RG409")
    row = " ".join(_value(bindings[n]) for n in names)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }} "
    at = _group_start(sparql)
    if at is None:
        return f"{sparql}\n{block}"
    return sparql[:at] + block + sparql[at:]


def _value(term: Term) -> str:
    if isinstance(term, ox.NamedNode | ox.Literal):
        return str(term)
    raise QueryError(
        f"A {type(term).__name__} cannot be bound in a query sent to a remote store.",
        "Bind IRIs or literals only.",
        code="RG409",
    )


def _group_start(sparql: str) -> int | None:
    """The index just after the ``{`` that opens the WHERE group, or None (short CONSTRUCT,
    or nothing found: a trailing VALUES clause then)."""
    form = _form(sparql)
    if form is None:
        return None
    name, end = form
    outside = [t for t in _braces(sparql) if t[0] >= end]
    if name == "CONSTRUCT":
        following = [t for t in _scan(sparql, words=True) if t[0] >= end]
        if not following or following[0][1] != "{":
            return None  # CONSTRUCT WHERE { ... }: the group is the template
        close = _matching(outside, following[0][0])
        if close is None:
            return None
        outside = [t for t in outside if t[0] > close]
    for i, ch, depth in outside:
        if ch == "{" and depth == 0:
            return i + 1
    return None


def _matching(tokens: list[tuple[int, str, int]], start: int) -> int | None:
    level = 0
    for i, ch, _ in tokens:
        if i < start:
            continue
        level += 1 if ch == "{" else -1 if ch == "}" else 0
        if level == 0 and ch == "}":
            return i
    return None


def _form(sparql: str) -> tuple[str, int] | None:
    """The query form's keyword and the index after it, outside strings, IRIs and comments."""
    for i, _ch, _depth in _scan(sparql, words=True):
        found = _FORM.match(sparql, i)
        if found and (i == 0 or not (sparql[i - 1].isalnum() or sparql[i - 1] in "_:?$")):
            return found[1].upper(), found.end()
    return None


def _braces(sparql: str) -> list[tuple[int, str, int]]:
    """Every brace and parenthesis outside strings, IRIs and comments, with the parenthesis
    depth it is at."""
    return [t for t in _scan(sparql, words=False) if t[1] in "{}()"]


def _scan(sparql: str, *, words: bool) -> list[tuple[int, str, int]]:
    out: list[tuple[int, str, int]] = []
    depth = 0
    i, n = 0, len(sparql)
    while i < n:
        ch = sparql[i]
        if ch == "#":
            nl = sparql.find("\n", i)
            i = n if nl < 0 else nl + 1
            continue
        if ch in "'\"":
            i = _string_end(sparql, i)
            continue
        if ch == "<":
            iri = _IRI.match(sparql, i)
            if iri:
                i = iri.end()
                continue
        if ch == "(":
            out.append((i, ch, depth))
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
            out.append((i, ch, depth))
        elif ch in "{}":
            out.append((i, ch, depth))
        elif words and ch.isalpha():
            out.append((i, ch, depth))
            while i < n and (sparql[i].isalnum() or sparql[i] in "_-:"):
                i += 1
            continue
        i += 1
    return out


def _string_end(sparql: str, i: int) -> int:
    quote = sparql[i]
    long = sparql.startswith(quote * 3, i)
    j = i + (3 if long else 1)
    n = len(sparql)
    while j < n:
        if sparql[j] == "\\":
            j += 2
            continue
        if long and sparql.startswith(quote * 3, j):
            return j + 3
        if not long and sparql[j] == quote:
            return j + 1
        if not long and sparql[j] == "\n":
            return j  # an unterminated string: let the server say so
        j += 1
    return n
