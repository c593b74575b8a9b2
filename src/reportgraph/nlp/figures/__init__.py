"""Reported figures: numbers that count something, with their qualifier, bounds and outcome.

Takes a sentence of the Doc; gives number expressions as written (:mod:`.numerals`), drops the
numbers that are not counts (:mod:`.non_counts`: years, ages, money...), and gives the figures
with what they count and the outcome (:mod:`.quantities`), all driven by the word lists of
:mod:`.lexicon`.
"""
