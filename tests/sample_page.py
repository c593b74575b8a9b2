"""A small invented page payload (docs/network-page.md) for the page tests.

Every name, sentence and date is made up. Claim indexes, for the tests' arithmetic:

0 event killing (gunmen → harbour workers), local official via radio → courier, reported
1 relation member_of (Marta Ruiz → Northern Brigade), courier, asserted, publication date only
2 statement (Marta Ruiz said about the brigade), Marta Ruiz, denied
3 figure counts killed (courier → harbour workers), courier, alleged
4 relation attacked (brigade → Port Veyra), courier, unverified, reader comment
5 relation spoke_with (Ines Okafor → Marta Ruiz), courier, asserted, a second document
6 relation threatened (the evil label → Marta Ruiz), local official, script in the sentence
7 relation member_of (Marta Ruiz → Northern Brigade), local official, alleged
8 event shelling with no participant (local official → Port Veyra), unverified
"""

from __future__ import annotations

from typing import Any

EVIL_LABEL = "<img src=x onerror=alert(1)>"
EVIL_SENTENCE = "<script>window.PWNED=1</script> was painted on the wall, a witness said."
MARTA, BRIGADE, PORT = "person/marta-ruiz", "organization/northern-brigade", "place/port-veyra"
OFFICIAL, COURIER = "source/a-local-official", "source/the-coast-courier"
GUNMEN, WORKERS = "group/gunmen", "group/harbour-workers"
INES, EVIL = "person/ines-okafor", "person/evil"


def node(
    id_: str,
    label: str,
    type_: str,
    x: float,
    y: float,
    *,
    mentions: int = 1,
    aliases: list[str] | None = None,
    subtype: str | None = None,
    source: bool = False,
    anchor: str | None = None,
) -> dict[str, Any]:
    return {
        "id": id_,
        "label": label,
        "type": type_,
        "subtype": subtype,
        "source": source,
        "descriptor": anchor is not None,
        "anchor": anchor,
        "aliases": aliases or [],
        "mentions": mentions,
        "documents": 1,
        "x": x,
        "y": y,
        "degree": 0,
    }


def claim(
    kind: str,
    predicate: str,
    sentence: str,
    marks: list[str],
    *,
    source: tuple[str, str] = (COURIER, "The Coast Courier"),
    certainty: str = "asserted",
    nodes: list[str],
    document: str = "d1",
    start: int = 100,
    when: tuple[str, str] | None = None,
    segment: str = "body",
    via: list[str] | None = None,
    cue: str | None = "said",
    time_text: str | None = None,
) -> dict[str, Any]:
    published = "2024-05-10" if document == "d1" else "2024-06-01"
    return {
        "id": f"claim/{predicate}/{start}",
        "kind": kind,
        "predicate": predicate,
        "text": f"{predicate} ({kind})",
        "source": source[1],
        "source_id": source[0],
        "via": via or [],
        "cue": cue,
        "certainty": certainty,
        "segment": segment,
        "document": document,
        "path": f"corpus/{document}.txt",
        "doc_label": f"Harbour report ({document}.txt)",
        "published": published,
        "time_text": time_text,
        "when": list(when) if when else [published, published],
        "when_basis": "reported" if when else "published",
        "sentence": sentence,
        "sentence_start": start,
        "spans": [[start + sentence.index(m), start + sentence.index(m) + len(m)] for m in marks],
        "quantity": "two" if kind == "figure" else None,
        "places": ["Port Veyra"] if PORT in nodes else [],
        "place_ids": [PORT] if PORT in nodes else [],
        "nodes": nodes,
    }


OFFICIAL_SRC = (OFFICIAL, "a local official")
KILLING = "A local official said gunmen killed two harbour workers on Tuesday."


