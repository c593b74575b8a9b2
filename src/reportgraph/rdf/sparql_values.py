"""SPARQL ``VALUES`` blocks from store terms, and integer columns of query results.

Queries written for these helpers carry a ``#VALUES#`` slot: ``select_for`` fills it with
blocks of IRIs (see ``reportgraph.rdf.row_reads`` for why reads start from such a block), and
``whole_store`` empties it for the same query over the whole store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pyoxigraph as ox

from reportgraph.rdf.store import GraphStore, Term, Value

CHUNK = 500  # IRIs per VALUES block: well under the planner's estimate for `?c a rg:Claim`


def values_block(variables: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """``VALUES (?a ?b) { (<..> <..>) ... }`` from IRIs. Each IRI goes through
    ``ox.NamedNode``, which refuses anything that is not an IRI (spaces, ``>``, quotes), and is
    written in its N-Triples form: no text can escape the block."""
    head = " ".join(f"?{v}" for v in variables)
    body = " ".join("(" + " ".join(str(ox.NamedNode(i)) for i in row) + ")" for row in rows)
    return f"VALUES ({head}) {{ {body} }}"


def select_for(
    store: GraphStore,
    query: str,
    variables: Sequence[str],
    rows: Sequence[Sequence[str]],
    bindings: Mapping[str, Term] | None = None,
) -> list[dict[str, Value]]:
    """Run ``query`` (with a ``#VALUES#`` slot) for ``rows`` of IRIs, ``CHUNK`` at a time."""
    out: list[dict[str, Value]] = []
    for i in range(0, len(rows), CHUNK):
        block = values_block(variables, rows[i : i + CHUNK])
        out += store.select(query.replace("#VALUES#", block), bindings).rows
    return out


def one_column(iris: Iterable[str]) -> list[tuple[str]]:
    """One-column VALUES rows; strings that are not IRIs (never in the store) are left out."""
    return [(i,) for i in sorted(set(iris)) if _is_iri(i)]


def _is_iri(text: str) -> bool:
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def whole_store(query: str) -> str:
    """``query`` with its ``#VALUES#`` slot left empty: the same query over the whole store."""
    return query.replace("#VALUES#", "")


def as_int(v: Value) -> int:
    """An integer result column (offsets, counts)."""
    if isinstance(v, int | float):
        return int(v)
    if isinstance(v, str) and v.lstrip("-").isdigit():
        return int(v)
    raise ValueError(f"expected an integer, got {v!r}")
