"""The investigation page of the sample corpus, in a real headless Chromium (issue 17).

Built from ../shared/corpus through the CLI, as a user would: a real mouse click on the node of
the monitoring group that reports most, a source filter, the timeline. With
``REPORTGRAPH_SCREENSHOT=docs/images/network-page.png`` the test also saves the picture the
README shows.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from tests.browser import browser, console_errors, open_page, requested_urls, wait_for
from typer.testing import CliRunner

from reportgraph.api import ReportGraph
from reportgraph.cli import app

pytestmark = [pytest.mark.corpus, pytest.mark.browser]
__all__ = ["browser"]  # the fixture, imported for pytest


@pytest.fixture(scope="module")
def page(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("page")
    store = root / "store"
    r = CliRunner().invoke(app, ["build", str(corpus_dir), "--store", str(store), "--no-export"])
    assert r.exit_code == 0, r.output
    return root / "network.html", store


def _click_node(d: Any, node_id: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    wait_for(d, f"return RG.nodeClientPosition({node_id!r})")
    pos = d.execute_script(f"return RG.nodeClientPosition({node_id!r})")
    body = d.find_element("tag name", "body")
    size = body.size
    ActionChains(d).move_to_element_with_offset(
        body, int(pos["x"] - size["width"] / 2), int(pos["y"] - size["height"] / 2)
    ).click().perform()


def test_clicking_the_monitor_shows_its_sentences(browser: Any, page: tuple[Path, Path]) -> None:
    path, store = page
    graph = ReportGraph(store, read_only=True)
    monitor = next(e for e in graph.entities() if "observatory" in e.label.casefold())
    sentences = {
        c.evidence.sentence
        for c in graph.claims()
        if monitor.id in {c.source.id, c.source_entity.id if c.source_entity else ""}
    }
    assert sentences
    open_page(browser, path)
    browser.execute_script(f"RG.network.focus({monitor.id!r}, {{scale: 1.5, animation: false}})")
    _click_node(browser, monitor.id)
    shown = wait_for(
        browser,
        "var s = document.querySelectorAll('#panel .claim .sentence');"
        "return s.length ? Array.from(s).map(function (e) { return e.textContent; }) : null;",
    )
    assert sentences & set(shown)
    assert browser.find_element("id", "panel-title").text.startswith(monitor.label)
    shot = os.environ.get("REPORTGRAPH_SCREENSHOT")
    if shot:
        browser.execute_script("RG.network.fit({animation: false})")
        browser.save_screenshot(shot)
    assert not [u for u in requested_urls(browser) if u.startswith(("http:", "https:", "ws"))]
    assert console_errors(browser) == []


def test_a_source_filter_changes_the_drawn_edges(browser: Any, page: tuple[Path, Path]) -> None:
    from selenium.webdriver.support.select import Select

    open_page(browser, page[0])
    before = browser.execute_script("return RG.drawnEdgeCount()")
    select = Select(browser.find_element("id", "filter-source"))
    busiest = max(
        browser.execute_script("return RG.data.sources"), key=lambda s: (s["claims"], s["id"])
    )
    select.select_by_value(busiest["id"])
    after = wait_for(browser, f"var n = RG.drawnEdgeCount(); return n !== {before} ? n : null;")
    assert 0 < after < before


def test_the_timeline_tab_shows_points(browser: Any, page: tuple[Path, Path]) -> None:
    open_page(browser, page[0])
    browser.find_element("id", "tab-timeline").click()
    count = wait_for(browser, "return document.querySelectorAll('#timeline .rg-point').length")
    assert count > 0
