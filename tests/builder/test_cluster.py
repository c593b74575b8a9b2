"""Builds on a Dask cluster (``builder/cluster.py``): the same graph as a local build, a worker
killed mid-build loses and duplicates nothing, a document that kills every worker fails alone,
and a wrong ``--cluster`` is a coded error.

Most tests share one ``LocalCluster`` of two worker processes (started once: each worker loads
the pipeline), reached by its ``tcp://`` address like a remote scheduler; one test starts its own
with ``local:2``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from clusters import killer, local_build, sorted_nquads, two_workers, write_articles
from reportgraph.api import ReportGraph
from reportgraph.builder import cluster as cluster_module
from reportgraph.cli import app
from reportgraph.errors import ClusterError

distributed = pytest.importorskip("distributed")

runner = CliRunner()


@pytest.fixture(scope="module")
def dask_cluster() -> Iterator[Any]:
    with two_workers() as cluster:
        yield cluster


def test_a_local_cluster_builds_the_same_graph_as_one_worker(tmp_path: Path) -> None:
    articles = write_articles(tmp_path / "in", count=12)
    local_build(articles, tmp_path / "local")
    with ReportGraph(tmp_path / "cluster") as rg:
        report = rg.build([articles], cluster="local:2", batch_size=2)
    assert report.failures == [] and report.added == 12 and report.claims > 0
    assert sorted_nquads(tmp_path / "cluster") == sorted_nquads(tmp_path / "local")


@pytest.mark.corpus
def test_the_sample_corpus_on_a_cluster_is_the_same_graph(
    dask_cluster: Any, corpus_dir: Path, sample_store: Path, tmp_path: Path
) -> None:
    with ReportGraph(tmp_path / "cluster") as rg:
        report = rg.build([corpus_dir], cluster=dask_cluster.scheduler_address, batch_size=1)
    assert report.failures == [] and report.added > 0
    assert sorted_nquads(tmp_path / "cluster") == sorted_nquads(sample_store)


def test_a_rebuild_on_a_cluster_writes_nothing_again(dask_cluster: Any, tmp_path: Path) -> None:
    articles = write_articles(tmp_path / "in", count=4)
    store = tmp_path / "store"
    local_build(articles, store)
    before = sorted_nquads(store)
    with ReportGraph(store) as rg:
        report = rg.build([articles], cluster=dask_cluster.scheduler_address)
    assert (report.added, report.unchanged) == (0, 4)
    assert sorted_nquads(store) == before


def test_a_worker_killed_mid_build_loses_and_duplicates_nothing(
    dask_cluster: Any, tmp_path: Path
) -> None:
    count = 40
    articles = write_articles(tmp_path / "in", count=count, repeat=6)
    local_build(articles, tmp_path / "local")
    seen: list[str] = []
    with killer(dask_cluster) as killed, ReportGraph(tmp_path / "cluster") as rg:
        report = rg.build(
            [articles],
            cluster=dask_cluster.scheduler_address,
            batch_size=2,
            progress=lambda p: seen.append(p.path),
        )
    assert killed, "the build ended before a worker could be killed"
    assert report.failures == []
    assert (report.added, report.unchanged) == (count, 0)  # a second write would be unchanged
    assert sorted(seen) == sorted(str(p) for p in articles.iterdir())  # each document once
    assert sorted_nquads(tmp_path / "cluster") == sorted_nquads(tmp_path / "local")


class _Deadly(distributed.WorkerPlugin):  # type: ignore[misc]
    """Makes the extraction of a batch that holds a text with ``DIE`` kill its worker."""

    name = "test-deadly-document"

    def setup(self, worker: Any) -> None:
        from reportgraph.builder import workers

        real = workers.extract_chunk
        self.real = real

        def deadly(nlp, lexicons, chunk, batch_size):  # type: ignore[no-untyped-def]
            if any("DIE" in d.text for d in chunk):
                os._exit(9)  # as if the kernel had killed the worker
            return real(nlp, lexicons, chunk, batch_size)

        workers.extract_chunk = deadly

    def teardown(self, worker: Any) -> None:
        from reportgraph.builder import workers

        workers.extract_chunk = self.real


def test_a_document_that_kills_every_worker_fails_alone(dask_cluster: Any, tmp_path: Path) -> None:
    """With no death allowed per task (the scheduler's ``allowed-failures``), the batch is split
    at once: the other documents of the batch are built; the deadly one fails with RG726."""
    articles = write_articles(tmp_path / "in", count=6)
    (articles / "a002.txt").write_text("Officials said DIE the bridge at Eastport fell.\n")
    scheduler = dask_cluster.scheduler
    allowed, scheduler.allowed_failures = scheduler.allowed_failures, 0
    client = distributed.Client(dask_cluster)
    client.register_plugin(_Deadly())
    try:
        with ReportGraph(tmp_path / "store") as rg:
            report = rg.build([articles], cluster=dask_cluster.scheduler_address, batch_size=3)
    finally:
        scheduler.allowed_failures = allowed
        client.unregister_worker_plugin(_Deadly.name)
        client.close()
    assert [(Path(f.path).name, f.code) for f in report.failures] == [("a002.txt", "RG726")]
    assert report.added == 5


def test_an_unreachable_scheduler_is_a_coded_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cluster_module, "CONNECT_TIMEOUT", 1.0)
    articles = write_articles(tmp_path / "in", count=1)
    with ReportGraph(tmp_path / "store") as rg, pytest.raises(ClusterError) as caught:
        rg.build([articles], cluster="tcp://127.0.0.1:1")
    assert caught.value.code == "RG722" and "tcp://127.0.0.1:1" in caught.value.cause


@pytest.mark.parametrize("value", ["local:0", "local:two", "127.0.0.1:8786", "tcp://", ""])
def test_a_cluster_that_is_no_address_is_refused_before_anything_is_read(
    tmp_path: Path, value: str
) -> None:
    articles = write_articles(tmp_path / "in", count=1)
    argv = ["build", str(articles), "--store", str(tmp_path / "store"), "--cluster", value]
    result = runner.invoke(app, argv)
    assert result.exit_code == 1 and "RG721" in result.output
    assert not (tmp_path / "store").exists()


def test_cluster_and_workers_together_are_refused(tmp_path: Path) -> None:
    articles = write_articles(tmp_path / "in", count=1)
    argv = ["build", str(articles), "--store", str(tmp_path / "store")]
    result = runner.invoke(app, [*argv, "--cluster", "local:2", "--workers", "1"])
    assert result.exit_code == 1 and "RG723" in result.output
    with ReportGraph(tmp_path / "store") as rg, pytest.raises(ClusterError) as caught:
        rg.build([articles], cluster="local:2", n_process=2)
    assert caught.value.code == "RG723"
