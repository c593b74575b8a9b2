"""Write throughput: the sample corpus's documents written through the build's writer to the
embedded store and to an ``oxigraph serve`` on loopback (wall time, one run each; extraction
is done once beforehand and not timed).

    python bench/remote_writes.py [CORPUS] [--copies N]

``--copies`` writes N versions of each document (its path and text changed), to measure on
more than the five sample articles.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from reportgraph.builder.writer import BackgroundWriter  # noqa: E402
from reportgraph.ingest import read_all  # noqa: E402
from reportgraph.nlp.extract import extract  # noqa: E402
from reportgraph.nlp.lexicons import load_lexicons  # noqa: E402
from reportgraph.nlp.pipeline import load_pipeline  # noqa: E402
from reportgraph.rdf.mapping import PreparedDocument, prepare_document  # noqa: E402
from reportgraph.rdf.remote import RemoteStore  # noqa: E402
from reportgraph.rdf.store import GraphStore  # noqa: E402
from sparql_servers import free_port, wait_until_up  # noqa: E402


def prepared(corpus: Path, copies: int) -> list[PreparedDocument]:
    folder = Path(tempfile.mkdtemp(prefix="rg-bench-articles-"))
    for k in range(copies):
        for src in sorted(corpus.glob("*.txt")):
            text = src.read_text(encoding="utf-8")
            (folder / f"v{k:03d}_{src.name}").write_text(f"{text}\n\nEdition {k}.\n", "utf-8")
    documents, _ = read_all([folder])
    nlp, lexicons = load_pipeline(), load_lexicons()
    docs = nlp.pipe([d.text for d in documents])
    out = [
        prepare_document(extract(d, doc, lexicons)) for d, doc in zip(documents, docs, strict=True)
    ]
    shutil.rmtree(folder)
    return out


def timed(store: GraphStore, docs: list[PreparedDocument]) -> float:
    start = time.perf_counter()
    with BackgroundWriter[int, None](store) as writer:
        for k, doc in enumerate(docs):
            writer.submit(k, doc)
        writer.drain()
    store.flush()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--copies", type=int, default=1)
    args = parser.parse_args()
    docs = prepared(Path(args.corpus), args.copies)
    quads = sum(d.quads for d in docs)
    with tempfile.TemporaryDirectory(prefix="rg-bench-remote-") as tmp:
        embedded = GraphStore(Path(tmp) / "store", snapshot_every=len(docs) + 1)
        local_s = timed(embedded, docs)
        embedded.close()
        port = free_port()
        server = subprocess.Popen(
            ["oxigraph", "serve", "--location", f"{tmp}/server", "--bind", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_up(f"http://127.0.0.1:{port}", server)
            remote = RemoteStore(f"http://127.0.0.1:{port}")
            remote_s = timed(remote, docs)
            assert len(remote) == quads, (len(remote), quads)
            remote.close()
        finally:
            server.terminate()
            server.wait()
    print(f"{len(docs)} documents, {quads} quads")
    for name, seconds in (("embedded", local_s), ("oxigraph serve", remote_s)):
        print(
            f"{name:15s} {seconds:7.3f} s  {quads / seconds:10,.0f} quads/s  "
            f"{len(docs) / seconds:8.1f} docs/s"
        )


if __name__ == "__main__":
    main()
