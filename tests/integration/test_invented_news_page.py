"""Three news articles written for this test (invented events in real places), built through
the command line into the investigation page and read in a real headless Chromium.

They carry what the page must keep apart: four death tolls from three sources (never merged),
a denial, a chain of attribution, a definite description ("the monitor") and a dateline. With
``REPORTGRAPH_SCREENSHOT=docs/images/network-page.png`` the click test saves the README's picture.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from tests.browser import browser, console_errors, open_page, requested_urls, wait_for
from typer.testing import CliRunner

from reportgraph.cli import app

pytestmark = pytest.mark.browser
__all__ = ["browser"]  # the fixture, imported for pytest

ARTICLES = {
    "a1.txt": "\n\n".join(
        [
            "Floods and a disputed death toll in northern Mozambique",
            "Published: 14 May 2024",
            (
                "PEMBA, Mozambique (Harbour Wire) — Insurgents attacked the town of Macomia on "
                "Tuesday, killing at least 12 villagers, the Cabo Delgado Human Rights Monitor "
                "said."
            ),
            (
                '"The gunmen burned the market and the clinic," a nurse told Harbour Wire by '
                "telephone."
            ),
            (
                "Provincial governor Valige Tauabo denied that civilians were killed and said "
                "security forces had retaken Macomia."
            ),
            "The monitor said more than 3,000 people fled toward Pemba after the attack.",
            (
                "Rwandan troops, who support the Mozambican army in the province, launched an "
                "operation near Mocimboa da Praia, according to a military spokesman."
            ),
        ]
    )
    + "\n",
    "a2.txt": "\n\n".join(
        [
            "Residents describe night raid on Macomia",
            "Published: 15 May 2024",
            (
                "MAPUTO (Lowveld Post) — Residents of Macomia said insurgents linked to the "
                "Islamic State group raided the town overnight."
            ),
            (
                "The Cabo Delgado Human Rights Monitor said 15 civilians were killed in Macomia, "
                "while the provincial government put the toll at four."
            ),
            '"We hid in the forest until morning," a farmer said.',
            "Aid agencies said about 2,500 people were sheltering in schools in Pemba.",
            (
                "President Daniel Chapo condemned the attack and promised more troops for the "
                "province."
            ),
        ]
    )
    + "\n",
    "a3.txt": "\n\n".join(
        [
            "Thousands shelter in Pemba as army claims gains",
            "Published: 16 May 2024",
            (
                "PEMBA (Coastal Courier) — The Mozambican army said on Wednesday that its "
                "soldiers had killed 20 insurgents near Macomia."
            ),
            (
                "Army spokesman Omar Saranga told reporters that the town was under government "
                "control."
            ),
            (
                "The International Organization for Migration said 4,100 people had arrived in "
                "Pemba since Monday."
            ),
            "A displaced teacher said the insurgents had abducted two girls from her village.",
            (
                "The Cabo Delgado Human Rights Monitor accused soldiers of detaining young men "
                "without charge in Mueda."
            ),
        ]
    )
    + "\n",
}
MONITOR = "Cabo Delgado Human Rights Monitor"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("invented")
    for name, text in ARTICLES.items():
        (root / name).write_text(text, encoding="utf-8")
    r = CliRunner().invoke(app, ["build", str(root), "--store", str(root / "s" / "store")])
    assert r.exit_code == 0, r.output
    return root / "s" / "network.html"


def page_data(path: Path) -> dict[str, Any]:
    found = re.search(
        r'<script type="application/json" id="rg-data">(.*?)</script>', path.read_text(), re.S
    )
    assert found is not None
    return dict(json.loads(found.group(1)))


def tolls(data: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {
        c["quantity"]: (c["source"], c["doc_label"])
        for c in data["claims"]
        if c["kind"] == "figure" and c["predicate"] == "killed"
    }


def test_every_toll_is_its_own_claim_with_its_source(built: Path) -> None:
    found = tolls(page_data(built))
    assert found["at least 12 villagers"][0] == MONITOR
    assert found["15 civilians"][0] == MONITOR
    assert found["four"][0] == "provincial government"
    assert found["20 insurgents"][0] == "Mozambican army"
    assert found["15 civilians"][1].startswith("Residents describe night raid on Macomia")


def _click_node(d: Any, node_id: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    pos = wait_for(d, f"return RG.nodeClientPosition({node_id!r})")
    body = d.find_element("tag name", "body")
    ActionChains(d).move_to_element_with_offset(
        body, int(pos["x"] - body.size["width"] / 2), int(pos["y"] - body.size["height"] / 2)
    ).click().perform()


def test_clicking_the_monitor_lists_its_tolls(browser: Any, built: Path) -> None:
    data = page_data(built)
    monitor = next(n for n in data["nodes"] if n["label"] == MONITOR)
    open_page(browser, built)
    _click_node(browser, monitor["id"])
    shown = wait_for(
        browser,
        "var s = document.querySelectorAll('#panel .claim .sentence');"
        "return s.length ? Array.from(s).map(function (e) { return e.textContent; }) : null;",
    )
    assert any("at least 12 villagers" in s for s in shown)
    assert any("15 civilians" in s for s in shown)
    marks = browser.execute_script(
        "return Array.from(document.querySelectorAll('#panel .claim .sentence mark'))"
        ".map(function (m) { return m.textContent; });"
    )
    assert MONITOR in marks
    shot = os.environ.get("REPORTGRAPH_SCREENSHOT")
    if shot:  # the README's picture, without a tooltip in the way
        from selenium.webdriver.common.action_chains import ActionChains

        ActionChains(browser).move_to_element(browser.find_element("id", "panel-title")).perform()
        browser.execute_script(
            "document.querySelectorAll('.vis-tooltip').forEach("
            "function (e) { e.style.visibility = 'hidden'; });"
        )
        browser.save_screenshot(shot)
    assert not [u for u in requested_urls(browser) if u.startswith(("http:", "https:", "ws"))]
    assert console_errors(browser) == []


def test_the_timeline_keeps_the_tolls_apart(browser: Any, built: Path) -> None:
    data = page_data(built)
    index = {c["quantity"]: i for i, c in enumerate(data["claims"]) if c["predicate"] == "killed"}
    open_page(browser, built)
    browser.find_element("id", "tab-timeline").click()
    wait_for(browser, "return document.querySelectorAll('#timeline .rg-point').length")
    boxes = {
        q: browser.execute_script(
            "var p = document.querySelector('#timeline .rg-point[data-claim=\"' + arguments[0]"
            " + '\"]'); if (!p) return null; var r = p.getBoundingClientRect();"
            " return [Math.round(r.x), Math.round(r.y)];",
            i,
        )
        for q, i in index.items()
    }
    assert all(boxes.values()), boxes
    assert len(set(map(tuple, boxes.values()))) == len(boxes)  # never drawn on top of another
