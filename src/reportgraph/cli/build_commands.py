"""The commands that change the store: ``build`` and ``remove``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from reportgraph.api import DEFAULT_STORE, ReportGraph
from reportgraph.builder import BuildProgress
from reportgraph.builder.cluster import both_given, parse_cluster
from reportgraph.cli.options import StoreOpt, export_path, page_path
from reportgraph.cli.output import err, out, print_failures
from reportgraph.cli.tables import build_table
from reportgraph.export import format_for
from reportgraph.ingest import input_failures
from reportgraph.size_limits import DEFAULT_MAX_CHARS


def build(
    paths: Annotated[
        list[Path], typer.Argument(help="Article files or folders (.txt .md .html .jsonl).")
    ],
    store: StoreOpt = DEFAULT_STORE,
    model: Annotated[
        str | None,
        typer.Option(
            help="Installed spaCy pipeline to use (default: the pinned English pipeline)."
        ),
    ] = None,
    export: Annotated[
        Path | None,
        typer.Option(
            help="Also export the graph here (format by suffix; default: "
            "graph/reportgraph.trig, or reportgraph.trig beside a --store)."
        ),
    ] = None,
    viz: Annotated[
        Path | None,
        typer.Option(
            help="Also write the network page here (default: visualizations/network.html, "
            "or network.html beside a --store)."
        ),
    ] = None,
    no_export: Annotated[bool, typer.Option("--no-export", help="Skip the export.")] = False,
    no_viz: Annotated[bool, typer.Option("--no-viz", help="Skip the network page.")] = False,
    events: Annotated[
        Path | None,
        typer.Option(help="Extra event types (JSON, same shape as the built-in lexicon)."),
    ] = None,
    overrides: Annotated[
        Path | None,
        typer.Option(help="Entity overrides (TOML: merge, split, label, link); see README."),
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Documents per spaCy batch.")] = 8,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            show_default="1",
            help="Worker processes that run spaCy (forked, on Linux; elsewhere the build "
            "runs in this process). One worker parses while this process extracts; more "
            "workers also extract.",
        ),
    ] = None,
    cluster: Annotated[
        str | None,
        typer.Option(
            help="Parse and extract on a Dask cluster instead: local:N (N worker processes "
            "on this machine) or a scheduler address (tcp://host:8786). Files are read here "
            "and their text sent to the workers; the store is written here. Not with "
            "--workers.",
        ),
    ] = None,
    max_chars: Annotated[
        int,
        typer.Option(min=1, help="Refuse (RG112) documents longer than this many characters."),
    ] = DEFAULT_MAX_CHARS,
) -> None:
    """Read articles, extract entities and claims, and write them to the store.

    A file or document that fails is reported at the end (and recorded in the store, see
    `reportgraph query failures`); the others are built and the exit code is 0. When no
    article could be read at all, the exit code is 1 and no export or page is written (and no
    store is made when no input path exists)."""
    if cluster is not None and workers is not None:
        raise both_given()
    if cluster is not None:
        parse_cluster(cluster)  # RG721 before anything is read or made
    bad = input_failures(paths)
    if len(bad) == len(paths):
        print_failures(bad)
        err.print(Text("nothing built: no input path could be read"), style="red")
        raise typer.Exit(code=1)
    with ReportGraph(store) as graph:  # closed (locks released) even when the build fails
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=not err.is_terminal,
        ) as bar:
            task = bar.add_task("building", total=None)

            def tick(p: BuildProgress) -> None:
                bar.update(
                    task,
                    total=p.total,
                    completed=p.done,
                    description=f"{p.outcome}: {Path(p.path).name}",
                )

            report = graph.build(
                [str(p) for p in paths],
                model=model,
                batch_size=batch_size,
                n_process=workers or 1,
                progress=tick,
                overrides=overrides,
                max_chars=max_chars,
                events=events,
                cluster=cluster,
            )
        written: list[str] = []
        export = export or export_path(store, "trig")
        viz = viz or page_path(store)
        if report.read == 0:  # nothing to show: keep the last export and page as they were
            export = viz = None
        if export is not None and not no_export:
            fmt = format_for(export)
            graph.export(export, fmt)
            written.append(f"export ({fmt}): {export}")
        if viz is not None and not no_viz:
            graph.viz(viz)
            written.append(f"network page: {viz}")
    build_table(report, store)
    for line in written:
        out.print(Text(line))
    print_failures(report.failures)
    if report.read == 0:
        err.print(Text("nothing built: no article could be read"), style="red")
        raise typer.Exit(code=1)


def remove(
    doc_id: Annotated[str, typer.Argument(help="Document id (see `reportgraph query documents`).")],
    store: StoreOpt = DEFAULT_STORE,
    overrides: Annotated[
        Path | None, typer.Option(help="Entity overrides to apply when re-resolving.")
    ] = None,
) -> None:
    """Delete a document and everything only it supported."""
    with ReportGraph(store) as graph:
        removed = graph.remove(doc_id, overrides=overrides)
    out.print(Text(f"removed document {doc_id} ({removed} quads)"))
