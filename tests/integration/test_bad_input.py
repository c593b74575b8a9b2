"""Bad input end to end: each case of the issue list through `reportgraph build` (typer's runner)
and through ``ReportGraph.build``; the failure's code, cause and fix; the other documents land;
the store re-read through the library holds the failures of the last build."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import Result
from typer.testing import CliRunner

from paths import SRC
from reportgraph import cli
from reportgraph.api import ReportGraph
from reportgraph.cli import app
from reportgraph.errors import InputError
from reportgraph.models import Document, DocumentExtraction, Failure
from reportgraph.rdf.mapping import FAILURES_GRAPH
from reportgraph.rows import BuildReport
from reportgraph.size_limits import DEFAULT_MAX_CHARS

if TYPE_CHECKING:
    from reportgraph.nlp.lexicons import Lexicons

runner = CliRunner()

GOOD = (
    "Government troops shelled the village of Korvata on Friday, the monitor said.\n\n"
    "At least 7 civilians were killed, according to local medics.\n"
)
OTHER = "Border guards detained 12 smugglers near Tessaly Gap on Sunday, the ministry said.\n"
JSONL = (
    '{"text": "Police arrested two men in Lunaport on Tuesday, the ministry said."}\n'
    "{bad json\n"
    '{"text": "Protesters gathered in Velmora square on Monday, witnesses said."}\n'
)
HTML = (
    "<html><head><title>Clash near Ostrava Ridge</title>"
    "<style>body { color: crimson }</style>"
    '<script>alert("head-script")</script></head><body><article>'
    "<p>Rebel fighters seized the airport of Mirgorod on Saturday, a spokesman said.</p>"
    '<iframe src="https://frames.invalid/embed"></iframe>'
    "<script>alert(document.cookie)</script><noscript>enable-scripts-please</noscript>"
    "<p>The regional council said 40 families left the district.</p>"
    "</article></body></html>"
)
# (file, failure code, JSONL line) for every file that must fail
EXPECTED_FAILURES = {
    ("empty.txt", "RG105", None),
    ("blank.md", "RG105", None),
    ("binary.txt", "RG104", None),
    ("feed.jsonl", "RG107", 2),
    ("notes.docx", "RG103", None),
    ("missing.txt", "RG101", None),
}
LANDED = {"good.txt", "bad-utf8.txt", "legacy.txt", "feed.jsonl#L1", "feed.jsonl#L3", "page.html"}
FIXES = {
    "RG101": "Check the path",
    "RG102": "permissions",
    "RG103": "Convert it to one of",
    "RG104": "text articles",
    "RG105": "Remove the file",
    "RG107": "JSON object",
    "RG112": "split the article or raise --max-chars",
    "RG701": "bug in reportgraph",
}


def write_inputs(folder: Path) -> list[str]:
    """The bad-input folder; returns the build arguments (folder, explicit file, missing path)."""
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_bytes(b"  \n\t\r\n \n")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\xffPK\x03\x04" * 64)
    # invalid UTF-8 inside valid UTF-8: decoded with replacement, and said so
    (folder / "bad-utf8.txt").write_bytes(
        "Aid convoys reached Dravnik on Sunday, the agency said. Café owners fled.\n".encode()
        + b"Medics counted \xff\xfe 3 dead.\n"
    )
    # no UTF-8 at all: a legacy encoding is detected
    (folder / "legacy.txt").write_bytes(
        "Caf\u00e9 owners in Brenna said the militia left on Monday.\n".encode("cp1252")
    )
    (folder / "feed.jsonl").write_text(JSONL, encoding="utf-8")
    (folder / "page.html").write_text(HTML, encoding="utf-8")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not an article")  # skipped in a folder
    (folder / "notes.docx").write_bytes(b"PK\x03\x04 not an article")  # named explicitly below
    return [str(folder), str(folder / "notes.docx"), str(folder.parent / "missing.txt")]


def failure_keys(failures: list[Failure]) -> set[tuple[str, str, int | None]]:
    return {(Path(f.path).name, f.code, f.line) for f in failures}


def landed_paths(graph: ReportGraph) -> set[str]:
    return {Path(d.path).name for d in graph.documents()}


def assert_clean(result: Result, code: int = 0) -> None:
    """No traceback: the command ended through its own exit, with the expected code."""
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code == code, result.output


def cli_build(args: list[str], store: Path, *extra: str) -> Result:
    return runner.invoke(
        app, ["build", *args, "--store", str(store), "--no-export", "--no-viz", *extra]
    )


# ---------------- the whole list, through the CLI ----------------


@pytest.fixture(scope="module")
def via_cli(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path, Path]:
    root = tmp_path_factory.mktemp("bad-cli")
    args = write_inputs(root / "in")
    result = cli_build(args, root / "store")
    return result, root / "store", root / "in"


def test_cli_build_reports_every_bad_input_and_exits_zero(
    via_cli: tuple[Result, Path, Path],
) -> None:
    result, _, _ = via_cli
    assert_clean(result, 0)
    lines = result.stderr.splitlines()
    for name, code, line in EXPECTED_FAILURES:
        where = f"{name}:{line}" if line else name
        [head] = [i for i, x in enumerate(lines) if f"failed [{code}]" in x and where in x]
        assert lines[head + 1].strip().startswith("fix: ") and FIXES[code] in lines[head + 1]
    assert "photo.jpg" not in result.output  # unsupported files inside a folder: skipped
    assert "failed [" not in "\n".join(x for x in lines if "good.txt" in x)


def test_cli_store_reread_through_library(via_cli: tuple[Result, Path, Path]) -> None:
    _, store, _ = via_cli
    graph = ReportGraph.open(store)
    assert landed_paths(graph) == LANDED
    assert failure_keys(graph.failures()) == EXPECTED_FAILURES
    assert graph.stats().failures == len(EXPECTED_FAILURES)
    missing = next(f for f in graph.failures() if f.code == "RG101")
    assert "missing.txt does not exist" in missing.message and missing.fix


def test_cli_stats_and_saved_query_show_failures(via_cli: tuple[Result, Path, Path]) -> None:
    _, store, _ = via_cli
    stats = runner.invoke(app, ["stats", "--store", str(store)])
    assert_clean(stats)
    shown = re.search(r"failures \(last build\)\D*(\d+)", stats.output)
    assert shown is not None and int(shown[1]) == len(EXPECTED_FAILURES), stats.output
    jsonl = runner.invoke(app, ["stats", "--store", str(store), "--format", "jsonl"])
    assert json.loads(jsonl.output)["failures"] == len(EXPECTED_FAILURES)
    query = runner.invoke(app, ["query", "failures", "--store", str(store), "--format", "jsonl"])
    assert_clean(query)
    rows = [json.loads(x) for x in query.output.splitlines()]
    assert {(Path(r["path"]).name, r["code"], r["line"]) for r in rows} == EXPECTED_FAILURES


def test_decode_note_reaches_graph_and_documents_query(via_cli: tuple[Result, Path, Path]) -> None:
    _, store, _ = via_cli
    query = runner.invoke(app, ["query", "documents", "--store", str(store), "--format", "jsonl"])
    assert_clean(query)
    notes = {
        Path(r["path"]).name: r["decode_note"] for r in map(json.loads, query.output.splitlines())
    }
    assert notes["bad-utf8.txt"] == "2 invalid byte sequences replaced"
    assert notes["legacy.txt"] == "decoded as cp1252"
    assert notes["good.txt"] is None
    graph = ReportGraph.open(store)
    texts = {
        Path(str(r["p"])).name: str(r["t"])
        for r in graph.query(
            "SELECT ?p ?t WHERE { GRAPH ?g { ?d rg:path ?p ; nif:isString ?t ; rg:decodeNote ?n } }"
        ).rows
    }
    assert "\ufffd" in texts["bad-utf8.txt"] and "Café owners" in texts["bad-utf8.txt"]
    assert texts["legacy.txt"].startswith("Café owners in Brenna")


def test_html_script_style_iframe_never_reach_the_store(
    via_cli: tuple[Result, Path, Path],
) -> None:
    _, store, _ = via_cli
    graph = ReportGraph.open(store)
    found = graph.query(
        """SELECT ?needle (COUNT(?o) AS ?n) WHERE {
             VALUES ?needle { "alert(" "head-script" "document.cookie" "crimson"
                              "frames.invalid" "<script" "<iframe" "enable-scripts" }
             OPTIONAL { GRAPH ?g { ?s ?p ?o FILTER(isLiteral(?o) && CONTAINS(STR(?o), ?needle)) } }
           } GROUP BY ?needle"""
    ).rows
    assert len(found) == 8 and all(r["n"] == 0 for r in found), found
    article = graph.query(
        """SELECT ?t WHERE { GRAPH ?g { ?d rg:path ?p ; nif:isString ?t
             FILTER(STRENDS(?p, "page.html")) } }"""
    ).rows
    assert "seized the airport of Mirgorod" in str(article[0]["t"])  # the page did land


# ---------------- the same list, through the library ----------------


@pytest.fixture(scope="module")
def via_api(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildReport, Path, list[str]]:
    root = tmp_path_factory.mktemp("bad-api")
    args = write_inputs(root / "in")
    report = ReportGraph(root / "store").build(args)
    return report, root / "store", args


def test_api_build_reports_and_records_every_bad_input(
    via_api: tuple[BuildReport, Path, list[str]],
) -> None:
    report, store, _ = via_api
    assert failure_keys(report.failures) == EXPECTED_FAILURES
    assert report.read == len(LANDED) and report.added == len(LANDED)
    for f in report.failures:
        assert f.code.startswith("RG") and f.message and FIXES[f.code] in f.fix
    graph = ReportGraph.open(store)
    assert landed_paths(graph) == LANDED
    assert sorted(graph.failures(), key=str) == sorted(report.failures, key=str)
    assert graph.store.check() == []  # the failures graph is part of a consistent store
    jsonl = next(f for f in graph.failures() if f.code == "RG107")
    assert jsonl.line == 2 and "invalid JSON" in jsonl.message


def test_failures_graph_is_valid_and_deterministic(
    via_api: tuple[BuildReport, Path, list[str]], tmp_path: Path
) -> None:
    from rdfutil import shacl_report, union_graph

    _, store, args = via_api
    first = ReportGraph.open(store).store
    quads = sorted(str(q) for q in first.quads(FAILURES_GRAPH))
    assert quads and all("build-failures" in q for q in quads)
    conforms, text = shacl_report(union_graph(first))
    assert conforms, text
    again = ReportGraph(tmp_path / "again")
    again.build(args)
    assert sorted(str(q) for q in again.store.quads(FAILURES_GRAPH)) == quads


def test_each_build_replaces_the_failures(tmp_path: Path) -> None:
    args = write_inputs(tmp_path / "in")
    graph = ReportGraph(tmp_path / "store")
    assert len(graph.build(args).failures) == len(EXPECTED_FAILURES)
    report = graph.build([str(tmp_path / "in" / "good.txt")])
    assert report.failures == [] and report.unchanged == 1
    assert graph.failures() == [] and graph.stats().failures == 0
    assert len(list(graph.store.quads(FAILURES_GRAPH))) == 0
    assert landed_paths(graph) == LANDED  # earlier documents stay


# ---------------- faults that need a monkeypatch ----------------


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run as root, where chmod 000 does not stop reads: the permission error is simulated
    by making ``Path.read_bytes`` raise for that one file."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    locked = folder / "locked.txt"
    locked.write_text(OTHER, encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = cli_build([str(folder)], tmp_path / "store")
    assert_clean(result, 0)
    assert "failed [RG102]" in result.stderr and "Permission denied" in result.stderr
    assert FIXES["RG102"] in result.stderr
    report = ReportGraph(tmp_path / "store2").build([str(folder)])
    assert failure_keys(report.failures) == {("locked.txt", "RG102", None)}
    graph = ReportGraph.open(tmp_path / "store")
    assert landed_paths(graph) == {"good.txt"}
    assert failure_keys(graph.failures()) == {("locked.txt", "RG102", None)}


@pytest.fixture
def extraction_breaks_on(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    import reportgraph.nlp.extract as extract_module

    def install(marker: str) -> None:
        real = extract_module.extract

        def extract(document: Document, doc: object, lexicons: object) -> DocumentExtraction:
            if marker in document.text:
                raise ValueError("simulated extraction bug")
            return real(document, doc, lexicons)  # type: ignore[arg-type]

        monkeypatch.setattr(extract_module, "extract", extract)

    return install


def test_a_document_whose_extraction_raises(
    tmp_path: Path, extraction_breaks_on: Callable[[str], None]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "b.txt").write_text(OTHER, encoding="utf-8")
    (folder / "c.txt").write_text("Snipers fired on Zarnov market, the mayor said.\n", "utf-8")
    extraction_breaks_on("Zarnov")
    result = cli_build([str(folder)], tmp_path / "store", "--batch-size", "2")
    assert_clean(result, 0)
    assert "failed [RG701]" in result.stderr and "c.txt" in result.stderr
    assert "simulated extraction bug" in result.stderr and FIXES["RG701"] in result.stderr
    graph = ReportGraph.open(tmp_path / "store")
    assert landed_paths(graph) == {"a.txt", "b.txt"}
    assert failure_keys(graph.failures()) == {("c.txt", "RG701", None)}
    report = ReportGraph(tmp_path / "store2").build([str(folder)], batch_size=3)
    assert failure_keys(report.failures) == {("c.txt", "RG701", None)} and report.added == 2


def test_unknown_model_is_one_line_naming_installed_pipelines(tmp_path: Path) -> None:
    from reportgraph.nlp.pipeline import installed_pipelines

    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = cli_build([str(tmp_path / "a.txt")], tmp_path / "store", "--model", "xx_no_such")
    assert_clean(result, 1)
    lines = result.stderr.splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith("error[RG201]: ") and "xx_no_such" in lines[0]
    assert all(name in lines[0] for name in installed_pipelines())
    assert lines[1].strip().startswith("fix: ")


# ---------------- size limits ----------------


def test_over_long_document_is_refused_per_document(tmp_path: Path) -> None:
    (tmp_path / "long.txt").write_text(GOOD * 4, encoding="utf-8")
    (tmp_path / "short.txt").write_text(OTHER, encoding="utf-8")
    paths = [str(tmp_path / "long.txt"), str(tmp_path / "short.txt")]
    result = cli_build(paths, tmp_path / "store", "--max-chars", "200")
    assert_clean(result, 0)
    size = len(GOOD * 4)
    assert f"failed [RG112] {tmp_path / 'long.txt'}: " in result.stderr
    assert f"{size:,} characters, over the limit of 200" in result.stderr
    assert FIXES["RG112"] in result.stderr
    graph = ReportGraph(tmp_path / "store")
    assert landed_paths(graph) == {"short.txt"}
    report = graph.build(paths, max_chars=size)  # raising the limit lets it in
    assert report.added == 1 and report.failures == []
    assert landed_paths(graph) == {"long.txt", "short.txt"}


def test_jsonl_record_over_the_limit_keeps_its_line(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"text": OTHER}) + "\n" + json.dumps({"text": GOOD * 5}) + "\n", "utf-8"
    )
    report = ReportGraph(None).build([str(feed)], max_chars=300)
    assert failure_keys(report.failures) == {("feed.jsonl", "RG112", 2)}
    assert report.added == 1


def test_fifty_megabyte_article_is_refused_quickly(tmp_path: Path) -> None:
    paragraph = (
        "Artillery units of the Western Command struck the depot at Halvik on Monday, "
        "the district office said, and {n} families fled towards the river.\n\n"
    )
    big = tmp_path / "huge.txt"
    with big.open("w", encoding="utf-8") as fh:
        n = 0
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(paragraph.format(n=n))
            n += 1
    (tmp_path / "small.txt").write_text(OTHER, encoding="utf-8")
    started = time.perf_counter()
    graph = ReportGraph(tmp_path / "store")
    report = graph.build([str(big), str(tmp_path / "small.txt")])
    elapsed = time.perf_counter() - started
    assert failure_keys(report.failures) == {("huge.txt", "RG112", None)}
    [failure] = report.failures
    assert f"over the limit of {DEFAULT_MAX_CHARS:,}" in failure.message
    assert f"{big.stat().st_size:,} characters" in failure.message  # ASCII: bytes == chars
    assert report.added == 1 and landed_paths(graph) == {"small.txt"}
    assert elapsed < 60, f"refusing a 50 MB article took {elapsed:.1f}s"


def test_extraction_entry_refuses_texts_over_the_pipeline_limit(lexicons: Lexicons) -> None:
    from reportgraph.ingest import read_text
    from reportgraph.nlp.extract import extract_documents
    from reportgraph.nlp.pipeline import load_pipeline

    nlp = load_pipeline()  # its own: the limit is changed
    nlp.max_length = 50
    document = read_text(GOOD, path="mem://long.txt")
    with pytest.raises(InputError) as info:
        list(extract_documents(nlp, [document], lexicons))
    assert info.value.code == "RG112" and "over the limit of 50" in info.value.cause


# ---------------- interrupts and unexpected errors, through cli.main ----------------


@pytest.fixture
def argv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    monkeypatch.setattr(
        sys,
        "argv",
        [
            *("reportgraph", "build", str(tmp_path / "a.txt")),
            *("--store", str(tmp_path / "store"), "--no-export", "--no-viz"),
        ],
    )
    yield tmp_path


def _raise(exc: BaseException) -> Callable[..., BuildReport]:
    def build(*args: object, **kwargs: object) -> BuildReport:
        raise exc

    return build


def test_keyboard_interrupt_is_a_clean_exit_130(
    argv: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(ReportGraph, "build", _raise(KeyboardInterrupt()))
    with pytest.raises(SystemExit) as info:
        cli.main()
    assert info.value.code == 130
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    assert captured.err.strip().startswith("interrupted:") and "re-run" in captured.err


def test_unexpected_error_is_a_message_not_a_traceback(
    argv: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(ReportGraph, "build", _raise(RuntimeError("disk on fire")))
    monkeypatch.delenv("REPORTGRAPH_DEBUG", raising=False)
    with pytest.raises(SystemExit) as info:
        cli.main()
    assert info.value.code == 1
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert "Traceback" not in captured.err + captured.out
    assert lines[0] == "error[RG900]: unexpected RuntimeError: disk on fire"
    assert lines[1].strip().startswith("fix:") and len(lines) == 2


def _interrupted_build(folder: Path, store: Path) -> subprocess.Popen[str]:
    """A real CLI build of ``folder``, sent SIGINT 0.5 s after its store exists."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    env.pop("REPORTGRAPH_DEBUG", None)
    proc = subprocess.Popen(
        [
            *(sys.executable, "-c", "from reportgraph.cli import main; main()", "build"),
            *(str(folder), "--store", str(store), "--no-export", "--no-viz"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not store.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)  # the store exists once main() runs: past the imports
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    return proc


def test_sigint_during_a_real_build_exits_130_without_traceback(tmp_path: Path) -> None:
    """On a fast machine a small build can finish before the signal (exit 0, which proves
    nothing): then the corpus grows tenfold and the build is interrupted again."""
    for attempt, documents in enumerate((40, 400, 4000)):
        folder, store = tmp_path / f"in{attempt}", tmp_path / f"store{attempt}"
        folder.mkdir()
        for i in range(documents):
            text = f"{GOOD}\nReport number {i}.\n"
            (folder / f"a{i:04}.txt").write_text(text, encoding="utf-8")
        proc = _interrupted_build(folder, store)
        out, err = proc.communicate(timeout=300)
        if proc.returncode == 0 and "interrupted:" not in err:
            continue  # finished before the signal arrived
        assert proc.returncode == 130, (out, err)
        assert "Traceback" not in out + err
        assert "interrupted:" in err
        return
    pytest.fail("every build finished before SIGINT: the interruption was never tested")


def test_lone_surrogates_and_undecodable_file_names_do_not_abort(tmp_path: Path) -> None:
    """Found by the property tests: a JSON ``\\ud800`` escape, or a file name that is not UTF-8,
    gave a str that cannot be written as UTF-8 and crashed the whole build."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "feed.jsonl").write_text(
        '{"text": "Rebels entered Orvik \\ud800 on Monday, officials said."}\n'
        + json.dumps({"text": OTHER})
        + "\n",
        encoding="utf-8",
    )
    odd = os.fsencode(folder) + b"/caf\xe9.txt"
    with open(odd, "wb") as fh:
        fh.write(GOOD.encode())
    with open(os.fsencode(folder) + b"/odd\xe9.doc", "wb") as fh:
        fh.write(b"x")
    result = cli_build(
        [str(folder), os.fsdecode(os.fsencode(folder) + b"/odd\xe9.doc")], tmp_path / "store"
    )
    assert_clean(result, 0)
    graph = ReportGraph.open(tmp_path / "store")
    notes = {Path(d.path).name: d.decode_note for d in graph.documents()}
    assert notes == {"feed.jsonl#L1": "1 lone surrogates replaced", "feed.jsonl#L2": None,
                     "caf\ufffd.txt": None}  # fmt: skip
    assert failure_keys(graph.failures()) == {("odd\ufffd.doc", "RG103", None)}
