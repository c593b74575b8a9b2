"""An invented page payload (docs/network-page.md) for the timeline tests.

A flood response in Bangladesh, a port strike in Chile and a border clash in Kyrgyzstan; every
name, figure and sentence is made up. Claim indexes, for the tests' arithmetic:

0 flood, Sylhet, 18–20 Jun (a period)      7 clash, Batken, no date
1 displaced "12,000", Sylhet, 19 Jun       8 clash, Batken, a reader comment
2 displaced "40,000", Sylhet, 19 Jun       9 relation (never on the timeline)
3 strike, Valparaíso, publication date    10 statement (never on the timeline)
4 strike, Valparaíso, 5–9 Jul             11 evacuation, no place
5 clash, Batken, alleged                  12 injured, markup as its quantity
6 killed "three", Batken, publication     13 curfew, Batken, the month of August
"""

from __future__ import annotations

from typing import Any

LEDGER = ("source/dhaka-ledger", "Dhaka Ledger")
MONITOR = ("source/relief-monitor", "Relief Monitor")
WIRE = ("source/harbour-wire", "Harbour Wire")
POST = ("source/border-post", "Border Post")
SYLHET = ("place/sylhet", "Sylhet")
PORT = ("place/valparaiso", "Valparaíso")
BATKEN = ("place/batken", "Batken")
HOSTILE = "<img src=x onerror=alert(1)>"

SENTENCES = {
    0: "Rivers burst their banks across Sylhet on Tuesday.",
    1: "Officials said 12,000 people left their homes.",
    2: "Aid workers counted 40,000 people without shelter.",
    3: "Dock workers walked out at the container terminal.",
    4: "The stoppage ran from Friday to the following Tuesday.",
    5: "Guards exchanged fire near a disputed water intake.",
    6: "Three guards were killed, a spokesman said.",
    7: "Shots were heard again at some point, residents said.",
    8: "My cousin saw the soldiers arrive before dawn.",
    9: "The union belongs to a national federation.",
    10: "The monitor said shelters were full.",
    11: "Families were moved to higher ground overnight.",
    12: f"A leaflet read {HOSTILE} at the gate.",
    13: "A curfew held in the border villages through August.",
}


def claim(
    n: int,
    kind: str,
    predicate: str,
    source: tuple[str, str],
    when: tuple[str, str] | None,
    place: tuple[str, str] | None = None,
    *,
    basis: str = "reported",
    quantity: str | None = None,
    segment: str = "body",
    certainty: str = "reported",
    sentence: str | None = None,
) -> dict[str, Any]:
    """One claim of the payload; ``basis`` says whether ``when`` is reported or published."""
    name = f"{source[0].split('/')[1]}-{n}"
    return {
        "id": f"claim/{n}",
        "kind": kind,
        "predicate": predicate,
        "text": f"{predicate} at {place[1] if place else 'an unnamed place'}",
        "source": source[1],
        "source_id": source[0],
        "via": [],
        "cue": "said",
        "certainty": certainty,
        "segment": segment,
        "document": f"doc/{name}",
        "path": f"corpus/{name}.txt",
        "doc_label": f"{source[1]} report ({name}.txt)",
        "published": when[0] if when and basis == "published" else "2024-06-30",
        "time_text": "on Tuesday" if when and basis == "reported" else None,
        "when": list(when) if when else None,
        "when_basis": basis if when else None,
        "sentence": sentence if sentence is not None else SENTENCES[n],
        "sentence_start": 100 * n,
        "spans": [[100 * n, 100 * n + 5]],
        "quantity": quantity,
        "places": [place[1]] if place else [],
        "place_ids": [place[0]] if place else [],
        "nodes": [source[0], *([place[0]] if place else [])],
    }


