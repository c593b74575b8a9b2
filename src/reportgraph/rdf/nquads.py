"""N-Quads text written directly, term by term.

A build turns every document into N-Quads bytes for the store (``mapping.prepare_document``).
Building a ``pyoxigraph.Quad`` per statement only to serialise it again cost more than the
store's own write of it; rendering each term once as N-Quads text and joining the lines costs a
fraction of that (bench/README.md, session 6). The escaping is N-Triples' (what Oxigraph
writes): ``"``, ``\\`` and control characters in literals; IRIs are checked for the characters
N-Triples forbids.
"""

from __future__ import annotations

import re
from functools import cache

import pyoxigraph as ox

_ESCAPES: dict[int, str] = {c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F)}
_ESCAPES.update({0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r"})
_ESCAPES.update({ord('"'): '\\"', ord("\\"): "\\\\"})
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f\x7f"\\]')
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')

_INTEGER = "<http://www.w3.org/2001/XMLSchema#integer>"


def iri(value: str) -> str:
    """``<value>``; ValueError for a character no IRI may hold (as ``ox.NamedNode`` would)."""
    if _NOT_IN_IRI.search(value) is not None:
        raise ValueError(f"not a valid IRI: {value!r}")
    return f"<{value}>"


@cache
def term(node: ox.NamedNode) -> str:
    """A vocabulary term as N-Quads text (rendered once: vocabulary terms are few)."""
    return str(node)


def literal(text: str) -> str:
    """A plain string literal, escaped."""
    if _NEEDS_ESCAPE.search(text) is None:
        return f'"{text}"'
    return '"' + text.translate(_ESCAPES) + '"'


def typed(text: str, datatype: ox.NamedNode) -> str:
    """A literal of ``datatype`` whose lexical form needs no escaping (numbers, dates)."""
    return f'"{text}"^^{term(datatype)}'


def integer(value: int) -> str:
    return f'"{int(value)}"^^{_INTEGER}'
