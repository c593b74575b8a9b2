"""Pipeline components that stand in for spaCy's own, with the same annotations.

Takes a loaded spaCy ``Language``; gives it back with faster components in place of some of
spaCy's (:mod:`.attribute_rules`), put there by :mod:`.replace`. Nothing here extracts.
"""
