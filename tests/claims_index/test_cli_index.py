"""`reportgraph check` reports claims-index differences; `reportgraph reindex` rebuilds it."""

from __future__ import annotations

from pathlib import Path

from tests.claims_index.test_index import built
from typer.testing import CliRunner

from reportgraph.api import ReportGraph
from reportgraph.claims_index import ClaimsIndex, index_path
from reportgraph.cli import app

runner = CliRunner()


def test_check_reports_and_reindex_repairs(tmp_path: Path) -> None:
    store = built(tmp_path)
    r = runner.invoke(app, ["check", "--store", str(store)])
    assert r.exit_code == 0, r.output
    assert "claims index agrees" in r.output
    index = ClaimsIndex(index_path(store))
    lost = sorted(index.document_ids())[0]
    index.drop_documents([lost])
    index.close()
    r = runner.invoke(app, ["check", "--store", str(store)])
    assert r.exit_code == 1
    assert f"document {lost} is in the store but not in the claims index" in r.output
    r = runner.invoke(app, ["reindex", "--store", str(store)])
    assert r.exit_code == 0, r.output
    assert "3 documents" in r.output
    again = ClaimsIndex(index_path(store))
    assert lost in again.document_ids()
    again.close()
    assert ReportGraph(store, read_only=True).check_index() == []


def test_reindex_of_a_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    r = runner.invoke(app, ["reindex", "--store", str(tmp_path / "none")])
    assert r.exit_code == 1
    assert "RG301" in r.output


def test_a_corrupt_index_is_a_coded_error_and_reindex_mends_it(tmp_path: Path) -> None:
    store = built(tmp_path)
    for suffix in ("-wal", "-shm"):
        Path(f"{index_path(store)}{suffix}").unlink(missing_ok=True)
    index_path(store).write_bytes(b"this is no database" * 100)
    r = runner.invoke(app, ["claims", "--store", str(store)])
    assert r.exit_code == 1
    assert "RG330" in r.output and "reindex" in r.output
    r = runner.invoke(app, ["reindex", "--store", str(store)])
    assert r.exit_code == 0, r.output
    assert ReportGraph(store, read_only=True).check_index() == []


def test_claims_limit_and_offset_print_a_page(sample_store: Path) -> None:
    whole = ReportGraph(sample_store, read_only=True).claims()
    args = ["claims", "--store", str(sample_store), "--format", "jsonl"]
    r = runner.invoke(app, [*args, "--limit", "3", "--offset", "2"])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines() == [c.model_dump_json() for c in whole[2:5]]
