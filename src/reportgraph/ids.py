"""Deterministic identifiers: the same inputs always build the same graph.

Ids are short strings; ``rdf.mapping`` turns them into IRIs under :data:`DATA_BASE`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from anyascii import anyascii

from reportgraph.models import EntityType

ONTOLOGY_BASE = "https://w3id.org/reportgraph/ontology#"
DATA_BASE = "https://w3id.org/reportgraph/id/"

_NON_KEY = re.compile(r"[^a-z0-9]+")
_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_SPACE = re.compile(r"\s+")


def digest(*parts: object, length: int = 16) -> str:
    """A stable hex digest of ``parts`` (joined with a separator that cannot occur in text)."""
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:length]


def document_id(text: str) -> str:
    """Documents are identified by their content: re-reading the same text gives the same id."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def normalise_name(name: str) -> str:
    """The surface form used to merge mentions of one name: case, spacing, 'the', possessive."""
    text = unicodedata.normalize("NFKC", name).strip()
    text = _SPACE.sub(" ", text)
    text = _LEADING_ARTICLE.sub("", text)
    text = _POSSESSIVE.sub("", text)
    return text.strip(" \t\n.,;:!?\"'“”‘’()[]").casefold()


def key(text: str) -> str:
    """A readable ASCII key for an IRI path segment (falls back to a digest for non-Latin text)."""
    slug = _NON_KEY.sub("-", anyascii(text).lower()).strip("-")
    if not slug:
        return "x" + digest(text, length=12)
    if len(slug) > 80:
        return slug[:60].rstrip("-") + "-" + digest(text, length=12)
    return slug


def entity_id(type_: EntityType, name: str) -> str:
    """Entity id from its type and normalised name: identical names of one type merge."""
    return f"{type_.lower()}/{key(normalise_name(name))}"


def source_id(kind: str, label: str) -> str:
    return f"{kind}/{key(normalise_name(label) or label)}"


def publication_source_id(publisher: str | None, doc_id: str) -> str:
    """The publication as a source: by publisher name when known, else by document."""
    if publisher:
        return source_id("publication", publisher)
    return f"publication/doc-{doc_id}"


def mention_id(doc_id: str, start: int, end: int) -> str:
    return f"doc/{doc_id}/m/{start}-{end}"


def segment_id(doc_id: str, start: int, end: int) -> str:
    return f"doc/{doc_id}/seg/{start}-{end}"


def claim_id(doc_id: str, kind: str, predicate: str, *parts: object) -> str:
    """Claim ids depend on the document, what is claimed and where: stable across rebuilds."""
    return "c" + digest(doc_id, kind, predicate, *parts, length=20)
