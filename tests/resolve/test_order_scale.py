"""Resolution does not depend on input order, and it scales through blocking."""

from __future__ import annotations

import random
import time

from reportgraph.resolve import EntityRecord, keys, parse_overrides, resolve
from resolve_helpers import rec

MIXED = [
    rec("ORGANIZATION", "National Unity Movement", evidence=(("NUM", "acronym", "doc/da/m/1"),)),
    rec("ORGANIZATION", "NUM", docs=("db",), mentions=4),
    rec("ORGANIZATION", "Northern Uplands Militia", evidence=(("NUL", "acronym", "doc/dc/m/1"),)),
    rec("PLACE", "Kharkiv", mentions=3, links={"geonames": "1"}),
    rec("PLACE", "Harkiv", mentions=3),
    rec("PLACE", "Kharkkiv", mentions=3, links={"geonames": "2"}),
    rec("PLACE", "Ouagadougou", links={"geonames": "9"}),
    rec("PLACE", "Wagadugu", links={"geonames": "9"}),
    rec("ORGANIZATION", "Harkiv", mentions=2),
    rec("PERSON", "Ana Kovic", docs=("da",)),
    rec("PERSON", "Anna Kovic", docs=("db",)),
    rec("PERSON", "Marko Kovic", docs=("dc",)),
    rec("PERSON", "Kovic", docs=("da", "dc")),
    rec("PERSON", "Petrenko", docs=("dd",)),
    rec("PERSON", "Ivan Petrenko", docs=("dd",), evidence=(("Ivan Sidorenko", "formerly", "m9"),)),
    rec("PERSON", "Ivan Sidorenko", docs=("de",)),
    rec("PERSON", "Khalid Mansoor", mentions=2),
    rec("PERSON", "Halid Mansur", mentions=2),
    rec("PERSON", "Qoosheeq"),
    rec("PERSON", "Kushik"),
    rec("PERSON", "Adam"),
    rec("PERSON", "Adham"),
    rec("GROUP", "Mansura Clans"),
    rec("PLACE", "Al-Mansura", links={"geonames": "111"}),
    rec("PLACE", "El Mansura", links={"geonames": "222"}),
    rec("PLACE", "Mansura"),
]
OVERRIDES = parse_overrides(
    '[[split]]\nids = ["Khalid Mansoor", "Halid Mansur"]\n'
    '[[label]]\nid = "place/harkiv"\nlabel = "Kharkiv (city)"\n'
    '[[link]]\nid = "Wagadugu"\nwikidata = "Q3777"\n'
)

SYLLABLES = ["ka", "ri", "mo", "ta", "lu", "ze", "no", "bi", "sa", "ve", "do", "mi", "ra", "fe"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def synthetic(n: int, seed: int = 7) -> tuple[list[EntityRecord], list[tuple[str, str]]]:
    """``n`` records: random names, plus planted variant pairs that must end up together."""
    rng = random.Random(seed)
    records: dict[str, EntityRecord] = {}
    planted: list[tuple[str, str]] = []
    kinds = ["PERSON", "PLACE", "ORGANIZATION", "GROUP"]
    while len(records) < n:
        type_ = kinds[len(records) % 4]
        doc = f"d{rng.randrange(n // 10)}"
        label = f"{_word(rng)} {_word(rng)}" if type_ == "PERSON" else _word(rng)
        if type_ == "ORGANIZATION":
            label += " " + rng.choice(["Front", "Union", "Council", "Brigade"])
        base = rec(type_, label, docs=(doc,), mentions=rng.randint(1, 9))
        if base.id in records:
            continue
        records[base.id] = base
        if len(records) % 10 == 0 and len(records) < n:  # a variant: ou/u or a doubled letter
            spelt = label.replace("u", "ou", 1) if "u" in label else label.replace("a", "aa", 1)
            variant = rec(type_, spelt, docs=(f"x{doc}",))
            long_enough = not keys.match_key(label).startswith("=")  # short names: exact only
            if spelt != label and long_enough and variant.id not in records:
                records[variant.id] = variant
                planted.append((base.id, variant.id))
    return sorted(records.values(), key=lambda r: r.id), planted


def test_output_does_not_depend_on_input_order() -> None:
    expected = resolve(MIXED, OVERRIDES).model_dump()
    assert expected["merges"] and expected["split_reasons"]  # the set exercises rules and guards
    for seed in range(8):
        shuffled = list(MIXED)
        random.Random(seed).shuffle(shuffled)
        assert resolve(shuffled, OVERRIDES).model_dump() == expected


def test_synthetic_order_independence() -> None:
    records, _ = synthetic(2_000, seed=3)
    expected = resolve(records).model_dump()
    shuffled = list(records)
    random.Random(5).shuffle(shuffled)
    assert resolve(shuffled).model_dump() == expected


def test_twenty_thousand_records() -> None:
    records, planted = synthetic(20_000)
    assert len(records) == 20_000 and len(planted) > 1_500
    start = time.perf_counter()
    res = resolve(records)
    elapsed = time.perf_counter() - start
    clusters = len(set(res.canonical.values()))
    print(
        f"\nresolve: {len(records)} records in {elapsed:.2f}s -> {clusters} clusters, "
        f"{len(res.merges)} merges, {len(res.splits)} splits"
    )
    assert len(res.canonical) == len(records)
    missed = [(a, b) for a, b in planted if res.canonical[a] != res.canonical[b]]
    assert not missed, missed[:5]
