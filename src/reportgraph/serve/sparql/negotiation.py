"""Content negotiation for ``/sparql``: which format answers a request, from its Accept header.

SELECT and ASK answer in the SPARQL results formats, CONSTRUCT and DESCRIBE in RDF formats,
each written by pyoxigraph's own serializers. The first offer of each list is the default (an
absent Accept, or ``*/*``). The query page (HTML) is an offer only where the client names
``text/html`` and prefers it, as a browser does; it comes last, so ``*/*`` never picks it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

HTML = "text/html"


@dataclass(frozen=True)
class Offer:
    """One format the endpoint can answer in: the media type it is asked for by, the media
    type of the answer, and the serializer's format (None: the HTML page)."""

    asked: str
    media_type: str
    results: ox.QueryResultsFormat | None = None
    rdf: ox.RdfFormat | None = None

    @property
    def is_page(self) -> bool:
        return self.results is None and self.rdf is None


_JSON = "application/sparql-results+json"
SOLUTION_OFFERS: tuple[Offer, ...] = (
    Offer(_JSON, _JSON, results=ox.QueryResultsFormat.JSON),
    Offer("application/sparql-results+xml", "application/sparql-results+xml",
          results=ox.QueryResultsFormat.XML),
    Offer("text/csv", "text/csv", results=ox.QueryResultsFormat.CSV),
    Offer("text/tab-separated-values", "text/tab-separated-values",
          results=ox.QueryResultsFormat.TSV),
    Offer("application/json", _JSON, results=ox.QueryResultsFormat.JSON),
)  # fmt: skip
GRAPH_OFFERS: tuple[Offer, ...] = (
    Offer("text/turtle", "text/turtle", rdf=ox.RdfFormat.TURTLE),
    Offer("application/n-triples", "application/n-triples", rdf=ox.RdfFormat.N_TRIPLES),
    Offer("application/ld+json", "application/ld+json", rdf=ox.RdfFormat.JSON_LD),
)
PAGE_OFFERS: tuple[Offer, ...] = (Offer(HTML, HTML), Offer("application/xhtml+xml", HTML))


@dataclass(frozen=True)
class Choice:
    """The format for each kind of answer (None: the request accepts no format of that kind)."""

    solutions: Offer | None
    graph: Offer | None

    @property
    def acceptable(self) -> bool:
        return self.solutions is not None or self.graph is not None


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``(media range, q)`` of each entry of an Accept header; an absent or empty one is
    ``*/*``. A malformed q counts as 1; parameters other than q are ignored."""
    ranges: list[tuple[str, float]] = []
    for part in (header or "").split(","):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value)))
                except ValueError:
                    q = 1.0
        ranges.append((media.lower(), q))
    return ranges or [("*/*", 1.0)]


def quality(ranges: Sequence[tuple[str, float]], media_type: str) -> float:
    """The q the client gives ``media_type``: that of the most specific range that matches it
    (exact, then ``type/*``, then ``*/*``), 0 if none does."""
    kind = media_type.split("/", 1)[0]
    best: tuple[int, float] | None = None
    for media, q in ranges:
        if media == media_type:
            rank = 3
        elif media == f"{kind}/*":
            rank = 2
        elif media == "*/*":
            rank = 1
        else:
            continue
        if best is None or rank > best[0]:
            best = (rank, q)
    return best[1] if best is not None else 0.0


def best_offer(ranges: Sequence[tuple[str, float]], offers: Sequence[Offer]) -> Offer | None:
    """The offer the client likes most (ties: the first offer); None if it accepts none."""
    best: Offer | None = None
    best_q = 0.0
    for offer in offers:
        q = quality(ranges, offer.asked)
        if q > best_q:
            best, best_q = offer, q
    return best


def choose(accept: str | None, *, page: bool = True) -> Choice:
    """The format for solutions and for graphs that ``accept`` asks for; with ``page``, the
    HTML page where the client prefers it."""
    ranges = parse_accept(accept)
    extra = PAGE_OFFERS if page else ()
    return Choice(
        best_offer(ranges, SOLUTION_OFFERS + extra), best_offer(ranges, GRAPH_OFFERS + extra)
    )


def wants_page(accept: str | None) -> bool:
    """True when a client (a browser) prefers the HTML page to any results format."""
    choice = choose(accept)
    return choice.solutions is not None and choice.solutions.is_page
