"""The investigation page at scale: how long Python takes to write it, how big it is, and how long
headless Chromium takes from navigation to a still picture, against a 100-node page in the same
run.

    python bench/page.py                                   # 5,000 nodes, 20,000 edges, 3 runs
    python bench/page.py --nodes 2000 --edges 8000 --runs 5

The graph is synthetic (``tests/synthetic_graph.py``: invented words, a skewed mix of persons,
organizations, groups, places and reporting sources, claims of all four kinds). It goes the
page's own way: rows -> ``views.network.to_networkx`` -> ``views.page_data.page_payload`` (which
computes the layout) -> ``views.html.write_network_page``. Three pages:

- baseline: ``--baseline-nodes`` nodes (100) and four times as many edges, every node drawn;
- top N: the big graph with the payload's default ``top_n`` (300 drawn at first);
- all: the same payload with ``top_n`` = every node (written again, not laid out again).

Browser times are read in the page (``performance.now()``, from navigation start): "first
draw" when ``body[data-rendered="true"]`` appears, "still" two animation frames later. Each run
starts a fresh Chromium (the flags of ``tests/browser.py``), loads the baseline once unmeasured,
then each page in turn. Screenshots of the two big pages go to ``bench/out/``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import BENCH_DIR, OUT_DIR, finish, machine, table

sys.path.insert(0, str(BENCH_DIR.parent / "tests"))  # the synthetic graph, the browser flags

from browser import CHROMEDRIVER, CHROMIUM, FLAGS
from reportgraph.views.html import write_network_page
from reportgraph.views.network import to_networkx
from reportgraph.views.page_data import page_payload
from synthetic_graph import synthetic_graph

# Installed before the page's own scripts: note when the network has drawn, then two frames on.
TIMER = """
(function () {
  var done = false;
  function check() {
    if (done || !document.body || document.body.getAttribute('data-rendered') !== 'true') return;
    done = true;
    window.__rgRendered = performance.now();
    requestAnimationFrame(function () { requestAnimationFrame(function () {
      window.__rgStill = performance.now();
    }); });
  }
  new MutationObserver(check).observe(document, {
    subtree: true, attributes: true, attributeFilter: ['data-rendered']
  });
})();
"""
READ = """
var nav = performance.getEntriesByType('navigation')[0];
return window.__rgStill === undefined ? null : {
  rendered: window.__rgRendered, still: window.__rgStill,
  dom_ready: nav ? nav.domContentLoadedEventEnd : null,
  drawn_nodes: RG.drawnNodeCount(), drawn_edges: RG.drawnEdgeCount()
};
"""


def write_pages(
    nodes: int, edges: int, seed: int, folder: Path, all_too: bool
) -> list[dict[str, Any]]:
    """Write the page (and the all-nodes page); what each step took and the files' sizes."""
    t0 = time.perf_counter()
    rows = synthetic_graph(nodes, edges, seed)
    t1 = time.perf_counter()
    graph = to_networkx(rows.entities, rows.claims, published=rows.published)
    t2 = time.perf_counter()
    payload = page_payload(graph, rows.claims, documents=rows.documents, spans=rows.spans)
    t3 = time.perf_counter()
    path = write_network_page(payload, folder / f"page-{nodes}.html")
    t4 = time.perf_counter()
    common = {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "claims": len(rows.claims),
        "generate_s": round(t1 - t0, 3),
        "network_s": round(t2 - t1, 3),
        "payload_s": round(t3 - t2, 3),
    }
    pages = [
        {
            **common,
            "page": f"{nodes} nodes, top {payload['top_n']}" if all_too else f"baseline {nodes}",
            "top_n": payload["top_n"],
            "write_s": round(t4 - t3, 3),
            "path": path,
        }
    ]
    if all_too:
        t5 = time.perf_counter()
        every = write_network_page({**payload, "top_n": nodes}, folder / f"page-{nodes}-all.html")
        t6 = time.perf_counter()
        pages.append(
            {
                **common,
                "page": f"{nodes} nodes, all drawn",
                "top_n": nodes,
                "write_s": round(t6 - t5, 3),
                "path": every,
            }
        )
    for page in pages:
        page["python_s"] = round(page["network_s"] + page["payload_s"] + page["write_s"], 3)
        page["size_mb"] = round(page["path"].stat().st_size / 1e6, 2)
    return pages


