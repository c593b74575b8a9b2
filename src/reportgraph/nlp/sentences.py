"""Sentence bounds that never cross a paragraph or a segment.

Scraped text keeps paragraphs apart with line breaks, and spaCy's parser happily joins a heading or
a caption to the next paragraph. Two rules, both from the text itself:

* a blank line (two or more line breaks) always starts a new sentence;
* a single line break starts one too, unless the text looks hard-wrapped: when at least
  :data:`WRAPPED_SHARE` of its single line breaks are followed by a lowercase letter, lines are
  wrapped prose and single breaks are left to the parser.

:func:`mark_paragraph_breaks` (the ``rg_paragraph_breaks`` component, placed before the parser)
makes the parse respect these bounds; :func:`split_sentences` applies them again, with segment
bounds, so evidence is right even for a Doc made by a pipeline without the component.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from dataclasses import dataclass

from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

from reportgraph.models import Document

COMPONENT = "rg_paragraph_breaks"
WRAPPED_SHARE = 0.3
_LINE_BREAK = re.compile(r"\n\s*")


@dataclass(frozen=True)
class Sentence:
    """A sentence of the document: character bounds (whitespace trimmed) and its token range."""

    start: int
    end: int
    text: str
    first_token: int  # index of its first token in the spaCy Doc
    end_token: int  # one past its last token


def paragraph_breaks(text: str) -> list[int]:
    """Offsets (sorted) of the first character after each paragraph break of ``text``."""
    blank: list[int] = []
    single: list[int] = []
    lowercase = 0
    for match in _LINE_BREAK.finditer(text):
        after = match.end()
        if after >= len(text):
            continue
        if match.group().count("\n") >= 2:
            blank.append(after)
        else:
            single.append(after)
            lowercase += text[after].islower()
    if single and lowercase / len(single) >= WRAPPED_SHARE:
        return blank
    return sorted(blank + single)


@Language.component(COMPONENT)
def mark_paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence at every paragraph break (see :func:`paragraph_breaks`)."""
    idx = doc.to_array(IDX).tolist() if len(doc) else []
    for brk in paragraph_breaks(doc.text):
        i = bisect_left(idx, brk)
        if 0 < i < len(idx) and idx[i] == brk:
            doc[i].is_sent_start = True
    return doc


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(document: Document, doc: Doc) -> tuple[list[Sentence], list[int]]:
    """Sentences of ``doc`` cut at paragraph and segment bounds, and each token's sentence index.

    Tokens that are only whitespace between sentences get index -1.
    """
    text = document.text
    idx = doc.to_array(IDX).tolist() if len(doc) else []  # each token's first character
    cuts = {0, len(text), *paragraph_breaks(text)}
    if doc.has_annotation("SENT_START"):
        cuts.update(idx[sent.start] for sent in doc.sents)
    for seg in document.segments:
        cuts.update((seg.start, seg.end))
    bounds = sorted(c for c in cuts if 0 <= c <= len(text))
    spans = [_trim(text, a, b) for a, b in itertools.pairwise(bounds)]
    spans = [(a, b) for a, b in spans if a < b]

    token_sentence = [-1] * len(doc)
    sentences: list[Sentence] = []
    for k, (a, b) in enumerate(spans):
        # the tokens that start inside the sentence (token starts are sorted)
        first, end = bisect_left(idx, a), bisect_left(idx, b)
        if first < end:
            token_sentence[first:end] = [k] * (end - first)
        else:
            first = end = 0
        sentences.append(Sentence(a, b, text[a:b], first, end))
    return sentences, token_sentence
