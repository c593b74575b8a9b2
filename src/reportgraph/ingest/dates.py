"""The publication date of an article: from metadata, or as written at the top of the text.

Only *absolute* dates with a day, a month and a year are accepted, so the result never depends on
today's date: "yesterday", "March 8" (no year) and numeric "08/03/2025" (day/month order unknown)
are ignored. Dates are found with one regular expression (:data:`DATE_PATTERN`) and parsed with
dateparser restricted to absolute formats.

A date counts as the publication date when it is written near the top (the first few non-empty
lines, stopping after the first long paragraph) in one of these shapes:

* labelled: ``date 2025-03-08``, ``Published: 8 March 2025``,
  ``By A. Writer | Posted March 8, 2025``
  (labels are listed in ``data/ingest_date_labels.txt``; revision labels such as "Updated" in
  ``data/ingest_update_labels.txt`` are used only when no publication label is found);
* a short line that starts with the date: ``March 8, 2025 | 10:42``, ``Saturday 8 March 2025``;
* a byline: ``By Jane Roe, March 8, 2025``;
* a dateline: ``KYIV, March 8, 2025 (Agency) -``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import dateparser

from reportgraph.data_files import data_file

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = (
    r"(?:Mon(?:day)?|Tue(?:s(?:day)?)?|Wed(?:nesday)?|Thu(?:r(?:s(?:day)?)?)?|Fri(?:day)?"
    r"|Sat(?:urday)?|Sun(?:day)?)\.?,?[ \t]+"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]|2[01])\d{2}"
_ISO = (
    r"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
    r"(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_YMD = r"\d{4}/(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])"
_DMY = rf"{_DAY}[ \t]+(?:of[ \t]+)?{_MONTH},?[ \t]+{_YEAR}"
_MDY = rf"{_MONTH}[ \t]+{_DAY},?[ \t]+{_YEAR}"

#: An absolute date with day, month and year (optionally after a weekday), as a regex string.
DATE_PATTERN = rf"(?<![\w/-])(?:{_WEEKDAY})?(?:{_ISO}|{_YMD}|{_DMY}|{_MDY})(?![\w/])"
DATE_RE = re.compile(DATE_PATTERN, re.IGNORECASE)

_SETTINGS: dict[str, Any] = {
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
}
_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])")

_TOP_LINES = 6  # non-empty lines examined at the top of a text
_LONG_LINE = 200  # a line this long is body text: nothing below it is "the top"
_SHORT_LINE = 80  # a line starting with a date must be this short (a date/time line)
_BYLINE_LINE = 160


@dataclass(frozen=True)
class FoundDate:
    """A date written in a text: the parsed date, the text as written and its offsets."""

    date: dt.date
    text: str
    start: int
    end: int


def parse_date(value: str) -> dt.date | None:
    """An absolute date from ``value`` (ISO, "8 March 2025", RFC 2822 ...), else None.

    An ISO date keeps the calendar date as written, whatever the time zone that follows it.
    """
    iso = _ISO_DATE.match(value)
    if iso:
        try:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            return None
    parsed = dateparser.parse(value.strip(), languages=["en"], settings=_SETTINGS)
    return parsed.date() if parsed is not None else None


@cache
def _labels(name: str) -> tuple[str, ...]:
    lines = data_file(name).read_text(encoding="utf-8").splitlines()
    labels = [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    return tuple(sorted(labels, key=len, reverse=True))  # longest first: "last updated"


@cache
def _label_re(name: str) -> re.Pattern[str]:
    alternatives = "|".join(r"[ \t]+".join(map(re.escape, lb.split())) for lb in _labels(name))
    return re.compile(
        rf"(?<!\w)(?:{alternatives})(?!\w)[ \t]*[:|\-–—]?[ \t]*"
        rf"(?:on[ \t]+)?(?P<date>{DATE_PATTERN})",
        re.IGNORECASE,
    )


_START_RE = re.compile(rf"^[ \t*_#>|•·\[(-]*(?P<date>{DATE_PATTERN})", re.IGNORECASE)
_BYLINE_RE = re.compile(rf"^[ \t*_]*By[ \t]+\S.*?(?P<date>{DATE_PATTERN})")
_DATELINE_RE = re.compile(
    r"^[ \t]*[A-Z][A-Z.'’ -]{1,40}(?:,[ \t]*[A-Z][\w.'’ -]{1,30})?,[ \t]+"
    rf"(?P<date>{DATE_PATTERN})"
    r"[ \t]*(?:\([^)\n]{1,40}\))?[ \t]*[—–-]"
)


def _top_lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) for the first non-empty lines, up to and including the first long one."""
    out: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, line))
            if len(out) >= _TOP_LINES or len(line.strip()) > _LONG_LINE:
                break
        pos += len(line) + 1
    return out


def _found(match: re.Match[str], offset: int) -> FoundDate | None:
    written = match["date"]
    parsed = parse_date(written)
    if parsed is None:
        return None
    return FoundDate(parsed, written, offset + match.start("date"), offset + match.end("date"))


def _labelled(lines: list[tuple[int, str]], labels: str) -> FoundDate | None:
    pattern = _label_re(labels)
    for offset, line in lines:
        for match in pattern.finditer(line):
            at_start = not line[: match.start()].strip(" \t*_#>|•·-")
            if at_start or len(line.strip()) <= _BYLINE_LINE:
                found = _found(match, offset)
                if found is not None:
                    return found
    return None


def _unlabelled(offset: int, line: str) -> FoundDate | None:
    stripped = line.strip()
    match = _START_RE.match(line)
    if match and len(stripped) <= _SHORT_LINE:
        return _found(match, offset)
    match = _BYLINE_RE.match(line)
    if match and len(stripped) <= _BYLINE_LINE:
        return _found(match, offset)
    match = _DATELINE_RE.match(line)
    return _found(match, offset) if match else None


def find_top_date(text: str) -> FoundDate | None:
    """The publication date written at the top of ``text`` (see the module docstring), or None."""
    lines = _top_lines(text)
    found = _labelled(lines, "ingest_date_labels.txt")
    if found is not None:
        return found
    for offset, line in lines:
        found = _unlabelled(offset, line)
        if found is not None:
            return found
    return _labelled(lines, "ingest_update_labels.txt")
