"""Export time for ~1M quads in ~42k named graphs: every format of `reportgraph export`
(TriG, N-Quads, Turtle, JSON-LD) on an on-disk synthetic store, against rdflib's TriG and
JSON-LD writers on the same quads in the same run.

    python bench/export.py --claims 22000                          # ~1M quads
    python bench/export.py --claims 22000 --store /tmp/rg-export   # build once, then reuse

Each reportgraph export runs in a fresh process that opens the store read-only, as the CLI
does; the table gives the median of --runs and that process's peak RSS. The JSON-LD file is
read back with Oxigraph's JSON-LD parser and its quads compared with the store's.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing as mp
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import synth
from common import finish, load_average, machine, table, timed_in_fork

FORMATS = {"trig": "TriG", "nquads": "N-Quads", "turtle": "Turtle (union)", "jsonld": "JSON-LD"}


def _export_child(store: str, out: str, fmt: str, conn: Any) -> None:
    from reportgraph.api import ReportGraph

    graph = ReportGraph.open(Path(store))
    t0 = time.perf_counter()
    graph.export(Path(out), fmt)  # type: ignore[arg-type]
    seconds = time.perf_counter() - t0
    conn.send((seconds, _peak_rss_mb()))


def _peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM: unlike ru_maxrss, not inherited across fork + exec)."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def export_once(store: Path, out: Path, fmt: str) -> tuple[float, float]:
    """(seconds, peak RSS MB) of one `ReportGraph.export` in a fresh process."""
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_export_child, args=(str(store), str(out), fmt, child))
    proc.start()
    seconds, peak = parent.recv()
    proc.join()
    return seconds, peak


def fingerprint(path: Path, fmt: Any) -> tuple[int, int]:
    """Quad count and an order-free hash of the quads in ``path`` (parsed by Oxigraph)."""
    import pyoxigraph as ox

    count, acc = 0, 0
    for q in ox.parse(path=str(path), format=fmt):
        count += 1
        digest = hashlib.blake2b(str(q).encode(), digest_size=16).digest()
        acc = (acc + int.from_bytes(digest, "big")) % (1 << 128)
    return count, acc


def prepare_store(folder: Path, home: Path | None, claims: int) -> tuple[Path, int]:
    """The synthetic store: reused from ``home`` if it holds one for ``claims`` (see
    ``synth.reusable``), else built there (and kept) or in the temporary folder."""
    where = home if home is not None else folder / "synthetic"
    info = synth.reusable(where, claims) if home is not None else None
    if info is not None:
        print(f"reusing the store in {where} ({info})", flush=True)
    else:
        info = synth.build_in(where, claims, folder)
        print(f"built {where} ({info})", flush=True)
    count = info["store_quads"]
    assert isinstance(count, int)
    return where / "store", count


def named_graphs(store: Path) -> int:
    import pyoxigraph as ox

    db = ox.Store.read_only(str(store))
    try:
        return sum(1 for _ in db.named_graphs())
    finally:
        del db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=22_000, help="~46 quads per claim")
    parser.add_argument(
        "--store",
        type=Path,
        default=None,
        help="folder for the --claims store: reused if it holds one, else built there and kept",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs of each reportgraph export")
    parser.add_argument("--timeout", type=float, default=240.0, help="for each rdflib step")
    parser.add_argument("--no-rdflib", action="store_true", help="skip the rdflib baseline")
    args = parser.parse_args()
    import pyoxigraph as ox

    info = machine()
    print(f"machine: {info}")
    rows: list[list[object]] = []
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="rg-bench-export-", ignore_cleanup_errors=True) as t:
        folder = Path(t)
        store, quads = prepare_store(folder, args.store, args.claims)
        graphs = named_graphs(store)
        results["named_graphs"] = graphs
        print(f"{quads:,} quads in {graphs:,} named graphs, on disk in {store}", flush=True)
        outputs: dict[str, Path] = {}
        for fmt, label in FORMATS.items():
            out = folder / f"out.{fmt}"
            runs = [export_once(store, out, fmt) for _ in range(args.runs)]
            seconds = statistics.median(r[0] for r in runs)
            peak = max(r[1] for r in runs)
            size = out.stat().st_size / 1e6
            load = round(load_average()[0], 2)
            results[f"reportgraph_{fmt}"] = {
                "seconds": [round(r[0], 2) for r in runs],
                "median_s": round(seconds, 2),
                "peak_rss_mb": round(peak),
                "mb": round(size, 1),
                "load_1min": load,
            }
            rows.append([f"reportgraph export {label}", f"{quads:,}", seconds, size, peak, load])
            print(
                f"  {fmt}: {seconds:.2f} s (runs {[round(r[0], 1) for r in runs]}), "
                f"{size:.0f} MB, peak {peak:.0f} MB, load {load}",
                flush=True,
            )
            outputs[fmt] = out

        same = fingerprint(outputs["jsonld"], ox.RdfFormat.JSON_LD) == fingerprint(
            outputs["nquads"], ox.RdfFormat.N_QUADS
        )
        results["jsonld_quads_equal_nquads"] = same
        print(f"  JSON-LD read back by Oxigraph has the store's quads: {same}", flush=True)

        if not args.no_rdflib:
            rdflib_rows(outputs["nquads"], folder, quads, args.timeout, rows, results)
        for fmt in ("trig", "turtle", "jsonld"):
            outputs[fmt].unlink()

    ratio = "-"
    if "rdflib_trig_s" in results:
        rdflib_s = results["rdflib_trig_s"] or args.timeout  # a stopped run: a lower bound
        bound = "" if results["rdflib_trig_s"] else "> "
        ratio = f"{bound}{rdflib_s / results['reportgraph_trig']['median_s']:,.0f}x"
    results["rdflib_trig_over_reportgraph_trig"] = ratio
    print()
    print(table(["export", "quads", "seconds", "MB", "peak RSS MB", "load"], rows))
    print(f"\nrdflib TriG / reportgraph TriG: {ratio}")
    finish(
        "export",
        info,
        claims=args.claims,
        quads=quads,
        results=results,
    )


def rdflib_rows(
    nquads: Path,
    folder: Path,
    quads: int,
    timeout: float,
    rows: list[list[object]],
    results: dict[str, Any],
) -> None:
    """rdflib's own writers on the same quads: TriG, and JSON-LD compacted with the project
    context (what `reportgraph export --format jsonld` did before it streamed)."""
    from rdflib import Dataset

    from reportgraph.rdf.jsonld import context

    t0 = time.perf_counter()
    ds = Dataset()
    ds.parse(str(nquads), format="nquads")
    results["rdflib_parse_s"] = round(time.perf_counter() - t0, 1)
    print(f"  rdflib parsed {quads:,} quads in {results['rdflib_parse_s']} s", flush=True)

    def previous_jsonld(out: Path) -> None:
        """The JSON-LD export before it streamed: N-Quads into an rdflib Dataset, then
        rdflib's JSON-LD writer with the project context."""
        previous = Dataset()
        previous.parse(str(nquads), format="nquads")
        previous.serialize(str(out), format="json-ld", context=context(), auto_compact=True)

    steps = {
        "trig": (
            "rdflib Dataset.serialize TriG",
            lambda out: ds.serialize(str(out), format="trig"),
        ),
        "jsonld": ("previous JSON-LD export (rdflib parse + serialize)", previous_jsonld),
    }
    for fmt, (label, step) in steps.items():
        out = folder / f"rdflib.{fmt}"
        seconds = timed_in_fork(lambda step=step, out=out: step(out), timeout)
        results[f"rdflib_{fmt}_s"] = seconds
        shown: object = round(seconds, 2) if seconds is not None else f"> {timeout:.0f} (stopped)"
        size: object = out.stat().st_size / 1e6 if seconds is not None else "-"
        load = round(load_average()[0], 2)
        rows.append([label, f"{quads:,}", shown, size, "-", load])
        print(f"  {label}: {shown} s, load {load}", flush=True)


if __name__ == "__main__":
    main()
