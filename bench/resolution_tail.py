"""The end-of-build tail of resolution: whole-store against incremental, as the store grows.

For each size N: N synthetic documents (invented names: people, organisations with acronyms,
places with spelling variants and GeoNames ids; popularity skewed, so a few entities are in
most documents) are written to an on-disk store and resolved once. Then, ``--rounds`` times:
a write group of ``--add`` new documents is written and the store resolved again, and one
document is removed and the store resolved again. Each resolution is timed three ways:

- ``before``: what every build ran until now (``entity_records`` reads every entity of every
  document, then the whole store is resolved and the resolution graph replaced);
- ``scratch``: the new resolution from scratch (cached records, state rewritten);
- ``after``: the new incremental run (``resolve_store``), the tail a build now has.

After each added group the claims index follows the new resolution two ways: ``index:
partial`` (``reconcile`` given the run's change: the changed records' entity rows alone) and
``index: rewrite`` (every entity row rewritten, what it did before).

Run from the repository root:

    python bench/resolution_tail.py --sizes 1000 3000 10000
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

import common

from reportgraph import ids
from reportgraph.builder.resolving import resolve_store
from reportgraph.claims_index import ClaimsIndex
from reportgraph.claims_index.sync import reconcile
from reportgraph.models import (
    AliasEvidence,
    Claim,
    Document,
    DocumentExtraction,
    Entity,
    Evidence,
    ExternalLinks,
    Mention,
    Segment,
    Source,
)
from reportgraph.rdf.entity_index import RESOLUTION_GRAPH, EntityIndex
from reportgraph.rdf.resolution import (
    entity_records,
    first_mentions,
    quad_weight,
    resolution_quads,
    stamp_quad,
    stamp_text,
    unevidenced,
)
from reportgraph.rdf.store import GraphStore
from reportgraph.resolve import resolve

SYLLABLES = ("ko", "va", "ren", "dal", "mor", "ben", "ali", "tur", "vik", "sa", "lo", "nor", "qa")
FIRST = ("Ana", "Marek", "Lena", "Yusuf", "Halid", "Dmitry", "Ivo", "Sara", "Tomas", "Nadia")
ORG_WORDS = ("Northern", "Eastern", "United", "Free", "Popular", "National", "Coastal", "Upland")
ORG_KINDS = ("Brigade", "Movement", "Front", "Council", "Watch", "Union", "Alliance")


def _surname(i: int) -> str:
    s = len(SYLLABLES)
    return "".join(SYLLABLES[(i // s**k) % s] for k in range(3)).capitalize()


def pools(size: int) -> dict[str, list[tuple[str, str | None, str | None]]]:
    """(label, acronym or alias, geonames id) by type. The pools grow with the corpus, as the
    names in the news do (a few hubs stay in many documents: the picks are skewed)."""
    n_people, n_places = max(600, 2 * size), max(300, size // 2)
    people = [(f"{FIRST[i % len(FIRST)]} {_surname(i)}", None, None) for i in range(n_people)]
    people += [(_surname(i), None, None) for i in range(0, n_people, 7)]  # bare surnames
    people += [(f"Khalid {_surname(i)}", None, None) for i in range(0, n_people, 11)]  # Kh/H
    orgs: list[tuple[str, str | None, str | None]] = []
    for w in ORG_WORDS:
        for k in ORG_KINDS:
            for n in range(3):
                label = f"{w} {k}" + ("" if n == 0 else f" of {_surname(n * 31)}")
                acronym = "".join(x[0] for x in label.split() if x[0].isupper())
                orgs.append((label, acronym if n == 0 else None, None))
    places = [(f"Port {_surname(i)}", None, str(100_000 + i)) for i in range(n_places)]
    places += [(_surname(i) + "ah", None, str(500_000 + i)) for i in range(n_places)]
    places += [(_surname(i) + "a", None, str(500_000 + i)) for i in range(0, n_places, 5)]
    return {"PERSON": people, "ORGANIZATION": orgs, "PLACE": places}


def document(n: int, rng: random.Random, names: dict[str, list]) -> DocumentExtraction:  # type: ignore[type-arg]
    picks: dict[str, tuple[str, tuple[str, str | None, str | None]]] = {}
    for type_, count in (("PERSON", 8), ("ORGANIZATION", 5), ("PLACE", 7)):
        pool = names[type_]
        for _ in range(count):
            spec = pool[int(len(pool) * rng.random() ** 3)]
            picks[ids.entity_id(type_, spec[0])] = (type_, spec)  # type: ignore[arg-type]
    parts, spans = [f"Synthetic report {n}."], []
    pos = len(parts[0]) + 1
    for eid, (_, (label, acronym, _)) in sorted(picks.items()):
        sentence = f"{label} ({acronym}) was named." if acronym else f"{label} was named again."
        spans.append((eid, pos, sentence))
        parts.append(sentence)
        pos += len(sentence) + 1
    text = " ".join(parts)
    doc_id = ids.document_id(text)
    doc = Document(
        id=doc_id,
        path=f"synthetic/{n}.txt",
        text=text,
        source_format="txt",
        segments=(Segment(kind="body", start=0, end=len(text)),),
    )

    def mention(start: int, end: int, sentence: str, s_start: int) -> Mention:
        return Mention(doc_id=doc_id, start=start, end=end, text=text[start:end],
                       sentence_start=s_start, sentence_end=s_start + len(sentence),
                       sentence=sentence, segment="body")  # fmt: skip

    entities = []
    for eid, s_start, sentence in spans:
        type_, (label, acronym, geo) = picks[eid]
        m = mention(s_start, s_start + len(label), sentence, s_start)
        evidence: tuple[AliasEvidence, ...] = ()
        mentions = [m]
        if acronym:
            a = s_start + len(label) + 2
            mentions.append(mention(a, a + len(acronym), sentence, s_start))
            whole = mention(s_start, a + len(acronym) + 1, sentence, s_start)
            evidence = (AliasEvidence(alias=acronym, reason="acronym", mention=whole),)
        entities.append(
            Entity(
                id=eid,
                label=label,
                type=type_,
                mentions=tuple(mentions),  # type: ignore[arg-type]
                links=ExternalLinks(geonames=geo),
                alias_evidence=evidence,
                aliases=(acronym,) if acronym else (),
            )
        )
    first, second = entities[0], entities[1]
    source = Source(id=ids.publication_source_id(None, doc_id), label=doc.path, kind="publication")
    m0 = first.mentions[0]
    claim = Claim(
        id=ids.claim_id(doc_id, "relation", "met", first.id, second.id, m0.sentence_start),
        kind="relation", predicate="met", doc_id=doc_id, subject=first.id, object=second.id,
        source=source, certainty="asserted", segment="body",
        evidence=Evidence(sentence=m0.sentence, start=m0.sentence_start, end=m0.sentence_end),
        mentions=(m0, second.mentions[0]),
    )  # fmt: skip
    return DocumentExtraction(document=doc, entities=tuple(entities), claims=(claim,))


def before(store: GraphStore) -> None:
    """The resolution every build ran until now: every entity of every document read."""
    records = entity_records(store)
    res = resolve(records)
    quads = resolution_quads(records, res, first_mentions(store, unevidenced(res)))
    stamp = stamp_quad(text=stamp_text(sum(map(quad_weight, quads))))
    store.replace_graph(RESOLUTION_GRAPH, [*quads, stamp])
    store.flush()


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def run_size(size: int, add: int, rounds: int, rng: random.Random) -> dict[str, float]:
    names = pools(size)
    with tempfile.TemporaryDirectory(prefix="rg-tail-", ignore_cleanup_errors=True) as tmp:
        store = GraphStore(Path(tmp) / "store")
        t0 = time.perf_counter()
        batch = []
        for n in range(size):
            batch.append(document(n, rng, names))
            if len(batch) == 500:
                store.write_batch(batch)
                batch = []
        store.write_batch(batch)
        write_s = time.perf_counter() - t0
        first_s = timed(lambda: resolve_store(store))
        out: dict[str, list[float]] = {
            "before": [],
            "scratch": [],
            "after_add": [],
            "after_remove": [],
            "index_partial": [],
            "index_whole": [],
        }
        index = ClaimsIndex(Path(tmp) / "index.db")
        reconcile(store, index)
        n = size
        for _ in range(rounds):
            group = [document(n + i, rng, names) for i in range(add)]
            n += add
            store.write_batch(group)
            reconcile(store, index)  # the build writes the new documents' rows as it goes
            t0 = time.perf_counter()
            run = resolve_store(store)
            out["after_add"].append(time.perf_counter() - t0)
            assert run.change is not None  # a partial run
            out["index_partial"].append(timed(lambda: reconcile(store, index, change=run.change)))  # noqa: B023
            out["index_whole"].append(
                timed(lambda: index.replace_entities(EntityIndex.load(store), run.change.after))  # noqa: B023
            )
            store.remove_document(group[0].document.id)
            out["after_remove"].append(timed(lambda: resolve_store(store)))
        out["scratch"].append(timed(lambda: resolve_store(store, full=True)))
        out["before"].append(timed(lambda: before(store)))
        resolve_store(store, full=True)  # the state again (``before`` wrote its own graph)
        summary = {k: round(statistics.median(v), 3) for k, v in out.items()}
        summary.update(documents=size, quads=len(store), write_s=round(write_s, 1),
                       first_resolution_s=round(first_s, 3))  # fmt: skip
        store.close()
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--add", type=int, default=8, help="documents per write group")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(11)
    rows = []
    for size in args.sizes:
        row = run_size(size, args.add, args.rounds, rng)
        rows.append(row)
        print(row, flush=True)
    print(f"\nload average {common.load_average()}")
    print("| documents | quads | before s | from scratch s | after: add s | after: remove s "
          "| index: partial s | index: rewrite s |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['documents']:,} | {r['quads']:,} | {r['before']} | {r['scratch']} | "
              f"{r['after_add']} | {r['after_remove']} | "
              f"{r['index_partial']} | {r['index_whole']} |")  # fmt: skip
    common.write_result("resolution_tail", {"machine": common.machine(), "rows": rows})


if __name__ == "__main__":
    main()
