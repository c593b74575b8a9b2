"""Every export format round-trips, compared as RDF (isomorphism), never as text: on a store
built from the sample corpus and on a hand-made store of terms that compaction could break.

JSON-LD is read back by two independent parsers: rdflib and Oxigraph's own JSON-LD parser.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib import Literal as RLiteral
from rdflib.compare import isomorphic

from rdfutil import named_graphs, store_dataset, union_graph
from reportgraph.api import ReportGraph
from reportgraph.errors import ExportError
from reportgraph.rdf.jsonld import write_jsonld

N, L = ox.NamedNode, ox.Literal
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = N("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RG = "https://w3id.org/reportgraph/ontology#"
ID = "https://w3id.org/reportgraph/id/"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
RDFS_LABEL = N("http://www.w3.org/2000/01/rdf-schema#label")
BEGIN = N(NIF + "beginIndex")  # context term coerced to xsd:integer
SUBJECT = N(RG + "subject")  # context term coerced to @id
PUBLISHED = N("https://schema.org/datePublished")  # context term coerced to xsd:date
PARSERS = {  # format: (rdflib parser, Oxigraph parser)
    "trig": ("trig", ox.RdfFormat.TRIG),
    "nquads": ("nquads", ox.RdfFormat.N_QUADS),
    "jsonld": ("json-ld", ox.RdfFormat.JSON_LD),
}


def _typed(value: str, dtype: str) -> ox.Literal:
    return L(value, datatype=N(XSD + dtype))


def tricky_quads() -> list[ox.Quad]:
    g = N(ID + "graph/doc/tricky")
    c = N(ID + "claim/c:1")  # ':' in the local part
    b = ox.BlankNode("shared")
    texts = ['say "no"', "two\nlines\ttab", "Ḥamā – 北京 🙂", "</script><b>", "", "@id", "rg:Claim"]
    quads = [
        ox.Quad(c, RDF_TYPE, N(RG + "Claim"), g),
        ox.Quad(c, RDF_TYPE, N(ID + "label"), g),  # local part looks like a term
        ox.Quad(c, SUBJECT, N(ID + "person/a:b"), g),  # coerced: bare IRI
        ox.Quad(c, SUBJECT, b, g),  # coerced: blank node
        ox.Quad(c, SUBJECT, L("not an IRI"), g),  # coerced term, literal value
        ox.Quad(c, SUBJECT, N("urn:uuid:7f1c"), g),
        ox.Quad(c, BEGIN, _typed("42", "integer"), g),  # coerced: bare lexical form
        ox.Quad(c, BEGIN, _typed("4.50", "decimal"), g),  # coerced term, other datatype
        ox.Quad(c, BEGIN, L("12"), g),  # coerced term, plain string
        ox.Quad(c, BEGIN, N(ID + "span/1"), g),  # coerced term, IRI value
        ox.Quad(c, PUBLISHED, _typed("2024-02-29", "date"), g),
        ox.Quad(c, PUBLISHED, _typed("2024-02-29T10:00:00Z", "dateTime"), g),
        ox.Quad(c, N(RG + "value"), _typed("1.5E3", "double"), g),
        ox.Quad(c, N(RG + "value"), _typed("true", "boolean"), g),
        ox.Quad(c, N(RG + "value"), _typed("1991", "gYear"), g),
        ox.Quad(c, N(RG + "value"), L("x", datatype=N("http://example.org/dt#custom")), g),
        ox.Quad(c, RDFS_LABEL, L("Hama", language="en"), g),
        ox.Quad(c, RDFS_LABEL, L("حماة", language="ar"), g),
        ox.Quad(c, N(RG + "label"), L("not rdfs:label"), g),  # rg:label is not the term
        ox.Quad(c, N(RG[:-1] + "#"), L("the namespace itself"), g),
        ox.Quad(c, N(ID + "//x"), L("suffix starts with //"), g),
        ox.Quad(c, N(RG + "cue"), N(ID + "//y"), g),
        ox.Quad(c, N(RG + "cue"), N(ID), g),  # the namespace IRI itself
        ox.Quad(c, N(RG + "cue"), N(ID + "q?x=1&y=2#frag@at%20:c"), g),
        ox.Quad(b, RDF_TYPE, b, g),
        ox.Quad(b, RDF_TYPE, L("literal type"), g),
        ox.Quad(b, N(RG + "place"), N(ID + "place/x"), ox.DefaultGraph()),  # bnode across graphs
        ox.Quad(N(ID + "doc/d"), N(RG + "inDocument"), N(ID + "doc/d"), ox.DefaultGraph()),
        # absolute IRIs whose scheme is a context term: read as compact IRIs unless protected
        ox.Quad(N("id:weird"), N("label:x"), N("rg:Claim"), g),
        ox.Quad(c, N(RG + "cue"), L("typed", datatype=N("xsd:custom")), g),
        ox.Quad(N(ID + "n"), RDF_TYPE, N("rg:Thing"), g),
        ox.Quad(N(ID + "n"), N(RG + "place"), N(ID + "place/x"), N("rg:graph")),
        ox.Quad(N(ID + "n"), N(RG + "place"), N(ID + "place/x"), N(ID + "graph/other")),
    ]
    quads += [ox.Quad(c, N(RG + "sentence"), L(t), g) for t in texts]
    quads += [ox.Quad(c, N(RG + "cue"), L(t, language="en-GB"), g) for t in texts]
    return quads


@pytest.fixture(scope="module")
def tricky(tmp_path_factory: pytest.TempPathFactory) -> ReportGraph:
    """An on-disk store of tricky quads, opened read-only as the CLI opens it."""
    path = tmp_path_factory.mktemp("tricky") / "store"
    db = ox.Store(str(path))
    db.extend(tricky_quads())
    db.flush()
    del db
    return ReportGraph.open(path)


@pytest.fixture(scope="module")
def corpus(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> ReportGraph:
    path = tmp_path_factory.mktemp("corpus") / "store"
    with ReportGraph(path) as rg:
        assert rg.build([corpus_dir]).failures == []
    return ReportGraph.open(path)


# ---- comparing datasets as RDF ----


def _reified(ds: Dataset) -> Graph:
    """One graph for a whole dataset: each quad a fresh blank node pointing at its four terms.
    Two datasets are isomorphic iff these graphs are (blank nodes shared across graphs too)."""
    out = Graph()
    ns = "urn:x-quad:"
    default = URIRef("urn:x-quad:default")
    for s, p, o, g in ds.quads((None, None, None, None)):
        ident = g.identifier if isinstance(g, Graph) else g
        if ident is None or str(ident) == "urn:x-rdflib:default":
            ident = default
        q = BNode()
        for name, term in (("s", s), ("p", p), ("o", o), ("g", ident)):
            out.add((q, URIRef(ns + name), term))
    return out


def assert_isomorphic_datasets(a: Dataset, b: Dataset, *, per_graph: bool) -> None:
    if per_graph:  # fast, for data without blank nodes
        ga, gb = named_graphs(a), named_graphs(b)
        assert set(ga) == set(gb)
        for name in ga:
            assert isomorphic(ga[name], gb[name]), name
    else:
        assert isomorphic(_reified(a), _reified(b))


def canonical(quads: Iterable[ox.Quad]) -> set[str]:
    ds = ox.Dataset(quads)
    ds.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(q) for q in ds}


def _union_quads(quads: Iterable[ox.Quad]) -> set[ox.Quad]:
    return {ox.Quad(q.subject, q.predicate, q.object) for q in quads}


def _check_every_format(graph: ReportGraph, folder: Path, *, with_rdflib: Iterable[str]) -> None:
    """Oxigraph reads back every format (canonical RDFC-1.0 forms compared: isomorphism with
    exact lexical forms); rdflib reads back the formats in ``with_rdflib``."""
    exact = canonical(graph.store.quads())
    original = store_dataset(graph.store)
    assert len(named_graphs(original)) >= 3
    for fmt, (parser, ox_format) in PARSERS.items():
        path = graph.export(folder / f"out.{fmt}", fmt)  # type: ignore[arg-type]
        assert canonical(ox.parse(path=str(path), format=ox_format)) == exact, fmt
        if fmt in with_rdflib:
            back = Dataset()
            back.parse(path, format=parser)
            blank = any(isinstance(t, BNode) for q in back.quads() for t in q[:3])
            assert_isomorphic_datasets(original, back, per_graph=not blank)
    ttl = graph.export(folder / "out.ttl", "turtle")
    union = _union_quads(graph.store.quads())
    assert canonical(_union_quads(ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE))) == (
        canonical(union)
    )
    if "turtle" in with_rdflib:
        assert isomorphic(Graph().parse(ttl, format="turtle"), union_graph(graph.store))


# ---- tests ----


@pytest.mark.corpus
def test_corpus_store_round_trips_in_every_format(corpus: ReportGraph, tmp_path: Path) -> None:
    _check_every_format(corpus, tmp_path, with_rdflib=["jsonld"])


def test_tricky_store_round_trips_in_every_format(tricky: ReportGraph, tmp_path: Path) -> None:
    assert len(tricky.store) == len(tricky_quads())
    _check_every_format(tricky, tmp_path, with_rdflib=[*PARSERS, "turtle"])


@pytest.mark.corpus
def test_jsonld_is_compact_and_grouped(corpus: ReportGraph, tmp_path: Path) -> None:
    """One graph object per named graph, each subject once in it, terms and prefixes used."""
    data = json.loads(corpus.export(tmp_path / "out.jsonld", "jsonld").read_text("utf-8"))
    graphs = [item for item in data["@graph"] if "@graph" in item]
    names = [item["@id"] for item in graphs]
    stored = {g.value for g in corpus.store._store.named_graphs()}
    assert len(names) == len(set(names)) == len(stored)
    assert all(name.startswith("id:") for name in names)
    keys: set[str] = set()
    for item in graphs:
        subjects = [node["@id"] for node in item["@graph"]]
        assert len(subjects) == len(set(subjects)), item["@id"]
        for node in item["@graph"]:
            assert "@context" not in node  # nothing fell back to the expanded form
            keys.update(node)
    assert {"@type", "label", "beginIndex", "inDocument", "attributedTo"} <= keys


def test_coerced_terms_carry_values_in_their_form(tmp_path: Path) -> None:
    """Values a term coerces are bare; values it would misread are explicit objects."""
    c, g = N(ID + "claim/1"), N(ID + "graph/1")
    path = tmp_path / "out.jsonld"
    write_jsonld(
        [
            ox.Quad(c, SUBJECT, N(ID + "person/a"), g),
            ox.Quad(c, SUBJECT, L("plain"), g),
            ox.Quad(c, BEGIN, _typed("7", "integer"), g),
            ox.Quad(c, BEGIN, _typed("7.5", "decimal"), g),
        ],
        path,
    )
    node = json.loads(path.read_text("utf-8"))["@graph"][0]["@graph"][0]
    assert node["@id"] == "id:claim/1"
    assert _sorted(node["subject"]) == _sorted(["id:person/a", {"@value": "plain"}])
    assert _sorted(node["beginIndex"]) == _sorted(["7", {"@value": "7.5", "@type": "xsd:decimal"}])


def _sorted(values: list[object]) -> list[str]:
    return sorted(json.dumps(v, sort_keys=True) for v in values)


def test_round_trip_check_catches_a_coercion_mistake(tmp_path: Path) -> None:
    """The comparison used above is not blind: a literal written bare under an @id-coerced
    term (the mistake the writer avoids) comes back as an IRI and the datasets differ."""
    c, g = N(ID + "claim/1"), N(ID + "graph/1")
    good = tmp_path / "good.jsonld"
    write_jsonld([ox.Quad(c, SUBJECT, L("plain"), g)], good)
    data = json.loads(good.read_text("utf-8"))
    node = data["@graph"][0]["@graph"][0]
    assert node["subject"] == {"@value": "plain"}
    node["subject"] = "plain"
    bad = tmp_path / "bad.jsonld"
    bad.write_text(json.dumps(data), "utf-8")
    expected = canonical([ox.Quad(c, SUBJECT, L("plain"), g)])
    assert canonical(ox.parse(path=str(good), format=ox.RdfFormat.JSON_LD)) == expected
    assert canonical(ox.parse(path=str(bad), format=ox.RdfFormat.JSON_LD)) != expected
    back = Dataset()
    back.parse(bad, format="json-ld")
    assert (URIRef(c.value), URIRef(SUBJECT.value), RLiteral("plain")) not in back.triples(
        (None, None, None)
    )


def test_scattered_quads_still_give_the_same_dataset(tmp_path: Path) -> None:
    """Quads not grouped by graph and subject give repeated objects, which JSON-LD merges."""
    quads = tricky_quads()
    scattered = quads[::2] + quads[1::2]
    path = tmp_path / "out.jsonld"
    assert write_jsonld(scattered, path) == len(quads)
    assert canonical(ox.parse(path=str(path), format=ox.RdfFormat.JSON_LD)) == canonical(quads)


@pytest.mark.parametrize(
    "term",
    [
        L("rtl", language="ar", direction=ox.BaseDirection.RTL),
        ox.Triple(N(ID + "a"), N(RG + "cue"), N(ID + "b")),
    ],
    ids=["directional-literal", "triple-term"],
)
def test_what_json_ld_cannot_carry_is_refused(tmp_path: Path, term: ox.Literal | ox.Triple) -> None:
    with pytest.raises(ExportError) as err:
        write_jsonld([ox.Quad(N(ID + "s"), N(RG + "cue"), term, N(ID + "g"))], tmp_path / "x")
    assert err.value.code == "RG603"


def _write_with(ctx: dict[str, object], quads: list[ox.Quad], path: Path) -> set[str]:
    """Write with a custom context; the quads Oxigraph and rdflib read back, canonical."""
    from reportgraph.rdf.jsonld import JsonLdWriter

    with path.open("w", encoding="utf-8") as fh:
        JsonLdWriter(fh, ctx).write(quads)
    back = Dataset()
    back.parse(path, format="json-ld")
    via_rdflib = canonical(ox.parse(back.serialize(format="nquads"), format=ox.RdfFormat.N_QUADS))
    via_oxigraph = canonical(ox.parse(path=str(path), format=ox.RdfFormat.JSON_LD))
    assert via_rdflib == via_oxigraph
    return via_oxigraph


def test_context_traps_do_not_change_the_data(tmp_path: Path) -> None:
    """A default language, and a term spelt like a compact IRI with its own coercion: the
    writer must not let either reinterpret a value."""
    ctx: dict[str, object] = {
        "@language": "fr",
        "rg": RG,
        "rg:odd": {"@id": RG + "odd", "@type": "@id"},
        "label": "http://www.w3.org/2000/01/rdf-schema#label",
    }
    s, g = N(ID + "s"), N(ID + "g")
    quads = [
        ox.Quad(s, RDFS_LABEL, L("no language")),
        ox.Quad(s, RDFS_LABEL, L("une", language="fr"), g),
        ox.Quad(s, N(RG + "odd"), L("a literal, not an IRI"), g),
        ox.Quad(s, N(RG + "even"), L("plain"), g),
    ]
    path = tmp_path / "out.jsonld"
    assert _write_with(ctx, quads, path) == canonical(quads)
    body = path.read_text("utf-8").split('"@graph"', 1)[1]
    assert '"rg:odd"' not in body and '"rg:even"' in body


def test_a_context_the_writer_cannot_honour_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ExportError) as err:
        _write_with({"@import": "http://example.org/ctx"}, [], tmp_path / "x.jsonld")
    assert err.value.code == "RG602"


_TERM_PREDICATES = [SUBJECT, BEGIN, PUBLISHED, RDFS_LABEL, N(RG + "cue"), N(ID + "x:y")]


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
    local=st.text("abcXYZ09:/@-_.~", max_size=12),
    dtype=st.sampled_from([None, "string", "integer", "date", "anyURI"]),
    predicate=st.sampled_from(_TERM_PREDICATES),
)
def test_any_literal_under_any_term_round_trips(
    text: str, local: str, dtype: str | None, predicate: ox.NamedNode
) -> None:
    """Arbitrary text, as a literal of some datatype and as part of an IRI, under coerced
    and plain terms, comes back unchanged."""
    value = L(text) if dtype is None else L(text, datatype=N(XSD + dtype))
    g = N(ID + "graph/" + local)
    quads = [ox.Quad(N(ID + local), predicate, value, g), ox.Quad(N(ID + "s"), predicate, g, g)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.jsonld"
        write_jsonld(quads, path)
        back = ox.parse(path=str(path), format=ox.RdfFormat.JSON_LD)
        assert canonical(back) == canonical(quads)
