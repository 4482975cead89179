"""Search over http(s) loads only when the reader opens it (docs/assets/lazy-search.js):
a page view costs no search index and no search worker, and search still finds pages once opened,
by a click or by Material's keyboard shortcut. Search over file:// is tested in test_offline.py."""
from __future__ import annotations

import re

import pytest

from conftest import search_for, wait_for_search_results

INDEX = "/search/search_index.json"
WORKER = re.compile(r"/assets/javascripts/workers/search\.[^/]+\.js$")


@pytest.fixture
def js_page(browser):
    ctx = browser.new_context(java_script_enabled=True, viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.requested = []
    page.errors = []
    page.on("request", lambda r: page.requested.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    ctx.close()


def search_requests(page) -> list[str]:
    return [u for u in page.requested if u.split("?")[0].endswith(INDEX) or WORKER.search(u.split("?")[0])]


@pytest.mark.browser
@pytest.mark.parametrize("path", ["index.html", "checklist/iec.html", "differential/index.html"])
def test_a_page_view_loads_no_search_index_or_worker(js_page, http_root, path):
    js_page.goto(f"{http_root}/{path}")
    js_page.wait_for_load_state("networkidle")
    assert js_page.evaluate("typeof document$") != "undefined", "Material's JavaScript did not run"
    assert search_requests(js_page) == []
    assert js_page.errors == []


@pytest.mark.browser
def test_opening_search_loads_it_and_finds_pages(js_page, http_root):
    js_page.goto(f"{http_root}/clinical/treatment.html")
    js_page.wait_for_load_state("networkidle")
    assert search_requests(js_page) == []
    meta = search_for(js_page, "rigidity")
    assert re.search(r"\d+ matching documents?", meta), meta
    assert any(u.endswith(INDEX) for u in js_page.requested)
    assert any(WORKER.search(u) for u in js_page.requested)
    assert js_page.errors == []


@pytest.mark.browser
def test_the_search_shortcut_opens_search_and_finds_pages(js_page, http_root):
    js_page.goto(f"{http_root}/index.html")
    js_page.wait_for_load_state("networkidle")
    js_page.keyboard.press("/")
    js_page.keyboard.type("dantrolene")
    meta = wait_for_search_results(js_page)
    assert re.search(r"\d+ matching documents?", meta), meta
    assert js_page.errors == []


@pytest.mark.browser
def test_a_page_opened_from_a_result_highlights_the_searched_word(js_page, http_root):
    js_page.goto(f"{http_root}/clinical/treatment.html?h=dantrolene")
    marks = js_page.locator("article mark")
    marks.first.wait_for(state="attached", timeout=15000)
    assert marks.first.inner_text().lower() == "dantrolene"
    assert js_page.errors == []


@pytest.mark.browser
def test_each_hit_shows_only_the_start_of_its_text_on_a_phone(browser, http_root):
    """Material shows a hit's whole section; the references page alone was about fifteen screens."""
    ctx = browser.new_context(java_script_enabled=True, viewport={"width": 360, "height": 740})
    page = ctx.new_page()
    try:
        page.goto(f"{http_root}/index.html")
        page.wait_for_load_state("networkidle")
        search_for(page, "dantrolene")
        heights = page.eval_on_selector_all(".md-search-result__article",
                                            "els => els.map(e => e.getBoundingClientRect().height)")
        assert len(heights) >= 3, heights
        assert max(heights) <= 0.4 * 740, heights
    finally:
        ctx.close()
