"""JSON-LD export, streamed straight from the store's quads (no rdflib, no in-memory dataset).

The file is one JSON-LD 1.1 document: the context of ``ontology/context.jsonld`` inlined, then a
top-level ``@graph`` holding the default graph's nodes and one graph object
``{"@id": g, "@graph": [nodes]}`` per named graph. Nodes are grouped by subject; IRIs are
compacted with the context's prefixes and terms. Quads are written as they are read, so memory
is bounded by the largest node, not by the store.

Compaction never changes the data:
- a term is used as a key only for its own IRI; a value the term's coercion (``"@type": "@id"``
  or a datatype) would misread is written as an explicit ``{"@id"}`` / ``{"@value"}`` object,
  which coercion does not touch;
- literals keep their lexical form (``{"@value": "042", "@type": "xsd:integer"}``, never a
  JSON number);
- an IRI is compacted only when the result expands back to it (no suffix starting with ``//``);
  a full IRI whose scheme is a context term (``rg:x`` as an absolute IRI) would be read as a
  compact IRI, so the node (or graph) holding it is written expanded under ``"@context": null``.

Runs of quads of one graph and one subject become one object; Oxigraph returns quads grouped
that way. Were they not, the output would hold several objects for one graph or node, which
JSON-LD merges: still the same dataset.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from reportgraph.data_files import project_dir
from reportgraph.errors import ExportError

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_GEN_DELIMS = tuple(":/?#[]@")
_TERM_KEYS = frozenset({"@id", "@type"})  # term definitions the writer may use as keys
_CONTEXT_KEYWORDS = frozenset({"@version", "@base", "@vocab", "@language"})
_CACHE_SIZE = 50_000

JsonValue = str | dict[str, str]
Subject = ox.NamedNode | ox.BlankNode | ox.Triple  # a triple term is refused when written
Object = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def context() -> dict[str, object]:
    data = json.loads((project_dir("ontology") / "context.jsonld").read_text(encoding="utf-8"))
    ctx = data["@context"]
    if not isinstance(ctx, dict):
        raise ExportError("ontology/context.jsonld has no @context object.", code="RG602")
    return ctx


@dataclass(frozen=True)
class Key:
    """How one predicate is written: its key and the coercion that key applies to values."""

    name: str
    coerce: str | None  # "@id", a datatype IRI, or None


class Compactor:
    """IRI and value compaction against one JSON-LD context (see the module docstring)."""

    def __init__(self, ctx: Mapping[str, object]) -> None:
        unknown = sorted(k for k in ctx if k.startswith("@") and k not in _CONTEXT_KEYWORDS)
        if unknown:
            raise ExportError(
                f"The JSON-LD context uses {', '.join(unknown)}, which the writer cannot honour.",
                "Remove those keywords from ontology/context.jsonld.",
                code="RG602",
            )
        self.plain_strings = "@language" not in ctx  # a default language would tag them
        self.reserved = frozenset(k for k in ctx if not k.startswith("@"))
        self.prefixes = _prefixes(ctx)
        self.keys: dict[str, Key] = {}
        for name, definition in ctx.items():
            key = self._term(name, definition)
            if key is not None:
                self.keys.setdefault(self._expand(_iri_of(definition)), key)
        self._iris: dict[str, str | None] = {}

    def _expand(self, value: str) -> str:
        prefix, sep, suffix = value.partition(":")
        if sep and not suffix.startswith("//") and prefix in self.prefixes:
            return self.prefixes[prefix] + suffix
        return value

    def _term(self, name: str, definition: object) -> Key | None:
        if name.startswith("@") or ":" in name:
            return None
        if isinstance(definition, str):
            return Key(name, None)
        if not isinstance(definition, dict) or set(definition) - _TERM_KEYS:
            return None  # containers, reverse, language, scoped contexts: not used as keys
        if not isinstance(definition.get("@id"), str):
            return None
        coerce = definition.get("@type")
        if coerce is None:
            return Key(name, None)
        if not isinstance(coerce, str) or coerce in ("@vocab", "@json", "@none"):
            return None
        return Key(name, coerce if coerce == "@id" else self._expand(coerce))

    def iri(self, iri: str) -> str | None:
        """The shortest safe spelling of ``iri``; None if it can only be written expanded."""
        found = self._iris.get(iri, "")
        if found != "":
            return found
        out: str | None = iri
        for name, ns in self.prefixes.items():  # longest namespace first
            if iri.startswith(ns) and not iri.startswith("//", len(ns)):
                compact = f"{name}:{iri[len(ns) :]}"
                if compact not in self.reserved:  # a term spelt like it would take over
                    out = compact
                    break
        if out == iri:
            scheme, _, rest = iri.partition(":")
            if iri in self.reserved or (scheme in self.reserved and not rest.startswith("//")):
                out = None  # would be read as a compact IRI or a term
        if len(self._iris) >= _CACHE_SIZE:
            self._iris.clear()
        self._iris[iri] = out
        return out

    def key(self, predicate: str) -> Key | None:
        found = self.keys.get(predicate)
        if found is not None:
            return found
        name = self.iri(predicate)
        if name is None:
            return None
        key = Key(name, None)
        if len(self.keys) < _CACHE_SIZE:
            self.keys[predicate] = key
        return key


class _Unsafe(Exception):
    """A term of this node cannot be written in compact form."""


class JsonLdWriter:
    """Writes quads, grouped by graph then subject, as one compacted JSON-LD document."""

    def __init__(self, fh: IO[str], ctx: Mapping[str, object]) -> None:
        self.fh = fh
        self.ctx = ctx
        self.c = Compactor(ctx)
        self.first_top = True
        self.first_in_graph = True
        self.graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph | None = None
        self.graph_expanded = False
        self.subject: Subject | None = None
        self.pairs: list[tuple[ox.NamedNode, Object]] = []

    def write(self, quads: Iterable[ox.Quad]) -> int:
        self.fh.write('{"@context": ' + json.dumps(self.ctx, ensure_ascii=False) + ',\n"@graph": [')
        count = 0
        for q in quads:
            g, s = q.graph_name, q.subject
            if g != self.graph:
                self._end_node()
                self._end_graph()
                self._start_graph(g)
            elif s != self.subject:
                self._end_node()
            self.subject = s
            self.pairs.append((q.predicate, q.object))
            count += 1
        self._end_node()
        self._end_graph()
        self.fh.write("\n]}\n")
        return count

    # ---- graphs ----

    def _start_graph(self, g: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> None:
        self.graph = g
        self.graph_expanded = False
        if isinstance(g, ox.DefaultGraph):
            return
        name = self._ref(g)
        if name is None:
            self.graph_expanded = True
            head = {"@context": None, "@id": g.value}
        else:
            head = {"@id": name}
        self._top(_dumps(head)[:-1] + ',"@graph":[')
        self.first_in_graph = True

    def _end_graph(self) -> None:
        if self.graph is not None and not isinstance(self.graph, ox.DefaultGraph):
            self.fh.write("\n]}")
        self.graph = None

    def _top(self, text: str) -> None:
        self.fh.write(("\n" if self.first_top else ",\n") + text)
        self.first_top = False

    # ---- nodes ----

    def _end_node(self) -> None:
        if self.subject is None:
            return
        node: dict[str, object] | None = None
        if not self.graph_expanded:
            try:
                node = self._compact_node(self.subject, self.pairs)
            except _Unsafe:
                node = None
        if node is None:
            node = _expanded_node(self.subject, self.pairs, with_context=not self.graph_expanded)
        text = _dumps(node)
        if isinstance(self.graph, ox.DefaultGraph):
            self._top(text)
        else:
            self.fh.write(("\n" if self.first_in_graph else ",\n") + text)
            self.first_in_graph = False
        self.subject = None
        self.pairs = []

    def _ref(self, term: Object) -> str | None:
        if isinstance(term, ox.NamedNode):
            return self.c.iri(term.value)
        if isinstance(term, ox.BlankNode):
            return "_:" + term.value
        raise _unsupported("an RDF-star triple term")

    def _compact_node(
        self, subject: Subject, pairs: list[tuple[ox.NamedNode, Object]]
    ) -> dict[str, object]:
        ref = self._ref(subject)
        if ref is None:
            raise _Unsafe
        node: dict[str, object] = {"@id": ref}
        types: list[str] = []
        props: dict[str, list[JsonValue]] = {}
        key_of, literal = self.c.key, self._literal
        for p, o in pairs:
            pv = p.value
            if isinstance(o, ox.Literal):
                key = key_of(pv)
                if key is None:
                    raise _Unsafe
                value = literal(o, key.coerce)
            else:
                ref = self._ref(o)
                if ref is None:
                    raise _Unsafe
                if pv == RDF_TYPE and isinstance(o, ox.NamedNode):
                    types.append(ref)
                    continue
                key = key_of(pv)
                if key is None:
                    raise _Unsafe
                value = ref if key.coerce == "@id" else {"@id": ref}
            found = props.get(key.name)
            if found is None:
                props[key.name] = [value]
            else:
                found.append(value)
        if types:
            node["@type"] = types[0] if len(types) == 1 else types
        for name, values in props.items():
            node[name] = values[0] if len(values) == 1 else values
        return node

    def _literal(self, o: ox.Literal, coerce: str | None) -> JsonValue:
        if o.direction is not None:
            raise _unsupported("a literal with a base direction")
        language = o.language
        if language is not None:
            return {"@value": o.value, "@language": language}
        dtype = o.datatype.value
        if dtype == coerce:
            return o.value  # the term's datatype coercion restores it
        if dtype == XSD_STRING:
            if coerce is None and self.c.plain_strings:
                return o.value
            return {"@value": o.value}
        datatype = self.c.iri(dtype)
        if datatype is None:
            raise _Unsafe
        return {"@value": o.value, "@type": datatype}


def _expanded_node(
    subject: Subject, pairs: list[tuple[ox.NamedNode, Object]], *, with_context: bool
) -> dict[str, object]:
    """The node in expanded form: full IRIs everywhere, read under a null context."""
    node: dict[str, object] = {"@context": None} if with_context else {}
    node["@id"] = _full(subject)
    for p, o in pairs:
        value: dict[str, str]
        if isinstance(o, ox.Literal):
            if o.direction is not None:
                raise _unsupported("a literal with a base direction")
            value = {"@value": o.value}
            if o.language is not None:
                value["@language"] = o.language
            elif o.datatype.value != XSD_STRING:
                value["@type"] = o.datatype.value
        else:
            value = {"@id": _full(o)}
        values = node.setdefault(p.value, [])
        assert isinstance(values, list)
        values.append(value)
    return node


def _full(term: Object) -> str:
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    raise _unsupported("an RDF-star triple term")


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _dumps(obj: object) -> str:
    # "</" only occurs inside strings; escaping it keeps the file safe to embed in HTML
    return _ENCODER.encode(obj).replace("</", "<\\/")


def _iri_of(definition: object) -> str:
    if isinstance(definition, dict):
        value = definition["@id"]
        assert isinstance(value, str)
        return value
    assert isinstance(definition, str)
    return definition


def _prefixes(ctx: Mapping[str, object]) -> dict[str, str]:
    """Terms usable as prefixes (simple terms mapped to an absolute IRI ending in a
    gen-delim), longest namespace first."""
    found = {
        name: value
        for name, value in ctx.items()
        if isinstance(value, str)
        and not name.startswith("@")
        and ":" not in name
        and "://" in value
        and value.endswith(_GEN_DELIMS)
    }
    return dict(sorted(found.items(), key=lambda kv: -len(kv[1])))


def _unsupported(what: str) -> ExportError:
    return ExportError(
        f"The graph holds {what}, which JSON-LD 1.1 cannot carry without changing it.",
        "Export TriG or N-Quads instead.",
        code="RG603",
    )


def write_jsonld(quads: Iterable[ox.Quad], path: Path) -> int:
    """Write ``quads`` to ``path`` as compacted JSON-LD; returns the number of quads."""
    try:
        with path.open("w", encoding="utf-8", newline="\n", buffering=1 << 20) as fh:
            return JsonLdWriter(fh, context()).write(quads)
    except OSError as exc:
        raise ExportError(f"Could not write {path}: {exc}.", code="RG604") from exc
