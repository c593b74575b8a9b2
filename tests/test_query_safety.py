"""Queries that cannot hurt (issue 18, section 4): SERVICE refused in the API and the CLI, a time
limit, Ctrl-C that stops a query with exit code 130, and coded errors for bad parameters. The
store is a few invented documents written straight to an on-disk store (no spaCy)."""

from __future__ import annotations

import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from processes import big_extraction, env
from reportgraph.api import ReportGraph
from reportgraph.cli import app
from reportgraph.errors import NotFoundError, QueryError
from reportgraph.rdf.store import GraphStore

runner = CliRunner()
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# A cartesian product over ~5,000 quads: ~10^11 rows to count, far beyond any test's patience.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
STOPS_WITHIN = 20.0  # seconds: generous; the point is that it stops at all
SERVICE_CALLS = [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:8765/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://127.0.0.1:8765/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <http://127.0.0.1:8765/sparql> { ?s ?p ?x } } }",
    "SELECT * WHERE { { ?s ?p ?o } UNION { SERVICE <http://127.0.0.1:8765/sparql> { ?s ?p ?o } } }",
]


def write_store(path: Path, documents: int = 3) -> int:
    """An on-disk store of ``documents`` invented articles; its quad count."""
    store = GraphStore(path)
    for i in range(documents):
        store.write(big_extraction(i, 0))
    quads = len(store)
    store.close()
    return quads


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("query-safety") / "store"
    write_store(path)
    return path


def cli(*args: str, store: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["query", *args, "--store", str(store)])
    return result.exit_code, result.output


def assert_usable(path: Path) -> None:
    """A query answers, and a build can still take the store's lock and write."""
    with ReportGraph.open(path) as graph:
        assert graph.query(COUNT).rows[0]["n"] == len(graph.store)
    writer = GraphStore(path)
    try:
        assert writer.write(big_extraction(99, 1, claims=2)) == "added"
    finally:
        writer.close()


# ---------------- SERVICE ----------------


@pytest.mark.parametrize("sparql", SERVICE_CALLS)
def test_service_is_refused_by_the_api(store: Path, sparql: str) -> None:
    with ReportGraph.open(store) as graph, pytest.raises(QueryError) as info:
        graph.query(sparql)
    assert info.value.code == "RG404"


def test_service_in_a_query_file_is_refused(store: Path, tmp_path: Path) -> None:
    rq = tmp_path / "remote.rq"
    rq.write_text(f"# Looks harmless.\n{SERVICE_CALLS[0]}\n", encoding="utf-8")
    code, output = cli(str(rq), store=store)
    assert code == 1 and "RG404" in output


@pytest.mark.parametrize("sparql", SERVICE_CALLS)
def test_service_is_refused_by_the_cli(store: Path, sparql: str) -> None:
    code, output = cli("--sparql", sparql, store=store)
    assert code == 1
    assert "error[RG404]" in output and "fix:" in output


def test_the_word_service_elsewhere_still_runs(store: Path) -> None:
    sparql = (
        "PREFIX ex: <http://ex/service/>\n# SERVICE <http://127.0.0.1:8765/sparql> { }\n"
        'SELECT ?service WHERE { ?service ?p ?o FILTER(?o != "SERVICE" && ?p != ex:service) } '
        "LIMIT 3"
    )
    code, output = cli("--sparql", sparql, "-f", "jsonl", store=store)
    assert code == 0, output
    assert len(output.splitlines()) == 3


# ---------------- time limit ----------------


def test_a_slow_query_stops_at_its_time_limit_and_the_store_stays_usable(tmp_path: Path) -> None:
    path = tmp_path / "store"
    write_store(path)
    with ReportGraph.open(path) as graph:
        start = time.monotonic()
        with pytest.raises(QueryError) as info:
            graph.query(SLOW, timeout=1)
        assert time.monotonic() - start < STOPS_WITHIN
        assert info.value.code == "RG405" and "1 s" in info.value.cause
        assert graph.query(COUNT).rows[0]["n"] == len(graph.store)  # the same handle
    assert_usable(path)


def test_the_cli_timeout(store: Path) -> None:
    code, output = cli("--sparql", SLOW, "--timeout", "0.5", store=store)
    assert code == 1
    assert "error[RG405]" in output and "--timeout" in output


@pytest.mark.parametrize("timeout", [0, -1, math.nan, math.inf])
def test_a_time_limit_must_be_positive(store: Path, timeout: float) -> None:
    with ReportGraph.open(store) as graph, pytest.raises(QueryError) as info:
        graph.query(COUNT, timeout=timeout)
    assert info.value.code == "RG410"


