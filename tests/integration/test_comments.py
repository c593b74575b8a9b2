"""Reader comments are attributed to anonymous commenters and left out unless asked for."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgraph.api import ReportGraph

ARTICLE = (
    "Rockets hit Mosul on Tuesday, officials said.\n\n"
    "The regional governor said at least 9 people were killed and 20 wounded.\n\n"
    "Rescue teams worked through the night to clear the rubble.\n\n"
    "14 Comments\n\n"
    "Leave a Reply\n\n"
    "Ivan Petrenko says:\n"
    "I heard on Telegram that 300 soldiers were killed in Basra, don't believe the governor.\n\n"
    "Reply\n"
)


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> ReportGraph:
    root = tmp_path_factory.mktemp("comments")
    (root / "odesa.txt").write_text(ARTICLE, encoding="utf-8")
    g = ReportGraph(root / "store")
    report = g.build([root / "odesa.txt"])
    assert report.failures == []
    return g


def test_comment_claims_are_hidden_by_default(graph: ReportGraph) -> None:
    default = graph.claims()
    everything = graph.claims(include_comments=True)
    comments = [c for c in everything if c.segment == "reader_comment"]
    assert comments, "the comment's figure should be extracted"
    assert default and all(c.segment != "reader_comment" for c in default)
    for c in comments:
        assert c.source.label == "reader comment"
        assert c.source.id.startswith("anonymous/")


def test_ledger_leaves_comments_out_unless_asked(graph: ReportGraph) -> None:
    def values(include: bool) -> set[float | None]:
        return {f.value for g in graph.figures(include_comments=include) for f in g.figures}

    assert 9 in values(False) and 300 not in values(False)
    assert 300 in values(True)


def test_entities_only_in_comments_are_hidden(graph: ReportGraph) -> None:
    default = {e.label for e in graph.entities()}
    everything = {e.label for e in graph.entities(include_comments=True)}
    assert "Mosul" in default
    assert "Basra" in everything - default


def test_cli_flag(graph: ReportGraph, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from reportgraph.cli import app

    store = str(graph.store.path)
    runner = CliRunner()
    hidden = runner.invoke(app, ["figures", "--store", store, "-f", "jsonl"])
    shown = runner.invoke(app, ["figures", "--store", store, "-f", "jsonl", "--include-comments"])
    assert hidden.exit_code == 0 and shown.exit_code == 0
    assert "reader comment" not in hidden.output
    assert "reader comment" in shown.output
