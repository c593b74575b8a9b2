"""The investigation page: one self-contained, offline HTML file over a page payload.

The payload (docs/network-page.md, built by ``views.page_data``) is embedded as JSON; the page's
own scripts (``views/static/``: common.js, network.js, timeline.js) draw the network and the
timeline from it, filter the claims and show their provenance. The layout is computed in Python
and physics stays off, so the same payload always gives the same file and large pages draw at once.

Safety: article text only reaches the page as JSON inside ``<script type="application/json">`` with
``<``, ``>``, ``&``, U+2028 and U+2029 escaped, or through Jinja2 autoescaping; the scripts insert
it with ``textContent`` only. vis-network and the static files are inlined after checks that they
cannot end their element early or fetch anything (views.assets).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from reportgraph.errors import ExportError
from reportgraph.views.assets import page_scripts, page_styles, vis_css, vis_js

TYPE_COLOURS: dict[str, str] = {
    "PERSON": "#4e79a7",
    "ORGANIZATION": "#f28e2b",
    "GROUP": "#59a14f",
    "PLACE": "#e15759",
    "SOURCE": "#b07aa1",
}
OTHER_COLOUR = "#9c9c9c"
WEAK_CERTAINTIES = ("alleged", "unverified", "denied")
KINDS = ("event", "figure", "relation", "statement")
DEFAULT_TOP_N = 300
_LISTS = ("nodes", "edges", "claims", "sources")


def script_json(value: Any) -> str:
    """JSON that cannot end or alter the ``<script>`` element holding it."""
    text = json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


@dataclass(frozen=True)
class _LegendItem:
    name: str
    color: str


def _normalised(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload with its lists and settings present (a missing list is empty)."""
    if not isinstance(payload, dict):
        raise ExportError("The page payload is not a JSON object.", "Build it with page_payload.")
    data = dict(payload)
    for key in _LISTS:
        value = data.get(key)
        if value is None:
            data[key] = []
        elif not isinstance(value, list):
            raise ExportError(f"The page payload's {key!r} is not a list.", "Rebuild the payload.")
    data.setdefault("title", "reportgraph")
    data.setdefault("filter", "")
    data.setdefault("comments", False)
    top_n = data.get("top_n")
    data["top_n"] = top_n if isinstance(top_n, int) and top_n > 0 else DEFAULT_TOP_N
    return data


def _summary(data: dict[str, Any]) -> str:
    documents = {c.get("document") for c in data["claims"] if isinstance(c, dict)}
    text = (
        f"{len(data['nodes'])} entities · {len(data['edges'])} edges · "
        f"{len(data['claims'])} claims from {len(documents)} documents"
    )
    if data.get("filter") and data["filter"] != "all":
        text += f" · filter: {data['filter']}"
    return text


def _style() -> dict[str, Any]:
    """Drawing settings the scripts read (colours live here only, the legend uses the same)."""
    return {"colours": TYPE_COLOURS, "other": OTHER_COLOUR, "weak": list(WEAK_CERTAINTIES)}


def _template() -> jinja2.Template:
    source = (resources.files("reportgraph.views") / "page.html").read_text(encoding="utf-8")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(source)


def render_network_page(payload: dict[str, Any]) -> str:
    """The page as a string (see write_network_page)."""
    data = _normalised(payload)
    legend = [_LegendItem(name.title(), colour) for name, colour in TYPE_COLOURS.items()]
    legend.append(_LegendItem("Other", OTHER_COLOUR))
    return _template().render(
        title=str(data["title"]),
        summary=_summary(data),
        legend=legend,
        kinds=KINDS,
        vis_css=vis_css(),
        vis_js=vis_js(),
        page_css=page_styles(),
        page_js=page_scripts(),
        data_json=script_json(data),
        style_json=script_json(_style()),
    )


def write_network_page(payload: dict[str, Any], path: Path) -> Path:
    """Write the page to ``path`` (parent folders created) and return ``path``."""
    page = render_network_page(payload)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page, encoding="utf-8", errors="replace")
    except OSError as err:
        raise ExportError(f"Could not write the page {path}: {err}", "Check the path.") from err
    return path