def start_browser(profile: Path) -> Any:
    if CHROMIUM is None or CHROMEDRIVER is None:
        raise SystemExit(
            "bench/page.py needs chromium and chromedriver (apt-get install chromium-driver)"
        )
    os.environ.setdefault("SE_AVOID_STATS", "true")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.binary_location = str(CHROMIUM)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    d.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": TIMER})
    d.set_page_load_timeout(300)
    return d


def measure(d: Any, path: Path, timeout: float = 300.0) -> dict[str, Any]:
    """Load ``path`` after a blank page; the in-page times (ms) and what was drawn."""
    d.get("about:blank")
    d.get_log("browser")  # drop what earlier pages logged
    d.get(path.as_uri())
    end = time.monotonic() + timeout
    while (found := d.execute_script(READ)) is None:
        if time.monotonic() > end:
            raise SystemExit(f"{path.name} did not draw within {timeout:.0f} s")
        time.sleep(0.05)
    errors = [e["message"] for e in d.get_log("browser") if e.get("level") == "SEVERE"]
    return {**found, "errors": errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--edges", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline-nodes", type=int, default=100)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    info = machine()
    print(f"load average at start: {info['load_average_start']}")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="rg-bench-page-") as tmp:
        folder = Path(tmp)
        pages = write_pages(args.baseline_nodes, 4 * args.baseline_nodes, args.seed, folder, False)
        pages += write_pages(args.nodes, args.edges, args.seed, folder, True)
        for page in pages:
            page["runs"] = []
        for run in range(args.runs):
            d = start_browser(folder / f"profile-{run}")
            try:
                measure(d, pages[0]["path"])  # warm-up: the browser's own start, unmeasured
                for page in pages:
                    page["runs"].append(measure(d, page["path"]))
                if run == args.runs - 1:
                    for page, name in ((pages[1], "top"), (pages[2], "all")):
                        d.get(page["path"].as_uri())
                        while d.execute_script(READ) is None:
                            time.sleep(0.05)
                        shot = OUT_DIR / f"page-{args.nodes}-{name}.png"
                        d.save_screenshot(str(shot))
                        print(f"screenshot: {shot}")
            finally:
                d.quit()
    report(pages, args, info)


def report(pages: list[dict[str, Any]], args: argparse.Namespace, info: dict[str, Any]) -> None:
    base_still = statistics.median(r["still"] for r in pages[0]["runs"])
    base_python = pages[0]["python_s"]
    rows = []
    for page in pages:
        still = [r["still"] for r in page["runs"]]
        rows.append(
            [
                page["page"],
                page["nodes"],
                page["edges"],
                page["runs"][-1]["drawn_nodes"],
                page["runs"][-1]["drawn_edges"],
                page["size_mb"],
                page["python_s"],
                round(page["python_s"] / base_python, 1),
                round(statistics.median(r["dom_ready"] for r in page["runs"])),
                round(statistics.median(r["rendered"] for r in page["runs"])),
                round(statistics.median(still)),
                f"{min(still):.0f}-{max(still):.0f}",
                round(statistics.median(still) / base_still, 2),
            ]
        )
    print()
    print(
        table(
            [
                "page",
                "nodes",
                "edges",
                "drawn",
                "drawn edges",
                "MB",
                "python s",
                "x base",
                "DOM ready ms",
                "first draw ms",
                "still ms",
                "still range",
                "still x base",
            ],
            rows,
        )
    )
    print()
    for page in pages[1:2]:
        print(
            f"python for {page['nodes']} nodes: network {page['network_s']} s, payload (with the "
            f"layout) {page['payload_s']} s, HTML {page['write_s']} s; the synthetic rows took "
            f"{page['generate_s']} s (not counted)"
        )
    errors = sorted({e for page in pages for r in page["runs"] for e in r["errors"]})
    print(f"console errors: {len(errors)}" + "".join(f"\n  {e}" for e in errors[:5]))
    finish(
        "page",
        info,
        args=vars(args),
        pages=[{k: (str(v) if isinstance(v, Path) else v) for k, v in p.items()} for p in pages],
        table=json.loads(json.dumps(rows)),
    )


if __name__ == "__main__":
    main()
