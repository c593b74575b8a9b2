"""Query latency on a synthetic store: Oxigraph (through reportgraph's GraphStore) against
rdflib's in-memory Dataset, same quads, same queries, same run; and the library's own read
calls (``ReportGraph.relations``, ``claims``, ``provenance``, the saved query ``relations``).

rdflib cannot hold ~1M claims (~40M quads) on this machine in reasonable time, so both engines
run on a subset (--rdflib-claims) and Oxigraph alone also runs on the full size (--claims).
Every measurement runs in a forked process and is stopped at --timeout seconds.

    python bench/query.py --claims 1000000 --rdflib-claims 20000 --store /tmp/rg-bench-1m

--store keeps the --claims store in that folder (built there once, ~20 min for 1M claims, then
reused by later runs).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import tempfile
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import synth
from common import finish, machine, table

from reportgraph.api import ReportGraph
from reportgraph.data_files import project_dir
from reportgraph.rdf.mapping import entity_iri
from reportgraph.rdf.store import GraphStore, sparql_prologue

RELATION_BASE = "https://w3id.org/reportgraph/relation/"

FIGURES_BY_SOURCE = """
SELECT ?source (COUNT(?v) AS ?figures) (MIN(?v) AS ?min) (MAX(?v) AS ?max)
WHERE {
  GRAPH ?g { ?c rg:claimKind "figure" ; prov:wasAttributedTo ?source ; rg:quantity ?q }
  GRAPH ?c { ?q rg:value ?v }
}
GROUP BY ?source
ORDER BY DESC(?figures) ?source
"""

TWO_HOP = f"""
SELECT DISTINCT ?entity ?x
WHERE {{
  GRAPH ?g1 {{ ?entity ?p1 ?y }}
  FILTER (STRSTARTS(STR(?p1), "{RELATION_BASE}"))
  GRAPH ?g2 {{ ?y ?p2 ?x }}
  FILTER (STRSTARTS(STR(?p2), "{RELATION_BASE}") && ?x != ?entity)
}}
"""


ENTITY_LOOKUP = """
SELECT ?entity ?claim ?g
WHERE { GRAPH ?g { { ?claim rg:subject ?entity } UNION { ?claim rg:object ?entity } } }
"""


def queries() -> dict[str, tuple[str, bool]]:
    """name -> (SPARQL, whether ?entity is bound)."""
    relations = (project_dir("queries") / "relations.rq").read_text(encoding="utf-8")
    return {
        "entity lookup (claims naming it)": (ENTITY_LOOKUP, True),
        "entity relations (relations.rq)": (relations, True),
        "figures by source (all claim graphs)": (FIGURES_BY_SOURCE, False),
        "2-hop path from entity": (TWO_HOP, True),
    }


# Library calls: each run opens the store afresh (as one CLI command does; the opening is not
# timed), so nothing is cached from an earlier run.
def _relations(g: ReportGraph, entity: str, claim: str) -> int:
    return len(g.relations(entity))


def _claims(g: ReportGraph, entity: str, claim: str) -> int:
    return len(g.claims(entity=entity, include_comments=True))


def _saved_relations(g: ReportGraph, entity: str, claim: str) -> int:
    return len(g.query("relations", {"entity": entity}).rows)


def _provenance(g: ReportGraph, entity: str, claim: str) -> int:
    return len(g.provenance(claim).items)


def _claim_provenance(g: ReportGraph, entity: str, claim: str) -> int:
    return len(g.query("claim_provenance", {"claim": claim}).rows)


def _relations_by_label(g: ReportGraph, entity: str, claim: str) -> int:
    return len(g.relations(synth.entity_label(int(entity.rsplit("-", 1)[1]))))


LIBRARY: dict[str, Callable[[ReportGraph, str, str], int]] = {
    "ReportGraph.relations(entity id)": _relations,
    "ReportGraph.claims(entity=id)": _claims,
    "ReportGraph.query('relations', entity=id)": _saved_relations,
    "ReportGraph.provenance(claim id)": _provenance,
    "ReportGraph.query('claim_provenance', claim=id)": _claim_provenance,
    "ReportGraph.relations(entity label)": _relations_by_label,
}


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


# ---------------- timed runs, each in a forked process with a time limit ----------------


def _oxigraph_runner(store_path: Path) -> Callable[[str, str | None], int]:
    import pyoxigraph as ox

    store = GraphStore(store_path, read_only=True)  # opened in the child, after the fork

    def run(sparql: str, entity: str | None) -> int:
        bindings = {"entity": ox.NamedNode(entity)} if entity else None
        return len(store.select(sparql, bindings).rows)

    return run


def _rdflib_runner(ds: Any) -> Callable[[str, str | None], int]:
    from rdflib import URIRef

    def run(sparql: str, entity: str | None) -> int:
        bindings = {"entity": URIRef(entity)} if entity else {}
        return len(list(ds.query(sparql_prologue() + sparql, initBindings=bindings)))

    return run


def _library_runner(
    store_path: Path, call: Callable[[ReportGraph, str, str], int], claim: str
) -> Callable[[str, str | None], int]:
    def run(_: str, entity: str | None) -> int:
        graph = ReportGraph.open(store_path)
        try:
            t0 = time.perf_counter()
            n = call(graph, local_entity(entity or ""), claim)
            _TIMED.append(time.perf_counter() - t0)
            return n
        finally:
            graph.close()

    return run


_TIMED: list[float] = []  # set by library runs: the call alone, without opening the store


def local_entity(iri: str) -> str:
    return iri.removeprefix(entity_iri("").value)


def _worker(conn: Connection, target: Any, sparql: str, entity: str | None, runs: int) -> None:
    if isinstance(target, tuple):
        run = _library_runner(*target)
    elif isinstance(target, Path):
        run = _oxigraph_runner(target)
    else:
        run = _rdflib_runner(target)
    _TIMED.clear()
    t0 = time.perf_counter()
    rows = run(sparql, entity)  # warm-up (and the answer)
    first = _TIMED[-1] if _TIMED else time.perf_counter() - t0
    times: list[float] = []
    if first > 10:  # a slow query: its one run is the number
        times.append(first)
    else:
        for _ in range(runs):
            t0 = time.perf_counter()
            run(sparql, entity)
            times.append(_TIMED[-1] if _TIMED else time.perf_counter() - t0)
    conn.send((times, rows))


def _time_one(
    engine: str, name: str, target: Any, sparql: str, entity: str | None, runs: int, timeout: float
) -> dict[str, Any]:
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_worker, args=(child, target, sparql, entity, runs))
    t0 = time.perf_counter()
    proc.start()
    while proc.is_alive() and not parent.poll(0.2) and time.perf_counter() - t0 < timeout:
        pass
    if parent.poll():
        times, rows = parent.recv()
        out = {"median_s": statistics.median(times), "runs": len(times), "rows": rows}
        shown = f"{out['median_s'] * 1000:,.2f} ms, {rows} rows"
    elif proc.is_alive():
        out = {"median_s": None, "timeout_s": timeout, "rows": None}
        shown = f"stopped after {timeout:.0f} s"
    else:
        raise SystemExit(f"{engine} failed on {name!r} (see the traceback above)")
    proc.terminate()
    proc.join()
    print(f"  {engine:8} {name}: {shown} ({time.perf_counter() - t0:.1f} s wall)", flush=True)
    return out


def time_queries(
    engine: str, target: Any, entity: str, runs: int, timeout: float
) -> dict[str, dict[str, Any]]:
    """Median time of each query; the engine's data is ``target`` (an Oxigraph store folder,
    or a loaded rdflib Dataset shared copy-on-write with the forked child)."""
    return {
        name: _time_one(engine, name, target, sparql, entity if bound else None, runs, timeout)
        for name, (sparql, bound) in queries().items()
    }


def time_library(
    store: Path, entity: str, claim: str, runs: int, timeout: float
) -> dict[str, dict[str, Any]]:
    """Median time of each library call (the call only; each run opens the store afresh)."""
    return {
        name: _time_one("library", name, (store, call, claim), "", entity, runs, timeout)
        for name, call in LIBRARY.items()
    }


# ---------------- the benchmark ----------------


def _ms(seconds: float) -> str:
    ms = seconds * 1000
    return f"{ms:,.0f}" if ms >= 100 else f"{ms:.2f}" if ms >= 1 else f"{ms:.3f}"


def _median_s(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


PAGE = 100  # entity_claims_ms: the first page of the entity's claims (the whole list is timed too)


def analytics(
    store: Path, n: int, entity_index: int, runs: int, *, reuse: bool = False
) -> dict[str, Any]:
    """The claims index on the --claims store: its build (a reconciliation from nothing, unless
    ``reuse``) and the reads analysts make most, in this process, medians of ``runs`` after one
    warm-up each."""
    from reportgraph.claims_index import index_path
    from reportgraph.claims_index.ledger import ledger_page
    from reportgraph.figures import figure_matches_kind

    path = index_path(store)
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if not reuse:
            stale.unlink(missing_ok=True)
    graph = ReportGraph(store, read_only=True)
    t0 = time.perf_counter()
    index = graph.claims_index
    out: dict[str, Any] = {"index_build_s": round(time.perf_counter() - t0, 1)}
    out["index_mb"] = round(sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6)
    kind = synth.FIGURES[-1]
    label = synth.entity_label(entity_index)
    top = index.select(
        "SELECT entity FROM claim_entities GROUP BY entity ORDER BY COUNT(*) DESC LIMIT 1"
    )[0][0]
    units = [u for u in index.figure_units() if figure_matches_kind(kind, *u)]
    calls: dict[str, Callable[[], object]] = {
        "ledger_s": lambda: graph.figures(kind=kind),
        "ledger_page_s": lambda: ledger_page(
            index, units=units, place=None, include_comments=False, per_page=PAGE
        ),
        "by_source_s": lambda: graph.query("claims_by_source"),
        "lookup_ms": lambda: graph.resolve_entity(label),
        "entity_claims_full_ms": lambda: graph.claims(entity=str(top)),
        "entity_claims_ms": lambda: graph.claims(entity=str(top), limit=PAGE),
    }
    for name, call in calls.items():
        call()  # warm-up
        seconds = _median_s(call, runs)
        out[name] = round(seconds * 1000, 2) if name.endswith("_ms") else round(seconds, 3)
        print(f"  analytics {name}: {out[name]}", flush=True)
    out["claims"] = n
    out["ledger_figures"] = sum(len(g.figures) for g in graph.figures(kind=kind))
    out["entity_claims"] = len(graph.claims(entity=str(top)))
    graph.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1_000_000, help="Oxigraph-only size")
    parser.add_argument("--rdflib-claims", type=int, default=50_000, help="size for both")
    parser.add_argument("--runs", type=int, default=5, help="Oxigraph runs per query (median)")
    parser.add_argument("--rdflib-runs", type=int, default=3, help="rdflib runs per query")
    parser.add_argument("--timeout", type=float, default=60.0, help="per query, seconds")
    parser.add_argument("--entity", type=int, default=100, help="index of the bound entity")
    parser.add_argument("--tmp", type=Path, default=None, help="folder for the stores")
    parser.add_argument(
        "--store",
        type=Path,
        default=None,
        help="folder for the --claims store: reused if it holds one, else built there and kept",
    )
    parser.add_argument("--no-rdflib", action="store_true", help="Oxigraph and the library only")
    parser.add_argument(
        "--analytics-only",
        action="store_true",
        help="only the claims index on the --claims store (its build and the analysts' reads)",
    )
    parser.add_argument(
        "--reuse-index",
        action="store_true",
        help="keep the claims index the store already has (its build time is then not measured)",
    )
    args = parser.parse_args()

    from rdflib import Dataset

    info = machine()
    print(f"machine: {info}")
    entity = entity_iri(synth.entity_id(args.entity)).value
    results: list[dict[str, Any]] = []
    sizes: dict[int, dict[str, Any]] = {}
    found: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="rg-bench-query-", dir=args.tmp) as tmp:
        folder = Path(tmp)
        wanted = {args.claims} if args.analytics_only else {args.rdflib_claims, args.claims}
        for n in sorted(wanted):
            kept = args.store if args.store is not None and n == args.claims else None
            home = kept or folder / f"size-{n}"
            size: dict[str, Any] = dict(synth.reusable(home, n) or {})
            if size:
                print(f"size {n:,} claims: reusing the store in {home} ({size})", flush=True)
            else:
                size = synth.build_in(home, n, folder)
                print(f"size {n:,} claims: built {size} in {home}", flush=True)
            size["store"] = str(home / "store")
            store = home / "store"
            if n == args.claims:
                found = analytics(store, n, args.entity, args.runs, reuse=args.reuse_index)
            if args.analytics_only:
                sizes[n] = size
                continue
            timed = time_queries("oxigraph", store, entity, args.runs, args.timeout)
            for name, r in timed.items():
                results.append({"query": name, "engine": "oxigraph", "claims": n, **r})
            claim = synth.claim_id(n // 2)
            timed = time_library(store, entity, claim, args.runs, args.timeout)
            for name, r in timed.items():
                results.append({"query": name, "engine": "library", "claims": n, **r})
            if n == args.rdflib_claims and not args.no_rdflib:
                nq = folder / f"synthetic-{n}.nq"
                synth.nquads_file(nq, n)
                before = rss_mb()
                t0 = time.perf_counter()
                ds = Dataset()
                ds.parse(str(nq), format="nquads")
                size["rdflib_load_s"] = round(time.perf_counter() - t0, 1)
                size["rdflib_rss_mb"] = round(rss_mb() - before, 1)
                print(
                    f"  rdflib load {size['rdflib_load_s']} s, +{size['rdflib_rss_mb']} MB RSS",
                    flush=True,
                )
                timed = time_queries("rdflib", ds, entity, args.rdflib_runs, args.timeout)
                for name, r in timed.items():
                    results.append({"query": name, "engine": "rdflib", "claims": n, **r})
                del ds
                nq.unlink()
            sizes[n] = size

    def find(query: str, engine: str, n: int) -> dict[str, Any] | None:
        for r in results:
            if (r["query"], r["engine"], r["claims"]) == (query, engine, n):
                return r
        return None

    def shown(r: dict[str, Any] | None) -> str:
        if r is None:
            return "not run"
        if r["median_s"] is None:
            return f"> {r['timeout_s'] * 1000:,.0f} (stopped)"
        return _ms(r["median_s"])

    rows = []
    for name in queries():
        for n in sorted(sizes):
            ox_r, rdf_r = find(name, "oxigraph", n), find(name, "rdflib", n)
            ratio, same = "-", "-"
            if ox_r and rdf_r and ox_r["median_s"] is not None:
                limit = rdf_r["median_s"] is None
                rdf_s = rdf_r["timeout_s"] if limit else rdf_r["median_s"]
                ratio = f"{'> ' if limit else ''}{rdf_s / ox_r['median_s']:,.0f}x"
            if ox_r and rdf_r and None not in (ox_r["rows"], rdf_r["rows"]):
                same = "yes" if rdf_r["rows"] == ox_r["rows"] else f"NO ({rdf_r['rows']})"
            answer = ox_r["rows"] if ox_r and ox_r["rows"] is not None else "-"
            quads = f"{sizes[n]['quads']:,}"
            rows.append([name, f"{n:,}", quads, shown(ox_r), answer, shown(rdf_r), ratio, same])
    print()
    print(
        table(
            [
                "query",
                "claims",
                "quads",
                "oxigraph ms",
                "rows",
                "rdflib ms",
                "rdflib/oxigraph",
                "same rows",
            ],
            rows,
        )
    )
    print()
    lib_rows = []
    for name in LIBRARY:
        for n in sorted(sizes):
            r = find(name, "library", n)
            answer = r["rows"] if r and r["rows"] is not None else "-"
            lib_rows.append([name, f"{n:,}", f"{sizes[n]['quads']:,}", shown(r), answer])
    print(table(["library call", "claims", "quads", "ms", "rows"], lib_rows))
    print()
    for n, size in sorted(sizes.items()):
        print(f"{n:,} claims: {size}")
    if args.claims != args.rdflib_claims and not (args.no_rdflib or args.analytics_only):
        print(
            f"rdflib ran on the {args.rdflib_claims:,}-claim subset only (see README: "
            f"loading is ~{sizes[args.rdflib_claims].get('rdflib_load_s', '?')} s and "
            f"+{sizes[args.rdflib_claims].get('rdflib_rss_mb', '?')} MB there)."
        )
    finish(
        "query",
        info,
        entity=entity,
        claim={n: synth.claim_id(n // 2) for n in sizes},
        sizes=sizes,
        results=results,
        analytics=found,
    )
    print(
        f"entity claims: all {found['entity_claims']:,} in {found['entity_claims_full_ms']} ms,"
        f" the first page of {PAGE} in {found['entity_claims_ms']} ms"
    )
    print(
        f"ledger of one kind: all {found['ledger_figures']:,} figures in {found['ledger_s']} s,"
        f" a page of {PAGE} (the served ledger) in {found['ledger_page_s']} s"
    )
    print(
        f"analytics claims={found['claims']} ledger_s={found['ledger_s']}"
        f" by_source_s={found['by_source_s']} lookup_ms={found['lookup_ms']}"
        f" entity_claims_ms={found['entity_claims_ms']}"
    )


if __name__ == "__main__":
    main()
