from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from reportgraph.models import Document
    from reportgraph.nlp.lexicons import Lexicons

# No test may fail on time (these machines are noisy): hypothesis's per-example deadline and its
# too-slow health check are both off for every property test.
settings.register_profile(
    "reportgraph", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("reportgraph")

TESTS = Path(__file__).resolve().parent  # helpers (factories, paths...) import from here
sys.path.insert(0, str(TESTS))

from paths import CORPUS  # noqa: E402  (importable once TESTS is on the path)


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir() or not any(CORPUS.glob("*.txt")):
        pytest.skip(f"sample corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session", autouse=True)
def _gazetteer_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """One gazetteer cache per test session (subprocesses inherit it), never the user's."""
    import os

    from reportgraph.nlp.places.gazetteer_cache import ENV

    os.environ[ENV] = str(tmp_path_factory.mktemp("gazetteer-cache"))


@pytest.fixture(scope="session")
def sample_store(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from the sample corpus, once per test session (its tests only read it)."""
    from reportgraph.api import ReportGraph

    store = tmp_path_factory.mktemp("sample-corpus") / "store"
    with ReportGraph(store) as graph:
        report = graph.build([corpus_dir])
    assert report.failures == [], report.failures
    return store


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The default spaCy pipeline, as the build loads it (one per test session: no test may
    change it)."""
    from reportgraph.nlp.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def lexicons() -> Lexicons:
    """The shipped lexicons and the gazetteer, as the build loads them (one per test session)."""
    from reportgraph.nlp.lexicons import load_lexicons

    return load_lexicons()


@pytest.fixture(scope="session")
def sample_docs(corpus_dir: Path, nlp: Language) -> list[tuple[Document, Doc]]:
    """The sample corpus as a build reads it (``reportgraph.ingest.read_all``), each document
    with its Doc parsed once by the session pipeline: (Document, Doc) pairs in file order.
    Skipped when the corpus is missing. Tests only read them (no stage changes a Doc)."""
    from reportgraph.ingest import read_all

    documents, failures = read_all([corpus_dir])
    assert failures == [], failures
    return [(document, nlp(document.text)) for document in documents]
