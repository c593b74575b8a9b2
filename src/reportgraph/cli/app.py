"""The ``reportgraph`` Typer app: its commands, in the order ``--help`` lists them, and the one
place where library errors become messages.

Each command is registered through :func:`reporting_errors`: a ``ReportgraphError`` it raises
ends the command with an ``error[CODE]: cause`` line, a ``fix:`` line and exit code 1, both
through :func:`main` and through ``app`` itself (as typer's test runner calls it).
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Annotated, ParamSpec

import typer
from rich.text import Text

from reportgraph import __version__
from reportgraph.cli.build_commands import build, remove
from reportgraph.cli.export_commands import export, viz
from reportgraph.cli.output import Interrupted, err, print_error
from reportgraph.cli.read_commands import (
    check,
    claims,
    entities,
    evaluate,
    figures,
    provenance,
    query,
    reindex,
    relations,
    stats,
)
from reportgraph.cli.serve_command import serve
from reportgraph.errors import ReportgraphError

P = ParamSpec("P")

app = typer.Typer(
    name="reportgraph",
    help="Build and query a provenance-first knowledge graph of what news articles report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def reporting_errors(command: Callable[P, None]) -> Callable[P, None]:
    """``command``, with a library error printed as a message and exit code 1."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            command(*args, **kwargs)
        except ReportgraphError as exc:
            print_error(exc)
            raise typer.Exit(code=1) from exc

    return run


COMMANDS: dict[str, Callable[..., None]] = {  # name -> command, in the order of --help
    "build": build,
    "entities": entities,
    "relations": relations,
    "claims": claims,
    "figures": figures,
    "eval": evaluate,
    "provenance": provenance,
    "query": query,
    "export": export,
    "viz": viz,
    "stats": stats,
    "check": check,
    "reindex": reindex,
    "serve": serve,
    "remove": remove,
}
for name, command in COMMANDS.items():
    app.command(name=name)(reporting_errors(command))


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
        # typer turns KeyboardInterrupt into exit code 130; Interrupted has said its own
        if exc.code == 130 and not isinstance(exc, Interrupted):
            err.print(Text(_INTERRUPTED, style="yellow"), soft_wrap=True)
        raise
    except KeyboardInterrupt:
        err.print(Text(_INTERRUPTED, style="yellow"), soft_wrap=True)
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("REPORTGRAPH_DEBUG"):
            raise
        print_error(
            ReportgraphError(
                f"unexpected {type(exc).__name__}: {exc}",
                "this is a bug in reportgraph: re-run with REPORTGRAPH_DEBUG=1 to see where it "
                "happened, and report it.",
                code="RG900",
            )
        )
        sys.exit(1)
