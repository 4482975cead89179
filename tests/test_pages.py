"""Every page in the navigation is real content."""
from __future__ import annotations

from conftest import ROOT, nav_entries


def nav_pages() -> list[str]:
    return [page for _, page in nav_entries()]


def test_no_placeholder_pages_remain():
    leftovers = [p for p in nav_pages() if "PLACEHOLDER" in (ROOT / "docs" / p).read_text()]
    assert not leftovers, leftovers


def test_every_nav_page_is_built_and_in_the_navigation(built_site, html):
    for page in nav_pages():
        built = page.removesuffix(".md") + ".html"
        assert (built_site / built).exists(), built
        hrefs = {a.get("href", "").split("#")[0].lstrip("./") for a in html("index.html").select("nav.md-nav a")}
        assert any(h.endswith(built) or (built == "index.html" and h in ("", "index.html")) for h in hrefs), built
