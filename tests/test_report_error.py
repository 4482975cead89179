""""Report an error on this page" (docs/overrides/partials/report-error.html): every page links to
the issue form .github/ISSUE_TEMPLATE/error.yml with its own title and address filled in; the link
is on screen and not in print, and not on the print-all or 404 page."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from conftest import ROOT, content_pages, mkdocs_config

FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "error.yml"


def report_link(soup):
    links = soup.select("article p.report-error a[href]")
    return links[0]["href"] if len(links) == 1 else None


def test_every_page_links_to_the_error_form_with_its_title_and_address(built_site, html):
    config = mkdocs_config()
    issues = config["extra"]["issues_url"]
    assert issues.startswith(config["extra"]["social"][0]["link"]), "issues_url is not the repository's"
    for page in content_pages(built_site):
        soup = html(page)
        href = report_link(soup)
        assert href, f"{page}: no single 'report an error' link"
        url = urlsplit(href)
        assert f"{url.scheme}://{url.netloc}{url.path}" == issues + "/new", page
        query = {k: v[0] for k, v in parse_qs(url.query, strict_parsing=True).items()}
        assert query["template"] == FORM.name, page
        assert query["page"] == config["site_url"] + page, page
        # The page's own title, as its <title> gives it before " - NMS Handbook".
        assert query["title"] == "Error: " + soup.title.string.split(" - ")[0], page


def test_the_form_has_a_field_for_every_value_the_link_fills_in():
    form = yaml.safe_load(FORM.read_text(encoding="utf-8"))
    fields = {f["id"]: f for f in form["body"] if "id" in f}
    assert fields["page"]["type"] == "input"
    required = {i for i, f in fields.items() if f.get("validations", {}).get("required")}
    assert {"page", "statement", "problem"} <= required
    assert "source" in fields, "the form asks for the source that shows the error"


def test_no_link_on_the_print_all_and_404_pages(built_site, html):
    for page in ("print_page.html", "404.html"):
        assert not html(page).select(".report-error"), page


@pytest.mark.browser
def test_the_link_shows_on_screen_and_not_in_print(page, built_site):
    page.goto((built_site / "clinical/treatment.html").as_uri())
    link = page.locator("p.report-error")
    assert link.is_visible()
    page.emulate_media(media="print")
    assert not link.is_visible()
