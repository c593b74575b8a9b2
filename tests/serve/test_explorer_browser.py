"""The explorer in a real headless Chromium (issue 18 §3): search the claims table for a word,
open an entity page from a result, open a claim page from it and find the highlighted evidence;
facet the claims by source. The pages ask the network for nothing but the server."""

from __future__ import annotations

import urllib.parse
from typing import Any

import pytest
from tests.serve.server_process import Server

from browser import browser, requested_urls, wait_for

pytestmark = pytest.mark.browser
__all__ = ["browser"]  # the fixture


def only_local_requests(d: Any, server: Server) -> None:
    local = [u for u in requested_urls(d) if u.startswith(server.url)]
    others = [u for u in requested_urls(d) if not u.startswith((server.url, "data:", "about:"))]
    assert local and not others, others


def test_search_then_entity_then_claim_with_the_evidence_marked(
    explorer: Server, browser: Any
) -> None:
    from selenium.webdriver.common.by import By

    d = browser
    d.get(explorer.url + "reportgraph/claim_rows?_search=Cusco")
    wait_for(d, "return document.querySelectorAll('td.col-sentence').length > 0")
    sentences = [td.text for td in d.find_elements(By.CSS_SELECTOR, "td.col-sentence")]
    assert sentences and all("Cusco" in s for s in sentences), sentences

    d.find_element(By.CSS_SELECTOR, 'table a[href="/-/entity/place/cusco"]').click()
    wait_for(d, "return document.querySelector('h1#label') !== null")
    assert d.find_element(By.CSS_SELECTOR, "h1#label").text == "Cusco"

    d.find_element(By.CSS_SELECTOR, "table#claims a[href^='/-/claim/']").click()
    wait_for(d, "return document.querySelector('#sentence mark') !== null")
    sentence = d.find_element(By.CSS_SELECTOR, "#sentence").text
    marks = [m.text for m in d.find_elements(By.CSS_SELECTOR, "#sentence mark")]
    assert "Cusco" in sentence
    assert marks and all(m and m in sentence for m in marks)
    assert d.find_element(By.CSS_SELECTOR, "pre#turtle").text.strip()
    only_local_requests(d, explorer)


def test_a_source_facet_keeps_only_that_sources_claims(explorer: Server, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    d = browser
    d.get(explorer.url + "reportgraph/claim_rows")
    wait_for(d, "return document.querySelector('#facet-source a') !== null")
    rows_before = len(d.find_elements(By.CSS_SELECTOR, "td.col-source"))
    link = d.find_elements(By.CSS_SELECTOR, "#facet-source li a")[-1]  # the smallest source
    link.click()
    wait_for(d, "return location.search.indexOf('source=') >= 0")
    chosen = urllib.parse.parse_qs(urllib.parse.urlsplit(d.current_url).query)["source"][0]
    wait_for(d, "return document.querySelectorAll('td.col-source').length > 0")
    sources = [td.text for td in d.find_elements(By.CSS_SELECTOR, "td.col-source")]
    assert sources and set(sources) == {chosen}
    assert len(sources) < rows_before
    only_local_requests(d, explorer)


def test_the_map_draws_offline(explorer: Server, browser: Any) -> None:
    d = browser
    d.get(explorer.url + "-/map")
    wait_for(d, "return document.querySelector('svg#map') !== null")
    labels = d.execute_script(
        "return Array.from(document.querySelectorAll('svg#map g.place text'))"
        ".map(t => t.textContent)"
    )
    assert {"Lima", "Cusco", "Arequipa"} <= set(labels)
    only_local_requests(d, explorer)
