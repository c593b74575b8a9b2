"""``reportgraph serve``: the local read-only server (Datasette over the claims index, and the
SPARQL endpoint over the store)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from reportgraph.api import DEFAULT_QUERY_TIMEOUT, DEFAULT_STORE
from reportgraph.cli.options import StoreOpt
from reportgraph.cli.output import Interrupted, err, out
from reportgraph.rdf.remote.location import is_store_url
from reportgraph.serve.binding import DEFAULT_HOST, DEFAULT_PORT, exposure_warning

_STOPPED = "stopped: the server is closed; the store is unchanged."


def serve(
    store: StoreOpt = DEFAULT_STORE,
    port: Annotated[
        int, typer.Option(min=0, max=65535, help="Port to listen on (0: any free port).")
    ] = DEFAULT_PORT,
    host: Annotated[
        str,
        typer.Option(
            help="Address to listen on. Anything but 127.0.0.1, localhost or ::1 "
            "exposes the data to the network."
        ),
    ] = DEFAULT_HOST,
    timeout: Annotated[
        float,
        typer.Option(min=0, help="Stop a SPARQL query after this many seconds (0: no limit)."),
    ] = DEFAULT_QUERY_TIMEOUT,
) -> None:
    """Serve the store read-only on this machine: the claims index in Datasette (browse, facet,
    JSON and CSV) and a SPARQL 1.1 endpoint at /sparql. Ctrl-C stops it."""
    from reportgraph.serve.server import serve as run_server  # Datasette: only here

    warning = exposure_warning(host)
    if warning is not None:
        err.print(Text(f"warning: {warning}", style="bold yellow"), soft_wrap=True)

    def ready(url: str) -> None:
        out.print(Text(f"serving {url} (SPARQL at {url}sparql); Ctrl-C stops"), soft_wrap=True)
        out.file.flush()

    location = store if is_store_url(store) else Path(store)
    try:
        run_server(location, host=host, port=port, timeout=timeout or None, ready=ready)
    except KeyboardInterrupt:
        err.print(Text(_STOPPED, style="yellow"), soft_wrap=True)
        raise Interrupted from None
