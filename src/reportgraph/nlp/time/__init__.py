"""Time expressions: as written, and normalised against the publication date.

Takes a sentence of the Doc and the document's date; gives time frames (:mod:`.expressions`),
found with the calendar-English patterns of :mod:`.patterns`.
"""
