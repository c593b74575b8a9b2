"""Options and defaults that several commands share."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from reportgraph.api import DEFAULT_STORE, ReportGraph
from reportgraph.export import ExportFormat, default_path
from reportgraph.rdf.remote import is_store_url

DEFAULT_VIZ = Path("visualizations") / "network.html"


def _beside(store: str) -> Path | None:
    """The folder outputs go in for ``--store``: None for the default store and for a server
    (their defaults: ``graph/``, ``visualizations/``), else the store's parent folder."""
    if is_store_url(store) or Path(store) == Path(DEFAULT_STORE):
        return None
    return Path(store).parent


def export_path(store: str | Path, fmt: ExportFormat) -> Path:
    """Where an export goes when no file is given: ``graph/reportgraph.<ext>`` for the default
    store or a server's, else beside the store (``--store /x/s`` -> ``/x/reportgraph.<ext>``)."""
    default = default_path(fmt)
    folder = _beside(str(store))
    return default if folder is None else folder / default.name


def page_path(store: str | Path) -> Path:
    """Where the network page goes when no file is given: ``visualizations/network.html`` for
    the default store or a server's, else beside the store (``/x/network.html``)."""
    folder = _beside(str(store))
    return DEFAULT_VIZ if folder is None else folder / DEFAULT_VIZ.name


class Fmt(StrEnum):
    table = "table"
    jsonl = "jsonl"


StoreOpt = Annotated[
    str,
    typer.Option(
        "--store",
        help="Graph store: a directory, or a SPARQL server's URL (http(s)://host:port; "
        "credentials only from the environment: REPORTGRAPH_STORE_TOKEN, ...).",
    ),
]
FormatOpt = Annotated[Fmt, typer.Option("--format", "-f", help="Output: table or jsonl.")]
CommentsOpt = Annotated[bool, typer.Option("--include-comments", help="Include reader comments.")]


def open_graph(store: str | Path) -> ReportGraph:
    """The store, opened for reading."""
    return ReportGraph.open(store, read_only=True)
