"""Command line: a thin layer over ``reportgraph.api``.

Only this module prints, and only this module turns library errors into user messages.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from reportgraph import __version__
from reportgraph.api import DEFAULT_STORE, ReportGraph
from reportgraph.builder import BuildProgress
from reportgraph.errors import ReportgraphError
from reportgraph.export import ExportFormat, default_path, format_for
from reportgraph.limits import DEFAULT_MAX_CHARS
from reportgraph.rows import ClaimRow, EntityRow, Provenance
from reportgraph.saved_queries import saved_queries

app = typer.Typer(
    name="reportgraph",
    help="Build and query a provenance-first knowledge graph of what news articles report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, highlight=False)

DEFAULT_EXPORT = Path("graph") / "reportgraph.trig"
DEFAULT_VIZ = Path("visualizations") / "network.html"


class Fmt(StrEnum):
    table = "table"
    jsonl = "jsonl"


class ExportFmt(StrEnum):
    trig = "trig"
    nquads = "nquads"
    turtle = "turtle"
    jsonld = "jsonld"
    graphml = "graphml"


StoreOpt = Annotated[Path, typer.Option("--store", help="Graph store directory.")]
FormatOpt = Annotated[Fmt, typer.Option("--format", "-f", help="Output: table or jsonl.")]


def _fail(exc: ReportgraphError) -> typer.Exit:
    """One ``error[CODE]: cause`` line and one ``fix:`` line (never wrapped), exit code 1."""
    err.print(Text(f"error[{exc.code}]: {exc.cause}", style="bold red"), soft_wrap=True)
    if exc.fix:
        err.print(Text(f"  fix: {exc.fix}"), soft_wrap=True)
    return typer.Exit(code=1)


def _open(store: Path) -> ReportGraph:
    return ReportGraph.open(store, read_only=True)


def _jsonl(rows: Iterable[BaseModel]) -> None:
    for row in rows:
        typer.echo(row.model_dump_json())


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reportgraph {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Build and query a provenance-first knowledge graph of what news articles report."""


@app.command()
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
        Path | None, typer.Option(help="Also export the graph here (TriG by suffix default).")
    ] = DEFAULT_EXPORT,
    viz: Annotated[
        Path | None, typer.Option(help="Also write the network page here.")
    ] = DEFAULT_VIZ,
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
        int,
        typer.Option(
            min=1,
            help="Worker processes that run spaCy (forked, on Linux; elsewhere the build "
            "runs in this process). One worker parses while this process extracts; more "
            "workers also extract.",
        ),
    ] = 1,
    max_chars: Annotated[
        int,
        typer.Option(min=1, help="Refuse (RG112) documents longer than this many characters."),
    ] = DEFAULT_MAX_CHARS,
) -> None:
    """Read articles, extract entities and claims, and write them to the store.

    A file or document that fails is reported at the end (and recorded in the store, see
    `reportgraph query failures`); the others are built and the exit code is 0."""
    if events is not None:
        os.environ["REPORTGRAPH_EVENTS"] = str(events.resolve())
    try:
        graph = ReportGraph(store)
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
                n_process=workers,
                progress=tick,
                overrides=overrides,
                max_chars=max_chars,
            )
        written: list[str] = []
        if export is not None and not no_export:
            fmt = format_for(export)
            graph.export(export, fmt)
            written.append(f"export ({fmt}): {export}")
        if viz is not None and not no_viz:
            graph.viz(viz)
            written.append(f"network page: {viz}")
    except ReportgraphError as exc:
        raise _fail(exc) from exc
    table = Table(title="reportgraph build", show_header=False)
    for key, value in (
        ("documents read", report.read),
        ("added", report.added),
        ("replaced", report.replaced),
        ("unchanged", report.unchanged),
        ("failed", len(report.failures)),
        ("entities in store", report.entities),
        ("claims in store", report.claims),
        ("quads in store", report.quads),
        ("store", str(store)),
    ):
        table.add_row(key, str(value))
    out.print(table)
    for line in written:
        out.print(Text(line))
    for f in report.failures:
        where = f"{f.path}:{f.line}" if f.line else f.path
        err.print(Text(f"failed [{f.code}] {where}: {f.message}", style="yellow"), soft_wrap=True)
        if f.fix:
            err.print(Text(f"  fix: {f.fix}"), soft_wrap=True)


