"""A self-contained, offline HTML page drawing a claim graph with vis-network.

The layout is computed in Python (views.layout: a force layout per component, fixed seed) and
physics is off, so large pages render at once and the same graph always gives the same file.
vis-network's JS/CSS are inlined from pyvis's bundled copy; the page references nothing outside.

Safety: article text only reaches the page as JSON inside ``<script type="application/json">`` with
``<``, ``>``, ``&``, U+2028 and U+2029 escaped, or through Jinja2 autoescaping; vis-network shows
``title`` strings as plain text (innerText), so tooltips are plain text built here, never HTML.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx

from reportgraph.errors import ExportError
from reportgraph.views.assets import vis_css, vis_js
from reportgraph.views.layout import SEED as LAYOUT_SEED
from reportgraph.views.layout import layout

TYPE_COLOURS: dict[str, str] = {
    "PERSON": "#4e79a7",
    "ORGANIZATION": "#f28e2b",
    "GROUP": "#59a14f",
    "PLACE": "#e15759",
}
OTHER_COLOUR = "#9c9c9c"
WEAK_CERTAINTIES = frozenset({"alleged", "unverified", "denied"})
MAX_CLAIMS_IN_TOOLTIP = 25


def script_json(value: Any) -> str:
    """JSON that cannot end or alter the ``<script>`` element holding it."""
    text = json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _node_title(node: str, d: dict[str, Any]) -> str:
    kind = str(d.get("type", "UNKNOWN"))
    if d.get("subtype"):
        kind += f" · {d['subtype']}"
    lines = [str(d.get("label", node)), kind, f"id: {node}"]
    aliases = [a for a in d.get("aliases", []) if a != d.get("label")]
    if aliases:
        lines.append("also: " + ", ".join(str(a) for a in aliases))
    lines.append(f"{d.get('mentions', 0)} mentions in {d.get('documents', 0)} documents")
    return "\n".join(lines)


def _claim_lines(d: dict[str, Any]) -> list[str]:
    chain = " → ".join(str(v) for v in d.get("via", []))
    head = f"{d.get('source', '?')}" + (f" (via {chain})" if chain else "")
    head += f" · {d.get('certainty', '?')}"
    if d.get("cue"):
        head += f" · “{d['cue']}”"
    lines = [head, f"   “{d.get('sentence', '')}”"]
    lines.append(
        f"   {d.get('path', d.get('document', '?'))} [{d.get('start', '?')}–{d.get('end', '?')}]"
        f" · {d.get('segment', '?')} · claim {d.get('claim', '?')}"
    )
    extra = []
    if d.get("places"):
        extra.append("at " + ", ".join(str(p) for p in d["places"]))
    if d.get("quantity"):
        extra.append(f"figure “{d['quantity']}”")
    if d.get("time"):
        extra.append(f"time “{d['time']}”")
    if extra:
        lines.append("   " + " · ".join(extra))
    return lines


def _edge_title(subject: str, predicate: str, obj: str, claims: list[dict[str, Any]]) -> str:
    count = f"{len(claims)} claim" + ("s" if len(claims) != 1 else "")
    lines = [f"{subject} —{predicate}→ {obj}  ({count})"]
    for i, d in enumerate(claims[:MAX_CLAIMS_IN_TOOLTIP], start=1):
        first, *rest = _claim_lines(d)
        lines.extend(["", f"{i}. {first}", *rest])
    if len(claims) > MAX_CLAIMS_IN_TOOLTIP:
        lines.extend(["", f"… and {len(claims) - MAX_CLAIMS_IN_TOOLTIP} more claims"])
    return "\n".join(lines)


def _nodes(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    pos = layout(graph)
    out = []
    for node in sorted(str(n) for n in graph.nodes):
        d = graph.nodes[node]
        mentions = int(d.get("mentions", 0))
        x, y = pos[node]
        out.append(
            {
                "id": node,
                "label": str(d.get("label", node)),
                "title": _node_title(node, d),
                "color": TYPE_COLOURS.get(str(d.get("type")), OTHER_COLOUR),
                "size": round(min(50.0, 8.0 + 4.0 * math.sqrt(mentions)), 1),
                "x": x,
                "y": y,
            }
        )
    return out


def _edges(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """One drawn edge per (subject, object, predicate); its tooltip lists every claim separately."""
    merged: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for u, v, k, d in graph.edges(keys=True, data=True):
        merged[str(u), str(v), str(d.get("predicate", ""))].append({"claim": str(k), **d})
    pair_count: dict[frozenset[str], int] = defaultdict(int)
    out = []
    for (u, v, predicate), claims in sorted(merged.items()):
        claims.sort(key=lambda d: (str(d.get("path", "")), int(d.get("start", 0)), d["claim"]))
        nth = pair_count[frozenset((u, v))]
        pair_count[frozenset((u, v))] += 1
        label = predicate if len(claims) == 1 else f"{predicate} (×{len(claims)})"
        edge: dict[str, Any] = {
            "id": f"{u}\t{v}\t{predicate}",
            "from": u,
            "to": v,
            "label": label,
            "title": _edge_title(
                str(graph.nodes[u].get("label", u)),
                predicate,
                str(graph.nodes[v].get("label", v)),
                claims,
            ),
            "width": round(1.0 + min(5.0, math.log2(len(claims))), 2),
            "dashes": all(d.get("certainty") in WEAK_CERTAINTIES for d in claims),
            "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.15 * nth}
            if nth
            else False,
        }
        out.append(edge)
    return out


def _options(node_count: int) -> dict[str, Any]:
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": LAYOUT_SEED},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": node_count > 300,
            "hideEdgesOnZoom": node_count > 1000,
        },
        "nodes": {"shape": "dot", "borderWidth": 1, "font": {"size": 14}},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "smooth": False,
            "font": {"size": 10, "align": "middle", "color": "#555"},
            "color": {"color": "#a0a0a0", "highlight": "#333333", "hover": "#333333"},
        },
    }


@dataclass(frozen=True)
class _LegendItem:
    name: str
    color: str


def _summary(graph: nx.MultiDiGraph, drawn_edges: int) -> str:
    text = (
        f"{graph.number_of_nodes()} entities · {drawn_edges} edges"
        f" from {graph.number_of_edges()} claims"
    )
    total = graph.graph.get("claims")
    if isinstance(total, int) and total > graph.number_of_edges():
        text += f" ({total} claims in all; only claims with a subject and an object are drawn)"
    matched = graph.graph.get("nodes_matched")
    if isinstance(matched, int) and matched > graph.number_of_nodes():
        text += f" · showing the {graph.number_of_nodes()} best connected of {matched} entities"
    if graph.graph.get("filter"):
        text += f" · filter: {graph.graph['filter']}"
    return text


def _template() -> jinja2.Template:
    source = (resources.files("reportgraph.views") / "page.html").read_text(encoding="utf-8")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(source)


def render_network_page(graph: nx.MultiDiGraph, *, title: str = "reportgraph") -> str:
    """The page as a string (see write_network_page)."""
    nodes = _nodes(graph)
    edges = _edges(graph)
    data = {"nodes": nodes, "edges": edges, "options": _options(len(nodes))}
    legend = [_LegendItem(name.title(), colour) for name, colour in TYPE_COLOURS.items()]
    legend.append(_LegendItem("Other", OTHER_COLOUR))
    return _template().render(
        title=title,
        summary=_summary(graph, len(edges)),
        legend=legend,
        vis_css=vis_css(),
        vis_js=vis_js(),
        data_json=script_json(data),
    )


def write_network_page(graph: nx.MultiDiGraph, path: Path, *, title: str = "reportgraph") -> Path:
    """Write the page to ``path`` (parent folders created) and return ``path``."""
    page = render_network_page(graph, title=title)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page, encoding="utf-8", errors="replace")
    except OSError as err:
        raise ExportError(f"Could not write the page {path}: {err}", "Check the path.") from err
    return path
