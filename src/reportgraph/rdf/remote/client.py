"""HTTP to a SPARQL server: the one place that speaks it, and turns each failure into a coded
error (RG34x) with its cause and fix.

httpx rather than urllib: one client keeps connections alive across the many small queries a
command makes and may be shared by the build's writer thread and its main thread; its timeouts
are per phase (connect, then each read), which lets :meth:`SparqlClient.exchange` bound a
user's query by a deadline while the answer streams in; responses stream to a file, so a dump
of the store never sits in memory. TLS is always verified, against the system's certificates
or the bundle ``REPORTGRAPH_STORE_CA_BUNDLE`` names; there is no way to turn it off. The
environment's proxies and ``.netrc`` are not used (``trust_env=False``): what a request
carries is what this module puts in it. Redirects are not followed, so credentials never go
to another host.
"""

from __future__ import annotations

import os
import ssl
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import urlencode

import httpx

from reportgraph.errors import QueryError, StoreError
from reportgraph.rdf.remote.credentials import Credentials, redact
from reportgraph.rdf.remote.location import StoreURL

TIMEOUT_ENV = "REPORTGRAPH_STORE_TIMEOUT"
CA_BUNDLE_ENV = "REPORTGRAPH_STORE_CA_BUNDLE"
DEFAULT_TIMEOUT = 300.0  # seconds a store request may wait for the server's next bytes
CONNECT_TIMEOUT = 10.0
SOLUTIONS = "application/sparql-results+json"
TRIPLES = "application/n-triples"
QUADS = "application/n-quads"
_SHOWN = 300  # characters of a server's error message put in ours
Params = Sequence[tuple[str, str]]