@app.command()
def entities(
    store: StoreOpt = DEFAULT_STORE,
    type: Annotated[
        str | None, typer.Option("--type", help="PERSON, ORGANIZATION, GROUP or PLACE.")
    ] = None,
    search: Annotated[
        str | None, typer.Option(help="Only entities whose label or alias contains this.")
    ] = None,
    include_comments: Annotated[
        bool, typer.Option("--include-comments", help="Include mentions in reader comments.")
    ] = False,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """List entities with their type, aliases and mention counts."""
    try:
        rows = _open(store).entities(type=type, search=search, include_comments=include_comments)
    except ReportgraphError as exc:
        raise _fail(exc) from exc
    if fmt is Fmt.jsonl:
        _jsonl(rows)
        return
    _entity_table(rows)


def _entity_table(rows: Sequence[EntityRow]) -> None:
    table = Table(title=f"{len(rows)} entities")
    for col in ("id", "label", "type", "mentions", "docs", "aliases"):
        table.add_column(col)
    for r in sorted(rows, key=lambda r: (-len(r.mentions), r.label)):
        table.add_row(
            Text(r.id),
            Text(r.label),
            r.type,
            str(len(r.mentions)),
            str(len({m.document for m in r.mentions})),
            Text(", ".join(r.aliases)),
        )
    out.print(table)


def _claim_table(rows: Sequence[ClaimRow], title: str) -> None:
    table = Table(title=title)
    for col in (
        "claim",
        "subject",
        "predicate",
        "object",
        "places",
        "source",
        "certainty",
        "document",
    ):
        table.add_column(col)
    for r in rows:
        table.add_row(
            Text(r.id),
            Text(r.subject.label if r.subject else "—"),
            Text(r.predicate),
            Text(r.object.label if r.object else "—"),
            Text(", ".join(p.label for p in r.places)),
            Text(" via ".join([r.source.label, *[v.label for v in r.via]])),
            r.certainty,
            Text(Path(r.document.path).name),
        )
    out.print(table)


@app.command()
def relations(
    entity: Annotated[str, typer.Argument(help="Entity id, label or alias.")],
    store: StoreOpt = DEFAULT_STORE,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """Claims in which an entity is subject, object or place, each with its source."""
    try:
        graph = _open(store)
        rows = graph.relations(entity)
    except ReportgraphError as exc:
        raise _fail(exc) from exc
    if fmt is Fmt.jsonl:
        _jsonl(rows)
        return
    _claim_table(rows, f"{len(rows)} claims involving {entity}")


@app.command()
def claims(
    store: StoreOpt = DEFAULT_STORE,
    kind: Annotated[str | None, typer.Option(help="relation, event, figure or statement.")] = None,
    source: Annotated[
        str | None, typer.Option(help="Only claims from (or via) this source.")
    ] = None,
    entity: Annotated[str | None, typer.Option(help="Only claims involving this entity.")] = None,
    include_comments: Annotated[
        bool, typer.Option("--include-comments", help="Include reader comments.")
    ] = False,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """List claims with their source, chain, certainty and document."""
    try:
        rows = _open(store).claims(
            kind=kind, source=source, entity=entity, include_comments=include_comments
        )
    except ReportgraphError as exc:
        raise _fail(exc) from exc
    if fmt is Fmt.jsonl:
        _jsonl(rows)
        return
    _claim_table(rows, f"{len(rows)} claims")


@app.command()
def figures(
    store: StoreOpt = DEFAULT_STORE,
    kind: Annotated[
        str | None, typer.Option(help="Only this kind (killed, displaced, ...) or counted noun.")
    ] = None,
    place: Annotated[str | None, typer.Option(help="Only figures reported for this place.")] = None,
    include_comments: Annotated[
        bool, typer.Option("--include-comments", help="Include reader comments.")
    ] = False,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """The figure ledger: every reported value per kind, side by side with its source, never
    merged; with a count of independent sources."""
    try:
        groups = _open(store).figures(kind=kind, place=place, include_comments=include_comments)
    except ReportgraphError as exc:
        raise _fail(exc) from exc
    if fmt is Fmt.jsonl:
        _jsonl(groups)
        return
    for group in groups:
        table = Table(
            title=f"{group.kind}: {group.claims} reported figures from "
            f"{group.independent_sources} independent sources"
        )
        for col in (
            "value",
            "qualifier",
            "counted",
            "source",
            "certainty",
            "cue",
            "when",
            "published",
            "document",
        ):
            table.add_column(col)
        for r in group.figures:
            value = "—" if r.value is None else f"{r.value:,.0f}"
            if r.upper is not None:
                value += f"–{r.upper:,.0f}"
            table.add_row(
                Text(value),
                r.qualifier,
                Text(r.counted),
                Text(" via ".join([r.source.label, *[v.label for v in r.via]])),
                r.certainty,
                Text(r.cue or ""),
                Text(r.time.text if r.time else ""),
                r.published or "",
                Text(Path(r.document.path).name),
            )
        out.print(table)
    if not groups:
        out.print("no figures")


@app.command(name="eval")
def evaluate(
    gold: Annotated[
        Path,
        typer.Argument(
            help="Gold figures (JSONL: doc, kind, value, qualifier, sources, evidence)."
        ),
    ],
    aliases: Annotated[
        Path | None, typer.Option(help="Alias groups (JSON list of {type, names}).")
    ] = None,
    store: StoreOpt = DEFAULT_STORE,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """Measure the store against gold figures (found, qualifier, kind, source) and alias groups."""
    from reportgraph.evaluate import score_aliases, score_figures
    from reportgraph.figures import figure_rows

    try:
        graph = _open(store)
        published = {d.id: d.published for d in graph.documents()}
        rows = figure_rows(graph.claims(kind="figure", include_comments=True), published)
        score = score_figures(gold, rows)
        alias_score = score_aliases(aliases, graph.entities()) if aliases else None
    except ReportgraphError as exc:
        raise _fail(exc) from exc
    if fmt is Fmt.jsonl:
        _jsonl([score] + ([alias_score] if alias_score else []))
        return
    table = Table(
        title=f"figures: {score.found}/{score.gold} found, {score.source_ok}/{score.gold}"
        f" with the right source"
    )
    for col in ("doc", "gold", "found", "qualifier", "kind", "source", "got source"):
        table.add_column(col)
    for i in score.items:
        table.add_row(
            Text(i.gold.doc[:12]),
            Text(f"{i.gold.kind} {i.gold.qualifier} {i.gold.value:,.0f}"),
            _yes(i.found),
            _yes(i.qualifier_ok),
            _yes(i.kind_ok),
            _yes(i.source_ok),
            Text(i.got_source or ""),
        )
    out.print(table)
    out.print(
        Text(
            f"found {score.found}/{score.gold}  qualifier {score.qualifier_ok}  "
            f"kind {score.kind_ok}  source {score.source_ok}"
        )
    )
    if alias_score is not None:
        out.print(Text(f"aliases resolved {alias_score.resolved}/{alias_score.groups}"))
        for a in alias_score.items:
            out.print(
                Text(
                    f"  {'yes' if a.resolved else 'no '}  {a.type}: "
                    + ", ".join(f"{n} -> {'|'.join(ids) or '∅'}" for n, ids in a.entities.items())
                )
            )


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


@app.command()
def provenance(
    id_or_label: Annotated[
        str, typer.Argument(help="A claim id, or an entity id, label or alias.")
    ],
    store: StoreOpt = DEFAULT_STORE,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """Every supporting sentence, with the mention highlighted, document, offsets and source."""
    try:
        prov = _open(store).provenance(id_or_label)
    except ReportgraphError as exc:
        raise _fail(exc) from exc
    if fmt is Fmt.jsonl:
        _jsonl(prov.items)
        return
    _print_provenance(prov)


def _print_provenance(prov: Provenance) -> None:
    out.print(
        Text(
            f"{prov.kind} {prov.id}: {prov.label} — {len(prov.items)} supporting spans",
            style="bold",
        )
    )
    for item in prov.items:
        sentence = Text(item.sentence)
        lo, hi = item.start - item.sentence_start, item.end - item.sentence_start
        if 0 <= lo < hi <= len(item.sentence):
            sentence.stylize("bold reverse", lo, hi)
        head = f"{item.path} [{item.start}:{item.end}] «{item.text}»"
        if item.source is not None:
            chain = " via ".join([item.source.label, *[v.label for v in item.via]])
            head += f"  source: {chain}  certainty: {item.certainty}"
            if item.cue:
                head += f"  cue: {item.cue}"
        out.print(Text(head, style="cyan"))
        out.print(Text("  ").append_text(sentence))


@app.command()
def query(
    name: Annotated[
        str | None, typer.Argument(help="A saved query name (see --list) or a .rq file.")
    ] = None,
    sparql: Annotated[
        str | None, typer.Option(help="SPARQL text to run instead of a saved query.")
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="NAME=VALUE for a saved query's parameter."),
    ] = None,
    list_queries: Annotated[bool, typer.Option("--list", help="List the saved queries.")] = False,
    store: StoreOpt = DEFAULT_STORE,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """Run a read-only SPARQL query: saved by name, from a file, or given with --sparql."""
    if list_queries:
        table = Table(title="saved queries")
        for col in ("name", "parameters", "description"):
            table.add_column(col)
        for q in saved_queries().values():
            table.add_row(
                q.name, ", ".join(f"{k} ({v})" for k, v in q.params.items()), q.description
            )
        out.print(table)
        return
    text = sparql if sparql is not None else name
    if not text:
        err.print("error: give a saved query name, a .rq file, or --sparql TEXT (see --list).")
        raise typer.Exit(code=2)
    params: dict[str, str] = {}
    for item in param or []:
        key, sep, value = item.partition("=")
        if not sep:
            err.print(f"error: --param takes NAME=VALUE, got {item!r}.")
            raise typer.Exit(code=2)
        params[key.strip()] = value
    try:
        result = _open(store).query(text, params)
    except ReportgraphError as exc:
        raise _fail(exc) from exc
    if fmt is Fmt.jsonl:
        for row in result.rows:
            typer.echo(json.dumps(row, ensure_ascii=False))
        return
    table = Table(title=f"{len(result.rows)} rows")
    for col in result.columns:
        table.add_column(col)
    for row in result.rows:
        table.add_row(*[Text("" if row[c] is None else str(row[c])) for c in result.columns])
    out.print(table)


@app.command()
def export(
    format: Annotated[
        ExportFmt, typer.Option("--format", "-f", help="trig, nquads, turtle, jsonld or graphml.")
    ] = ExportFmt.trig,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write (default: graph/reportgraph.<ext>)."),
    ] = None,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Export the graph (named graphs kept in TriG, N-Quads and JSON-LD)."""
    fmt: ExportFormat = format.value
    path = output or default_path(fmt)
    try:
        _open(store).export(path, fmt)
    except ReportgraphError as exc:
        raise _fail(exc) from exc
    out.print(Text(f"wrote {fmt} to {path}"))


@app.command()
def viz(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="HTML file to write.")
    ] = DEFAULT_VIZ,
    entity: Annotated[
        str | None, typer.Option(help="Show only the neighbourhood of this entity.")
    ] = None,
    hops: Annotated[int, typer.Option(min=1, max=5, help="Hops around --entity.")] = 1,
    source: Annotated[str | None, typer.Option(help="Only claims from this source.")] = None,
    place: Annotated[str | None, typer.Option(help="Only claims set at this place.")] = None,
    max_nodes: Annotated[int, typer.Option(min=1, help="Keep at most this many nodes.")] = 300,
    include_comments: Annotated[
        bool, typer.Option("--include-comments", help="Include reader comments.")
    ] = False,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Write a self-contained, offline HTML page of the entity network."""
    try:
        path = _open(store).viz(
            output,
            entity=entity,
            hops=hops,
            source=source,
            place=place,
            max_nodes=max_nodes,
            include_comments=include_comments,
        )
    except ReportgraphError as exc:
        raise _fail(exc) from exc
    out.print(Text(f"wrote {path}"))


@app.command()
def stats(store: StoreOpt = DEFAULT_STORE, fmt: FormatOpt = Fmt.table) -> None:
    """Counts of documents, entities by type, claims by kind, sources, mentions and quads."""
    try:
        s = _open(store).stats()
    except ReportgraphError as exc:
        raise _fail(exc) from exc
    if fmt is Fmt.jsonl:
        _jsonl([s])
        return
    table = Table(title="reportgraph store", show_header=False)
    table.add_row("documents", str(s.documents))
    table.add_row("entities", str(s.entities))
    for k, v in s.entities_by_type.items():
        table.add_row(f"  {k}", str(v))
    table.add_row("claims", str(s.claims))
    for k, v in s.claims_by_kind.items():
        table.add_row(f"  {k}", str(v))
    table.add_row("sources", str(s.sources))
    table.add_row("mentions", str(s.mentions))
    table.add_row("quads", str(s.quads))
    table.add_row("failures (last build)", str(s.failures))
    out.print(table)


@app.command()
def check(store: StoreOpt = DEFAULT_STORE) -> None:
    """Check that every document in the store is whole (after a crash, for instance)."""
    try:
        problems = _open(store).check()
    except ReportgraphError as exc:
        raise _fail(exc) from exc
    for problem in problems:
        err.print(Text(f"problem: {problem}", style="yellow"))
    if problems:
        err.print(Text(f"{len(problems)} problems; run the build again to complete it."))
        raise typer.Exit(code=1)
    out.print(Text("store is consistent"))


@app.command()
def remove(
    doc_id: Annotated[str, typer.Argument(help="Document id (see `reportgraph query documents`).")],
    store: StoreOpt = DEFAULT_STORE,
    overrides: Annotated[
        Path | None, typer.Option(help="Entity overrides to apply when re-resolving.")
    ] = None,
) -> None:
    """Delete a document and everything only it supported."""
    try:
        removed = ReportGraph(store).remove(doc_id, overrides=overrides)
    except ReportgraphError as exc:
        raise _fail(exc) from exc
    out.print(Text(f"removed document {doc_id} ({removed} quads)"))


_INTERRUPTED = (
    "interrupted: every document written before the interrupt is in the store, complete; "
    "re-run the same build to finish it."
)


def main() -> None:
    """The ``reportgraph`` command. Ctrl-C ends with a one-line message and exit code 130; an
    unexpected error ends with an ``error[RG900]`` message instead of a traceback (set
    REPORTGRAPH_DEBUG=1 to see the traceback)."""
    try:
        app(prog_name="reportgraph")
    except SystemExit as exc:
        if exc.code == 130:  # typer turns KeyboardInterrupt into exit code 130
            err.print(Text(_INTERRUPTED, style="yellow"), soft_wrap=True)
        raise
    except KeyboardInterrupt:
        err.print(Text(_INTERRUPTED, style="yellow"), soft_wrap=True)
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("REPORTGRAPH_DEBUG"):
            raise
        internal = ReportgraphError(
            f"unexpected {type(exc).__name__}: {exc}",
            "this is a bug in reportgraph: re-run with REPORTGRAPH_DEBUG=1 to see where it "
            "happened, and report it.",
            code="RG900",
        )
        sys.exit(_fail(internal).exit_code)


if __name__ == "__main__":  # pragma: no cover
    main()
