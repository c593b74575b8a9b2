"""The figure ledger lists every value with its own source and never merges or averages."""

from __future__ import annotations

from reportgraph.figures import ledger
from reportgraph.rows import ClaimRow, DocRef, EvidenceRow, QuantityRow, Ref


def _fig(
    cid: str,
    value: float | None,
    source: str,
    *,
    kind: str = "killed",
    counted: str = "civilians",
    doc: str = "d1",
    via: tuple[str, ...] = (),
    places: tuple[str, ...] = (),
    qualifier: str = "at least",
) -> ClaimRow:
    return ClaimRow(
        id=cid,
        kind="figure",
        predicate=kind,
        subject=None,
        object=None,
        quantity=QuantityRow(
            value=value,
            qualifier=qualifier,
            upper=None,
            unit=f"{counted} {kind}",
            text=f"{value} {counted}",
        ),
        places=[Ref(id=p, label=p.split("/")[-1]) for p in places],
        time=None,
        source=Ref(id=source, label=source.split("/")[-1]),
        via=[Ref(id=v, label=v.split("/")[-1]) for v in via],
        cue="said",
        certainty="reported",
        segment="body",
        document=DocRef(id=doc, path=f"{doc}.txt"),
        evidence=EvidenceRow(sentence="A sentence.", start=0, end=11),
    )


CLAIMS = [
    _fig("c1", 745, "organization/river-monitor", doc="d1"),
    _fig("c2", 1383, "organization/river-monitor", doc="d2", via=("publication/wire",)),
    _fig("c3", 111, "organization/un-office", doc="d2", qualifier="at least"),
    _fig(
        "c4",
        4000,
        "anonymous/d3-aid-agencies",
        doc="d3",
        via=("publication/paper",),
        qualifier="over",
    ),
    _fig(
        "c5",
        20000,
        "publication/paper",
        kind="displaced",
        counted="people",
        doc="d3",
        places=("place/east-port",),
    ),
    _fig(
        "c6",
        None,
        "publication/paper",
        kind="displaced",
        counted="people",
        doc="d1",
        qualifier="vague",
    ),
]
PUBLISHED = {"d1": "2025-01-02", "d2": "2025-01-05", "d3": None}


def test_every_value_is_listed_with_its_own_source() -> None:
    groups = {g.kind: g for g in ledger(CLAIMS, PUBLISHED)}
    killed = groups["killed"]
    assert sorted((f.value, f.source.id) for f in killed.figures) == sorted(
        [
            (745, "organization/river-monitor"),
            (1383, "organization/river-monitor"),
            (111, "organization/un-office"),
            (4000, "anonymous/d3-aid-agencies"),
        ]
    )
    assert killed.claims == 4
    # the monitor repeated by a wire service counts once: three independent sources
    assert killed.independent_sources == 3
    assert {f.published for f in killed.figures} == {"2025-01-02", "2025-01-05", None}


def test_vague_figures_keep_no_value() -> None:
    displaced = {g.kind: g for g in ledger(CLAIMS, PUBLISHED)}["displaced"]
    assert sorted((f.value is None, f.qualifier) for f in displaced.figures) == [
        (False, "at least"),
        (True, "vague"),
    ]


def test_filters_by_kind_counted_and_place() -> None:
    assert [g.kind for g in ledger(CLAIMS, PUBLISHED, kind="displaced")] == ["displaced"]
    assert [g.kind for g in ledger(CLAIMS, PUBLISHED, kind="civilians")] == ["killed"]
    only = ledger(CLAIMS, PUBLISHED, place="place/east-port")
    assert [(g.kind, [f.claim for f in g.figures]) for g in only] == [("displaced", ["c5"])]
    assert ledger(CLAIMS, PUBLISHED, kind="wounded") == []


def test_non_figure_claims_are_ignored() -> None:
    rel = CLAIMS[0].model_copy(update={"kind": "relation", "id": "r1"})
    assert sum(g.claims for g in ledger([rel, *CLAIMS], PUBLISHED)) == len(CLAIMS)
