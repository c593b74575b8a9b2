"""Builds on a Dask cluster against a local build and raw spaCy, in one run.

On the corpus of ``bench/ingest.py`` (the sample articles copied to N documents, each with its
own id), each measurement in its own subprocess:

- raw spaCy: ``nlp.pipe`` with ``n_process`` 1 and 2 (``ingest.py``'s raw baseline);
- a local build: ``ReportGraph.build`` with one worker (``--workers 1``);
- cluster builds: ``--cluster local:1`` and ``local:2``, from nothing (the ``LocalCluster``
  started and each worker's pipeline loaded inside the timed build, as a user runs it);
- a serial build: one process parsing and extracting one after the other (the build's path
  without fork), which is what one Dask worker does; ``--workers 1`` overlaps the two in two
  processes (a forked worker parses while the parent extracts), so it is faster than either;
- the cluster's fixed cost: the serial and ``local:1`` builds of one document;
- store writes: the N-Quads of up to 50 documents written through the build's writer
  (:func:`write_throughput`, which takes any ``GraphStore``) to a fresh embedded store and to
  a fresh ``oxigraph serve`` on a free loopback port (data in a temporary folder, stopped at
  the end);
- the remote store: ``--cluster local:2`` into such a server (``local:2+remote``: the workers
  write the store, the client only its claims index) against the same build into the
  embedded store (``local:2``: the client writes).

Each build also reports what it left: quads, claims, and the bytes of the store folder and of
the claims index, per document (``docs/scaling.md`` uses them).

The overhead of the cluster path per document is (``local:1`` − ``--workers 1``) / N; against
the serial build, (``local:1`` − serial) / N is Dask's own cost, and less the fixed cost (the
one-document difference: the cluster's start) it is the marginal cost per document.

    python bench/distributed.py --docs 150
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# This file is named like the ``distributed`` package: with bench/ on sys.path, ``import
# distributed`` (in this process, or in a Dask worker that inherits sys.path) would import this
# file. bench/ is on the path only while the helpers are imported.
_BENCH = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _BENCH]
sys.path.insert(0, str(_BENCH))
from common import (  # noqa: E402
    TreeMemory,
    finish,
    load_average,
    machine,
    rusage_peaks_mb,
    table,
)

from ingest import (  # noqa: E402
    CACHE_DIR,
    _cpu_seconds,
    child_env,
    make_corpus,
    run_child,
    warm_gazetteer_cache,
)

sys.path.remove(str(_BENCH))


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


@contextlib.contextmanager
def oxigraph_server(folder: Path) -> Iterator[tuple[str, int]]:
    """An ``oxigraph serve`` on a free loopback port, its data in ``folder``: (URL, pid);
    stopped on exit."""
    binary = shutil.which("oxigraph")
    if binary is None:
        raise SystemExit("the oxigraph server binary is not installed (pip install -e '.[scale]')")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [binary, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"oxigraph serve did not come up at {url}") from None
                time.sleep(0.05)
        yield url, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def _process_cpu_s(pid: int) -> float:
    """User + system CPU seconds of a running process (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _build_child(paths: list[Path], where: str, batch_size: int) -> dict[str, Any]:
    """One build of ``paths``: ``where`` is ``workers1``, ``serial`` (one process, no worker:
    parse and extraction one after the other, as on one Dask worker) or a ``--cluster``
    value, into the embedded store, or (``+remote``) into an ``oxigraph serve`` started here
    (whose CPU is counted in ``cpu_s``, and apart as ``server_cpu_s``)."""
    from reportgraph.api import ReportGraph
    from reportgraph.builder import workers
    from reportgraph.ingest import read_all
    from reportgraph.rdf.remote.location import StoreURL, index_file

    if where == "serial":
        workers.can_fork = lambda: False  # the build's path on systems without fork

    documents, _ = read_all(paths)
    words = sum(len(d.text.split()) for d in documents)
    out: dict[str, Any] = {"mode": where, "docs": len(documents), "words": words}
    remote = where.endswith("+remote")
    target = where.removesuffix("+remote")
    cluster = target if target.startswith("local:") else None
    cpu0 = _cpu_seconds()
    self0 = time.process_time()
    with (
        tempfile.TemporaryDirectory(prefix="rg-bench-store-", ignore_cleanup_errors=True) as tmp,
        TreeMemory() as memory,
        contextlib.ExitStack() as stack,
    ):
        store: Path | str = Path(tmp) / "store"
        if remote:
            store, server = stack.enter_context(oxigraph_server(Path(tmp) / "server"))
        t0 = time.perf_counter()
        with ReportGraph(store) as graph:
            report = graph.build(paths, batch_size=batch_size, n_process=1, cluster=cluster)
        seconds = time.perf_counter() - t0
        if remote:
            assert isinstance(store, str)
            out["server_cpu_s"] = round(_process_cpu_s(server), 3)
            stack.close()  # the server stopped: its folder as it leaves it
            out["store_bytes"] = _size(Path(tmp) / "server")
            index = index_file(StoreURL.parse(store))
            found = list(index.parent.glob(index.name + "*")) if index is not None else []
            out["index_bytes"] = sum(_size(p) for p in found)
            for p in found:
                p.unlink()
        else:
            assert isinstance(store, Path)
            out["store_bytes"] = _size(store)
            out["index_bytes"] = sum(_size(p) for p in store.parent.glob("store.index.db*"))
    out["seconds"] = round(seconds, 3)
    out["cpu_s"] = round(_cpu_seconds() - cpu0, 3)  # this process and its joined children
    # this process alone: on a cluster, the client (reading, the scheduler of a local cluster,
    # receiving results, the writer thread)
    out["client_cpu_s"] = round(time.process_time() - self0, 3)
    out["words_per_s"] = round(words / seconds, 1)
    out["peak_tree_rss_mb"] = round(memory.peak_kb / 1024, 1)
    out.update(rusage_peaks_mb())
    out.update(added=report.added, failures=len(report.failures), claims=report.claims)
    out["quads"] = report.quads
    return out


def write_throughput(store: Any, prepared: list[Any]) -> dict[str, Any]:
    """Wall time to write ``prepared`` (``PreparedDocument``s) to ``store`` (a ``GraphStore``)
    through the build's background writer, as a build writes them."""
    from reportgraph.builder.writer import BackgroundWriter

    t0 = time.perf_counter()
    with BackgroundWriter[int, None](store) as writer:
        for k, p in enumerate(prepared):
            writer.submit(k, p)
        outcomes = [o for _, o in writer.drain()]
    seconds = time.perf_counter() - t0
    quads = sum(p.quads for p in prepared)
    return {
        "docs": len(prepared),
        "quads": quads,
        "nquads_bytes": sum(len(p.nquads) for p in prepared),
        "seconds": round(seconds, 3),
        "docs_per_s": round(len(prepared) / seconds, 1),
        "quads_per_s": round(quads / seconds, 1),
        "added": outcomes.count("added"),
    }


def _writes_child(paths: list[Path], batch_size: int) -> dict[str, Any]:
    """Extract ``paths`` in this process, then time their writes to a fresh embedded store and
    to a fresh ``oxigraph serve`` on loopback."""
    from reportgraph.builder.extraction import extract
    from reportgraph.ingest import read_all
    from reportgraph.rdf.remote import RemoteStore
    from reportgraph.rdf.store import GraphStore

    documents, _ = read_all(paths)
    results = extract(documents, model=None, batch_size=batch_size, n_process=1, max_chars=10**7)
    prepared = [r.quads for _, r in results if not hasattr(r, "code")]
    with tempfile.TemporaryDirectory(prefix="rg-bench-store-", ignore_cleanup_errors=True) as tmp:
        store = GraphStore(Path(tmp) / "store", snapshot_every=len(prepared) + 1)
        embedded = write_throughput(store, prepared)
        store.close()
        with oxigraph_server(Path(tmp) / "server") as (url, pid):
            remote_store = RemoteStore(url)
            cpu0 = _process_cpu_s(pid)
            remote = write_throughput(remote_store, prepared)
            remote["server_cpu_s"] = round(_process_cpu_s(pid) - cpu0, 3)
            assert len(remote_store) == remote["quads"], (len(remote_store), remote["quads"])
            remote_store.close()
    return {"mode": "writes", "embedded": embedded, "oxigraph_serve": remote}


def _run(mode: str, folder: Path, docs: int, batch_size: int) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", mode, "--corpus", str(folder)]
    cmd += ["--docs", str(docs), "--batch-size", str(batch_size)]
    load = load_average()[0]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, env=child_env())
    if done.returncode != 0:
        raise SystemExit(f"child {mode} n={docs} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["load_1min_before"] = round(load, 2)
    if mode == "writes":
        print(f"  writes (embedded): {result['embedded']}", flush=True)
        print(f"  writes (oxigraph serve): {result['oxigraph_serve']}", flush=True)
    else:
        print(
            f"  {mode:9} docs={docs:4}: {result['words_per_s']:8.0f} words/s "
            f"({result['seconds']:.1f} s, peak {result['peak_tree_rss_mb']:.0f} MB, "
            f"load {load:.2f})",
            flush=True,
        )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=150, help="documents in the corpus")
    parser.add_argument("--batch-size", type=int, default=8, help="as in ReportGraph.build")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        paths = sorted(args.corpus.glob("*.txt"))[: args.docs]
        if args.child == "writes":
            print(json.dumps(_writes_child(paths, args.batch_size)))
        else:
            print(json.dumps(_build_child(paths, args.child, args.batch_size)))
        return

    info = machine()
    print(f"machine: {info}")
    cold = warm_gazetteer_cache()
    print(f"gazetteer cache: {CACHE_DIR} (built once, {cold:.1f} s)")
    n = args.docs
    with tempfile.TemporaryDirectory(prefix="rg-bench-corpus-") as tmp:
        folder = Path(tmp)
        make_corpus(n, folder)
        raw = {w: run_child("raw", folder, n, w, args.batch_size) for w in (1, 2)}
        modes = ("workers1", "serial", "local:1", "local:2", "local:2+remote")
        builds = {m: _run(m, folder, n, args.batch_size) for m in modes}
        fixed = {m: _run(m, folder, 1, args.batch_size) for m in ("serial", "local:1")}
        writes = _run("writes", folder, min(n, 50), args.batch_size)

    rows = []
    for mode, b in builds.items():
        base = raw[2] if mode.startswith("local:2") else raw[1]
        rows.append(
            [
                mode,
                b["words_per_s"],
                round(b["words_per_s"] / base["words_per_s"], 3),
                round(b["words_per_s"] / builds["workers1"]["words_per_s"], 3),
                b["seconds"],
                b["cpu_s"],
                b["client_cpu_s"],
                b["peak_tree_rss_mb"],
                b["quads"],
            ]
        )
    print()
    headers = ["build", "words/s", "/ raw (same procs)", "/ workers1", "seconds", "CPU s"]
    print(table([*headers, "client CPU s", "peak MB", "quads"], rows))
    local1, w1, serial = builds["local:1"], builds["workers1"], builds["serial"]
    start = fixed["local:1"]["seconds"] - fixed["serial"]["seconds"]
    summary: dict[str, Any] = {
        "raw_words_per_s": {w: r["words_per_s"] for w, r in raw.items()},
        "raw_speedup_1_to_2": round(raw[2]["words_per_s"] / raw[1]["words_per_s"], 3),
        "cluster_speedup_1_to_2": round(
            builds["local:2"]["words_per_s"] / local1["words_per_s"], 3
        ),
        "cluster_overhead_per_doc_s": round((local1["seconds"] - w1["seconds"]) / n, 4),
        "cluster_overhead_per_doc_vs_serial_s": round(
            (local1["seconds"] - serial["seconds"]) / n, 4
        ),
        "cluster_fixed_cost_vs_serial_s": round(start, 2),
        "cluster_marginal_overhead_per_doc_vs_serial_s": round(
            (local1["seconds"] - serial["seconds"] - start) / max(1, n - 1), 4
        ),
        "per_doc": {
            "cpu_s_workers1": round(w1["cpu_s"] / n, 4),
            "cpu_s_per_1k_words_workers1": round(w1["cpu_s"] / w1["words"] * 1000, 4),
            "words": round(w1["words"] / n, 1),
            "quads": round(w1["quads"] / n, 1),
            "claims": round(w1["claims"] / n, 1),
            "store_bytes": round(w1["store_bytes"] / n),
            "index_bytes": round(w1["index_bytes"] / n),
            # less the folder of a one-document build: RocksDB's and SQLite's fixed sizes
            "store_bytes_marginal": round(
                (w1["store_bytes"] - fixed["serial"]["store_bytes"]) / max(1, n - 1)
            ),
            "index_bytes_marginal": round(
                (w1["index_bytes"] - fixed["serial"]["index_bytes"]) / max(1, n - 1)
            ),
        },
        "writes": writes["embedded"],
        "writes_oxigraph_serve": writes["oxigraph_serve"],
        "remote_cluster": {
            "local2_embedded_s": builds["local:2"]["seconds"],
            "local2_remote_s": builds["local:2+remote"]["seconds"],
            "client_cpu_s_embedded": builds["local:2"]["client_cpu_s"],
            "client_cpu_s_remote": builds["local:2+remote"]["client_cpu_s"],
            "server_cpu_s": builds["local:2+remote"]["server_cpu_s"],
            "store_bytes_per_doc_remote": round(builds["local:2+remote"]["store_bytes"] / n),
        },
    }
    print()
    for key, value in summary.items():
        print(f"{key}: {value}")
    finish("distributed", info, raw=raw, builds=builds, fixed=fixed, summary=summary)


if __name__ == "__main__":
    main()
