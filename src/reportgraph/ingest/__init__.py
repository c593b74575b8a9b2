"""Ingest: article files (txt, md, html, jsonl) -> Documents with metadata and segments.

discover(paths) -> files to read          read_file(path) -> (documents, line failures)
read_text(text, path=...) -> Document     read_all(paths) -> (documents, failures)
iter_read(paths) -> documents and failures, one file at a time (what a build uses)
"""

from reportgraph.ingest.document import read_text
from reportgraph.ingest.readers import (
    SUPPORTED_SUFFIXES,
    discover,
    iter_read,
    read_all,
    read_file,
)

__all__ = [
    "SUPPORTED_SUFFIXES",
    "discover",
    "iter_read",
    "read_all",
    "read_file",
    "read_text",
]
