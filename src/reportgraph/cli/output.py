"""Where the CLI prints: results on stdout, errors and failures on stderr (never wrapped)."""

from __future__ import annotations

import sys
from collections.abc import Iterable

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.text import Text

from reportgraph.errors import ReportgraphError
from reportgraph.models import Failure

out = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, highlight=False)


class Interrupted(SystemExit):
    """Exit code 130 after Ctrl-C, once the command has said what the interrupt left behind
    (``main`` then adds no message of its own)."""

    def __init__(self) -> None:
        super().__init__(130)


def print_error(exc: ReportgraphError) -> None:
    """One ``error[CODE]: cause`` line and one ``fix:`` line."""
    err.print(Text(f"error[{exc.code}]: {exc.cause}", style="bold red"), soft_wrap=True)
    if exc.fix:
        err.print(Text(f"  fix: {exc.fix}"), soft_wrap=True)


def print_failures(failures: Iterable[Failure]) -> None:
    """One ``failed [CODE] path[:line]: cause`` line and one ``fix:`` line per failure."""
    for f in failures:
        where = f"{f.path}:{f.line}" if f.line else f.path
        err.print(Text(f"failed [{f.code}] {where}: {f.message}", style="yellow"), soft_wrap=True)
        if f.fix:
            err.print(Text(f"  fix: {f.fix}"), soft_wrap=True)


def print_jsonl(rows: Iterable[BaseModel]) -> None:
    for row in rows:
        typer.echo(row.model_dump_json())
