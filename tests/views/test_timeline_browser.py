"""The timeline tab in a real headless Chromium: points, stacking, grouping, filters, the panel.

The payload is invented (tests/timeline_page.py): a flood response, a port strike, a border clash.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import browser as chromium
from browser import console_errors, open_page, wait_for
from reportgraph.views.html import write_network_page
from timeline_page import CLAIMS, HOSTILE, MONITOR, drawn, many_claims, overlaps, payload

pytestmark = pytest.mark.browser
browser = chromium.browser  # the fixture


def page(d: Any, tmp_path: Path, claims: list[dict[str, Any]] = CLAIMS, show: bool = True) -> None:
    path = tmp_path / "page.html"
    write_network_page(payload(claims), path)
    open_page(d, path)
    if not show:
        return
    d.find_element("id", "tab-timeline").click()
    wait_for(d, "return document.querySelectorAll('#timeline .rg-point').length > 0")


FITS = (
    "var box = document.getElementById('timeline');"
    " var svg = box.querySelector('svg.rg-timeline');"
    " return Math.abs(svg.width.baseVal.value - box.clientWidth) <= 1"
)


def fits(d: Any) -> bool:
    """The drawing is as wide as its box."""
    return bool(d.execute_script(FITS))


def points(d: Any) -> dict[int, Any]:
    return {
        int(e.get_attribute("data-claim")): e
        for e in d.find_elements("css selector", "#timeline .rg-point")
    }


def row_labels(d: Any) -> list[str]:
    return [str(e.text) for e in d.find_elements("css selector", "#timeline .rg-row-label")]


def test_tab_shows_one_point_per_passing_dated_claim(browser: Any, tmp_path: Path) -> None:
    page(browser, tmp_path, show=False)
    assert browser.execute_script("return RG.timelinePointCount()") == len(drawn(CLAIMS))
    browser.find_element("id", "tab-timeline").click()
    wait_for(browser, "return document.querySelectorAll('#timeline .rg-point').length > 0")
    assert set(points(browser)) == drawn(CLAIMS)
    assert browser.execute_script("return RG.timelinePointCount()") == len(drawn(CLAIMS))
    js_passing = browser.execute_script(
        "return RG.data.claims.map(function (c, i) { return i; }).filter(function (i) {"
        " var c = RG.data.claims[i]; return (c.kind === 'event' || c.kind === 'figure')"
        " && c.when && RG.passes(i); });"
    )
    assert set(js_passing) == drawn(CLAIMS)
    status = browser.find_element("id", "timeline-status").text
    assert "1 claim has no date" in status
    assert fits(browser)
    narrow = browser.execute_script("return document.getElementById('timeline').clientWidth")
    browser.find_element("id", "panel-close").click()  # the view widens: the drawing follows
    wait_for(browser, f"return document.getElementById('timeline').clientWidth > {narrow}")
    wait_for(browser, FITS)
    assert console_errors(browser) == []


def test_a_month_is_drawn_as_a_period(browser: Any, tmp_path: Path) -> None:
    page(browser, tmp_path)
    month = browser.find_element("css selector", '#timeline .rg-range[data-claim="13"]').rect
    days = browser.find_element("css selector", '#timeline .rg-range[data-claim="4"]').rect
    assert month["width"] > 5 * days["width"]  # 31 days against 5
    assert console_errors(browser) == []


def test_dragging_along_the_axis_sets_the_date_filters(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    page(browser, tmp_path)
    band = browser.find_element("css selector", "#timeline .rg-axis-band")
    width = int(band.rect["width"])
    ActionChains(browser).move_to_element_with_offset(
        band, -width // 2 + 5, 0
    ).click_and_hold().move_by_offset(width // 2, 0).release().perform()
    wait_for(browser, "return document.getElementById('filter-to').value !== ''")
    start = browser.find_element("id", "filter-from").get_attribute("value")
    end = browser.find_element("id", "filter-to").get_attribute("value")
    assert "2024-06-01" < start < end < "2024-08-31"
    kept = {i for i in drawn(CLAIMS) if overlaps(CLAIMS[i]["when"], start, end)}
    assert kept != drawn(CLAIMS)
    wait_for(browser, f"return RG.timelinePointCount() === {len(kept)}")
    assert set(points(browser)) == kept
    assert console_errors(browser) == []


def test_conflicting_figures_stay_two_points(browser: Any, tmp_path: Path) -> None:
    page(browser, tmp_path)
    shown = points(browser)
    low, high = shown[1].rect, shown[2].rect
    assert (low["x"], low["y"]) != (high["x"], high["y"])
    assert abs(low["x"] - high["x"]) < 1  # same day: stacked, not shifted in time
    labels = [e.text for e in browser.find_elements("css selector", "#timeline .rg-labels text")]
    assert "12,000 · Dhaka Ledger" in labels
    assert "40,000 · Relief Monitor" in labels
    assert console_errors(browser) == []


def test_grouping_by_place_changes_the_rows(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.support.ui import Select

    page(browser, tmp_path)
    by_kind = row_labels(browser)
    assert any(label.startswith("displaced") for label in by_kind)
    Select(browser.find_element("id", "timeline-group")).select_by_value("place")
    wait_for(
        browser,
        "return !!document.querySelector('#timeline .rg-row-label')"
        " && document.querySelector('#timeline .rg-row-label').textContent"
        ".indexOf('displaced') < 0",
    )
    by_place = row_labels(browser)
    assert by_place != by_kind
    assert {"Sylhet (3)", "Valparaíso (3)", "Batken (3)", "no place (1)"} == set(by_place)
    assert by_place[-1] == "no place (1)"
    assert set(points(browser)) == drawn(CLAIMS)
    assert console_errors(browser) == []


def test_filters_change_the_points(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.support.ui import Select

    page(browser, tmp_path)
    count = "return RG.timelinePointCount()"
    browser.find_element("id", "filter-comments").click()
    wait_for(browser, f"{count} === {len(drawn(CLAIMS, comments=True))}")
    assert set(points(browser)) == drawn(CLAIMS, comments=True)
    Select(browser.find_element("id", "filter-source")).select_by_value(MONITOR[0])
    wait_for(browser, f"{count} === {len(drawn(CLAIMS, MONITOR[0], comments=True))}")
    assert set(points(browser)) == drawn(CLAIMS, MONITOR[0], comments=True) == {2, 11}
    assert console_errors(browser) == []


def test_clicking_a_point_opens_its_provenance(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    page(browser, tmp_path)
    ActionChains(browser).move_to_element(points(browser)[5]).click().perform()
    wait_for(
        browser,
        "var p = document.getElementById('panel');"
        " return p && p.offsetParent !== null && p.querySelector('.claim')",
    )
    sentences = [e.text for e in browser.find_elements("css selector", "#panel .claim .sentence")]
    assert sentences == [CLAIMS[5]["sentence"]]
    assert console_errors(browser) == []


def test_publication_dates_are_hollow_and_reported_times_filled(
    browser: Any, tmp_path: Path
) -> None:
    page(browser, tmp_path)
    for i, element in points(browser).items():
        fill = browser.execute_script("return getComputedStyle(arguments[0]).fill", element)
        classes = str(element.get_attribute("class")).split()
        if CLAIMS[i]["when_basis"] == "published":
            assert "rg-published" in classes and fill == "rgb(255, 255, 255)", i
        else:
            assert "rg-reported" in classes and fill != "rgb(255, 255, 255)", i
    assert console_errors(browser) == []


def test_article_text_stays_text(browser: Any, tmp_path: Path) -> None:
    page(browser, tmp_path)
    assert browser.execute_script("return document.querySelectorAll('#timeline img').length") == 0
    labels = [e.text for e in browser.find_elements("css selector", "#timeline .rg-labels text")]
    assert any(label.startswith(f"{HOSTILE} · Harbour") for label in labels)
    title = browser.execute_script(
        "return document.querySelector('#timeline .rg-point[data-claim=\"12\"] title').textContent"
    )
    assert f"figure: {HOSTILE} (injured)" in title
    assert console_errors(browser) == []


def test_thousands_of_points_each_drawn(browser: Any, tmp_path: Path) -> None:
    many = many_claims(3000)
    page(browser, tmp_path, many)
    assert browser.execute_script("return RG.timelinePointCount()") == 3000
    indexes = browser.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('#timeline .rg-point'),"
        " function (e) { return Number(e.getAttribute('data-claim')); })"
    )
    assert sorted(indexes) == list(range(3000))
    assert console_errors(browser) == []
