"""Stores and servers for the tests of ``reportgraph serve``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.serve.server_process import Server, running_server, write_articles

from reportgraph.api import ReportGraph


def build_store(folder: Path, names: list[str]) -> Path:
    """A store built from the invented articles ``names``, through the API."""
    store = folder / "store"
    with ReportGraph(store) as graph:
        report = graph.build([write_articles(folder / "articles", names)])
    assert report.failures == [], report.failures
    return store


@pytest.fixture(scope="session")
def tiny_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two invented articles (the tests only read it)."""
    return build_store(tmp_path_factory.mktemp("serve"), ["harbour.txt", "flood.txt"])


@pytest.fixture(scope="session")
def server(tiny_store: Path) -> Iterator[Server]:
    """``reportgraph serve`` on the tiny store, default time limit."""
    with running_server(tiny_store) as running:
        yield running


@pytest.fixture(scope="session")
def explorer_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three invented articles, one with real places and markup in a sentence (read only)."""
    names = ["harbour.txt", "flood.txt", "quake.txt"]
    return build_store(tmp_path_factory.mktemp("explorer"), names)


@pytest.fixture(scope="session")
def explorer(explorer_store: Path) -> Iterator[Server]:
    """``reportgraph serve`` on the explorer store."""
    with running_server(explorer_store) as running:
        yield running
