"""Options and defaults that several commands share."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from reportgraph.api import DEFAULT_STORE, ReportGraph
from reportgraph.export import ExportFormat, default_path

DEFAULT_VIZ = Path("visualizations") / "network.html"


def export_path(store: Path, fmt: ExportFormat) -> Path:
    """Where an export goes when no file is given: ``graph/reportgraph.<ext>`` for the default
    store, else beside the store (``--store /x/s`` -> ``/x/reportgraph.<ext>``)."""
    default = default_path(fmt)
    return default if store == DEFAULT_STORE else store.parent / default.name


def page_path(store: Path) -> Path:
    """Where the network page goes when no file is given: ``visualizations/network.html`` for
    the default store, else beside the store (``/x/network.html``)."""
    return DEFAULT_VIZ if store == DEFAULT_STORE else store.parent / DEFAULT_VIZ.name


class Fmt(StrEnum):
    table = "table"
    jsonl = "jsonl"


StoreOpt = Annotated[Path, typer.Option("--store", help="Graph store directory.")]
FormatOpt = Annotated[Fmt, typer.Option("--format", "-f", help="Output: table or jsonl.")]
CommentsOpt = Annotated[bool, typer.Option("--include-comments", help="Include reader comments.")]


def open_graph(store: Path) -> ReportGraph:
    """The store, opened for reading."""
    return ReportGraph.open(store, read_only=True)
