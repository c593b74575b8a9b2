"""Shared helpers for the benchmarks: machine notes, timing, peak memory, tables, JSON output.

Not part of the test suite. Only the benchmark scripts print.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import resource
import statistics
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"
SRC_DIR = Path(os.environ.get("RG_BENCH_SRC", BENCH_DIR.parent / "src"))  # or another checkout
CORPUS_DIR = BENCH_DIR.parents[1] / "shared" / "corpus"

if str(SRC_DIR) not in sys.path:  # run from a checkout without installing the package
    sys.path.insert(0, str(SRC_DIR))


def load_average() -> tuple[float, float, float]:
    return os.getloadavg()


def steal_seconds() -> float:
    """CPU time the hypervisor gave to other guests, summed over all vCPUs, since boot (0.0
    where /proc/stat is missing). A run with much steal ran on a slower machine."""
    try:
        fields = Path("/proc/stat").read_text(encoding="ascii").split("\n", 1)[0].split()
        return int(fields[8]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def machine() -> dict[str, Any]:
    """What the numbers were measured on (and how busy the machine was)."""
    mem_kb = 0
    with open("/proc/meminfo", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    versions: dict[str, str] = {}
    for name in ("spacy", "pyoxigraph", "rdflib"):
        try:
            module = __import__(name)
            versions[name] = str(getattr(module, "__version__", "?"))
        except ImportError:
            versions[name] = "missing"
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "mem_gb": round(mem_kb / 1024 / 1024, 1),
        "load_average_start": [round(x, 2) for x in load_average()],
        "reportgraph_src": str(SRC_DIR),
        **versions,
    }


def median_time(fn: Callable[[], object], runs: int, warmup: int = 1) -> tuple[float, object]:
    """Median wall time of ``runs`` calls after ``warmup`` calls; the last result."""
    result: object = None
    for _ in range(warmup):
        result = fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _descendants(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(parents.get(pid, []))
    return out


class TreeMemory:
    """Samples the summed RSS of this process and all its descendants (every ``interval`` s)."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            total = sum(_rss_kb(p) for p in _descendants(me))
            self.peak_kb = max(self.peak_kb, total)
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def rusage_peaks_mb() -> dict[str, float]:
    """Kernel peak RSS: this process, and the largest waited-for child."""
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"self_peak_mb": round(me, 1), "largest_child_peak_mb": round(kids, 1)}


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[str(h) for h in headers]] + [[_fmt(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _fmt(value: object) -> str:
    if isinstance(value, float):
        if value >= 100:
            return f"{value:,.0f}"
        if value >= 1:
            return f"{value:.2f}"
        return f"{value:.3g}"
    return str(value)


def write_result(name: str, payload: dict[str, Any]) -> Path:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = OUT_DIR / f"{name}-{stamp}.json"
    payload = {**payload, "load_average_end": [round(x, 2) for x in load_average()]}
    path.write_text(json.dumps(payload, indent=2, default=str) + "\n", encoding="utf-8")
    return path


def finish(name: str, machine_info: dict[str, Any], **fields: Any) -> Path:
    """Print the load average now and write the run's JSON (with the command that made it)."""
    print(f"load average now: {[round(x, 2) for x in load_average()]}")
    command = " ".join(["python", f"bench/{name}.py", *sys.argv[1:]])
    path = write_result(name, {"command": command, "machine": machine_info, **fields})
    print(f"wrote {path}")
    return path


def timed_in_fork(fn: Callable[[], object], timeout: float) -> float | None:
    """Wall time of ``fn()`` run in a forked child (which shares the parent's memory
    copy-on-write); None when it had not finished after ``timeout`` seconds (it is stopped)."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)

    def target() -> None:
        t0 = time.perf_counter()
        fn()
        child.send(time.perf_counter() - t0)

    proc = ctx.Process(target=target)
    proc.start()
    seconds: float | None = parent.recv() if parent.poll(timeout) else None
    proc.terminate()
    proc.join()
    return seconds
