"""vis-network's JS and CSS from the copy bundled with pyvis, checked to be safe to inline.

The page must work offline and reference nothing outside itself, so the files are read from the
installed pyvis package (never a CDN), source-map comments are removed, and anything that could end
the inlining element early or fetch another resource makes the view fail loudly instead.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from reportgraph.errors import ExportError

VIS_DIR = "templates/lib/vis-9.1.2"
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


@lru_cache(maxsize=1)
def vis_css() -> str:
    """vis-network.css, safe inside one <style> element and with no url() leaving the page."""
    text = _SOURCE_MAP.sub("", _read("vis-network.css"))
    lowered = text.casefold()
    for marker in ("</style", "@import", "<!--"):
        if marker in lowered:
            raise _refuse("vis-network.css", f"it contains {marker!r}")
    for match in _CSS_URL.finditer(text):
        if not match.group(2).strip().lower().startswith(("data:", "#")):
            raise _refuse("vis-network.css", f"url({match.group(2)[:40]}) is outside the page")
    return text
