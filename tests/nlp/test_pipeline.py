"""Finding and loading the spaCy pipeline: never downloads, clear errors."""

from __future__ import annotations

import pytest
from spacy.language import Language

from reportgraph.errors import ModelError
from reportgraph.nlp.pipeline import DEFAULT_MODEL, installed_pipelines, load_pipeline
from reportgraph.nlp.sentences import COMPONENT


def test_default_pipeline_is_listed_as_installed() -> None:
    assert DEFAULT_MODEL in installed_pipelines()


def test_unknown_pipeline_names_what_is_installed() -> None:
    with pytest.raises(ModelError) as info:
        load_pipeline("xx_no_such_pipeline_zz")
    err = info.value
    assert err.code == "RG201"
    assert "xx_no_such_pipeline_zz" in err.cause
    assert DEFAULT_MODEL in err.cause
    assert "--model" in err.fix


def test_a_python_package_that_is_no_pipeline_is_refused() -> None:
    with pytest.raises(ModelError) as info:
        load_pipeline("json")
    assert info.value.code == "RG201"


def test_loaded_pipeline_marks_paragraphs_before_parsing(nlp: Language) -> None:
    names = nlp.pipe_names
    assert names.index(COMPONENT) < names.index("parser")
    doc = nlp("Shelling hit Kherson overnight\n\nofficials said the port was calm.")
    starts = [s.start_char for s in doc.sents]
    assert doc.text.index("officials") in starts
