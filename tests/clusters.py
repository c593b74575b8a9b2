"""Helpers for the cluster-build tests (``tests/builder/test_cluster.py``,
``tests/remote/test_cluster_remote.py``): invented articles, a ``LocalCluster`` like the one
``--cluster local:2`` starts, a worker killed in the middle of a batch, and sorted N-Quads."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reportgraph.api import ReportGraph

ARTICLES = [
    "Rebels shelled the port of Lakeside on Monday, the army said. At least 12 people died.",
    "The Northern Front said it captured two villages near Hilltop on Tuesday.",
    "Aid workers told the Daily Test that 300 families fled the fighting.",
    "A spokesman for the Coastal Guard said five soldiers were wounded near Redcliff.",
    "Police arrested 40 protesters in Rivertown, the interior ministry said on Friday.",
    "Flooding displaced about 2,000 people in the southern districts, officials said.",
]


def write_articles(folder: Path, count: int = len(ARTICLES), repeat: int = 1) -> Path:
    """``count`` invented articles (``repeat`` times their text, to make each one slower)."""
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(count):
        text = " ".join([ARTICLES[k % len(ARTICLES)]] * repeat)
        (folder / f"a{k:03d}.txt").write_text(f"{text} Edition {k}.\n", encoding="utf-8")
    return folder


def sorted_nquads(store: Path | str) -> list[str]:
    """Every quad of the store (a folder or a server's URL), as sorted N-Quads lines."""
    with ReportGraph.open(store) as rg:
        return sorted(str(q) for q in rg.store.quads())


def local_build(articles: Path, store: Path) -> None:
    """An embedded build with one worker process (``--workers 1``)."""
    with ReportGraph(store) as rg:
        rg.build([articles], n_process=1)


@contextlib.contextmanager
def two_workers() -> Iterator[Any]:
    """Two worker processes of one thread, with nannies (a killed worker is restarted)."""
    import distributed

    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
    try:
        yield cluster
    finally:
        cluster.close()


def kill_a_busy_worker(client: Any, killed: list[int], stop: threading.Event) -> None:
    """Kill (SIGKILL) the first worker seen running a batch of the build, once."""
    while not stop.wait(0.05):
        busy = [
            w
            for w, keys in client.processing().items()
            if any(str(k).startswith("reportgraph-extract-") for k in keys)
        ]
        if busy:
            time.sleep(0.2)  # well into the batch
            pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)
            return


@contextlib.contextmanager
def killer(cluster: Any) -> Iterator[list[int]]:
    """While the block runs, a thread kills one worker of ``cluster`` busy with a batch; the
    pids killed (one, or none if the block ended first)."""
    import distributed

    killed: list[int] = []
    stop = threading.Event()
    client = distributed.Client(cluster)
    thread = threading.Thread(target=kill_a_busy_worker, args=(client, killed, stop))
    thread.start()
    try:
        yield killed
    finally:
        stop.set()
        thread.join()
        client.close()
