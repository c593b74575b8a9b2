"""Attribution: who a claim is attributed to, through whom, and how surely.

Takes a sentence's parse and the document's entities; gives the reporting cues of a sentence
(:mod:`.cues`), the source a speaker phrase names (:mod:`.speakers`), and, per claim anchor,
the source, its ``via`` chain, cue and certainty (:mod:`.attributor`).
"""
