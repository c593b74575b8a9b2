"""Files -> Documents: find the article files, read and decode them, report what failed.

Error codes (InputError): RG101 path does not exist, RG102 unreadable, RG103 unsupported suffix,
RG104 binary, RG105 empty or whitespace only, RG106 too large (bytes), RG112 too long
(characters, see :mod:`reportgraph.size_limits`), RG114 HTML nested deeper than
:data:`~reportgraph.ingest.html.MAX_DEPTH` elements. Per-line JSONL problems never raise; they
become Failures: RG107 a line that is not a JSON object, RG108 a record without a usable
``"text"`` (or with a metadata field that is not a string), RG105 a record whose text is blank,
RG112 a record whose text is too long.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from reportgraph.errors import InputError
from reportgraph.ingest.decoding import decode_bytes
from reportgraph.ingest.document import normalise_newlines, read_text
from reportgraph.ingest.html import MAX_DEPTH, TooDeepError, extract_html
from reportgraph.models import Document, Failure, SourceFormat
from reportgraph.size_limits import DEFAULT_MAX_CHARS

SUPPORTED_SUFFIXES: dict[str, SourceFormat] = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
}
_META_FIELDS = ("url", "title", "publisher", "date")
_DEFAULT_MAX_BYTES = 64 * 1024 * 1024


def _missing(path: Path) -> InputError:
    return InputError(f"{path} does not exist.", "Check the path and try again.", code="RG101")


def _unsupported(path: Path) -> InputError:
    known = " ".join(sorted(SUPPORTED_SUFFIXES))
    return InputError(
        f"{path} has an unsupported suffix {path.suffix!r}.",
        f"Convert it to one of: {known}.",
        code="RG103",
    )


def _walk(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith(".") and Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                yield Path(dirpath) / name


def discover(paths: Sequence[str | Path]) -> list[Path]:
    """The article files named by ``paths``; directories are walked recursively.

    Order is deterministic: inputs in the order given, each directory's files sorted by their
    path parts. Hidden files and directories are skipped in walks (not when named explicitly);
    a file found twice is listed once. Raises InputError RG101 for a missing path and RG103 for
    an explicitly named file with an unsupported suffix.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            batch = sorted(_walk(path), key=lambda p: p.parts)
        elif path.exists():
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                raise _unsupported(path)
            batch = [path]
        else:
            raise _missing(path)
        for file in batch:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                found.append(file)
    return found


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{path} is {size} bytes, over the limit of {max_bytes}.",
                "Split the file, or raise max_bytes.",
                code="RG106",
            )
        return path.read_bytes()
    except FileNotFoundError as err:
        raise _missing(path) from err
    except OSError as err:  # permission denied, a directory, an I/O error
        raise InputError(
            f"{path} cannot be read ({err.strerror or err}).",
            "Check the file's permissions.",
            code="RG102",
        ) from err


def _empty(path: Path) -> InputError:
    return InputError(
        f"{path} has no text (empty or whitespace only).",
        "Remove the file or give it the article's text.",
        code="RG105",
    )


_JSONL_FIX = (
    'Make each line one JSON object with a "text" string (url, title, publisher, date: '
    "optional strings)."
)


def _record(
    path: Path, number: int, line: str, note: str | None, max_chars: int
) -> Document | Failure:
    where = str(path)
    try:
        record: Any = json.loads(line)
    except json.JSONDecodeError as err:
        return Failure(
            path=where, line=number, code="RG107", message=f"invalid JSON: {err}", fix=_JSONL_FIX
        )
    if not isinstance(record, dict):
        return Failure(
            path=where, line=number, code="RG107", message="not a JSON object", fix=_JSONL_FIX
        )
    text = record.get("text")
    if not isinstance(text, str):
        return Failure(
            path=where,
            line=number,
            code="RG108",
            message='no "text" string in the record',
            fix=_JSONL_FIX,
        )
    meta: dict[str, str | None] = {}
    for field in _META_FIELDS:
        value = record.get(field)
        if value is not None and not isinstance(value, str):
            return Failure(
                path=where,
                line=number,
                code="RG108",
                message=f'"{field}" is not a string',
                fix=_JSONL_FIX,
            )
        meta[field] = value
    try:
        return read_text(
            text,
            path=f"{path}#L{number}",
            source_format="jsonl",
            decode_note=note,
            max_chars=max_chars,
            **meta,
        )
    except InputError as err:
        return Failure(path=where, line=number, code=err.code, message=err.cause, fix=err.fix)