CLAIMS: list[dict[str, Any]] = [
    claim(0, "event", "flood", LEDGER, ("2024-06-18", "2024-06-20"), SYLHET),
    claim(1, "figure", "displaced", LEDGER, ("2024-06-19",) * 2, SYLHET, quantity="12,000"),
    claim(2, "figure", "displaced", MONITOR, ("2024-06-19",) * 2, SYLHET, quantity="40,000"),
    claim(3, "event", "strike", WIRE, ("2024-07-02",) * 2, PORT, basis="published"),
    claim(4, "event", "strike", WIRE, ("2024-07-05", "2024-07-09"), PORT),
    claim(5, "event", "clash", POST, ("2024-08-11",) * 2, BATKEN, certainty="alleged"),
    claim(
        6,
        "figure",
        "killed",
        POST,
        ("2024-08-12",) * 2,
        BATKEN,
        quantity="three",
        basis="published",
    ),
    claim(7, "event", "clash", POST, None, BATKEN),
    claim(8, "event", "clash", POST, ("2024-08-10",) * 2, BATKEN, segment="reader_comment"),
    claim(9, "relation", "member_of", WIRE, ("2024-07-02",) * 2, PORT),
    claim(10, "statement", "said about", MONITOR, ("2024-06-21",) * 2, SYLHET),
    claim(11, "event", "evacuation", MONITOR, ("2024-06-20",) * 2),
    claim(12, "figure", "injured", WIRE, ("2024-07-03",) * 2, PORT, quantity=HOSTILE),
    claim(13, "event", "curfew", POST, ("2024-08", "2024-08"), BATKEN),
]


def many_claims(count: int) -> list[dict[str, Any]]:
    """``count`` dated events and figures spread over fourteen years and three places."""
    return [
        claim(
            n,
            "figure" if n % 3 else "event",
            ("flood", "strike", "clash")[n % 3],
            (LEDGER, MONITOR, WIRE, POST)[n % 4],
            (f"20{10 + n % 14}-{1 + n % 12:02d}-{1 + n % 28:02d}",) * 2,
            (SYLHET, PORT, BATKEN)[n % 5 % 3],
            basis=("reported", "published")[n % 2],
            quantity=str(n) if n % 3 else None,
            sentence=f"Invented sentence number {n}.",
        )
        for n in range(count)
    ]


def payload(claims: list[dict[str, Any]]) -> dict[str, Any]:
    """The page payload over these claims: their sources and places as nodes, one edge each."""
    ids = sorted({n for c in claims for n in c["nodes"]})
    nodes = [
        {
            "id": n,
            "label": n.split("/")[1].replace("-", " ").title(),
            "type": "SOURCE" if n.startswith("source/") else "PLACE",
            "subtype": "publication" if n.startswith("source/") else None,
            "source": n.startswith("source/"),
            "descriptor": False,
            "anchor": None,
            "aliases": [],
            "mentions": 1,
            "documents": 1,
            "x": 80.0 * (i % 7),
            "y": 60.0 * (i // 7),
            "degree": 1,
        }
        for i, n in enumerate(ids)
    ]
    edges = [
        {
            "id": f"e{i}",
            "from": c["nodes"][0],
            "to": c["nodes"][1],
            "label": f"reports {c['predicate']}",
            "role": "reported_event",
            "claims": [i],
        }
        for i, c in enumerate(claims)
        if len(c["nodes"]) > 1
    ]
    counts: dict[tuple[str, str], int] = {}
    for c in claims:
        counts[c["source_id"], c["source"]] = counts.get((c["source_id"], c["source"]), 0) + 1
    sources = [{"id": i, "label": label, "claims": n} for (i, label), n in sorted(counts.items())]
    return {
        "title": "timeline test",
        "comments": False,
        "nodes": nodes,
        "edges": edges,
        "claims": claims,
        "sources": sources,
    }


def drawn(
    claims: list[dict[str, Any]], source: str | None = None, comments: bool = False
) -> set[int]:
    """Indexes of the claims the timeline must draw under these filters (dates unfiltered)."""
    return {
        i
        for i, c in enumerate(claims)
        if c["kind"] in ("event", "figure")
        and c["when"]
        and (comments or c["segment"] != "reader_comment")
        and (source is None or c["source_id"] == source)
    }


def overlaps(when: list[str], start: str, end: str) -> bool:
    """Whether a claim's period (a month stands for all its days) meets [start, end]."""
    return (when[0] + "-01")[:10] <= end and (when[-1] + "-31")[:10] >= start
