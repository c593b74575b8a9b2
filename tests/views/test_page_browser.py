"""The investigation page in a real headless Chromium: clicks, filters, search, safety, offline.

The payload is invented (tests/sample_page.py, whose docstring lists the claims). Edge counts:
with the comments off every edge but e4 (a reader comment) has a passing claim, so 8 are drawn.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from browser import browser, console_errors, open_page, requested_urls, wait_for
from reportgraph.views.html import write_network_page
from sample_page import (
    BRIGADE,
    COURIER,
    EVIL,
    EVIL_LABEL,
    GUNMEN,
    INES,
    MARTA,
    PORT,
    WORKERS,
    payload,
)

__all__ = ["browser"]  # the fixture, imported for pytest

pytestmark = pytest.mark.browser


def show(d: Any, tmp_path: Path, **options: Any) -> None:
    open_page(d, write_network_page(payload(**options), tmp_path / "page.html"))


def click_at(d: Any, x: float, y: float) -> None:
    """A real mouse click at viewport coordinates."""
    from selenium.webdriver.common.actions.action_builder import ActionBuilder

    actions = ActionBuilder(d)
    actions.pointer_action.move_to_location(round(x), round(y)).click()
    actions.perform()


def click_node(d: Any, node_id: str) -> None:
    at = d.execute_script("return RG.nodeClientPosition(arguments[0])", node_id)
    assert at is not None, f"{node_id} is not drawn"
    click_at(d, at["x"], at["y"])


def edges(d: Any) -> int:
    return int(d.execute_script("return RG.drawnEdgeCount()"))


def edge(d: Any, edge_id: str) -> dict[str, Any] | None:
    found: dict[str, Any] | None = d.execute_script(
        "return RG.network.body.data.edges.get(arguments[0])", edge_id
    )
    return found


def drawn(d: Any, node_id: str) -> bool:
    return bool(d.execute_script("return RG.nodeClientPosition(arguments[0]) !== null", node_id))


def panel_claims(d: Any) -> list[dict[str, Any]]:
    """Each .claim in the panel: its parts' text, the marks and the citation."""
    script = """
    return Array.from(document.querySelectorAll('#panel .claim')).map(function (c) {
      var part = function (s) { var e = c.querySelector(s); return e ? e.textContent : null; };
      return {claim: Number(c.dataset.claim), sentence: part('.sentence'), source: part('.source'),
              cue: part('.cue'), certainty: part('.certainty'), when: part('.when'),
              document: part('.document'),
              marks: Array.from(c.querySelectorAll('.sentence mark')).map(m => m.textContent),
              citation: c.querySelector('button.copy-citation').dataset.citation};
    });"""
    found: list[dict[str, Any]] = d.execute_script(script)
    return found


def set_control(d: Any, selector: str, value: str) -> None:
    d.execute_script(
        "var e = document.querySelector(arguments[0]); e.value = arguments[1];"
        "e.dispatchEvent(new Event('change'));",
        selector,
        value,
    )


def assert_clean(d: Any) -> None:
    """No request left the machine and nothing went wrong in the console."""
    urls = requested_urls(d)
    assert [u for u in urls if u.startswith(("http:", "https:", "ws:", "wss:", "ftp:"))] == []
    assert console_errors(d) == []


