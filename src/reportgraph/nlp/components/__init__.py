"""Pipeline components that stand in for spaCy's own, with the same annotations.

Takes a loaded spaCy ``Language``; gives it back with spaCy's attribute ruler replaced by the
compiled one of :mod:`.attribute_rules` when it can be reproduced exactly. Nothing here
extracts.
"""
