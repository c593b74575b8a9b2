"""Builds with worker processes (``builder/workers.py``): same graph as one process, failures kept
per document, a dead worker does not lose documents, a killed build leaves no worker or lock."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from paths import SRC
from reportgraph.api import ReportGraph
from reportgraph.builder import workers as pool
from reportgraph.models import Document, Failure
from reportgraph.rdf.snapshot import BuildLock

if TYPE_CHECKING:
    from spacy.language import Language

    from reportgraph.nlp.lexicons import Lexicons

WAIT = 180.0
needs_fork = pytest.mark.skipif(
    not hasattr(os, "fork") or not Path("/proc/self/task").is_dir(),
    reason="worker processes are forked (POSIX); the kill test reads /proc",
)

ARTICLES = [
    "Rebels shelled the port of Lakeside on Monday, the army said. At least 12 people died.",
    "The Northern Front said it captured two villages near Hilltop on Tuesday.",
    "Aid workers told the Daily Test that 300 families fled the fighting. FAILME",
    "A spokesman for the Coastal Guard said five soldiers were wounded. DIE",
    "Police arrested 40 protesters in Rivertown, the interior ministry said on Friday.",
    "Flooding displaced about 2,000 people in the southern districts, officials said.",
]


def write_articles(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for k, text in enumerate(ARTICLES):
        (folder / f"a{k}.txt").write_text(text + "\n", encoding="utf-8")
    return folder


def quads(store: Path) -> set[str]:
    with ReportGraph.open(store) as rg:
        return {str(q) for q in rg.store.quads()}


@needs_fork
@pytest.mark.corpus
def test_two_workers_build_the_same_graph_as_one(corpus_dir: Path, tmp_path: Path) -> None:
    reports = []
    for workers in (1, 2):
        with ReportGraph(tmp_path / f"w{workers}") as rg:
            reports.append(rg.build([corpus_dir], n_process=workers, batch_size=1))
    assert reports[0].claims == reports[1].claims > 0
    assert reports[1].failures == [] and reports[1].added == reports[0].added
    assert quads(tmp_path / "w1") == quads(tmp_path / "w2")


@needs_fork
def test_a_failing_document_in_a_worker_is_reported_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pool.extract_documents

    def flaky(nlp, documents, lexicons, **kw):  # type: ignore[no-untyped-def]
        documents = list(documents)
        if any("FAILME" in d.text for d in documents):
            raise RuntimeError("boom")
        return real(nlp, documents, lexicons, **kw)

    monkeypatch.setattr(pool, "extract_documents", flaky)  # forked workers inherit it
    with ReportGraph(tmp_path / "store") as rg:
        report = rg.build([write_articles(tmp_path / "in")], n_process=2, batch_size=2)
        assert [(Path(f.path).name, f.code) for f in report.failures] == [("a2.txt", "RG701")]
        assert "boom" in report.failures[0].message
        assert report.added == len(ARTICLES) - 1
        assert len(rg.documents()) == len(ARTICLES) - 1


@needs_fork
@pytest.mark.parametrize("workers", [1, 2])
def test_a_dead_worker_loses_no_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    parent = os.getpid()
    for name in ("extract_chunk", "parse_chunk"):  # what a worker runs, with 2 or 1 workers
        real = getattr(pool, name)

        def deadly(*args, real=real):  # type: ignore[no-untyped-def]
            chunk: list[Document] = args[-2]  # (nlp, [lexicons,] chunk, batch_size)
            if os.getpid() != parent and any("DIE" in d.text for d in chunk):
                os._exit(9)  # as if the kernel killed the worker
            return real(*args)

        monkeypatch.setattr(pool, name, deadly)
    with ReportGraph(tmp_path / "store") as rg:
        report = rg.build([write_articles(tmp_path / "in")], n_process=workers, batch_size=1)
        assert report.failures == []
        assert report.added == len(ARTICLES)
    with ReportGraph(tmp_path / "serial") as rg:
        rg.build([tmp_path / "in"], n_process=1, batch_size=1)
    assert quads(tmp_path / "store") == quads(tmp_path / "serial")


@needs_fork
def test_one_worker_parses_and_this_process_extracts_with_failures_kept_apart(
    monkeypatch: pytest.MonkeyPatch, nlp: Language, lexicons: Lexicons
) -> None:
    """With one worker, the worker only parses; the extraction runs here. A document the
    worker cannot parse and one this process cannot extract are each reported alone."""
    import reportgraph.nlp.extract as extraction
    from factories import document

    parent = os.getpid()
    real_limit, real_extract = pool.within_limit, extraction.extract
    where: list[int] = []

    def limit(doc: Document, max_length: int) -> Document:
        if "FAILME" in doc.text:
            raise RuntimeError("cannot parse this one")
        return real_limit(doc, max_length)

    def extract(doc: Document, parsed, lexicons):  # type: ignore[no-untyped-def]
        where.append(os.getpid())
        if "DIE" in doc.text:
            raise ValueError("cannot extract this one")
        return real_extract(doc, parsed, lexicons)

    monkeypatch.setattr(pool, "within_limit", limit)
    monkeypatch.setattr(extraction, "extract", extract)
    docs = [document(text, path=f"m/{k}.txt") for k, text in enumerate(ARTICLES)]
    results = list(pool.extract_all(nlp, lexicons, docs, 2, 1))
    assert [d.path for d, _ in results] == [d.path for d in docs]
    failed = {d.path: r for d, r in results if isinstance(r, Failure)}
    assert sorted(failed) == ["m/2.txt", "m/3.txt"]
    assert failed["m/2.txt"].message.startswith("parsing failed: RuntimeError")
    assert failed["m/3.txt"].message.startswith("extraction failed: ValueError")
    assert set(where) == {parent}  # the worker never extracted
    assert len(where) == len(ARTICLES) - 1


@pytest.mark.corpus
def test_a_parsed_doc_sent_as_bytes_extracts_exactly_as_in_process(
    corpus_dir: Path, nlp: Language, lexicons: Lexicons
) -> None:
    """The one-worker path (parse there, ``Doc.to_bytes``, extract here) gives the same quads."""
    from reportgraph.ingest import read_all
    from reportgraph.rdf.mapping import prepare_document

    docs, _ = read_all(sorted(corpus_dir.glob("*.txt")))
    direct = pool._finished(pool.extract_chunk(nlp, lexicons, docs, 2), prepare_document)
    parsed = pool.parse_chunk(nlp, docs, 2)
    assert all(isinstance(p, bytes) for p in parsed)
    via_bytes = pool.extract_parsed(nlp, lexicons, docs, parsed, prepare_document)
    assert [p.nquads for p in via_bytes] == [p.nquads for p in direct]
    assert sum(p.quads for p in direct) > 1000


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):
            found |= {int(c) for c in task.read_text().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@needs_fork
@pytest.mark.parametrize("n", [1, 2])
def test_a_killed_parallel_build_leaves_no_worker_and_no_lock(tmp_path: Path, n: int) -> None:
    articles = write_articles(tmp_path / "in")
    for k in range(24):  # enough chunks that the build is still running when killed
        (articles / f"more{k}.txt").write_text(f"{ARTICLES[k % 2]} Edition {k}.\n")
    store = tmp_path / "store"
    cmd = [sys.executable, "-m", "reportgraph.cli", "build", str(articles), "--store", str(store)]
    cmd += ["--no-export", "--no-viz", "--workers", str(n), "--batch-size", "1"]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + WAIT
        while proc.poll() is None and time.monotonic() < deadline and len(workers) < n:
            workers = _children(proc.pid)
            time.sleep(0.05)
        if proc.poll() is not None:
            pytest.skip("the build finished before it could be killed")
        assert len(workers) >= n, "the workers did not start"
        os.kill(proc.pid, signal.SIGKILL)  # the parent only, as the OOM killer would
        proc.wait(timeout=WAIT)
        deadline = time.monotonic() + 30
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(w) for w in workers), "workers outlived the killed build"
        lock = BuildLock.try_acquire(store, "build")
        assert lock is not None, "a worker kept the build lock"
        lock.release()
    finally:
        if proc.poll() is None:
            proc.kill()
        for w in workers:
            if _alive(w):
                os.kill(w, signal.SIGKILL)
    rerun = subprocess.run(cmd, env=env, capture_output=True, timeout=WAIT)
    assert rerun.returncode == 0, rerun.stderr.decode()
    with ReportGraph.open(store) as rg:
        assert rg.check() == []
        assert len(rg.documents()) == len(ARTICLES) + 24


@needs_fork
def test_a_forked_child_does_not_keep_the_build_lock(tmp_path: Path) -> None:
    """The parent takes the lock, forks a long-lived child, and dies: the lock is free."""
    store = tmp_path / "store"
    script = (
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from reportgraph.rdf.snapshot import BuildLock\n"
        f"lock = BuildLock.try_acquire(Path({str(store)!r}), 'build')\n"
        "assert lock is not None\n"
        "child = os.fork()\n"
        "if child == 0:\n"
        "    time.sleep(60)\n"
        "    os._exit(0)\n"
        f"Path({str(tmp_path / 'child.pid')!r}).write_text(str(child))\n"
        "os._exit(0)  # dies holding the lock\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    out = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=WAIT,
    )
    assert out.returncode == 0
    child = int((tmp_path / "child.pid").read_text())
    try:
        assert _alive(child)
        lock = BuildLock.try_acquire(store, "build")
        assert lock is not None, "the forked child kept the dead parent's lock"
        lock.release()
    finally:
        os.kill(child, signal.SIGKILL)


@pytest.mark.parametrize("workers", [1, 2])
def test_documents_are_pulled_only_as_chunks_are_needed(
    workers: int, nlp: Language, lexicons: Lexicons
) -> None:
    """Memory stays flat in corpus size: the extraction holds a bounded window of documents."""
    from factories import document

    pulled = 0

    def stream():  # type: ignore[no-untyped-def]
        nonlocal pulled
        for k in range(40):
            pulled += 1
            yield document(f"Report {k}: troops entered the town of Hilltop.", path=f"m/{k}.txt")

    results = pool.extract_all(nlp, lexicons, stream(), batch_size=2, n_process=workers)
    first = next(results)
    assert first[0].path == "m/0.txt"
    assert pulled <= 2 * 2 * workers + 2  # the chunks in flight, and the one being cut
    assert [d.path for d, _ in results] == [f"m/{k}.txt" for k in range(1, 40)]
    assert pulled == 40


def test_progress_knows_the_total_once_everything_is_read(tmp_path: Path) -> None:
    articles = write_articles(tmp_path / "in")
    seen: list[tuple[int, int | None]] = []
    with ReportGraph(tmp_path / "store") as rg:
        report = rg.build([articles], progress=lambda p: seen.append((p.done, p.total)))
    assert [d for d, _ in seen] == list(range(1, len(ARTICLES) + 1))
    assert seen[-1][1] == report.read == len(ARTICLES)
    assert all(t is None or t == len(ARTICLES) for _, t in seen)


@pytest.mark.parametrize("workers", [1, pytest.param(2, marks=needs_fork)])
def test_finish_runs_where_the_document_was_extracted_and_fails_alone(
    workers: int, nlp: Language, lexicons: Lexicons
) -> None:
    """The build's ``finish`` (quads to N-Quads) runs in the worker; if it fails on one document,
    only that document is reported."""
    from factories import document
    from reportgraph.models import DocumentExtraction

    def finish(ex: DocumentExtraction) -> tuple[int, str]:
        if "FAILME" in ex.document.text:
            raise ValueError("cannot map this one")
        return os.getpid(), ex.document.path

    docs = [document(text, path=f"m/{k}.txt") for k, text in enumerate(ARTICLES)]
    results = list(pool.extract_all(nlp, lexicons, docs, 2, workers, finish=finish))
    assert [d.path for d, _ in results] == [d.path for d in docs]
    failed = [(d.path, r.code) for d, r in results if isinstance(r, Failure)]
    assert failed == [("m/2.txt", "RG701")]
    done = [r for _, r in results if not isinstance(r, Failure)]
    assert [path for _, path in done] == [d.path for d in docs if d.path != "m/2.txt"]
    pids = {pid for pid, _ in done}
    assert (pids == {os.getpid()}) if workers == 1 else (os.getpid() not in pids)


@pytest.mark.parametrize(
    ("platform", "methods"),
    [("win32", ["spawn"]), ("darwin", ["spawn", "fork", "forkserver"])],
)
def test_without_safe_fork_everything_runs_in_this_process(
    monkeypatch: pytest.MonkeyPatch,
    platform: str,
    methods: list[str],
    nlp: Language,
    lexicons: Lexicons,
) -> None:
    """Where fork is missing (Windows) or unsafe (macOS), the build extracts in this process,
    in order."""
    from factories import document

    monkeypatch.setattr(pool.sys, "platform", platform)
    monkeypatch.setattr(pool.multiprocessing, "get_all_start_methods", lambda: methods)
    assert not pool.can_fork()
    started: list[int] = []
    monkeypatch.setattr(pool, "ProcessPoolExecutor", lambda *a, **k: started.append(1))
    docs = [document(text, path=f"m/{k}.txt") for k, text in enumerate(ARTICLES[:3])]
    results = list(pool.extract_all(nlp, lexicons, docs, 2, 2, finish=lambda e: os.getpid()))
    assert [d.path for d, _ in results] == [d.path for d in docs]
    assert [pid for _, pid in results] == [os.getpid()] * 3
    assert started == []


def test_linux_forks_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool.sys, "platform", "linux")
    monkeypatch.setattr(pool.multiprocessing, "get_all_start_methods", lambda: ["fork", "spawn"])
    assert pool.can_fork()
