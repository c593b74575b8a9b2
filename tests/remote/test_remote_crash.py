"""The server killed in the middle of a build: a clear coded error, every document whole or
absent, and a rerun completes with nothing duplicated (the same graph as an embedded build)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from processes import WAIT, env, make_articles
from reportgraph.api import ReportGraph
from sparql_servers import OxServer, kill_when_documents_land

pytestmark = pytest.mark.corpus
N = 45


def build(articles: Path, store: str) -> list[str]:
    return [sys.executable, "-m", "reportgraph.cli", "build", str(articles), "--store", store]


def test_server_killed_mid_build_then_a_rerun_completes(
    oxigraph_server: Callable[..., OxServer], corpus_dir: Path, tmp_path: Path
) -> None:
    # whole articles: about 3,000 quads each, so the build writes them in several groups
    articles = make_articles(corpus_dir, tmp_path / "articles", n=N, chars=50_000)
    server = oxigraph_server()
    quiet = ["--no-export", "--no-viz"]
    proc = subprocess.Popen(
        [*build(articles, server.url), *quiet],
        env=env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    output = kill_when_documents_land(server, proc, WAIT)
    assert re.search(r"RG34[046]", output), output
    again = oxigraph_server(location=server.location)
    with ReportGraph.open(again.url) as graph:
        assert graph.check() == []  # whole documents only
        assert len(graph.store.document_ids()) <= N
    rerun = subprocess.run(
        [*build(articles, again.url), *quiet],
        env=env(),
        capture_output=True,
        timeout=WAIT,
    )
    assert rerun.returncode == 0, rerun.stdout.decode() + rerun.stderr.decode()
    local = tmp_path / "local" / "store"
    with ReportGraph(local) as graph:
        graph.build([articles])
        graph.export(tmp_path / "local.nq", "nquads")
    with ReportGraph.open(again.url) as graph:
        assert graph.check() == [] and graph.check_index() == []
        assert len(graph.store.document_ids()) == N
        graph.export(tmp_path / "remote.nq", "nquads")
    lines = [sorted((tmp_path / f"{n}.nq").read_text().splitlines()) for n in ("local", "remote")]
    assert lines[0] == lines[1]
