"""Reporting cues of a sentence (``nlp/attribution/cues.py``)."""

from __future__ import annotations

from spacy.language import Language

from reportgraph.nlp.attribution.cues import _may_start_frame, sentence_cues
from reportgraph.nlp.lexicons import Lexicons

TEXT = (
    "According to the Red Cross, 12 people were killed near Goma on Monday. "
    "The governor reportedly told Reuters that the toll would rise. "
    "Local officials put the toll at 30, but reports of more deaths could not be verified. "
    '"We buried them ourselves," a farmer said. Per the army, the town is calm.'
)


def test_frame_starts_hold_every_frame_and_skip_plain_words(
    nlp: Language, lexicons: Lexicons
) -> None:
    doc = nlp(TEXT)
    lex = lexicons.cues
    starts = {t.i for t in doc if _may_start_frame(t, lex)}
    frames = sentence_cues(doc, 0, len(doc), lex).frames
    assert {f.text for f in frames} >= {"according to", "reportedly", "told", "said", "per"}
    assert {f.cue for f in frames} <= starts
    plain = {t.i for t in doc if t.lower_ in ("people", "goma", "monday", "town", "calm")}
    assert not plain & starts
