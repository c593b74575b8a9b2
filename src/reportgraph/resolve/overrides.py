"""The user-editable overrides file, applied each time resolution runs.

A TOML file with four kinds of tables, each repeatable, e.g. ``overrides.toml``::

    # force a merge (reason "override"), even where a guard would refuse it; records of different
    # types stay apart unless allow_type_change = true
    [[merge]]
    ids = ["organization/national-unity-movement", "Movimiento de Unidad Nacional"]

    # never put these in one cluster (three or more names: no two of them together)
    [[split]]
    ids = ["person/ana-kovic", "person/anna-kovic"]

    # the label shown for the cluster containing this entity
    [[label]]
    id = "place/harkiv"
    label = "Kharkiv"

    # external ids for an entity (replace what the gazetteer found); records of one type that
    # share an id are merged ("shared_link")
    [[link]]
    id = "organization/national-unity-movement"
    wikidata = "Q123"
    geonames = "456"

Naming entities: a name whose part before the first "/" is an entity type (``person``,
``organization``, ``group``, ``place``) is an entity id and matches that id only. Any other name
is an exact label: it matches every record whose label has the same ``ids.entity_id`` key (case,
spacing, a leading "the", possessive and punctuation do not matter; spelling variants do).
Names that match no record are reported in ``Resolution.unmatched``, not an error, so one file
can serve stores that do not hold every entity yet.

Precedence: splits beat merges (an override merge that would join two split names is not made
and is listed in ``Resolution.split_reasons`` as ``override_split``); for two labels given to
one cluster the later table wins.
A malformed file raises ``InputError`` RG110 with its line.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from reportgraph import ids
from reportgraph.errors import InputError
from reportgraph.resolve.model import LINK_KEYS, EntityRecord, Override, OverrideAction, Overrides

_ACTIONS: tuple[OverrideAction, ...] = ("merge", "split", "label", "link")
_KEYS: dict[OverrideAction, frozenset[str]] = {
    "merge": frozenset({"ids", "allow_type_change"}),
    "split": frozenset({"ids"}),
    "label": frozenset({"id", "label"}),
    "link": frozenset({"id", *LINK_KEYS}),
}
_LINK_VALUE = {"geonames": re.compile(r"[0-9]+"), "wikidata": re.compile(r"Q[0-9]+")}
_ID_PREFIXES = ("person/", "organization/", "group/", "place/")
_FIX = "Edit the overrides file; its format is described in the README (entity resolution)."


def _error(where: str, line: int | None, problem: str) -> InputError:
    at = f" line {line}" if line is not None else ""
    return InputError(f"Overrides file {where}{at}: {problem}.", _FIX, code="RG110")


def _header_lines(text: str, action: str) -> list[int]:
    header = re.compile(rf"^\s*\[\[\s*{action}\s*\]\]")
    return [n for n, line in enumerate(text.splitlines(), start=1) if header.match(line)]


def _name_list(value: object) -> tuple[str, ...] | None:
    if not isinstance(value, list) or len(value) < 2:
        return None
    if not all(isinstance(v, str) and v.strip() for v in value):
        return None
    return tuple(v.strip() for v in value)


def _entry(
    action: OverrideAction,
    table: Mapping[str, Any],
    fail: Callable[[str], InputError],
    line: int | None,
) -> Override:
    unknown = sorted(set(table) - _KEYS[action])
    if unknown:
        raise fail(f"unknown key {unknown[0]!r} in [[{action}]]")
    if action in ("merge", "split"):
        names = _name_list(table.get("ids"))
        if names is None:
            raise fail(f"[[{action}]] needs ids = a list of at least two entity ids or labels")
        allow = table.get("allow_type_change", False)
        if not isinstance(allow, bool):
            raise fail("allow_type_change must be true or false")
        return Override(action=action, names=names, allow_type_change=allow, line=line)
    name = table.get("id")
    if not isinstance(name, str) or not name.strip():
        raise fail(f"[[{action}]] needs id = an entity id or label")
    if action == "label":
        label = table.get("label")
        if not isinstance(label, str) or not label.strip():
            raise fail("[[label]] needs label = the preferred label")
        return Override(action=action, names=(name.strip(),), label=label.strip(), line=line)
    links: dict[str, str] = {}
    for link_key in LINK_KEYS:
        value = table.get(link_key)
        if value is None:
            continue
        if not isinstance(value, str) or not _LINK_VALUE[link_key].fullmatch(value.strip()):
            raise fail(f"{link_key} = {value!r} is not a {link_key} id")
        links[link_key] = value.strip()
    if not links:
        raise fail("[[link]] needs geonames or wikidata")
    return Override(action=action, names=(name.strip(),), links=links, line=line)


def parse_overrides(text: str, where: str = "<text>") -> Overrides:
    """Overrides from TOML text; ``where`` names the file in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _error(where, None, f"not valid TOML ({exc})") from exc
    entries: list[Override] = []
    for action in sorted(data):
        if action not in _ACTIONS:
            lines = _header_lines(text, re.escape(action))
            raise _error(where, lines[0] if lines else None, f"unknown table {action!r}")
    for action in _ACTIONS:
        tables = data.get(action, [])
        lines = _header_lines(text, action)
        if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
            raise _error(where, lines[0] if lines else None, f"write each {action} as [[{action}]]")
        for n, table in enumerate(tables):
            line = lines[n] if n < len(lines) else None

            def fail(problem: str, line: int | None = line) -> InputError:
                return _error(where, line, problem)

            entries.append(_entry(action, table, fail, line))
    entries.sort(key=lambda e: (e.line if e.line is not None else 0, _ACTIONS.index(e.action)))
    return Overrides(entries=tuple(entries), path=where)


def load_overrides(path: Path) -> Overrides:
    """Read an overrides file. Raises ``InputError`` RG110 for a missing or malformed file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _error(str(path), None, f"cannot be read ({exc})") from exc
    return parse_overrides(text, str(path))


def is_entity_id(name: str) -> bool:
    return name.startswith(_ID_PREFIXES)


def label_index(records: Sequence[EntityRecord]) -> dict[str, list[str]]:
    """Records by the id key of their label, for selecting entities by label."""
    index: dict[str, list[str]] = {}
    for r in records:
        index.setdefault(ids.key(ids.normalise_name(r.label)), []).append(r.id)
    return index


def select(
    name: str, known: Mapping[str, EntityRecord], labels: Mapping[str, list[str]]
) -> list[str]:
    """Record ids an override name stands for (sorted; empty when nothing matches)."""
    if is_entity_id(name):
        return [name] if name in known else []
    return sorted(labels.get(ids.key(ids.normalise_name(name)), []))
