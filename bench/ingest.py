"""Ingest throughput: reportgraph's full build against raw ``nlp.pipe`` on the same texts.

The corpus is the sample articles replicated to N documents, each copy with one extra numbered
line so that every document has its own id (nothing is deduplicated). Every measurement runs in
a fresh subprocess so that its peak memory is its own.

Two baselines, each ``nlp.pipe`` over the same texts with the same batch size and processes:
``raw`` runs the pipeline as spaCy ships it; ``parse`` runs it as the build does, with its
attribute rules compiled to array lookups (``reportgraph.nlp.components.attribute_rules``: the
same annotations, less time). build/raw is the speed a user gets over plain spaCy; build/parse
is the build's own overhead over its NLP.

``--compare NAME=SRC ...`` is an A/B instead: this checkout against other source trees (see
:func:`compare`).

    python bench/ingest.py --docs 250 --workers 1 2 --memory-docs 100
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import multiprocessing
import os
import pstats
import resource
import statistics
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import (
    CORPUS_DIR,
    OUT_DIR,
    SRC_DIR,
    TreeMemory,
    finish,
    load_average,
    machine,
    rusage_peaks_mb,
    steal_seconds,
    table,
)


def _tag(i: int) -> str:
    """A letters-only tag (no digits, so the extra line never reads as a figure)."""
    letters = string.ascii_lowercase
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = letters[r] + out
    return out


def make_corpus(n: int, folder: Path) -> list[Path]:
    sources = sorted(CORPUS_DIR.glob("*.txt"))
    if not sources:
        raise SystemExit(f"no sample corpus at {CORPUS_DIR}")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        src = sources[i % len(sources)]
        text = src.read_text(encoding="utf-8").rstrip("\n")
        path = folder / f"{i:05d}_{src.stem}.txt"
        path.write_text(f"{text}\n\nArchive copy reference {_tag(i)}.\n", encoding="utf-8")
        paths.append(path)
    return paths


# ---------------- one measurement (runs in a child process) ----------------


def _stages(paths: list[Path], batch_size: int) -> dict[str, Any]:
    """Where one process's build time goes: each stage timed alone, in sequence (CPU seconds
    of this process, so other jobs on the machine distort it less than wall time)."""
    from reportgraph.builder.writer import BackgroundWriter
    from reportgraph.ingest import read_all
    from reportgraph.nlp.extract import extract
    from reportgraph.nlp.lexicons import load_lexicons
    from reportgraph.nlp.pipeline import load_pipeline
    from reportgraph.rdf.mapping import prepare_document
    from reportgraph.rdf.store import GraphStore

    clock = time.process_time
    out: dict[str, Any] = {"mode": "stages", "workers": 1}
    t = clock()
    documents, _ = read_all(paths)
    out["read_s"] = clock() - t
    t = clock()
    nlp = load_pipeline()
    out["load_pipeline_s"] = clock() - t
    t = clock()
    lexicons = load_lexicons()
    out["lexicons_s"] = clock() - t  # the gazetteer (from its disk cache) is most of it
    t = clock()
    docs = list(nlp.pipe([d.text for d in documents], batch_size=batch_size))
    out["parse_s"] = clock() - t
    t = clock()
    extractions = [extract(d, doc, lexicons) for d, doc in zip(documents, docs, strict=True)]
    out["extract_s"] = clock() - t
    del docs
    t = clock()
    prepared = [prepare_document(e) for e in extractions]
    out["quads_s"] = clock() - t  # models -> quads -> N-Quads bytes (a worker's last step)
    out["quads"] = sum(p.quads for p in prepared)
    with tempfile.TemporaryDirectory(prefix="rg-bench-store-", ignore_cleanup_errors=True) as tmp:
        store = GraphStore(Path(tmp) / "store", snapshot_every=len(prepared) + 1)
        t = clock()
        with BackgroundWriter[int, None](store) as writer:  # as the build writes
            for k, p in enumerate(prepared):
                writer.submit(k, p)
            writer.drain()
        store.flush()  # RocksDB's own threads count too: clock() is this process's CPU
        out["store_write_s"] = clock() - t  # in the build: the writer thread, without the GIL
        store.close()
    out["docs"] = len(documents)
    out["words"] = sum(len(d.text.split()) for d in documents)
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in out.items()}


def _parse_and_extract(paths: list[Path], batch_size: int) -> dict[str, Any]:
    """CPU seconds of this process for the parse alone (``nlp.pipe`` with the pipeline as the
    build loads it) and for the extraction alone, on the same Docs. Runs against older source
    trees too (``--compare``): before issue 15 the lexicons were globals, not an argument."""
    from reportgraph.ingest import read_all
    from reportgraph.nlp.extract import extract
    from reportgraph.nlp.pipeline import load_pipeline

    documents, _ = read_all(paths)
    try:
        from reportgraph.nlp.lexicons import load_lexicons

        lexicons = load_lexicons()

        def run(document: Any, doc: Any) -> Any:
            return extract(document, doc, lexicons)

    except ImportError:  # a tree where extract() read its lexicons from globals
        run = extract  # type: ignore[assignment]
    clock = time.process_time
    nlp = load_pipeline()
    list(nlp.pipe([d.text for d in documents[:2]], batch_size=batch_size))  # warm up
    t = clock()
    docs = list(nlp.pipe([d.text for d in documents], batch_size=batch_size))
    parse_s = clock() - t
    for document, doc in zip(documents[:2], docs[:2], strict=True):
        run(document, doc)  # warm up: lexicons, dateparser
    t = clock()
    claims = sum(len(run(d, doc).claims) for d, doc in zip(documents, docs, strict=True))
    extract_s = clock() - t
    return {"parse_s": round(parse_s, 3), "extract_s": round(extract_s, 3), "claims": claims}


def _cpu_seconds() -> float:
    """User + system CPU of this process (all threads) and of its waited-for children (the
    worker processes, once they have exited)."""
    multiprocessing.active_children()  # joins finished worker processes, so they count
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _child(mode: str, paths: list[Path], workers: int, batch_size: int) -> dict[str, Any]:
    from reportgraph.ingest import read_all

    documents, failures = read_all(paths)
    texts = [d.text for d in documents]
    words = sum(len(t.split()) for t in texts)
    out: dict[str, Any] = {"mode": mode, "workers": workers, "docs": len(documents)}
    out["words"] = words
    cpu0 = _cpu_seconds()
    with TreeMemory() as memory:
        t0 = time.perf_counter()
        if mode in ("raw", "parse"):
            from reportgraph.nlp.pipeline import load_pipeline

            # raw: the pipeline as shipped (with reportgraph's paragraph-break component);
            # parse: as the build runs it (attribute rules faster, the same annotations)
            nlp = load_pipeline(stock=mode == "raw")
            for _ in nlp.pipe(texts, batch_size=batch_size, n_process=workers):
                pass
        else:
            from reportgraph.api import ReportGraph

            last = [t0]

            def progress(_: object) -> None:
                last[0] = time.perf_counter()

            with tempfile.TemporaryDirectory(
                prefix="rg-bench-store-", ignore_cleanup_errors=True
            ) as tmp:
                graph = ReportGraph(Path(tmp) / "store")
                report = graph.build(
                    paths, batch_size=batch_size, n_process=workers, progress=progress
                )
                end = time.perf_counter()
                out["documents_s"] = round(last[0] - t0, 3)  # read + NLP + extract + write
                out["resolve_stats_s"] = round(end - last[0], 3)
                out["added"] = report.added
                out["failures"] = len(report.failures)
                out["claims"] = report.claims
                out["quads"] = report.quads
                del graph  # close the store before its folder goes
        seconds = time.perf_counter() - t0
    out["seconds"] = round(seconds, 3)
    out["cpu_s"] = round(_cpu_seconds() - cpu0, 3)  # this process, its threads and workers
    out["words_per_s"] = round(words / seconds, 1)
    out["peak_tree_rss_mb"] = round(memory.peak_kb / 1024, 1)
    out.update(rusage_peaks_mb())
    out["read_failures"] = len(failures)
    return out


CACHE_DIR = OUT_DIR / "cache"


def child_env(src: Path = SRC_DIR) -> dict[str, str]:
    """The children share one gazetteer cache (as a user's builds do after their first) and
    import reportgraph from ``src`` (this checkout's, unless comparing with another)."""
    path = os.pathsep.join(p for p in (str(src), os.environ.get("PYTHONPATH", "")) if p)
    return {
        **os.environ,
        "REPORTGRAPH_CACHE_DIR": str(CACHE_DIR),
        "PYTHONPATH": path,
        "RG_BENCH_SRC": str(src),
    }


def warm_gazetteer_cache() -> float:
    code = "from reportgraph.nlp.lexicons import load_lexicons; load_lexicons()"
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=child_env(), check=True)
    return time.perf_counter() - t


def run_stages(folder: Path, docs: int, batch_size: int) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", "stages", "--corpus", str(folder)]
    cmd += ["--docs", str(docs), "--batch-size", str(batch_size)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, env=child_env())
    if done.returncode != 0:
        raise SystemExit(f"stages child failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    parse = result["parse_s"]
    shares = {k: round(v / parse, 3) for k, v in result.items() if k.endswith("_s")}
    print(f"  stages (CPU s, {docs} docs, one process): {result}")
    print(f"  as a share of the parse: {shares}", flush=True)
    return {**result, "share_of_parse": shares}


def run_child(
    mode: str, folder: Path, docs: int, workers: int, batch_size: int, src: Path = SRC_DIR
) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", mode, "--corpus", str(folder)]
    cmd += ["--docs", str(docs), "--workers", str(workers), "--batch-size", str(batch_size)]
    load, steal = load_average()[0], steal_seconds()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, env=child_env(src))
    steal = steal_seconds() - steal
    if done.returncode != 0:
        raise SystemExit(f"child {mode} w={workers} n={docs} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["load_1min_before"] = round(load, 2)
    result["steal_s"] = round(steal, 2)
    print(
        f"  {mode:5} docs={docs:4} workers={workers}: {result['words_per_s']:8.0f} words/s "
        f"({result['seconds']:.1f} s, peak {result['peak_tree_rss_mb']:.0f} MB, "
        f"load {load:.2f}, steal {steal:.1f} s)",
        flush=True,
    )
    return result


def profile_build(paths: list[Path], batch_size: int) -> Path:
    """cProfile of this process in a one-worker build: extraction, N-Quads and the writes (the
    forked worker parses, unprofiled)."""
    from reportgraph.api import ReportGraph

    profiler = cProfile.Profile()
    with tempfile.TemporaryDirectory(prefix="rg-bench-store-", ignore_cleanup_errors=True) as tmp:
        graph = ReportGraph(Path(tmp) / "store")
        profiler.enable()
        graph.build(paths, batch_size=batch_size, n_process=1)
        profiler.disable()
        del graph
    buffer = io.StringIO()
    stats = pstats.Stats(profiler, stream=buffer)
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(25)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / "ingest-profile.txt"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


# ---------------- A/B: this checkout's build against other source trees ----------------


def _run_stage_child(folder: Path, docs: int, batch_size: int, src: Path) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", "parse-extract", "--corpus", str(folder)]
    cmd += ["--docs", str(docs), "--batch-size", str(batch_size)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, env=child_env(src))
    if done.returncode != 0:
        raise SystemExit(f"parse-extract child ({src}) failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"  parse {result['parse_s']:.2f} s, extract {result['extract_s']:.2f} s CPU", flush=True)
    return result


def compare(variants: dict[str, Path], docs: int, rounds: int, batch_size: int) -> None:
    """An A/B of source trees: each round runs, for every tree (the order rotates, so no tree
    always runs first), a one-worker build of the corpus and, in another process, the parse
    alone and the extraction alone on the same texts. The measure is CPU, which does not
    depend on how the build's two processes overlap. The build's CPU varies by several percent
    from run to run on a shared VM; the parse and the extraction, each timed alone, vary less,
    so a difference in one of them is shown as a share of the first tree's whole build."""
    info = machine()
    print(f"machine: {info}")
    names = list(variants)
    builds: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    stages: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    with tempfile.TemporaryDirectory(prefix="rg-bench-corpus-") as tmp:
        folder = Path(tmp)
        make_corpus(docs, folder)
        for name in names:  # each tree's gazetteer cache is its own: build it before timing
            run_child("build", folder, 1, 1, batch_size, variants[name])
        for r in range(rounds):
            for name in names[r % len(names) :] + names[: r % len(names)]:
                print(f"round {r + 1}/{rounds}: {name}", flush=True)
                src = variants[name]
                builds[name].append(run_child("build", folder, docs, 1, batch_size, src))
                stages[name].append(_run_stage_child(folder, docs, batch_size, src))

    def median(rows: list[dict[str, Any]], key: str) -> float:
        return float(statistics.median(x[key] for x in rows))

    first = names[0]
    whole = median(builds[first], "cpu_s")
    rows = []
    for name in names:
        cpu = [x["cpu_s"] for x in builds[name]]
        parse, extract = median(stages[name], "parse_s"), median(stages[name], "extract_s")
        rows.append(
            [
                name,
                round(statistics.median(cpu), 2),
                f"{min(cpu):.2f}-{max(cpu):.2f}",
                round(statistics.median(cpu) / whole, 3),
                round(parse, 2),
                round(extract, 2),
                f"{(parse - median(stages[first], 'parse_s')) / whole:+.3f}",
                f"{(extract - median(stages[first], 'extract_s')) / whole:+.3f}",
                sorted({(x["claims"], x["quads"]) for x in builds[name]}),
            ]
        )
    print()
    headers = ["tree", "build CPU s", "range", f"/ {first}", "parse s", "extract s"]
    headers += [f"parse - {first}, of build", f"extract - {first}, of build", "(claims, quads)"]
    print(table(headers, rows))
    for name, src in variants.items():
        print(f"  {name}: {src}")
    finish("ingest-compare", info, builds=builds, stages=stages, docs=docs, rounds=rounds)


# ---------------- the benchmark ----------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=250, help="documents in the corpus")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--batch-size", type=int, default=8, help="as in ReportGraph.build")
    parser.add_argument(
        "--memory-docs",
        type=int,
        nargs="*",
        default=[100],
        help="extra (smaller) corpus sizes built with one worker, to see if memory grows",
    )
    parser.add_argument("--profile", type=int, default=0, help="also cProfile a build of N docs")
    parser.add_argument(
        "--child",
        choices=["raw", "parse", "build", "stages", "parse-extract"],
        help=argparse.SUPPRESS,
    )
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--compare",
        nargs="+",
        metavar="NAME=SRC",
        help="A/B instead: one-worker build CPU of this checkout (first) against each other "
        "source tree, alternated for --rounds rounds",
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds of --compare")
    args = parser.parse_args()

    if args.child:
        paths = sorted(args.corpus.glob("*.txt"))[: args.docs]
        if args.child == "stages":
            print(json.dumps(_stages(paths, args.batch_size)))
        elif args.child == "parse-extract":
            print(json.dumps(_parse_and_extract(paths, args.batch_size)))
        else:
            print(json.dumps(_child(args.child, paths, args.workers[0], args.batch_size)))
        return

    if args.compare:
        others = dict(item.split("=", 1) for item in args.compare)
        trees = {"this": SRC_DIR, **{k: Path(v).resolve() for k, v in others.items()}}
        compare(trees, args.docs, args.rounds, args.batch_size)
        return

    info = machine()
    print(f"machine: {info}")
    cold = warm_gazetteer_cache()
    print(f"gazetteer cache: {CACHE_DIR} (built once, {cold:.1f} s; later processes load it)")
    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="rg-bench-corpus-") as tmp:
        folder = Path(tmp)
        make_corpus(max([args.docs, *args.memory_docs]), folder)
        for w in args.workers:
            for mode in ("raw", "parse", "build"):
                runs.append(run_child(mode, folder, args.docs, w, args.batch_size))
        stages = run_stages(folder, min(args.docs, 50), args.batch_size)
        for n in args.memory_docs:
            if n != args.docs:
                runs.append(run_child("raw", folder, n, 1, args.batch_size))
                runs.append(run_child("build", folder, n, 1, args.batch_size))
        profile = (
            profile_build(make_corpus(args.profile, folder / "p"), args.batch_size)
            if (args.profile)
            else None
        )

    def find(mode: str, docs: int, w: int) -> dict[str, Any] | None:
        for r in runs:
            if (r["mode"], r["docs"], r["workers"]) == (mode, docs, w):
                return r
        return None

    rows = []
    sizes = sorted({r["docs"] for r in runs})
    for n in sizes:
        for w in args.workers:
            raw, build = find("raw", n, w), find("build", n, w)
            if raw is None or build is None:
                continue
            parse = find("parse", n, w)
            rows.append(
                [
                    n,
                    w,
                    raw["words"],
                    raw["words_per_s"],
                    parse["words_per_s"] if parse else "",
                    build["words_per_s"],
                    round(build["words_per_s"] / raw["words_per_s"], 3),
                    round(build["words_per_s"] / parse["words_per_s"], 3) if parse else "",
                    round(raw["cpu_s"] / build["cpu_s"], 3),
                    raw["peak_tree_rss_mb"],
                    build["peak_tree_rss_mb"],
                    build["claims"],
                ]
            )
    print()
    print(
        table(
            [
                "docs",
                "workers",
                "words",
                "raw words/s",
                "parse words/s",
                "build words/s",
                "build/raw",
                "build/parse",
                "raw CPU / build CPU",
                "raw peak MB",
                "build peak MB",
                "claims",
            ],
            rows,
        )
    )
    summary: dict[str, Any] = {"stages_cpu_s_one_process": stages}
    if 1 in args.workers and 2 in args.workers:
        raw1, raw2 = find("raw", args.docs, 1), find("raw", args.docs, 2)
        b1, b2 = find("build", args.docs, 1), find("build", args.docs, 2)
        assert raw1 and raw2 and b1 and b2
        summary["raw_speedup_1_to_2"] = round(raw2["words_per_s"] / raw1["words_per_s"], 3)
        summary["build_speedup_1_to_2"] = round(b2["words_per_s"] / b1["words_per_s"], 3)
    for w in args.workers:
        b, r = find("build", args.docs, w), find("raw", args.docs, w)
        if b and r:
            summary[f"build_over_raw_w{w}"] = round(b["words_per_s"] / r["words_per_s"], 3)
            p = find("parse", args.docs, w)
            if p:  # the build's overhead over its own parse; the parse's gain over spaCy's
                summary[f"build_over_parse_w{w}"] = round(b["words_per_s"] / p["words_per_s"], 3)
                summary[f"parse_over_raw_w{w}"] = round(p["words_per_s"] / r["words_per_s"], 3)
            summary[f"build_documents_phase_s_w{w}"] = b["documents_s"]
            summary[f"build_resolve_stats_s_w{w}"] = b["resolve_stats_s"]
    one = sorted(r["docs"] for r in runs if r["mode"] == "build" and r["workers"] == 1)
    if len(one) >= 2:
        small, large = find("build", one[0], 1), find("build", one[-1], 1)
        assert small and large
        summary["build_peak_mb_growth_w1"] = (
            f"{small['docs']} docs: {small['peak_tree_rss_mb']} MB -> "
            f"{large['docs']} docs: {large['peak_tree_rss_mb']} MB "
            f"(x{large['peak_tree_rss_mb'] / small['peak_tree_rss_mb']:.2f})"
        )
    summary["targets"] = {
        **{
            f"build/raw >= 0.85 with {w} worker(s)": summary.get(f"build_over_raw_w{w}", 0) >= 0.85
            for w in args.workers
        },
        "build 1->2 >= 1.7x": summary.get("build_speedup_1_to_2", 0) >= 1.7,
    }
    print()
    for key, value in summary.items():
        print(f"{key}: {value}")
    finish(
        "ingest",
        info,
        runs=runs,
        summary=summary,
        profile=str(profile) if profile else None,
    )


if __name__ == "__main__":
    main()