def payload(top_n: int = 50, comments: bool = False) -> dict[str, Any]:
    nodes = [
        node(MARTA, "Marta Ruiz", "PERSON", -300, -150, mentions=4, aliases=["M. Ruiz"]),
        node(BRIGADE, "Northern Brigade", "ORGANIZATION", 0, 0, mentions=6),
        node(PORT, "Port Veyra", "PLACE", 300, -150, mentions=3),
        node(OFFICIAL, "a local official", "SOURCE", -300, 150, subtype="anonymous", source=True),
        node(COURIER, "The Coast Courier", "SOURCE", 300, 200, mentions=2, source=True),
        node(GUNMEN, "gunmen", "GROUP", 600, 600, mentions=2, anchor=BRIGADE),
        node(WORKERS, "harbour workers", "GROUP", 150, 150, mentions=2),
        node(INES, "Ines Okafor", "PERSON", -550, -300, aliases=["Okafor"]),
        node(EVIL, EVIL_LABEL, "PERSON", -100, 330),
    ]
    claims = [
        claim(
            "event",
            "killing",
            KILLING,
            ["gunmen", "killed two harbour workers"],
            source=OFFICIAL_SRC,
            certainty="reported",
            nodes=[GUNMEN, WORKERS, PORT],
            when=("2024-05-07", "2024-05-07"),
            via=["Radio Delta", "The Coast Courier"],
            time_text="on Tuesday",
        ),
        claim(
            "relation",
            "member_of",
            "Marta Ruiz has led the Northern Brigade since spring.",
            ["Marta Ruiz", "Northern Brigade"],
            nodes=[MARTA, BRIGADE],
            start=300,
            cue=None,
        ),
        claim(
            "statement",
            "said about",
            "Marta Ruiz denied that the brigade had entered the port.",
            ["denied"],
            source=(MARTA, "Marta Ruiz"),
            certainty="denied",
            nodes=[MARTA, BRIGADE],
            start=400,
            cue="denied",
        ),
        claim(
            "figure",
            "counts killed",
            "Two workers were killed, the paper reported.",
            ["Two workers"],
            certainty="alleged",
            nodes=[COURIER, WORKERS],
            start=500,
            cue="reported",
        ),
        claim(
            "relation",
            "attacked",
            "The brigade attacked the port, one reader wrote.",
            ["attacked"],
            certainty="unverified",
            nodes=[BRIGADE, PORT],
            start=900,
            segment="reader_comment",
            cue="wrote",
        ),
        claim(
            "relation",
            "spoke_with",
            "Ines Okafor spoke with Marta Ruiz by phone.",
            ["spoke with"],
            nodes=[INES, MARTA],
            document="d2",
            start=40,
            cue=None,
        ),
        claim(
            "relation",
            "threatened",
            EVIL_SENTENCE,
            ["<script>", "painted"],
            source=OFFICIAL_SRC,
            nodes=[EVIL, MARTA],
            start=700,
        ),
        claim(
            "relation",
            "member_of",
            "An official said Ruiz joined the brigade last year.",
            ["joined the brigade"],
            source=OFFICIAL_SRC,
            certainty="alleged",
            nodes=[MARTA, BRIGADE],
            start=600,
            when=("2023-01", "2023-12"),
        ),
        claim(
            "event",
            "shelling",
            "Shelling was heard near Port Veyra from Wednesday to Friday.",
            ["Shelling"],
            source=OFFICIAL_SRC,
            certainty="unverified",
            nodes=[OFFICIAL, PORT],
            start=1000,
            when=("2024-05-01", "2024-05-03"),
            time_text="from Wednesday to Friday",
        ),
    ]

    def edge(i: int, a: str, b: str, label: str, role: str, cl: list[int]) -> dict[str, Any]:
        return {"id": f"e{i}", "from": a, "to": b, "label": label, "role": role, "claims": cl}

    edges = [
        edge(0, GUNMEN, WORKERS, "killing", "agent", [0]),
        edge(1, MARTA, BRIGADE, "member_of", "relation", [1, 7]),
        edge(2, MARTA, BRIGADE, "said about", "statement", [2]),
        edge(3, COURIER, WORKERS, "counts killed", "figure", [3]),
        edge(4, BRIGADE, PORT, "attacked", "relation", [4]),
        edge(5, GUNMEN, PORT, "killing at", "event_place", [0]),
        edge(6, INES, MARTA, "spoke_with", "relation", [5]),
        edge(7, EVIL, MARTA, "threatened", "relation", [6]),
        edge(8, OFFICIAL, PORT, "reports shelling", "reported_event", [8]),
    ]
    sources = [
        {"id": OFFICIAL, "label": "a local official", "claims": 4},
        {"id": COURIER, "label": "The Coast Courier", "claims": 4},
        {"id": MARTA, "label": "Marta Ruiz", "claims": 1},
    ]
    return {
        "title": "Harbour <b>inquiry</b> & co",
        "filter": "all",
        "top_n": top_n,
        "comments": comments,
        "nodes": nodes,
        "edges": edges,
        "claims": claims,
        "sources": sources,
    }
