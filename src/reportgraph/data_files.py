"""Locate the data shipped with the project (ontology/, queries/, lexicons)."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def project_dir(name: str) -> Path:
    """``ontology`` or ``queries``: inside an installed wheel, or the checkout's top level."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"reportgraph data folder {name!r} not found")


def data_file(name: str) -> Path:
    """A data file kept inside the package (lexicons and the like) under ``reportgraph/data``."""
    return _PACKAGE / "data" / name
