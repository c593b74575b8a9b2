"""The commands that write the graph out: ``export`` and ``viz``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from reportgraph.api import DEFAULT_STORE
from reportgraph.cli.options import StoreOpt, export_path, open_graph, page_path
from reportgraph.cli.output import out
from reportgraph.export import FORMATS, ExportFormat

_NAMES = list(FORMATS)
_FORMAT_HELP = f"{', '.join(_NAMES[:-1])} or {_NAMES[-1]}."


def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help=_FORMAT_HELP)] = "trig",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="File to write (default: graph/reportgraph.<ext>, or beside a --store).",
        ),
    ] = None,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Export the graph (named graphs kept in TriG, N-Quads and JSON-LD)."""
    path = output or export_path(store, format)
    open_graph(store).export(path, format)
    out.print(Text(f"wrote {format} to {path}"))


def viz(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="HTML file to write (default: visualizations/network.html, or beside a --store).",
        ),
    ] = None,
    entity: Annotated[
        str | None, typer.Option(help="Show only the neighbourhood of this entity.")
    ] = None,
    hops: Annotated[int, typer.Option(min=1, max=5, help="Hops around --entity.")] = 1,
    source: Annotated[str | None, typer.Option(help="Only claims from this source.")] = None,
    place: Annotated[str | None, typer.Option(help="Only claims set at this place.")] = None,
    max_nodes: Annotated[
        int, typer.Option(min=1, help="The page holds at most this many entities.")
    ] = 1000,
    top_n: Annotated[
        int,
        typer.Option(min=1, help="Draw the N most connected entities at first (changeable)."),
    ] = 300,
    include_comments: Annotated[
        bool,
        typer.Option(
            "--include-comments",
            help="Show reader comments at first (they are always in the page, behind a toggle).",
        ),
    ] = False,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Write the investigation page: a network and a timeline of the claims, with filters and
    every claim's provenance; one offline HTML file."""
    path = open_graph(store).viz(
        output or page_path(store),
        entity=entity,
        hops=hops,
        source=source,
        place=place,
        max_nodes=max_nodes,
        top_n=top_n,
        include_comments=include_comments,
    )
    out.print(Text(f"wrote {path}"))
