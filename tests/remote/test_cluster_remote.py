"""Cluster builds into an Oxigraph server, the workers writing the store themselves
(``cluster_tasks.deliver``): the same graph as an embedded ``--workers 1`` build; a worker that
dies (in the middle of its batch, or just after writing it) loses and duplicates nothing; the
server killed in the middle is a clear coded error, and a rerun completes.

The tests share one ``LocalCluster`` of two workers (reached by its ``tcp://`` address, as a
remote scheduler); the CLI test starts its own with ``--cluster local:2``."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from clusters import killer, local_build, sorted_nquads, two_workers, write_articles
from processes import WAIT, env
from reportgraph.api import ReportGraph
from reportgraph.cli import app
from sparql_servers import OxServer, kill_when_documents_land

distributed = pytest.importorskip("distributed")
runner = CliRunner()


def cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def exported(store: str, out: Path) -> list[str]:
    cli("export", "-f", "nquads", "--store", store, "-o", str(out))
    return sorted(line for line in out.read_text(encoding="utf-8").splitlines() if line)


@pytest.fixture(scope="module")
def dask_cluster() -> Iterator[Any]:
    with two_workers() as cluster:
        yield cluster


@pytest.mark.corpus
def test_the_sample_corpus_on_local_2_is_the_embedded_graph(
    remote_url: str, corpus_dir: Path, sample_store: Path, tmp_path: Path
) -> None:
    out = cli(
        "build", str(corpus_dir), "--store", remote_url, "--cluster", "local:2", "--no-export",
        "--no-viz",
    )  # fmt: skip
    assert "failed" in out and re.search(r"added\s*│\s*[1-9]", out), out
    remote = exported(remote_url, tmp_path / "remote.nq")
    assert remote and remote == exported(str(sample_store), tmp_path / "local.nq")
    with ReportGraph.open(remote_url) as graph:
        assert graph.check() == [] and graph.check_index() == []


def test_a_worker_killed_mid_batch_loses_and_duplicates_nothing(
    dask_cluster: Any, remote_url: str, tmp_path: Path
) -> None:
    count = 24
    articles = write_articles(tmp_path / "in", count=count, repeat=6)
    local_build(articles, tmp_path / "local")
    with killer(dask_cluster) as killed, ReportGraph(remote_url) as rg:
        report = rg.build([articles], cluster=dask_cluster.scheduler_address, batch_size=2)
    assert killed, "the build ended before a worker could be killed"
    assert report.failures == []
    assert (report.added, report.unchanged) == (count, 0)
    assert sorted_nquads(remote_url) == sorted_nquads(tmp_path / "local")


class _DieAfterWriting(distributed.WorkerPlugin):  # type: ignore[misc]
    """The first worker to write a batch to the store dies before it answers (once in all:
    ``flag`` is created by the one that dies)."""

    name = "test-die-after-writing"

    def __init__(self, flag: str) -> None:
        self.flag = flag

    def setup(self, worker: Any) -> None:
        from reportgraph.builder import cluster_tasks

        real = cluster_tasks.deliver
        self.real = real
        flag = self.flag

        def deliver(results, store_url):  # type: ignore[no-untyped-def]
            out = real(results, store_url)
            if store_url is not None:
                try:
                    os.close(os.open(flag, os.O_CREAT | os.O_EXCL))
                except FileExistsError:
                    return out
                os._exit(9)  # the batch is in the store; its answer never leaves
            return out

        cluster_tasks.deliver = deliver

    def teardown(self, worker: Any) -> None:
        from reportgraph.builder import cluster_tasks

        cluster_tasks.deliver = self.real


def test_a_worker_that_dies_after_writing_its_batch_counts_it_once(
    dask_cluster: Any, remote_url: str, tmp_path: Path
) -> None:
    """Its batch runs again on the other worker, which finds the documents stored: they are
    counted as added, once, and the store holds each once."""
    count = 8
    articles = write_articles(tmp_path / "in", count=count)
    local_build(articles, tmp_path / "local")
    flag = tmp_path / "died"
    client = distributed.Client(dask_cluster)
    client.register_plugin(_DieAfterWriting(str(flag)))
    try:
        with ReportGraph(remote_url) as rg:
            report = rg.build([articles], cluster=dask_cluster.scheduler_address, batch_size=2)
    finally:
        client.unregister_worker_plugin(_DieAfterWriting.name)
        client.close()
    assert flag.exists(), "no worker died after writing"
    assert report.failures == []
    assert (report.added, report.unchanged, report.replaced) == (count, 0, 0)
    assert sorted_nquads(remote_url) == sorted_nquads(tmp_path / "local")
    with ReportGraph.open(remote_url) as graph:
        assert graph.check() == [] and graph.check_index() == []


def _build(articles: Path, store: str, scheduler: str) -> list[str]:
    return [
        sys.executable, "-m", "reportgraph.cli", "build", str(articles), "--store", store,
        "--cluster", scheduler, "--batch-size", "2", "--no-export", "--no-viz",
    ]  # fmt: skip


def test_server_killed_mid_cluster_build_then_a_rerun_completes(
    dask_cluster: Any, oxigraph_server: Callable[..., OxServer], tmp_path: Path
) -> None:
    count = 40
    articles = write_articles(tmp_path / "in", count=count, repeat=6)
    server = oxigraph_server()
    scheduler = dask_cluster.scheduler_address
    proc = subprocess.Popen(
        _build(articles, server.url, scheduler),
        env=env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    output = kill_when_documents_land(server, proc, WAIT)
    assert re.search(r"RG34[046]", output), output
    assert "Traceback" not in output, output
    again = oxigraph_server(location=server.location)
    with ReportGraph.open(again.url) as graph:
        assert graph.check() == []  # whole documents only
        assert len(graph.store.document_ids()) <= count
    rerun = subprocess.run(
        _build(articles, again.url, scheduler), env=env(), capture_output=True, timeout=WAIT
    )
    assert rerun.returncode == 0, rerun.stdout.decode() + rerun.stderr.decode()
    local_build(articles, tmp_path / "local")
    with ReportGraph.open(again.url) as graph:
        assert graph.check() == [] and graph.check_index() == []
        assert len(graph.store.document_ids()) == count
    assert sorted_nquads(again.url) == sorted_nquads(tmp_path / "local")
