"""Ingest: article files (txt, md, html, jsonl) -> Documents with metadata and segments.

discover(paths) -> files to read          read_file(path) -> (documents, line failures)
read_text(text, path=...) -> Document     read_all(paths) -> (documents, failures)
iter_read(paths) -> documents and failures, one file at a time (what a build uses)
input_failures(paths) -> the failures of input paths that are missing or unsupported
"""

from reportgraph.ingest.document import read_text
from reportgraph.ingest.readers import (
    SUPPORTED_SUFFIXES,
    discover,
    input_failures,
    iter_read,
    read_all,
    read_file,
)

__all__ = [
    "SUPPORTED_SUFFIXES",
    "discover",
    "input_failures",
    "iter_read",
    "read_all",
    "read_file",
    "read_text",
]
