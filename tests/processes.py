"""Helpers for tests that run, kill and inspect real build processes (crash safety, concurrent
reads): subprocess commands and environment, invented articles, and per-document store views."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

from factories import document, entity, relation
from paths import SRC, TESTS
from reportgraph.models import DocumentExtraction
from reportgraph.rdf.mapping import document_graph
from reportgraph.rdf.snapshot import Snapshots
from reportgraph.rdf.store import GraphStore
from reportgraph.rdf.vocab import RDF, RG

WAIT = 180.0  # generous upper bound for any one wait on a loaded machine


def env(**extra: str) -> dict[str, str]:
    paths = [str(SRC), str(TESTS), os.environ.get("PYTHONPATH", "")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p), **extra}


def make_articles(corpus: Path, out: Path, n: int = 30, chars: int = 300) -> Path:
    """``n`` short articles: the opening of each sample article, each copy with a changed
    last line so every copy is a different document."""
    out.mkdir(parents=True, exist_ok=True)
    sources = sorted(corpus.glob("*.txt"))
    for k in range(n):
        text = sources[k % len(sources)].read_text(encoding="utf-8")[:chars]
        end = text.rfind(". ")
        body = text[: end + 1] if end > 100 else text
        (out / f"copy{k:02d}_{sources[k % len(sources)].name}").write_text(
            f"{body}\n\nEdition {k // len(sources) + 1}.\n", encoding="utf-8"
        )
    return out


def build_cmd(articles: Path, store: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "reportgraph.cli",
        "build",
        str(articles),
        "--store",
        str(store),
        "--no-export",
        "--no-viz",
        "--batch-size",
        "4",
    ]


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=WAIT)


def read_store(store: Path) -> GraphStore:
    """The safe read path: the newest published snapshot, refreshed if no writer runs."""
    return GraphStore(store, read_only=True)


def documents_now(store: Path) -> int:
    if not store.exists():
        return 0
    reader = read_store(store)
    try:
        return len(reader.document_ids())
    finally:
        reader.close()


def per_document(store: GraphStore) -> dict[str, frozenset[str]]:
    """Each document's quads: its document graph plus the claim graphs it declares."""
    by_graph: dict[str, set[str]] = {}
    declared: dict[str, list[str]] = {}
    for q in store.quads():
        g = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
        by_graph.setdefault(g, set()).add(str(q))
        if q.predicate == RDF.type and q.object == RG.Claim:
            declared.setdefault(g, []).append(q.subject.value)
    prefix = document_graph("").value
    return {
        g.removeprefix(prefix): frozenset(
            quads.union(*(by_graph.get(c, set()) for c in declared.get(g, [])))
        )
        for g, quads in by_graph.items()
        if g.startswith(prefix)
    }


def all_quads(store: GraphStore) -> set[str]:
    return {str(q) for q in store.quads()}


def assert_consistent(store_path: Path) -> dict[str, frozenset[str]]:
    """Every published snapshot and the refreshed view pass the checker."""
    for snap in Snapshots(store_path).numbered():
        raw = GraphStore(None)
        raw._store = ox.Store.read_only(str(snap))  # inspect this exact snapshot
        assert raw.check() == [], snap
    reader = read_store(store_path)
    try:
        assert reader.check() == []
        return per_document(reader)
    finally:
        reader.close()


def big_extraction(i: int, version: int, claims: int = 40) -> DocumentExtraction:
    """Invented article ``i`` in ``version``: many claims, so one write is one big transaction."""
    text = " ".join(
        f"The Unit{i:03d}x{j:03d} attacked Town{version:02d}x{j:03d}." for j in range(claims)
    )
    doc = document(text, path=f"mem/article{i:03d}.txt")
    units = [entity(doc, "ORGANIZATION", f"Unit{i:03d}x{j:03d}") for j in range(claims)]
    towns = [entity(doc, "PLACE", f"Town{version:02d}x{j:03d}") for j in range(claims)]
    return DocumentExtraction(
        document=doc,
        entities=(*units, *towns),
        claims=tuple(relation(doc, u, "attack", t) for u, t in zip(units, towns, strict=True)),
    )
