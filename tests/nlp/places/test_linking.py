"""Place linking helpers (``nlp/places/linking.py``)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from reportgraph.nlp.places.linking import mentions_any

_TEXT = st.text(alphabet=st.sampled_from(list("aAbBkKsSiI \n-.'’@#&/(ıİſKéΣσς")), max_size=40)


@given(_TEXT, st.sets(st.text(alphabet="abkKsiS -", min_size=1, max_size=4), max_size=4))
@settings(max_examples=300, deadline=None)
def test_mentions_any_is_the_ignorecase_search(context: str, words: set[str]) -> None:
    mentions_any.cache_clear()
    expected = any(re.search(re.escape(w), context, re.IGNORECASE) for w in words)
    assert mentions_any(context, frozenset(words)) == expected
