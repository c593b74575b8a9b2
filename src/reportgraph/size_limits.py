"""Document size limits, checked before any costly stage sees a text.

spaCy refuses texts longer than ``nlp.max_length`` (1,000,000 characters by default) with error
E088 deep inside its pipeline, and ingest's segmentation slows down on huge texts, so an article
longer than :data:`DEFAULT_MAX_CHARS` characters is refused up front with InputError RG112 (one
failure for that document; the batch goes on). Raise the limit with ``reportgraph build
--max-chars N`` or ``ReportGraph.build(max_chars=N)``: extraction then lifts the pipeline's own
limit to match (spaCy needs roughly 1 GB of memory per 1,000,000 characters with its parser and
entity recognizer). The byte limit of ingest (RG106, 64 MiB) stays in front of this one.
"""

from __future__ import annotations

from reportgraph.errors import InputError

DEFAULT_MAX_CHARS = 1_000_000


def too_long(path: str, length: int, max_chars: int) -> InputError:
    """The RG112 error for a text of ``length`` characters over ``max_chars``."""
    return InputError(
        f"{path} has {length:,} characters, over the limit of {max_chars:,}.",
        "split the article or raise --max-chars",
        code="RG112",
    )


def check_length(text: str, *, path: str, max_chars: int = DEFAULT_MAX_CHARS) -> None:
    """Raise InputError RG112 when ``text`` is longer than ``max_chars`` characters."""
    if max_chars < 1:
        raise InputError(
            f"max_chars must be a positive number of characters, got {max_chars}.",
            "pass a positive --max-chars",
            code="RG113",
        )
    if len(text) > max_chars:
        raise too_long(path, len(text), max_chars)
