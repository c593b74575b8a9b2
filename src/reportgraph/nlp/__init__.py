"""NLP extraction: a Document and its spaCy Doc in, a DocumentExtraction out.

pipeline (load/list spaCy pipelines) -> sentences (paragraph-safe bounds) -> mentions (typed,
cleaned NER spans) -> entities (merged per document) -> relations (dependency frames) ->
attribution (who says it) -> extract (the stage's entry points).
"""
