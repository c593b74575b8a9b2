"""A synthetic reportgraph store, laid out as ``reportgraph.rdf.mapping`` lays out a real one.

Lean but realistic, so that the library's read path (``ReportGraph.relations``, ``claims``,
``provenance``, ``entities``) has everything it reads:

- per document graph: the document (path, format, language, headline, publisher, date), the
  entity descriptions it supports (type, label, one mention each), the sources it names, and
  every claim's metadata (kind, predicate, relation, source, chain step to the publication for
  half of them, cue, certainty, segment, sentence and offsets, subject/object/place, evidence
  mentions, quantity/time links); each mention has its offsets, text and sentence;
- per claim graph: the assertion (a relation triple, or an assertion node, with a quantity for
  figures and a time expression for some events);
- the resolution graph: merged records (``rg:canonical``, ``skos:prefLabel``, ``rg:Merge``) and
  resolved GeoNames ids for some places.

Left out: document text and segments, event nodes with participants, alias evidence. A real
store built from the sample corpus has ~59 quads per claim (mostly mentions and events); this
one has ~40. Entity popularity is skewed (a few entities are in many claims), as in news.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from pathlib import Path

import common  # noqa: F401  (puts src/ on sys.path)
import pyoxigraph as ox

from reportgraph import ids
from reportgraph.rdf import nquads
from reportgraph.rdf.entity_index import RESOLUTION_GRAPH
from reportgraph.rdf.mapping import (
    claim_iri,
    document_graph,
    document_iri,
    entity_iri,
    source_iri,
)
from reportgraph.rdf.vocab import (
    NIF,
    PROV,
    RDF,
    RDFS,
    RG,
    SCHEMA,
    SKOS,
    XSD,
    data_iri,
    relation_iri,
)

LAYOUT_VERSION = 2  # bump when the generated layout changes (reused stores are checked)
CLAIMS_PER_DOC = 20
TYPES = (("PERSON", RG.Person), ("ORGANIZATION", RG.Organization), ("PLACE", RG.Place))
RELATIONS = ("attacked", "killed", "accused", "met", "supports", "controls", "detained")
FIGURES = ("killed", "wounded", "displaced", "detained")
EVENTS = ("attack", "clash", "statement", "displacement")
SOURCE_KINDS = ("monitor", "agency", "official", "witness", "publication")
CERTAINTY = ("asserted", "reported", "alleged", "verified", "denied")
MERGE_EVERY = 97  # entity i with i % 97 == 3 absorbs the record i + 3 (same type)


def n_entities(n_claims: int) -> int:
    return max(200, n_claims // 10)


def entity_id(i: int) -> str:
    return f"{TYPES[i % len(TYPES)][0].lower()}/synthetic-{i}"


def entity_label(i: int) -> str:
    return f"Synthetic entity {i}"


def claim_id(i: int) -> str:
    """The id of the ``i``-th synthetic claim (21 characters, as real claim ids)."""
    return f"csynth{i:015d}"


def merged_into(i: int) -> int | None:
    """The canonical record the resolution graph merges record ``i`` into (None: stands alone)."""
    return i - 3 if i > 3 and (i - 3) % MERGE_EVERY == 3 else None


_iri = str  # a NamedNode's str() is its N-Quads text
_lit = nquads.literal
_int = nquads.integer


def lines(n_claims: int, seed: int = 7) -> Iterator[str]:
    """Deterministic N-Quads lines for ``n_claims`` claims in ``n_claims / 20`` documents.

    Terms come from reportgraph's own vocabulary and IRI helpers; lines are written as text
    because building 20M+ pyoxigraph Quad objects in Python costs minutes."""
    rng = random.Random(seed)
    n_ent = n_entities(n_claims)
    n_src = 300
    ent = [_iri(entity_iri(entity_id(i))) for i in range(n_ent)]
    src = [_iri(source_iri(f"synthetic-{i}")) for i in range(n_src)]
    rel = {p: _iri(relation_iri(p)) for p in (*RELATIONS, *FIGURES, *EVENTS)}
    kinds = {k: _lit(k) for k in ("relation", "figure", "event")}
    certainty = [_lit(c) for c in CERTAINTY]
    qualifiers = [_lit(q) for q in ("exact", "at least", "over")]
    body, said = _lit("body"), _lit("said")
    a_, label, sub_prop, reported = (
        _iri(RDF.type),
        _iri(RDFS.label),
        _iri(RDFS.subPropertyOf),
        _iri(RG.reportedRelation),
    )
    t_claim, t_doc, t_ent, t_src = (_iri(x) for x in (RG.Claim, RG.Document, RG.Entity, RG.Source))
    t_assert, t_qty, t_mention = _iri(RG.Assertion), _iri(RG.Quantity), _iri(RG.Mention)
    t_step, t_time = _iri(RG.ChainStep), _iri(RG.TimeExpression)
    classes = [_iri(c) for _, c in TYPES]
    p = {
        name: _iri(RG[name])
        for name in [
            "path",
            "sourceFormat",
            "publisherName",
            "claimKind",
            "predicate",
            "relation",
            "inDocument",
            "certainty",
            "cue",
            "segmentKind",
            "sentence",
            "sentenceBegin",
            "sentenceEnd",
            "subject",
            "object",
            "place",
            "evidence",
            "hasMention",
            "chainStep",
            "position",
            "agent",
            "quantity",
            "time",
            "value",
            "qualifier",
            "unit",
            "textAsWritten",
            "normalisedValue",
            "sourceKind",
        ]
    }
    n_ = {k: _iri(NIF[k]) for k in ("beginIndex", "endIndex", "anchorOf")}
    s_ = {k: _iri(SCHEMA[k]) for k in ("headline", "datePublished", "inLanguage")}
    attributed = _iri(PROV.wasAttributedTo)
    decimal, date = str(XSD.decimal), str(XSD.date)
    first_mention: dict[int, str] = {}  # entity -> its first mention in the store

    def pick_entity() -> int:
        return int(n_ent * rng.random() ** 3)  # skewed: low indices are hubs

    claim_no = 0
    for d in range(0, (n_claims + CLAIMS_PER_DOC - 1) // CLAIMS_PER_DOC):
        doc_id = f"synthetic{d:07d}"
        g = _iri(document_graph(doc_id))
        doc = _iri(document_iri(doc_id))
        published = dt.date(2025, 1, 1) + dt.timedelta(days=d % 365)
        yield (
            f"{doc} {a_} {t_doc} {g} .\n"
            f"{doc} {p['path']} {_lit(f'/synthetic/{d:07d}.txt')} {g} .\n"
            f"{doc} {p['sourceFormat']} {_lit('txt')} {g} .\n"
            f"{doc} {s_['inLanguage']} {_lit('en')} {g} .\n"
            f"{doc} {s_['headline']} {_lit(f'Synthetic report {d}')} {g} .\n"
            f"{doc} {p['publisherName']} {_lit(f'Synthetic outlet {d % 40}')} {g} .\n"
            f'{doc} {s_["datePublished"]} "{published.isoformat()}"^^{date} {g} .\n'
        )
        publisher = (d * 7) % n_src
        mentions: dict[int, str] = {}  # entity -> its mention in this document
        seen_sources: set[int] = set()
        predicates: set[str] = set()
        for j in range(min(CLAIMS_PER_DOC, n_claims - claim_no)):
            iri = claim_iri(claim_id(claim_no)).value
            c = f"<{iri}>"
            claim_no += 1
            roll = rng.random()
            kind = "relation" if roll < 0.5 else "figure" if roll < 0.8 else "event"
            pred = rng.choice(RELATIONS if kind == "relation" else FIGURES)
            if kind == "event":
                pred = rng.choice(EVENTS)
            predicates.add(pred)
            s = rng.randrange(n_src)
            seen_sources.add(s)
            subject, obj = pick_entity(), pick_entity()
            place = 3 * (pick_entity() // 3) + 2  # a PLACE entity
            place = place if place < n_ent else 2
            start = j * 200
            sentence_text = f"Synthetic sentence {claim_no} says {pred}."
            sentence = _lit(sentence_text)
            yield (
                f"{c} {a_} {t_claim} {g} .\n"
                f"{c} {p['claimKind']} {kinds[kind]} {g} .\n"
                f"{c} {p['predicate']} {_lit(pred)} {g} .\n"
                f"{c} {p['relation']} {rel[pred]} {g} .\n"
                f"{c} {p['inDocument']} {doc} {g} .\n"
                f"{c} {attributed} {src[s]} {g} .\n"
                f"{c} {p['certainty']} {rng.choice(certainty)} {g} .\n"
                f"{c} {p['segmentKind']} {body} {g} .\n"
                f"{c} {p['sentence']} {sentence} {g} .\n"
                f"{c} {p['sentenceBegin']} {_int(start)} {g} .\n"
                f"{c} {p['sentenceEnd']} {_int(start + 120)} {g} .\n"
            )
            if rng.random() < 0.5:  # reported by the source, via the publication
                seen_sources.add(publisher)
                step = f"<{iri}/via/0>"
                yield (
                    f"{c} {p['chainStep']} {step} {g} .\n"
                    f"{step} {a_} {t_step} {g} .\n"
                    f"{step} {p['position']} {_int(0)} {g} .\n"
                    f"{step} {p['agent']} {src[publisher]} {g} .\n"
                )
            if rng.random() < 0.4:
                yield f"{c} {p['cue']} {said} {g} .\n"
            named = (subject, obj) if kind == "relation" else (place,)
            if kind == "event":
                named = (subject, place)
            for slot, e in enumerate(named):
                if e not in mentions:  # first mention of e in this document: in this sentence
                    b = start + 10 + 40 * slot
                    text = entity_label(e)
                    m = _iri(data_iri(ids.mention_id(doc_id, b, b + len(text))))
                    mentions[e] = m
                    yield (
                        f"{m} {a_} {t_mention} {g} .\n"
                        f"{m} {p['inDocument']} {doc} {g} .\n"
                        f"{m} {n_['beginIndex']} {_int(b)} {g} .\n"
                        f"{m} {n_['endIndex']} {_int(b + len(text))} {g} .\n"
                        f"{m} {n_['anchorOf']} {_lit(text)} {g} .\n"
                        f"{m} {p['sentence']} {sentence} {g} .\n"
                        f"{m} {p['sentenceBegin']} {_int(start)} {g} .\n"
                        f"{m} {p['sentenceEnd']} {_int(start + 120)} {g} .\n"
                        f"{m} {p['segmentKind']} {body} {g} .\n"
                    )
                yield f"{c} {p['evidence']} {mentions[e]} {g} .\n"
            if kind == "relation":
                yield (
                    f"{c} {p['subject']} {ent[subject]} {g} .\n"
                    f"{c} {p['object']} {ent[obj]} {g} .\n"
                    f"{ent[subject]} {rel[pred]} {ent[obj]} {c} .\n"
                )
                continue
            a = f"<{iri}/assertion>"
            yield (
                f"{c} {p['place']} {ent[place]} {g} .\n"
                f"{a} {a_} {t_assert} {c} .\n"
                f"{a} {p['relation']} {rel[pred]} {c} .\n"
                f"{a} {p['place']} {ent[place]} {c} .\n"
            )
            if kind == "event":
                yield (
                    f"{c} {p['subject']} {ent[subject]} {g} .\n"
                    f"{a} {p['subject']} {ent[subject]} {c} .\n"
                )
                if rng.random() < 0.5:
                    t = f"<{iri}/time>"
                    day = 1 + claim_no % 28
                    yield (
                        f"{c} {p['time']} {t} {g} .\n"
                        f"{t} {a_} {t_time} {c} .\n"
                        f"{t} {p['textAsWritten']} {_lit(f'on day {day}')} {c} .\n"
                        f"{t} {p['normalisedValue']} {_lit(f'2025-03-{day:02d}')} {c} .\n"
                    )
                continue
            q = f"<{iri}/quantity>"
            value = int(rng.lognormvariate(2.5, 1.5)) + 1
            yield (
                f"{c} {p['quantity']} {q} {g} .\n"
                f"{q} {a_} {t_qty} {c} .\n"
                f'{q} {p["value"]} "{value}"^^{decimal} {c} .\n'
                f"{q} {p['qualifier']} {rng.choice(qualifiers)} {c} .\n"
                f"{q} {p['unit']} {_lit(f'people {pred}')} {c} .\n"
                f"{q} {p['textAsWritten']} {_lit(f'{value} people')} {c} .\n"
            )
        for e, m in sorted(mentions.items()):
            yield (
                f"{ent[e]} {a_} {t_ent} {g} .\n"
                f"{ent[e]} {a_} {classes[e % len(classes)]} {g} .\n"
                f"{ent[e]} {label} {_lit(entity_label(e))} {g} .\n"
                f"{ent[e]} {p['hasMention']} {m} {g} .\n"
            )
        for e, m in mentions.items():
            first_mention.setdefault(e, m)
        for s in sorted(seen_sources):
            yield (
                f"{src[s]} {a_} {t_src} {g} .\n"
                f"{src[s]} {label} {_lit(f'Synthetic source {s}')} {g} .\n"
                f"{src[s]} {p['sourceKind']} {_lit(SOURCE_KINDS[s % 5])} {g} .\n"
            )
        for pred in sorted(predicates):
            yield f"{rel[pred]} {sub_prop} {reported} {g} .\n"
    yield from _resolution(first_mention, ent)


def _resolution(seen: dict[int, str], ent: list[str]) -> Iterator[str]:
    """The resolution graph, as ``rdf/resolution.py`` writes it, for the merged records."""
    r = _iri(RESOLUTION_GRAPH)
    canonical, pref = _iri(RG.canonical), _iri(SKOS.prefLabel)
    a_, t_merge = _iri(RDF.type), _iri(RG.Merge)
    p = {k: _iri(RG[k]) for k in ("canonicalEntity", "memberEntity", "reason", "score")}
    p["evidenceText"], p["geonamesId"] = _iri(RG.evidenceText), _iri(RG.geonamesId)
    p["evidenceMention"] = _iri(RG.evidenceMention)
    for member in sorted(seen):
        target = merged_into(member)
        if target is None or target not in seen:
            continue
        node = _iri(data_iri(f"merge/synthetic-{member}"))
        yield (
            f"{ent[member]} {canonical} {ent[target]} {r} .\n"
            f"{ent[target]} {canonical} {ent[target]} {r} .\n"
            f"{ent[target]} {pref} {_lit(entity_label(target))} {r} .\n"
            f"{node} {a_} {t_merge} {r} .\n"
            f"{node} {p['canonicalEntity']} {ent[target]} {r} .\n"
            f"{node} {p['memberEntity']} {ent[member]} {r} .\n"
            f"{node} {p['reason']} {_lit('alias')} {r} .\n"
            f'{node} {p["score"]} "0.9"^^{XSD.decimal} {r} .\n'
            f"{node} {p['evidenceText']} {_lit(entity_label(member))} {r} .\n"
            f"{node} {p['evidenceMention']} {seen[member]} {r} .\n"
        )
    for e in sorted(seen):
        if e % 3 == 2 and e % 50 == 2:
            yield f"{ent[e]} {p['geonamesId']} {_lit(str(9_000_000 + e))} {r} .\n"


def nquads_file(path: Path, n_claims: int) -> int:
    """Write the synthetic graph as N-Quads; returns the number of quads."""
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        for chunk in lines(n_claims):
            count += chunk.count("\n")
            fh.write(chunk)
    return count


def build_store(path: Path, nquads: Path) -> int:
    """Bulk-load an N-Quads file into an on-disk Oxigraph store; returns its quad count."""
    store = ox.Store(str(path))
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    store.flush()
    count = len(store)
    del store
    return count


META = "synthetic.json"


def reusable(folder: Path, n_claims: int) -> dict[str, object] | None:
    """The description of a synthetic store already built in ``folder`` for ``n_claims`` claims
    with this layout; None when there is none (a mismatch raises: never reuse the wrong one)."""
    meta = folder / META
    if not meta.is_file():
        return None
    info: dict[str, object] = json.loads(meta.read_text(encoding="utf-8"))
    if info.get("claims") != n_claims or info.get("layout") != LAYOUT_VERSION:
        raise SystemExit(
            f"{folder} holds a synthetic store of {info.get('claims')} claims (layout "
            f"{info.get('layout')}), not {n_claims} (layout {LAYOUT_VERSION}): use another --store"
        )
    return info


def build_in(folder: Path, n_claims: int, work: Path) -> dict[str, object]:
    """Generate and bulk-load a synthetic store under ``folder/store``; records what it holds in
    ``folder/synthetic.json`` (written last, so a half-built folder is never reused)."""
    import time

    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        raise SystemExit(f"{folder} is not empty and holds no finished synthetic store")
    nq = work / f"synthetic-{n_claims}.nq"
    t0 = time.perf_counter()
    quads = nquads_file(nq, n_claims)
    t1 = time.perf_counter()
    count = build_store(folder / "store", nq)
    t2 = time.perf_counter()
    nq.unlink()
    info: dict[str, object] = {
        "claims": n_claims,
        "quads": quads,
        "store_quads": count,
        "layout": LAYOUT_VERSION,
        "generate_s": round(t1 - t0, 1),
        "oxigraph_bulk_load_s": round(t2 - t1, 1),
    }
    (folder / META).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return info