def _read_jsonl(
    path: Path, text: str, note: str | None, max_chars: int
) -> tuple[list[Document], list[Failure]]:
    docs: list[Document] = []
    failures: list[Failure] = []
    # split on \n only: JSON strings may not hold raw newlines, other separators are data
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        result = _record(path, number, line, note, max_chars)
        if isinstance(result, Document):
            docs.append(result)
        else:
            failures.append(result)
    return docs, failures


def read_file(
    path: Path, *, max_bytes: int = _DEFAULT_MAX_BYTES, max_chars: int = DEFAULT_MAX_CHARS
) -> tuple[list[Document], list[Failure]]:
    """Read one file: one Document (txt, md, html) or one per valid JSONL line.

    Raises InputError for whole-file problems (RG101-RG106, RG112, see the module docstring);
    malformed JSONL lines are returned as Failures with their 1-based line number.
    """
    path = Path(path)
    fmt = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise _unsupported(path)
    data = _read_bytes(path, max_bytes)
    if not data.strip():
        raise _empty(path)
    text, note = decode_bytes(data, path=str(path), html=fmt == "html")
    text = normalise_newlines(text)
    if not text.strip():
        raise _empty(path)
    if fmt == "jsonl":
        return _read_jsonl(path, text, note, max_chars)
    if fmt == "html":
        try:
            page = extract_html(text)
        except TooDeepError as err:
            raise InputError(
                f"{path} nests its HTML elements more than {MAX_DEPTH:,} deep; the HTML "
                "parser drops what lies deeper, so its text would not be whole.",
                "Save the article's text as a .txt file, or flatten its markup.",
                code="RG114",
            ) from err
        if not page.text.strip():
            raise _empty(path)
        doc = read_text(
            page.text,
            path=str(path),
            source_format="html",
            title=page.title,
            publisher=page.publisher,
            url=page.url,
            date=page.date,
            decode_note=note,
            max_chars=max_chars,
        )
        return [doc], []
    doc = read_text(text, path=str(path), source_format=fmt, decode_note=note, max_chars=max_chars)
    return [doc], []


def _failure(err: InputError, path: str | Path) -> Failure:
    return Failure(path=str(path), line=None, code=err.code, message=err.cause, fix=err.fix)


def input_failures(paths: Sequence[str | Path]) -> list[Failure]:
    """The failures of the input paths themselves: missing (RG101) or of an unsupported kind
    (RG103). Nothing is read; a caller can tell that no input exists before it opens a store."""
    out: list[Failure] = []
    for given in paths:
        try:
            discover([given])
        except InputError as err:
            out.append(_failure(err, given))
    return out


def iter_read(
    paths: Sequence[str | Path], *, max_chars: int = DEFAULT_MAX_CHARS
) -> Iterator[Document | Failure]:
    """Discover and read every file, one at a time: documents and failures in input order.

    Problems become Failures, so a batch never aborts: a missing or unsupported input
    path, an unreadable file, a malformed JSONL line, a document longer than ``max_chars``
    characters (RG112). Documents with the same id (same text) are yielded once, the first
    one read. Only one file's documents are held at a time.
    """
    seen: set[str] = set()
    for given in paths:
        try:
            files = discover([given])
        except InputError as err:
            yield _failure(err, given)
            continue
        for file in files:
            try:
                file_docs, file_failures = read_file(file, max_chars=max_chars)
            except InputError as err:
                yield _failure(err, file)
                continue
            yield from file_failures
            for doc in file_docs:
                if doc.id not in seen:
                    seen.add(doc.id)
                    yield doc


def read_all(
    paths: Sequence[str | Path], *, max_chars: int = DEFAULT_MAX_CHARS
) -> tuple[list[Document], list[Failure]]:
    """Every document and failure of :func:`iter_read`, as two lists."""
    docs: list[Document] = []
    failures: list[Failure] = []
    for item in iter_read(paths, max_chars=max_chars):
        if isinstance(item, Failure):
            failures.append(item)
        else:
            docs.append(item)
    return docs, failures
