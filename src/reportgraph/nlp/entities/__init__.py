"""Entities of one document.

Takes the spaCy Doc and the document's sentences; gives typed, cleaned mentions
(:mod:`.mentions`), typing fixes and missed names (:mod:`.retyping`, with the cue words of
:mod:`.typing_lexicon`), acronyms and aliases defined in the text (:mod:`.aliases`), the
mentions merged into entities (:mod:`.merging`) and their entity-level facts: corrected type,
subtype and place link (:mod:`.facts`).
"""
