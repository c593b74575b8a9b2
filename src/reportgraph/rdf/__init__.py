"""The RDF store and everything that knows its layout: the vocabulary (:mod:`.vocab`), models
to N-Quads (:mod:`.mapping`, :mod:`.nquads`), the store itself with its snapshots for readers
(:mod:`.store`, :mod:`.snapshot`), the resolution graph (:mod:`.resolution`), and the reads that
turn query results into rows (:mod:`.row_reads`, :mod:`.entity_index`, :mod:`.store_summary`,
:mod:`.provenance_spans`) or a JSON-LD export (:mod:`.jsonld`).
"""
