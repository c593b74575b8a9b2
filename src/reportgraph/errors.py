"""Errors the library raises on purpose. Each carries a short code, the cause and the fix.

Only the CLI turns these into user messages; library code raises them and never prints.
"""

from __future__ import annotations


class ReportgraphError(Exception):
    """Base class: ``code`` (e.g. ``RG101``), ``cause`` (what happened) and ``fix`` (what to do)."""

    code = "RG000"

    def __init__(self, cause: str, fix: str = "", *, code: str | None = None) -> None:
        if code is not None:
            self.code = code
        self.cause = cause
        self.fix = fix
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"[{self.code}] {self.cause}"
        return f"{text} Fix: {self.fix}" if self.fix else text

    def __reduce__(self) -> tuple[type[ReportgraphError], tuple[str, str], dict[str, str]]:
        """Pickled whole (code, cause and fix), as a query's child process sends it back."""
        return type(self), (self.cause, self.fix), {"code": self.code}


class InputError(ReportgraphError):
    """A file or record could not be read as an article (RG1xx)."""

    code = "RG100"


class ModelError(ReportgraphError):
    """The spaCy pipeline could not be loaded (RG2xx)."""

    code = "RG200"


class StoreError(ReportgraphError):
    """The graph store could not be opened, read or written (RG3xx).

    A store on a SPARQL server (``--store http(s)://...``, ``rdf/remote``): RG340, the server
    cannot be reached; RG341, its TLS certificate cannot be verified (or the CA bundle cannot
    be read); RG342, credentials missing or not accepted (HTTP 401); RG343, the request was
    refused (HTTP 403: a read-only server, or credentials not allowed to write); RG344, no
    answer in time; RG345, the server lacks an endpoint or protocol reportgraph needs (404,
    405, 406, 415, 501, a redirect, or an answer of another type); RG346, the server failed or
    the connection broke during a request (a write is whole or absent: run it again); RG347, a
    store URL that is not usable (or holds credentials); RG348, credentials that are unusable,
    readable by others, or would go in clear text; RG349, a request the server refused as
    malformed or too large (HTTP 400, 413). (RG350, "a command that needs a store directory
    was given a URL", is no longer raised: ``serve`` takes a URL too.)
    """

    code = "RG300"


class QueryError(ReportgraphError):
    """A query was refused or failed (RG4xx).

    - RG401: an update; queries are read-only. RG402: the SPARQL does not parse.
    - RG403: a parameter the query declares is missing. RG406: a ``--param`` is not
      ``NAME=VALUE``, or names a parameter twice. RG407: a parameter the query does not declare.
      RG408: a parameter's value is empty or not valid for its kind.
    - RG404: ``SERVICE`` is refused: it would send the query over HTTP to another endpoint.
    - RG405: the query ran past its time limit and was stopped (narrow it, or raise the limit).
    - RG409: the query failed while it ran (Oxigraph's evaluation error, or its process died).
    - RG410: the time limit is not a positive number of seconds.
    - The SPARQL endpoint (``reportgraph serve``): RG411, a request with no query or with two;
      RG412, a POST body that is neither form-encoded nor ``application/sparql-query``; RG413,
      a request body over the size limit; RG414, no result format the request accepts (HTTP
      406); RG415, a query that is not UTF-8.
    """

    code = "RG400"


class NotFoundError(ReportgraphError):
    """An entity, claim or document named by the user does not exist (RG5xx)."""

    code = "RG500"


class ExportError(ReportgraphError):
    """An export or view could not be written (RG6xx)."""

    code = "RG600"


class ServeError(ReportgraphError):
    """The local server could not start (RG8xx): RG801, the port is in use; RG802, the address
    cannot be listened on (unknown host, no permission)."""

    code = "RG800"


class ClusterError(ReportgraphError):
    """A build on a Dask cluster could not run (RG72x): RG721, a ``--cluster`` value that is
    neither ``local:N`` nor a scheduler address; RG722, no scheduler answers at the address
    (or what answers is not a Dask scheduler); RG723, ``--cluster`` given with ``--workers``;
    RG724, no worker joined the scheduler in time; RG725, the scheduler was lost during the
    build; RG726 (a document's failure), a document whose extraction killed every worker that
    tried it; RG727, Dask distributed is not installed."""

    code = "RG720"
