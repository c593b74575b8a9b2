"""Export time for ~1M quads: TriG and N-Quads through reportgraph (Oxigraph's serializers),
JSON-LD through reportgraph (rdflib underneath), against rdflib's own TriG writer on the same
quads in the same run.

    python bench/export.py --claims 40000
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import synth
from common import load_average, machine, table, timed_in_fork, write_result

from reportgraph.api import ReportGraph


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=40_000, help="~25 quads per claim")
    parser.add_argument("--rdflib-claims", type=int, default=None, help="default: --claims")
    parser.add_argument("--runs", type=int, default=3, help="runs of the Oxigraph exports")
    parser.add_argument("--timeout", type=float, default=240.0, help="for each rdflib step")
    args = parser.parse_args()
    rdflib_claims = args.rdflib_claims or args.claims

    from rdflib import Dataset

    info = machine()
    print(f"machine: {info}")
    rows: list[list[object]] = []
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="rg-bench-export-", ignore_cleanup_errors=True) as t:
        folder = Path(t)
        nq = folder / "synthetic.nq"
        quads = synth.nquads_file(nq, args.claims)
        synth.build_store(folder / "store", nq)
        graph = ReportGraph(folder / "store")
        print(f"{args.claims:,} claims, {quads:,} quads in an on-disk Oxigraph store", flush=True)

        def oxigraph(fmt: str) -> None:
            times = []
            out = folder / f"out.{fmt}"
            for _ in range(args.runs):
                t0 = time.perf_counter()
                graph.export(out, fmt)  # type: ignore[arg-type]
                times.append(time.perf_counter() - t0)
            seconds = statistics.median(times)
            size = out.stat().st_size / 1e6
            results[f"reportgraph_{fmt}_s"] = seconds
            rows.append([f"reportgraph export {fmt} (Oxigraph)", f"{quads:,}", seconds, size])
            print(f"  {fmt}: {seconds:.2f} s, {size:.0f} MB", flush=True)
            out.unlink()

        oxigraph("trig")
        oxigraph("nquads")
        jsonld = folder / "out.jsonld"
        seconds = timed_in_fork(lambda: graph.export(jsonld, "jsonld"), args.timeout)
        results["reportgraph_jsonld_s"] = seconds
        shown: object = seconds if seconds is not None else f"> {args.timeout:.0f} (stopped)"
        size_mb: object = jsonld.stat().st_size / 1e6 if seconds is not None else "-"
        rows.append(["reportgraph export jsonld (rdflib)", f"{quads:,}", shown, size_mb])
        print(f"  jsonld: {shown} s", flush=True)

        if rdflib_claims != args.claims:
            nq.unlink()
            rdf_quads = synth.nquads_file(nq, rdflib_claims)
        else:
            rdf_quads = quads
        t0 = time.perf_counter()
        ds = Dataset()
        ds.parse(str(nq), format="nquads")
        results["rdflib_parse_s"] = time.perf_counter() - t0
        print(f"  rdflib parsed {rdf_quads:,} quads in {results['rdflib_parse_s']:.1f} s")
        trig = folder / "rdflib.trig"
        seconds = timed_in_fork(lambda: ds.serialize(str(trig), format="trig"), args.timeout)
        results["rdflib_trig_s"] = seconds
        shown = seconds if seconds is not None else f"> {args.timeout:.0f} (stopped)"
        size_mb = trig.stat().st_size / 1e6 if seconds is not None else "-"
        rows.append(["rdflib Dataset.serialize trig", f"{rdf_quads:,}", shown, size_mb])
        print(f"  rdflib trig: {shown} s", flush=True)

    ratio = "-"
    if rdflib_claims == args.claims:
        rdflib_s = results["rdflib_trig_s"] or args.timeout  # a stopped run: a lower bound
        bound = "" if results["rdflib_trig_s"] else "> "
        ratio = f"{bound}{rdflib_s / results['reportgraph_trig_s']:,.0f}x"
    results["rdflib_trig_over_reportgraph_trig"] = ratio
    print()
    print(table(["export", "quads", "seconds", "MB"], rows))
    print(f"\nrdflib TriG / reportgraph TriG: {ratio}")
    if rdflib_claims != args.claims:
        print(f"rdflib ran on a {rdflib_claims:,}-claim subset ({rdf_quads:,} quads).")
    print(f"load average now: {[round(x, 2) for x in load_average()]}")
    path = write_result(
        "export",
        {
            "command": " ".join(["python", "bench/export.py", *sys.argv[1:]]),
            "machine": info,
            "claims": args.claims,
            "quads": quads,
            "rdflib_quads": rdf_quads,
            "results": results,
        },
    )
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
