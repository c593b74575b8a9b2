"""A real headless Chromium for the page tests (marked ``browser``).

Debian's ``chromium`` and ``chromium-driver`` drive it through selenium, with selenium's own
driver manager kept off (it would try to download). Where the browser is missing the tests skip,
unless ``REPORTGRAPH_BROWSER_REQUIRED=1`` (set by ``.ci/run``), where they fail instead: CI must
never pass by skipping them.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
CHROMEDRIVER = shutil.which("chromedriver") or (
    "/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None
)
REQUIRED = os.environ.get("REPORTGRAPH_BROWSER_REQUIRED") == "1"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--window-size=1400,900",
)


def _missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    if CHROMIUM is None:
        return "no chromium (apt-get install chromium)"
    if CHROMEDRIVER is None:
        return "no chromedriver (apt-get install chromium-driver)"
    return None


def driver(tmp: Path) -> Any:
    """A started headless Chromium (a selenium WebDriver) with its performance log on."""
    why = _missing()
    if why is not None:
        if REQUIRED:
            pytest.fail(f"browser tests are required here but {why}")
        pytest.skip(why)
    os.environ.setdefault("SE_AVOID_STATS", "true")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp / 'chromium-profile'}")
    options.binary_location = str(CHROMIUM)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    return webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    d = driver(tmp_path)
    try:
        yield d
    finally:
        d.quit()


def open_page(d: Any, path: Path, timeout: float = 60.0) -> float:
    """Load the page and wait until the network has drawn once; return the seconds it took."""
    began = time.perf_counter()
    d.get(path.as_uri())
    wait_for(d, "return document.body && document.body.dataset.rendered === 'true'", timeout)
    return time.perf_counter() - began


def wait_for(d: Any, script: str, timeout: float = 20.0) -> Any:
    """Poll ``script`` (JavaScript returning a value) until it is truthy; fail after ``timeout``."""
    end = time.monotonic() + timeout
    while True:
        value = d.execute_script(script)
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for: {script}")
        time.sleep(0.05)


def requested_urls(d: Any) -> list[str]:
    """Every URL the page asked the network for, from Chromium's performance log."""
    urls = []
    for entry in d.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(str(message["params"]["request"]["url"]))
    return urls


def console_errors(d: Any) -> list[str]:
    return [e["message"] for e in d.get_log("browser") if e.get("level") == "SEVERE"]