def test_clicking_a_node_lists_its_claims_with_marks(browser: Any, tmp_path: Path) -> None:
    show(browser, tmp_path)
    assert edges(browser) == 8 and browser.execute_script("return RG.drawnNodeCount()") == 9
    assert browser.find_element("id", "shown").text == "showing 9 of 9 entities"
    click_node(browser, MARTA)
    wait_for(browser, "return document.querySelectorAll('#panel .claim').length > 0")
    assert browser.find_element("id", "panel-title").text.startswith("Marta Ruiz")
    claims = {c["claim"]: c for c in panel_claims(browser)}
    assert set(claims) == {1, 2, 5, 6, 7}  # 4 is a reader comment, hidden
    assert claims[1]["marks"] == ["Marta Ruiz", "Northern Brigade"]
    assert claims[1]["sentence"] == "Marta Ruiz has led the Northern Brigade since spring."
    assert claims[1]["when"] == "2024-05-10 (publication date)"
    assert claims[1]["cue"] == "no cue" and claims[1]["certainty"] == "asserted"
    assert claims[7]["when"] == "2023-01 – 2023-12 (reported time)"
    assert claims[2]["certainty"] == "denied" and claims[2]["cue"] == "“denied”"
    assert claims[5]["document"] == "Harbour report (d2.txt) — corpus/d2.txt"
    assert claims[1]["citation"] == (
        'corpus/d1.txt [300–353] "Marta Ruiz has led the Northern Brigade since spring."'
    )
    order = [c["claim"] for c in panel_claims(browser)]
    assert order[0] == 5  # the newest document first, then reading order
    assert order[1:] == [1, 2, 7, 6]
    button = browser.find_element("css selector", '#panel .claim[data-claim="1"] .copy-citation')
    button.click()
    wait_for(
        browser,
        "return /copied|select and copy/.test(document.querySelector("
        "'#panel .claim[data-claim=\"1\"] .copy-citation').textContent)",
        5,
    )
    assert_clean(browser)


def test_clicking_an_edge_lists_its_claims(browser: Any, tmp_path: Path) -> None:
    show(browser, tmp_path)
    a, b = (
        browser.execute_script("return RG.nodeClientPosition(arguments[0])", n)
        for n in (GUNMEN, WORKERS)
    )
    click_at(browser, a["x"] + 0.6 * (b["x"] - a["x"]), a["y"] + 0.6 * (b["y"] - a["y"]))
    wait_for(browser, "return document.querySelectorAll('#panel .claim').length > 0")
    assert "killing" in browser.find_element("id", "panel-title").text
    (only,) = panel_claims(browser)
    assert only["claim"] == 0
    assert only["source"] == "a local official via Radio Delta → The Coast Courier"
    assert only["when"] == "2024-05-07 (reported time) · “on Tuesday”"
    assert only["marks"] == ["gunmen", "killed two harbour workers"]
    assert_clean(browser)