def store_timeout() -> float:
    """``$REPORTGRAPH_STORE_TIMEOUT`` seconds (a positive number), else 300."""
    try:
        value = float(os.environ.get(TIMEOUT_ENV, DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT
    return value if value > 0 else DEFAULT_TIMEOUT


@dataclass(frozen=True)
class Answer:
    status: int
    media_type: str  # without parameters, lower case
    body: bytes  # empty when the answer went to a sink


class SparqlClient:
    """Requests to one store: queries, updates and Graph Store Protocol loads and reads."""

    def __init__(
        self,
        url: StoreURL,
        credentials: Credentials | None,
        *,
        timeout: float | None = None,
        ca_bundle: Path | None = None,
    ) -> None:
        if credentials is not None and url.scheme == "http" and not url.loopback:
            raise StoreError(
                f"Refusing to send {credentials} in clear text to {url} (plain http, not this "
                "machine's loopback).",
                "Serve the store over https (a reverse proxy with TLS, docs/deployment.md), "
                "or unset the credentials if the server needs none.",
                code="RG348",
            )
        self.url = url
        self._credentials = credentials
        self._timeout = timeout if timeout is not None else store_timeout()
        headers = {"User-Agent": "reportgraph"}
        if credentials is not None:
            headers["Authorization"] = credentials.header()
        self._http = httpx.Client(
            headers=headers,
            verify=_tls(ca_bundle),
            trust_env=False,
            follow_redirects=False,
            timeout=httpx.Timeout(self._timeout, connect=CONNECT_TIMEOUT),
        )

    def __repr__(self) -> str:
        return f"SparqlClient({self.url}, {self._credentials or 'no credentials'})"

    def close(self) -> None:
        self._http.close()

    # ---- the protocols ----

    def query(
        self,
        sparql: str,
        params: Params = (),
        *,
        accept: str = f"{SOLUTIONS}, {TRIPLES};q=0.9",
        limit: float | None = None,
        sink: IO[bytes] | None = None,
    ) -> Answer:
        """A SPARQL 1.1 Protocol query, as a URL-encoded POST (``query=...``): every server
        takes that form, while some never answer a direct ``application/sparql-query`` POST
        (Virtuoso 7.2, its issue 842)."""
        return self.exchange(
            "POST",
            self.url.query,
            "a query",
            params=params,
            content=urlencode({"query": sparql}).encode("ascii"),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
            limit=limit,
            sink=sink,
        )

    def update(self, text: str) -> None:
        """A SPARQL 1.1 Update request: one transaction on the server."""
        self.exchange(
            "POST",
            self.url.update,
            "a write",
            content=text.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update"},
        )

    def add_quads(self, nquads: bytes) -> None:
        """Add N-Quads to the dataset (Graph Store Protocol POST): one transaction."""
        self.exchange(
            "POST",
            self.url.graph_store,
            "a write",
            content=nquads,
            headers={"Content-Type": QUADS},
        )

    def download(self, sink: IO[bytes], graph: str | None = None) -> bool:
        """The whole dataset as N-Quads, or one named graph as N-Triples, into ``sink``
        (Graph Store Protocol GET); False when that graph does not exist."""
        params = [("graph", graph)] if graph is not None else []
        answer = self.exchange(
            "GET",
            self.url.graph_store,
            "reading the store",
            params=params,
            headers={"Accept": TRIPLES if graph is not None else QUADS},
            sink=sink,
            missing_ok=graph is not None,
        )
        return answer.status != 404

    # ---- one request ----

    def exchange(
        self,
        method: str,
        url: str,
        what: str,
        *,
        params: Params = (),
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
        limit: float | None = None,
        sink: IO[bytes] | None = None,
        missing_ok: bool = False,
    ) -> Answer:
        """One request; its answer (streamed into ``sink`` when given). ``limit``: seconds
        the whole exchange may take (a user's query: RG405 past it)."""
        deadline = None if limit is None else time.monotonic() + limit
        wait = self._timeout if limit is None else limit
        timeout = httpx.Timeout(wait, connect=min(CONNECT_TIMEOUT, wait))
        try:
            with self._http.stream(
                method, url, params=list(params), content=content, headers=headers, timeout=timeout
            ) as response:
                media = response.headers.get("content-type", "").split(";")[0].strip().lower()
                if response.status_code == 404 and missing_ok:
                    return Answer(404, media, b"")
                if response.status_code >= 300:
                    raise self._refused(response, what, url)
                chunks: list[bytes] = []
                for chunk in response.iter_bytes():
                    if deadline is not None and time.monotonic() > deadline:
                        raise _past_limit(limit)
                    if sink is not None:
                        sink.write(chunk)
                    else:
                        chunks.append(chunk)
                return Answer(response.status_code, media, b"".join(chunks))
        except httpx.ConnectTimeout as exc:
            raise self._timed_out(exc, what) from None
        except httpx.TimeoutException as exc:
            if deadline is not None:
                raise _past_limit(limit) from None
            raise self._timed_out(exc, what) from None
        except httpx.ConnectError as exc:
            raise self._unreachable(exc) from None
        except httpx.HTTPError as exc:  # the connection broke: the server stopped, a proxy
            raise self._broken(exc, what) from None

    # ---- errors ----

    def _text(self, text: str) -> str:
        text = " ".join(text.split())
        text = text[:_SHOWN] + ("..." if len(text) > _SHOWN else "")
        return redact(text, self._credentials)

    def _refused(self, response: httpx.Response, what: str, url: str) -> Exception:
        status = response.status_code
        said = self._text(response.read().decode("utf-8", "replace"))
        said = f" It said: {said}" if said else ""
        if status == 401:
            who = str(self._credentials) if self._credentials else "no credentials"
            return StoreError(
                f"The store at {self.url} refused {what}: it needs credentials, and {who} "
                f"were not accepted (HTTP 401).{said}",
                "Set REPORTGRAPH_STORE_TOKEN (or REPORTGRAPH_STORE_USER and "
                "REPORTGRAPH_STORE_PASSWORD, or REPORTGRAPH_STORE_CREDENTIALS=FILE) to "
                "credentials the server accepts.",
                code="RG342",
            )
        if status == 403:
            return StoreError(
                f"The store at {self.url} refused {what} (HTTP 403: read-only, or not "
                f"permitted to these credentials).{said}",
                "Write through a server that accepts writes (`oxigraph serve`, not "
                "`serve-read-only`) with credentials allowed to write; reading needs neither.",
                code="RG343",
            )
        if status in (404, 405, 406, 415, 501) or 300 <= status < 400:
            return StoreError(
                f"The server at {self.url} does not offer what {what} needs: "
                f"{url.removeprefix(self.url.base) or '/'} answered HTTP {status}.{said}",
                "Point --store at the base URL of a SPARQL 1.1 server with /query, /update "
                "and /store (the SPARQL 1.1 Protocol, Update and Graph Store Protocol), such "
                "as `oxigraph serve`.",
                code="RG345",
            )
        if what == "a query" and status == 400:
            return QueryError(
                f"The store could not read the query (HTTP 400).{said}",
                "Check the query syntax (prefixes rg:, prov:, nif:, rdfs:, schema:, sem: are "
                "predeclared).",
                code="RG402",
            )
        if what == "a query" and status == 500:
            return QueryError(
                f"The query failed while it ran on the store's server.{said}",
                "Narrow the query; if the server stops long queries (oxigraph serve "
                "--timeout-s), raise its limit.",
                code="RG409",
            )
        if status in (400, 413):
            return StoreError(
                f"The store at {self.url} refused {what} as malformed or too large "
                f"(HTTP {status}).{said}",
                "Nothing of the refused request was written; report it with the document.",
                code="RG349",
            )
        return StoreError(
            f"The store at {self.url} failed {what} (HTTP {status}).{said}",
            "A write that failed left nothing half-written (each request is one transaction "
            "on the server). Check the server's log, then run the command again.",
            code="RG346",
        )

    def _unreachable(self, exc: httpx.ConnectError) -> StoreError:
        if _tls_failure(exc):
            return StoreError(
                f"The TLS certificate of {self.url} could not be verified: {self._text(str(exc))}.",
                f"Give the CA that signed it: {CA_BUNDLE_ENV}=/path/to/ca.pem (verification "
                "cannot be turned off).",
                code="RG341",
            )
        return StoreError(
            f"The store at {self.url} cannot be reached: {self._text(str(exc)) or 'refused'}.",
            "Check that the server runs (oxigraph serve --location DIR --bind HOST:PORT) and "
            "that the URL, host and port are right.",
            code="RG340",
        )

    def _timed_out(self, exc: httpx.TimeoutException, what: str) -> StoreError:
        connecting = isinstance(exc, httpx.ConnectTimeout)
        phase, limit = ("connecting", CONNECT_TIMEOUT) if connecting else ("waiting", self._timeout)
        hint = (
            "; an https URL for a plain http server"
            if connecting and self.url.scheme == "https"
            else ""
        )
        return StoreError(
            f"The store at {self.url} did not answer {what} in time ({phase}; limit "
            f"{limit:g} s{hint}).",
            f"Check the server and the network; raise the limit with {TIMEOUT_ENV}=SECONDS. "
            "A write that timed out is whole or absent: run the command again.",
            code="RG344",
        )

    def _broken(self, exc: httpx.HTTPError, what: str) -> StoreError:
        return StoreError(
            f"The connection to the store at {self.url} broke during {what}: "
            f"{self._text(str(exc)) or type(exc).__name__}.",
            "The server may have stopped. A write is one transaction on the server, so it is "
            "whole or absent: restart the server and run the command again (documents "
            "already stored are skipped).",
            code="RG346",
        )


def _past_limit(limit: float | None) -> QueryError:
    return QueryError(
        f"The query ran past its time limit of {limit or 0:g} s and was stopped.",
        "Narrow the query (a LIMIT, fewer unbound patterns, no cartesian product), or raise "
        "the limit: --timeout SECONDS (0: no limit), timeout= in Python. The server may go "
        "on computing until it next writes (oxigraph serve --timeout-s bounds it there).",
        code="RG405",
    )


def _tls(ca_bundle: Path | None) -> ssl.SSLContext:
    named = os.environ.get(CA_BUNDLE_ENV, "").strip()
    given = ca_bundle or (Path(named).expanduser() if named else None)
    try:
        return ssl.create_default_context(cafile=str(given) if given else None)
    except (OSError, ssl.SSLError) as exc:
        raise StoreError(
            f"The CA bundle {given} cannot be read: {exc}.",
            f"Point {CA_BUNDLE_ENV} at a PEM file of the CA certificates to trust.",
            code="RG341",
        ) from None


def _tls_failure(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return "CERTIFICATE_VERIFY_FAILED" in str(exc)
