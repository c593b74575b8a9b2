"""Cross-document entity resolution: clusters of entity ids that name one thing (pure stage).

``resolve(records, overrides)`` takes one :class:`EntityRecord` per entity id of the store and
returns a :class:`Resolution` (canonical id of every id, labels, links, the merges made with their
reason and evidence, and the pairs kept apart). See :mod:`reportgraph.resolve.cluster` for the
rules, :mod:`reportgraph.resolve.keys` for name keys and :mod:`reportgraph.resolve.overrides` for
the overrides file.
"""

from __future__ import annotations

from reportgraph.resolve.cluster import TRANSLITERATION_THRESHOLD, resolve
from reportgraph.resolve.model import EntityRecord, Merge, Override, Overrides, Resolution
from reportgraph.resolve.overrides import load_overrides, parse_overrides

__all__ = [
    "TRANSLITERATION_THRESHOLD",
    "EntityRecord",
    "Merge",
    "Override",
    "Overrides",
    "Resolution",
    "load_overrides",
    "parse_overrides",
    "resolve",
]
