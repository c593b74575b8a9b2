"""Text + metadata -> Document: the core every reader goes through."""

from __future__ import annotations

import re

from reportgraph import ids
from reportgraph.errors import InputError
from reportgraph.ingest.dates import find_top_date, parse_date
from reportgraph.ingest.segments import segment_text
from reportgraph.models import SURROGATE, Document, SourceFormat, replace_surrogates
from reportgraph.size_limits import DEFAULT_MAX_CHARS, check_length

_MD_TITLE = re.compile(r"\A\s*#[ \t]+(?P<title>[^\n]*?)[ \t#]*(?:\n|\Z)")


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and ``\\r`` -> ``\\n``; with :func:`replace_surrogates`, the only change ever
    made to a decoded text."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def markdown_title(text: str) -> str | None:
    """The title of a Markdown text that starts with a level-1 ``# Title`` heading."""
    match = _MD_TITLE.match(text)
    return match["title"].strip() or None if match else None


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(replace_surrogates(value).split())
    return value or None


def read_text(
    text: str,
    *,
    path: str,
    source_format: SourceFormat = "txt",
    title: str | None = None,
    publisher: str | None = None,
    url: str | None = None,
    date: str | None = None,
    decode_note: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Document:
    """A Document from decoded text and what is known about it.

    The id is the content hash of the text (after newline normalisation). The publication date
    is the metadata ``date`` when it parses, else a date written at the top of the text
    (:func:`reportgraph.ingest.dates.find_top_date`); ``published_text`` is that date as
    written. An unparseable metadata date with no date in the text is kept as
    ``published_text`` with ``published=None``. Raises InputError RG105 for an empty text and
    RG112 for a text longer than ``max_chars`` characters (see :mod:`reportgraph.size_limits`).
    """
    path = replace_surrogates(path)
    text = normalise_newlines(text)
    check_length(text, path=path, max_chars=max_chars)
    surrogates = len(SURROGATE.findall(text))
    if surrogates:
        text = replace_surrogates(text)
        note = f"{surrogates} lone surrogates replaced"
        decode_note = f"{decode_note}; {note}" if decode_note else note
    if not text.strip():
        raise InputError(
            f"{path} has no text (empty or whitespace only).",
            "Remove the file or give it the article's text.",
            code="RG105",
        )
    title = _clean(title)
    if title is None and source_format == "md":
        title = markdown_title(text)
    date = _clean(date)
    published = parse_date(date) if date else None
    published_text = date
    if published is None:
        found = find_top_date(text)
        if found is not None:
            published, published_text = found.date, found.text
    return Document(
        id=ids.document_id(text),
        path=path,
        text=text,
        source_format=source_format,
        title=title,
        publisher=_clean(publisher),
        url=_clean(url),
        published=published,
        published_text=published_text,
        decode_note=decode_note,
        segments=segment_text(text, title=title, source_format=source_format),
    )
