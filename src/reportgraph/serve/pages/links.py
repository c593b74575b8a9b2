"""The explorer's URLs: an entity's and a claim's page, made only from identifiers that match
a strict pattern, so nothing taken from an article becomes a URL.

Entity ids are what ``ids.entity_id`` makes (``place/x``, ``group/descriptor/<doc>/x``:
lowercase ASCII, digits, ``-`` and ``/``); claim ids are ``c`` and 20 hex digits. A value of
another shape gets no link (``None``) and is shown as text.
"""

from __future__ import annotations

import re
import urllib.parse

from reportgraph.ids import DATA_BASE

ENTITY_BASE = DATA_BASE + "entity/"
CLAIM_BASE = DATA_BASE + "claim/"
ENTITY_ID = re.compile(r"[a-z]+(?:/[a-z0-9-]+)+")
CLAIM_ID = re.compile(r"c[0-9a-f]{20}")

ENTITY_PAGE = "/-/entity/"
CLAIM_PAGE = "/-/claim/"
LEDGER_PAGE = "/-/ledger"
MAP_PAGE = "/-/map"
NETWORK_PAGE = "/-/network/"


def network_url(value: str) -> str | None:
    """The network neighbourhood page of an entity IRI or id; None for anything else."""
    local = entity_id(value)
    return None if local is None else NETWORK_PAGE + urllib.parse.quote(local, safe="/")


def entity_id(value: str) -> str | None:
    """The entity id of an entity IRI or id, or None when ``value`` is neither."""
    local = value.removeprefix(ENTITY_BASE)
    return local if ENTITY_ID.fullmatch(local) else None


def entity_iri(entity: str) -> str:
    """The IRI of an entity id (see :func:`entity_id`)."""
    return ENTITY_BASE + entity


def claim_id(value: str) -> str | None:
    """The claim id of a claim IRI or id, or None when ``value`` is neither."""
    local = value.removeprefix(CLAIM_BASE)
    return local if CLAIM_ID.fullmatch(local) else None


def entity_url(value: str) -> str | None:
    """The entity page of an entity IRI or id; None for anything else."""
    local = entity_id(value)
    return None if local is None else ENTITY_PAGE + urllib.parse.quote(local, safe="/")


def claim_url(value: str) -> str | None:
    """The claim page of a claim IRI or id; None for anything else."""
    local = claim_id(value)
    return None if local is None else CLAIM_PAGE + local


def query(path: str, **params: object) -> str:
    """``path`` with the parameters that are not None as its query string."""
    kept = {k: str(v) for k, v in params.items() if v is not None and v != ""}
    return path + ("?" + urllib.parse.urlencode(kept) if kept else "")