def test_queries_run_on_memory_and_writer_stores_too(tmp_path: Path) -> None:
    memory = ReportGraph(None)
    memory.store.write(big_extraction(1, 0, claims=2))
    assert memory.query(COUNT, timeout=None).rows[0]["n"] == len(memory.store)
    path = tmp_path / "store"
    write_store(path, documents=1)
    with ReportGraph(path) as writer:
        writer.store.write(big_extraction(2, 0, claims=2))  # not yet in any snapshot
        assert writer.query(COUNT).rows[0]["n"] == len(writer.store)


def test_an_evaluation_error_is_coded(store: Path) -> None:
    """A declared parameter that the query does not project fails in Oxigraph, not as a bug."""
    text = "# param who: text\nSELECT ?s WHERE { ?s ?p ?o } LIMIT 1"
    with ReportGraph.open(store) as graph, pytest.raises(QueryError) as info:
        graph.query(text, {"who": "anyone"})
    assert info.value.code == "RG409"


# ---------------- Ctrl-C ----------------


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux's /proc")
@pytest.mark.parametrize("to_group", [False, True], ids=["to-the-command", "to-its-group"])
def test_ctrl_c_stops_a_running_query_with_exit_130(tmp_path: Path, to_group: bool) -> None:
    """SIGINT to the command alone (``kill -INT``), or to its process group (a terminal's
    Ctrl-C): the query's process is killed and the command exits 130 with one line."""
    path = tmp_path / "store"
    write_store(path)
    child_env = env()
    child_env.pop("REPORTGRAPH_DEBUG", None)
    argv = ["query", "--sparql", SLOW, "--timeout", "0", "--store", str(path)]
    proc = subprocess.Popen(
        [sys.executable, "-c", "from reportgraph.cli import main; main()", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_env,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not (query := _children(proc.pid)) and time.monotonic() < deadline:
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.05)
        assert query, "the query process never started"
        time.sleep(0.5)  # well inside Oxigraph's evaluation
        if to_group:
            os.killpg(proc.pid, signal.SIGINT)
        else:
            proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=STOPS_WITHIN)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, (out, err)
    assert "Traceback" not in out + err
    assert err.strip().splitlines() == [
        "interrupted: the query was stopped; the store is unchanged."
    ]
    for pid in query:
        assert not Path(f"/proc/{pid}").exists()  # killed and reaped, not orphaned
    assert_usable(path)


# ---------------- parameters ----------------


@pytest.mark.parametrize(
    ("args", "code", "names"),
    [
        (["documents", "-p", "entity=x"], "RG407", "takes no parameters"),
        (["relations", "-p", "entity=Unit000x001", "-p", "bogus=1"], "RG407", "entity"),
        (["relations", "--param", "noequals"], "RG406", "entity"),
        (["relations", "-p", "=Unit000x001"], "RG406", "entity"),
        (["relations", "-p", "entity=a", "-p", "entity=b"], "RG406", "entity"),
        (["relations", "-p", "entity="], "RG408", "entity"),
        (["relations", "-p", "entity=   "], "RG408", "entity"),
        (["relations"], "RG403", "entity"),
        (["claim_provenance", "-p", "claim=https://not an iri"], "RG408", "claim"),
        (["--sparql", COUNT, "-p", "x=1"], "RG407", "takes no parameters"),
    ],
)
def test_bad_parameters_are_coded_and_name_the_query_parameters(
    store: Path, args: list[str], code: str, names: str
) -> None:
    exit_code, output = cli(*args, store=store)
    assert exit_code == 1, output
    assert f"error[{code}]" in output and names in output
    assert "RG900" not in output


def test_good_parameters_still_bind(store: Path) -> None:
    code, output = cli("relations", "-p", "entity=Unit000x001", "-f", "jsonl", store=store)
    assert code == 0, output
    assert output.strip()
    declared = (
        "# param who: entity\nSELECT ?who ?claim WHERE { GRAPH ?g { ?claim rg:subject ?who } }"
    )
    with ReportGraph.open(store) as graph:
        rows = graph.query(declared, {"who": "Unit001x002"}).rows
    assert len(rows) == 1 and str(rows[0]["who"]).endswith("unit001x002")


def test_an_empty_name_matches_no_entity(store: Path) -> None:
    with ReportGraph.open(store) as graph:
        for name in ("", "  "):
            with pytest.raises(NotFoundError) as info:
                graph.resolve_entity(name)
            assert info.value.code == "RG501"
            with pytest.raises(QueryError) as bad:
                graph.query("relations", {"entity": name})
            assert bad.value.code == "RG408"
        with pytest.raises(QueryError) as unknown:
            graph.query("documents", {"entity": "x"})
        assert unknown.value.code == "RG407"
