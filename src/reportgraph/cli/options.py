"""Options and defaults that several commands share."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from reportgraph.api import ReportGraph
from reportgraph.export import default_path

DEFAULT_EXPORT = default_path("trig")
DEFAULT_VIZ = Path("visualizations") / "network.html"


class Fmt(StrEnum):
    table = "table"
    jsonl = "jsonl"


StoreOpt = Annotated[Path, typer.Option("--store", help="Graph store directory.")]
FormatOpt = Annotated[Fmt, typer.Option("--format", "-f", help="Output: table or jsonl.")]
CommentsOpt = Annotated[bool, typer.Option("--include-comments", help="Include reader comments.")]


def open_graph(store: Path) -> ReportGraph:
    """The store, opened for reading."""
    return ReportGraph.open(store, read_only=True)
