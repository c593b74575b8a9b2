"""Regular expressions for English time expressions (general calendar English, no names).

Month and weekday names must be capitalised ("March 6", not "march on"); the function words
around them are matched in any case. Each pattern matches a whole expression, with its leading
preposition ("on Thursday", "since Monday", "over the past three days") when there is one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
MONTH_ABBREVIATIONS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

_WD = r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = (
    r"(?-i:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))"
_NUM = (
    r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty|forty|fifty|sixty|a\s+few|few|several|a\s+couple\s+of)"
)
_UNIT = r"(?:hours?|days?|nights?|weeks?|months?|years?)"
_PERIOD = r"(?:early|mid|late)[\s-]+"

_PREP_WORDS = r"on|in|since|from|until|till|by|during|over|throughout|at|before|after|as\s+of"
_PREP = rf"(?:(?:{_PREP_WORDS})\s+)"
_PREP_NEEDED = r"(?:(?:in|since|from|until|till|by|during|throughout|before|after)\s+)"

MONTH_DAY = rf"(?:{_PERIOD})?{_MONTH}\s+{_DAY}(?:\s*[-–]\s*{_DAY})?(?:,?\s+{_YEAR})?"
DAY_MONTH = rf"(?:the\s+)?{_DAY}(?:\s*[-–]\s*{_DAY})?\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?"
MONTH_YEAR = rf"(?:{_PERIOD})?{_MONTH},?\s+{_YEAR}"
MONTH_ALONE = rf"(?:{_PERIOD})?{_MONTH}"
YEAR = rf"(?:{_PERIOD})?{_YEAR}"
ISO_DATE = r"\d{4}-\d{2}-\d{2}"
WEEKDAY_GROUP = (
    rf"(?:(?:last|this|past|early|late)\s+)?{_WD}{_PART}?"
    rf"(?:(?:\s*,\s*(?:and\s+)?|\s+(?:and|or|to|through|into)\s+){_WD}{_PART}?)*"
    rf"(?:,?\s+(?:{MONTH_DAY}|{DAY_MONTH}))?"
)
RELATIVE_UNIT = (
    r"(?:(?:earlier|later)\s+)?(?:this|last|past|previous|next|the\s+(?:past|last|previous))\s+"
    r"(?:week|weekend|month|year|fortnight)|the\s+weekend"
)
PAST_N = rf"(?:the\s+)?(?:past|last|previous)\s+{_NUM}\s+{_UNIT}"
AGO = rf"{_NUM}\s+{_UNIT}\s+ago"
DAY_WORD = (
    r"today|yesterday|tonight|overnight|last\s+night|this\s+(?:morning|afternoon|evening)|"
    r"the\s+day\s+before\s+yesterday"
)

_MONTH_WORDS = (
    *(m.capitalize() for m in MONTHS),
    *(m.capitalize() for m in MONTH_ABBREVIATIONS),
)
_WEEKDAY_WORDS = tuple(d.capitalize() for d in WEEKDAYS)
_UNIT_WORDS = ("hour", "day", "night", "week", "month", "year")


@dataclass(frozen=True)
class Key:
    """Words one of which every match of a finder contains (a plain substring test, much
    cheaper than the finder): a sentence without any of them is not scanned."""

    words: tuple[str, ...]
    folded: bool  # compare with the lowercased sentence

    def found_in(self, text: str, lowered: str) -> bool:
        within = lowered if self.folded else text
        return any(word in within for word in self.words)


_MONTH_KEY = Key(_MONTH_WORDS, folded=False)
_UNIT_KEY = Key(_UNIT_WORDS, folded=True)
_CORES: tuple[tuple[str, Key], ...] = (
    (ISO_DATE, Key(("-",), folded=False)),
    (WEEKDAY_GROUP, Key(_WEEKDAY_WORDS, folded=False)),
    (MONTH_DAY, _MONTH_KEY),
    (DAY_MONTH, _MONTH_KEY),
    (MONTH_YEAR, _MONTH_KEY),
    (RELATIVE_UNIT, Key(("week", "month", "year", "fortnight"), folded=True)),
    (PAST_N, _UNIT_KEY),
    (AGO, _UNIT_KEY),
    (
        DAY_WORD,
        Key(
            (
                "today",
                "yesterday",
                "tonight",
                "overnight",
                "night",
                "morning",
                "afternoon",
                "evening",
            ),
            folded=True,
        ),
    ),
)


def _compile(body: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


# Patterns that find expressions in running text (a bare month or year needs a preposition),
# each with its key.
FINDERS: tuple[tuple[re.Pattern[str], Key], ...] = (
    *((_compile(rf"{_PREP}?(?:{core})"), key) for core, key in _CORES),
    (
        _compile(rf"{_PREP_NEEDED}(?:{MONTH_ALONE}|{YEAR})|{_PERIOD}{_MONTH}"),
        Key((*_MONTH_WORDS, "19", "20"), folded=False),
    ),
)


def full(body: str) -> re.Pattern[str]:
    """A pattern matching exactly ``body`` (case-insensitive function words)."""
    return re.compile(rf"(?:{body})", re.IGNORECASE)


FULL_WEEKDAYS = full(WEEKDAY_GROUP)
FULL_MONTH_DAY = full(MONTH_DAY)
FULL_DAY_MONTH = full(DAY_MONTH)
FULL_MONTH_YEAR = full(MONTH_YEAR)
FULL_MONTH_ALONE = full(MONTH_ALONE)
FULL_YEAR = full(YEAR)
FULL_ISO = full(ISO_DATE)
FULL_RELATIVE_UNIT = full(RELATIVE_UNIT)
FULL_PAST_N = full(PAST_N)
FULL_AGO = full(AGO)
FULL_DAY_WORD = full(DAY_WORD)
WEEKDAY_NAME = re.compile(_WD, re.IGNORECASE)
MONTH_NAME = re.compile(_MONTH, re.IGNORECASE)
DAY_NUMBER = re.compile(r"(?<![\d])(3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d)")
YEAR_NUMBER = re.compile(_YEAR)
PERIOD_WORD = re.compile(r"^(early|mid|late)[\s-]+", re.IGNORECASE)
LEADING_PREP = re.compile(rf"^({_PREP_WORDS})\s+", re.IGNORECASE)
