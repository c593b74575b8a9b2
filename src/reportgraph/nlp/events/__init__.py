"""Events and relations: who did what to whom, where and when.

Takes a sentence's parse and the type of each token's mention; gives event frames with trigger,
typed participants, places and time (:mod:`.finder`, with the event types of :mod:`.lexicon`),
and relation frames between entities (:mod:`.relations`).
"""
