"""What running a user's query in a child process costs (``rdf/query_process.run_bounded``,
the path of ``reportgraph query`` and ``ReportGraph.query``), against the same query run in
this process (``GraphStore.select``), on a small synthetic store opened as the CLI opens it.

    python bench/query_overhead.py [--claims 2000] [--runs 50]

The difference is the fork, the pipe and the pickling of the rows: a fixed few milliseconds,
plus a cost per row for large answers.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import synth
from common import finish, machine, median_time, table

from reportgraph.api import ReportGraph
from reportgraph.rdf.query_guard import check_query
from reportgraph.rdf.query_process import run_bounded

QUERIES = {
    "count (1 row)": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?d a rg:Document } }",
    "100 rows": "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 100",
    "10,000 rows": "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 10000",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    info = machine()
    with tempfile.TemporaryDirectory() as tmp:
        built = synth.build_in(Path(tmp) / "synthetic", args.claims, Path(tmp))
        graph = ReportGraph.open(Path(tmp) / "synthetic" / "store")
        rows, results = [], {}
        for name, sparql in QUERIES.items():
            here, _ = median_time(lambda q=sparql: graph.store.select(q), args.runs)
            child, _ = median_time(lambda q=sparql: run_bounded(graph.store, q), args.runs)
            guard, _ = median_time(lambda q=sparql: check_query(q), args.runs)
            api, _ = median_time(lambda q=sparql: graph.query(q), args.runs)
            ms = [1000 * t for t in (here, child, child - here, guard, api)]
            rows.append([name, *ms])
            results[name] = dict(
                zip(("select_ms", "child_ms", "overhead_ms", "check_ms", "api_ms"), ms, strict=True)
            )
        graph.close()
    print(f"store: {built['store_quads']} quads ({args.claims} synthetic claims)")
    headers = ["query", "in process ms", "child ms", "overhead ms", "check ms", "API ms"]
    print(table(headers, rows))
    finish("query_overhead", info, claims=args.claims, runs=args.runs, results=results)


if __name__ == "__main__":
    main()