def test_source_filter_redraws_edges_and_panel(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.support.ui import Select

    show(browser, tmp_path)
    browser.execute_script("window.calls = 0; RG.onChange(function () { window.calls += 1; });")
    click_node(browser, MARTA)
    wait_for(browser, "return document.querySelectorAll('#panel .claim').length === 5")
    Select(browser.find_element("id", "filter-source")).select_by_value(COURIER)
    assert browser.execute_script("return window.calls") == 1
    assert edges(browser) == 3  # member_of (claim 1), counts killed, spoke_with
    assert browser.find_element("id", "shown").text == "showing 5 of 5 entities"
    member = edge(browser, "e1")
    assert member is not None and member["label"] == "member_of" and member["width"] == 2
    assert edge(browser, "e3")["dashes"] is True  # type: ignore[index]
    assert {c["claim"] for c in panel_claims(browser)} == {1, 5}  # the panel follows
    Select(browser.find_element("id", "filter-source")).select_by_value("")
    assert edges(browser) == 8
    member = edge(browser, "e1")
    assert member is not None and member["label"] == "member_of ×2" and member["width"] == 3
    assert member["dashes"] is False
    assert_clean(browser)


def test_kind_certainty_comment_and_date_filters(browser: Any, tmp_path: Path) -> None:
    show(browser, tmp_path)
    browser.find_element("css selector", 'input[name="certainty"][value="alleged"]').click()
    assert edges(browser) == 7  # counts killed goes; member_of keeps claim 1
    assert edge(browser, "e1")["label"] == "member_of"  # type: ignore[index]
    browser.find_element("css selector", 'input[name="certainty"][value="asserted"]').click()
    assert edge(browser, "e1") is None and edges(browser) == 4
    browser.find_element("id", "reset").click()
    assert edges(browser) == 8
    assert browser.execute_script(
        "return Array.from(document.querySelectorAll('input[name=certainty]'))"
        ".every(function (b) { return b.checked; })"
    )
    browser.find_element("css selector", 'input[name="kind"][value="figure"]').click()
    assert edges(browser) == 7 and edge(browser, "e3") is None
    browser.find_element("id", "filter-comments").click()
    assert edges(browser) == 8 and edge(browser, "e4")["dashes"] is True  # type: ignore[index]
    browser.find_element("id", "reset").click()
    set_control(browser, "#filter-from", "2024-05-05")
    set_control(browser, "#filter-to", "2024-05-08")
    assert edges(browser) == 2 and edge(browser, "e0") and edge(browser, "e5")
    set_control(browser, "#filter-from", "2023-06-01")
    set_control(browser, "#filter-to", "2023-06-30")  # inside claim 7's month range
    assert edges(browser) == 1 and edge(browser, "e1")
    assert_clean(browser)


def test_search_focuses_an_entity_outside_the_top_n(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.keys import Keys

    show(browser, tmp_path, top_n=3)
    assert browser.find_element("id", "shown").text == "showing 3 of 9 entities"
    assert [drawn(browser, n) for n in (MARTA, BRIGADE, PORT, INES)] == [True] * 3 + [False]
    assert edges(browser) == 2
    box = browser.find_element("id", "search")
    box.send_keys("OKAFOR", Keys.ENTER)  # an alias, case aside
    wait_for(browser, f"return RG.nodeClientPosition({json.dumps(INES)}) !== null")
    assert browser.execute_script("return RG.network.getSelectedNodes()") == [INES]
    assert "Ines Okafor" in browser.find_element("id", "search-status").text
    assert edges(browser) == 3 and edge(browser, "e6")
    at = browser.execute_script("return RG.nodeClientPosition(arguments[0])", INES)
    size = browser.execute_script(
        "return document.querySelector('#network canvas').getBoundingClientRect().toJSON()"
    )
    assert size["left"] <= at["x"] <= size["right"] and size["top"] <= at["y"] <= size["bottom"]
    box.clear()
    box.send_keys("brigade")
    browser.find_element("id", "search-go").click()
    assert "Northern Brigade" in browser.find_element("id", "search-status").text
    assert not drawn(browser, INES)
    box.clear()
    box.send_keys("nobody here")
    browser.find_element("id", "search-go").click()
    assert "no entity matches" in browser.find_element("id", "search-status").text
    set_control(browser, "#top-n", "9")
    assert browser.find_element("id", "shown").text == "showing 9 of 9 entities"
    box.clear()
    box.send_keys("Ines Okafor", Keys.ENTER)
    browser.find_element("id", "reset").click()
    assert browser.find_element("id", "top-n").get_attribute("value") == "3"
    assert not drawn(browser, INES) and browser.find_element("id", "search-status").text == ""
    assert_clean(browser)


def test_article_text_never_runs(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.keys import Keys

    show(browser, tmp_path)
    click_node(browser, EVIL)
    wait_for(browser, "return document.querySelectorAll('#panel .claim').length > 0")
    assert browser.find_element("id", "panel-title").text == EVIL_LABEL + " (person)"
    (claim,) = panel_claims(browser)
    assert claim["sentence"].startswith("<script>window.PWNED=1</script> was painted")
    assert claim["marks"] == ["<script>", "painted"]
    box = browser.find_element("id", "search")
    box.send_keys("<img", Keys.ENTER)
    assert EVIL_LABEL in browser.find_element("id", "search-status").text
    assert browser.execute_script("return window.PWNED === undefined")
    assert (
        browser.execute_script(
            "return document.querySelectorAll('img, #panel script, iframe').length"
        )
        == 0
    )
    from selenium.common.exceptions import NoAlertPresentException

    with pytest.raises(NoAlertPresentException):
        _ = browser.switch_to.alert.text
    assert_clean(browser)


def test_tabs_switch_views(browser: Any, tmp_path: Path) -> None:
    show(browser, tmp_path)
    browser.find_element("id", "tab-timeline").click()
    assert browser.find_element("id", "view-timeline").is_displayed()
    assert not browser.find_element("id", "view-network").is_displayed()
    browser.find_element("id", "tab-network").click()
    assert browser.find_element("id", "view-network").is_displayed()
    assert browser.find_element("id", "tab-network").get_attribute("aria-selected") == "true"
    click_node(browser, BRIGADE)  # the network still takes clicks after being hidden
    wait_for(
        browser,
        "return /Northern Brigade/.test(document.getElementById('panel-title').textContent)",
    )
    assert_clean(browser)
