"""NLP extraction: a Document, its spaCy Doc and the lexicons in, a DocumentExtraction out.

The stages, in the order :func:`reportgraph.nlp.extract.extract` runs them:

1. :mod:`.pipeline` loads the spaCy pipeline (never downloads), with the components of
   :mod:`.components` in place of some of spaCy's; :mod:`.lexicons` loads every lexicon and the
   gazetteer as one value, passed to each stage as an argument.
2. :mod:`.sentences`: sentence bounds that never cross a paragraph or a segment.
3. :mod:`.entities`: mentions from NER, typing fixes and missed places (with :mod:`.places`),
   acronyms and aliases, mentions merged into entities, and each entity's facts.
4. :mod:`.events` (relations, then per sentence events), :mod:`.time` and :mod:`.figures` find
   frames (:mod:`.frames`): what a sentence reports, with token anchors.
5. :mod:`.attribution` says who reported each frame, through whom and how surely, and
   :mod:`.claims` turns frames into claims with their evidence.

Nothing from spaCy leaves this package: the result is pydantic models whose offsets index the
document's text.
"""
