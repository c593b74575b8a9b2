"""With trafilatura installed (a pinned dependency), news pages lose navigation and footers."""

from __future__ import annotations

from pathlib import Path

from reportgraph.ingest import read_file


def test_main_text_drops_navigation_and_footer(tmp_path: Path) -> None:
    paras = "".join(
        f"<p>Update {i}: units of the Blue Legion shelled the Oldtown checkpoint on Monday, "
        f"residents told reporters, and at least {i + 2} people were wounded.</p>"
        for i in range(6)
    )
    page = (
        "<html><head><title>Shelling in Oldtown</title>"
        '<meta property="og:site_name" content="Example Wire"></head><body>'
        "<nav>Home | World | Sports | Sign in</nav>"
        f"<article><h1>Shelling in Oldtown</h1>{paras}<script>alert(1)</script></article>"
        "<footer>Copyright Example Wire. All rights reserved. Privacy policy.</footer>"
        "</body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    (doc,), failures = read_file(path)
    assert failures == []
    assert "Blue Legion shelled the Oldtown checkpoint" in doc.text
    assert "Sign in" not in doc.text
    assert "All rights reserved" not in doc.text
    assert "alert" not in doc.text
    assert doc.publisher == "Example Wire"
