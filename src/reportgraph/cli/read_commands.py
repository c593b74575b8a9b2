"""The commands that read the store: entities, relations, claims, figures, eval, provenance,
query, stats and check."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated

import typer
from pydantic import BaseModel
from rich.text import Text

from reportgraph.api import DEFAULT_QUERY_TIMEOUT, DEFAULT_STORE
from reportgraph.cli import tables
from reportgraph.cli.options import CommentsOpt, Fmt, FormatOpt, StoreOpt, open_graph
from reportgraph.cli.output import Interrupted, err, out, print_jsonl
from reportgraph.saved_queries import parse_params, saved_queries

_QUERY_STOPPED = "interrupted: the query was stopped; the store is unchanged."


def show(fmt: Fmt, rows: Sequence[BaseModel], table: Callable[[], None]) -> None:
    """``rows`` as JSON lines, or the ``table`` that shows them."""
    if fmt is Fmt.jsonl:
        print_jsonl(rows)
    else:
        table()


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
    rows = open_graph(store).entities(type=type, search=search, include_comments=include_comments)
    show(fmt, rows, lambda: tables.entity_table(rows))


def relations(
    entity: Annotated[str, typer.Argument(help="Entity id, label or alias.")],
    store: StoreOpt = DEFAULT_STORE,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """Claims in which an entity is subject, object or place, each with its source."""
    rows = open_graph(store).relations(entity)
    show(fmt, rows, lambda: tables.claim_table(rows, f"{len(rows)} claims involving {entity}"))


def claims(
    store: StoreOpt = DEFAULT_STORE,
    kind: Annotated[str | None, typer.Option(help="relation, event, figure or statement.")] = None,
    source: Annotated[
        str | None, typer.Option(help="Only claims from (or via) this source.")
    ] = None,
    entity: Annotated[str | None, typer.Option(help="Only claims involving this entity.")] = None,
    include_comments: CommentsOpt = False,
    limit: Annotated[
        int | None, typer.Option(min=0, help="At most this many claims (a page).")
    ] = None,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many claims first.")] = 0,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """List claims with their source, chain, certainty and document."""
    rows = open_graph(store).claims(
        kind=kind,
        source=source,
        entity=entity,
        include_comments=include_comments,
        limit=limit,
        offset=offset,
    )
    show(fmt, rows, lambda: tables.claim_table(rows, f"{len(rows)} claims"))


def figures(
    store: StoreOpt = DEFAULT_STORE,
    kind: Annotated[
        str | None, typer.Option(help="Only this kind (killed, displaced, ...) or counted noun.")
    ] = None,
    place: Annotated[str | None, typer.Option(help="Only figures reported for this place.")] = None,
    include_comments: CommentsOpt = False,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """The figure ledger: every reported value per kind, side by side with its source, never
    merged; with a count of independent sources."""
    groups = open_graph(store).figures(kind=kind, place=place, include_comments=include_comments)
    show(fmt, groups, lambda: tables.figure_tables(groups))


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

    graph = open_graph(store)
    published = {d.id: d.published for d in graph.documents()}
    rows = figure_rows(graph.claims(kind="figure", include_comments=True), published)
    score = score_figures(gold, rows)
    alias_score = score_aliases(aliases, graph.entities()) if aliases else None
    show(
        fmt,
        [score] + ([alias_score] if alias_score else []),
        lambda: tables.score_tables(score, alias_score),
    )


def provenance(
    id_or_label: Annotated[
        str, typer.Argument(help="A claim id, or an entity id, label or alias.")
    ],
    store: StoreOpt = DEFAULT_STORE,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """Every supporting sentence, with the mention highlighted, document, offsets and source."""
    prov = open_graph(store).provenance(id_or_label)
    show(fmt, prov.items, lambda: tables.provenance_text(prov))


def query(
    name: Annotated[
        str | None, typer.Argument(help="A saved query name (see --list) or a .rq file.")
    ] = None,
    sparql: Annotated[
        str | None, typer.Option(help="SPARQL text to run instead of a saved query.")
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="NAME=VALUE for a parameter the query declares."),
    ] = None,
    timeout: Annotated[
        float, typer.Option(min=0, help="Stop the query after this many seconds (0: no limit).")
    ] = DEFAULT_QUERY_TIMEOUT,
    list_queries: Annotated[bool, typer.Option("--list", help="List the saved queries.")] = False,
    store: StoreOpt = DEFAULT_STORE,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """Run a read-only SPARQL query: saved by name, from a file, or given with --sparql.
    SERVICE is refused; Ctrl-C or --timeout stops the query."""
    if list_queries:
        tables.saved_query_table(list(saved_queries().values()))
        return
    text = sparql if sparql is not None else name
    if not text:
        err.print("error: give a saved query name, a .rq file, or --sparql TEXT (see --list).")
        raise typer.Exit(code=2)
    try:
        params = parse_params(param or [], text)
        result = open_graph(store).query(text, params, timeout=timeout or None)
    except KeyboardInterrupt:
        err.print(Text(_QUERY_STOPPED, style="yellow"), soft_wrap=True)
        raise Interrupted from None
    if fmt is Fmt.jsonl:
        for row in result.rows:
            typer.echo(json.dumps(row, ensure_ascii=False))
        return
    tables.result_table(result)


def stats(store: StoreOpt = DEFAULT_STORE, fmt: FormatOpt = Fmt.table) -> None:
    """Counts of documents, entities by type, claims by kind, sources, mentions and quads."""
    s = open_graph(store).stats()
    show(fmt, [s], lambda: tables.stats_table(s))


def check(store: StoreOpt = DEFAULT_STORE) -> None:
    """Check that every document in the store is whole (after a crash, for instance) and that
    the claims index agrees with the store."""
    graph = open_graph(store)
    problems = graph.check()
    for problem in problems:
        err.print(Text(f"problem: {problem}", style="yellow"))
    if problems:
        err.print(Text(f"{len(problems)} problems; run the build again to complete it."))
        raise typer.Exit(code=1)
    differences = graph.check_index()
    for difference in differences:
        err.print(Text(f"index: {difference}", style="yellow"))
    if differences:
        err.print(
            Text(
                f"{len(differences)} differences; the next read reconciles the claims index, "
                "or run `reportgraph reindex`."
            )
        )
        raise typer.Exit(code=1)
    out.print(Text("store is consistent; the claims index agrees with it"))


def reindex(store: StoreOpt = DEFAULT_STORE) -> None:
    """Rebuild the claims index (<store>.index.db) from the store."""
    sync = open_graph(store).reindex()
    out.print(Text(f"claims index rebuilt: {len(sync.added)} documents"))
