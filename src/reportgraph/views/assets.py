"""The page's inlined JS and CSS, checked to be safe to inline.

vis-network comes from the copy bundled with pyvis; the page's own scripts and styles from
``views/static/``. The page must work offline and reference nothing outside itself, so nothing is
fetched (never a CDN), source-map comments are removed, and anything that could end the inlining
element early or fetch another resource makes the view fail loudly instead.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from reportgraph.errors import ExportError

VIS_DIR = "templates/lib/vis-9.1.2"
STATIC_DIR = "static"
#: The page's scripts in load order; a missing optional one (the timeline) is left out.
PAGE_SCRIPTS = ("common.js", "network.js", "timeline_time.js", "timeline.js")
PAGE_STYLES = ("page.css", "timeline.css")
REQUIRED_STATIC = frozenset({"common.js", "network.js", "page.css"})
_JS_MARKERS = ("</script", "<!--", "<script")
_CSS_MARKERS = ("</style", "@import", "<!--")
_SOURCE_MAP = re.compile(
    r"^\s*(//[#@]\s*sourceMappingURL=.*|/\*[#@]\s*sourceMappingURL=.*?\*/)\s*$", re.M
)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]*)", re.I)


def _read(name: str) -> str:
    try:
        return (resources.files("pyvis") / VIS_DIR / name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, OSError) as err:
        raise ExportError(
            f"Could not read vis-network's {name} from the pyvis package: {err}",
            "Install pyvis==0.3.2 (it bundles vis-network 9.1.2).",
        ) from err


def _refuse(name: str, why: str) -> ExportError:
    return ExportError(
        f"Bundled {name} cannot be inlined safely: {why}.", "Reinstall pyvis==0.3.2."
    )


@lru_cache(maxsize=1)
def vis_js() -> str:
    """vis-network.min.js without its source-map comment, safe inside one <script> element."""
    text = _SOURCE_MAP.sub("", _read("vis-network.min.js"))
    lowered = text.casefold()
    for marker in ("</script", "<!--"):
        if marker in lowered:
            raise _refuse("vis-network.min.js", f"it contains {marker!r}")
    return text


def _check_css(name: str, text: str) -> str:
    lowered = text.casefold()
    for marker in _CSS_MARKERS:
        if marker in lowered:
            raise _refuse(name, f"it contains {marker!r}")
    for match in _CSS_URL.finditer(text):
        if not match.group(2).strip().lower().startswith(("data:", "#")):
            raise _refuse(name, f"url({match.group(2)[:40]}) is outside the page")
    return text


@lru_cache(maxsize=1)
def vis_css() -> str:
    """vis-network.css, safe inside one <style> element and with no url() leaving the page."""
    return _check_css("vis-network.css", _SOURCE_MAP.sub("", _read("vis-network.css")))


def _static(name: str) -> str | None:
    """``views/static/<name>``, or None when an optional file is absent."""
    path = resources.files("reportgraph.views") / STATIC_DIR / name
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if name in REQUIRED_STATIC:
            raise _missing_static(name) from None
        return None
    except OSError as err:
        raise _missing_static(name, str(err)) from err


def _missing_static(name: str, why: str = "it is missing") -> ExportError:
    return ExportError(f"The page's {name} could not be read: {why}.", "Reinstall reportgraph.")


@lru_cache(maxsize=1)
def page_scripts() -> tuple[str, ...]:
    """The page's own scripts (common, network, then timeline if present), safe to inline."""
    out = []
    for name in PAGE_SCRIPTS:
        text = _static(name)
        if text is None:
            continue
        lowered = text.casefold()
        for marker in _JS_MARKERS:
            if marker in lowered:
                raise _refuse(name, f"it contains {marker!r}")
        out.append(text)
    return tuple(out)


@lru_cache(maxsize=1)
def page_styles() -> tuple[str, ...]:
    """The page's own styles (page.css, then timeline.css if present), safe to inline."""
    return tuple(
        _check_css(name, text) for name in PAGE_STYLES if (text := _static(name)) is not None
    )
