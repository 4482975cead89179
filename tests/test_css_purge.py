"""The theme stylesheets are served without the rules nothing on the site can match
(macros/handbook/css_purge.py, run by hooks.py). The purge must change nothing a reader sees: in a
browser, no element of any page matches a dropped selector, in both colour schemes, with search
open and with the navigation drawer open on a phone; and the rules kept give the same computed
style as Material's own stylesheets."""
from __future__ import annotations

import contextlib
import hashlib
import re
from pathlib import Path

import pytest

from conftest import content_pages, search_for, theme_stylesheet
from handbook import css_purge


# --- The pure functions ---------------------------------------------------------------------------

def used(html: str = "", js: str = "") -> css_purge.Used:
    return css_purge.used_by([html], [js])


def test_a_rule_whose_class_is_nowhere_is_dropped():
    u = used('<div class="md-typeset"><p class="admonition note">x</p></div>')
    out = css_purge.purge(".md-typeset .note{color:red}.md-typeset .bug{color:blue}", u)
    assert out == ".md-typeset .note{color:red}"


def test_selectors_of_one_rule_are_kept_one_by_one():
    out = css_purge.purge(".a,.b,p{margin:0}", used('<i class="b"></i>'))
    assert out == ".b,p{margin:0}"


def test_classes_the_scripts_add_are_kept_and_so_are_prefixes_they_complete():
    js = 'x.classList.add("md-search-result__item");h("div",{class:`tabbed-control tabbed-control--${d}`})'
    out = css_purge.purge(".md-search-result__item{a:1}.tabbed-control--next{b:2}.md-banner{c:3}", used(js=js))
    assert out == ".md-search-result__item{a:1}.tabbed-control--next{b:2}"


def test_classes_inside_not_is_where_and_has_do_not_decide():
    u = used('<p class="x"></p>')
    css = ".x:not(.gone){a:1}:is(.gone,.x) b{c:2}.gone:is(.x){d:3}"
    assert css_purge.purge(css, u) == ".x:not(.gone){a:1}:is(.gone,.x) b{c:2}"


def test_a_dot_inside_an_attribute_selector_is_not_a_class():
    assert css_purge.purge('a[href$=".pdf"]{a:1}', used()) == 'a[href$=".pdf"]{a:1}'


def test_media_blocks_are_purged_inside_and_dropped_when_empty_other_at_rules_stay():
    u = used('<p class="x"></p>')
    css = ("@media screen{.x{a:1}.gone{b:2}}@media print{.gone{c:3}}"
           "@keyframes spin{0%{opacity:0}}@font-face{font-family:f}")
    assert css_purge.purge(css, u) == "@media screen{.x{a:1}}@keyframes spin{0%{opacity:0}}@font-face{font-family:f}"


def test_palette_colours_the_site_does_not_use_are_dropped():
    u = used('<body data-md-color-scheme="default" data-md-color-primary="indigo">')
    css = "[data-md-color-primary=indigo]{a:1}[data-md-color-primary=pink]{b:2}[data-md-color-scheme=slate]{c:3}"
    assert css_purge.purge(css, u) == "[data-md-color-primary=indigo]{a:1}"


def test_built_site_serves_smaller_theme_stylesheets_under_their_own_names(built_site, html):
    for name in ("main", "palette"):
        [served] = (built_site / "assets/stylesheets").glob(f"{name}.*.min.css")
        original = theme_stylesheet(name)
        text = served.read_text(encoding="utf-8")
        assert len(text) < 0.8 * len(original.read_text(encoding="utf-8")), name
        # Named by their content, not the theme's: a host may cache a hashed name forever.
        assert served.name != original.name
        assert served.name == f"{name}.{hashlib.sha256(text.encode()).hexdigest()[:8]}.min.css"
        assert not list((built_site / "assets/stylesheets").glob("*.map"))
        for page in ("index.html", "checklist/iec.html", "print_page.html", "404.html"):
            hrefs = [link["href"] for link in html(page).select("link[rel=stylesheet]")]
            assert any(h.endswith(f"assets/stylesheets/{served.name}") for h in hrefs), (page, hrefs)
            assert not any(original.name in h for h in hrefs), (page, hrefs)


# --- Nothing a reader sees changes ------------------------------------------------------------------

def dropped_selectors(site: Path) -> list[str]:
    """What the purge dropped from Material's own stylesheets, reduced to what an element must be
    to match: pseudo-classes and pseudo-elements removed (`.a:hover::before` -> `.a`), so a rule
    for a state the test does not reach still counts if its element is on the page."""
    used = css_purge.used_in_site(site)
    dropped = []
    for name in ("main", "palette"):
        dropped += css_purge.purge_with_dropped(theme_stylesheet(name).read_text(encoding="utf-8"), used)[1]
    bare = {re.sub(r"::?[\w-]+(\((?:[^()]|\([^()]*\))*\))?", "", s).strip() for s in dropped}
    return sorted(b for b in bare if b and not b.endswith((">", "+", "~")))


MATCHES = """selectors => { const hits = [], bad = [];
  for (const s of selectors) { try { if (document.querySelector(s)) hits.push(s); } catch (e) { bad.push(s); } }
  return {hits, bad}; }"""


@pytest.fixture(scope="module")
def dropped(built_site):
    selectors = dropped_selectors(built_site)
    assert len(selectors) > 200, len(selectors)  # the check has something to check
    return selectors


DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


@contextlib.contextmanager
def js_page(browser, url: str | None = None, before_load=None, **context_args):
    """A page in a fresh context with JavaScript on (desktop size unless given), loaded from `url`
    once `before_load(context)` has run."""
    ctx = browser.new_context(java_script_enabled=True, **{"viewport": DESKTOP, **context_args})
    try:
        if before_load:
            before_load(ctx)
        page = ctx.new_page()
        if url:
            page.goto(url)
            page.wait_for_load_state("networkidle")
        yield page
    finally:
        ctx.close()


def no_element_matches(page, selectors) -> list[str]:
    found = page.evaluate(MATCHES, selectors)
    assert len(found["bad"]) < len(selectors) / 20, found["bad"][:20]  # the check itself must work
    return found["hits"]


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_element_of_any_page_matches_a_dropped_selector(browser, built_site, http_root, dropped, scheme):
    hits = {}
    with js_page(browser, color_scheme=scheme) as page:
        for rel in content_pages(built_site):
            page.goto(f"{http_root}/{rel}")
            page.wait_for_load_state("networkidle")
            if found := no_element_matches(page, dropped):
                hits[rel] = found
    assert not hits, hits


def open_search(page):
    search_for(page, "dantrolene")


def open_drawer(page):
    page.click("label.md-header__button[for=__drawer]")


def switch_scheme(page):
    page.click("form[data-md-component=palette] label:visible")


@pytest.mark.browser
@pytest.mark.parametrize("state,viewport,prepare", [
    ("search open with results", DESKTOP, open_search),
    ("search open on a phone", PHONE, open_search),
    ("navigation drawer open on a phone", PHONE, open_drawer),
    ("colour scheme switched", DESKTOP, switch_scheme),
])
def test_no_element_matches_a_dropped_selector_in_scripted_states(browser, http_root, dropped, state, viewport, prepare):
    with js_page(browser, f"{http_root}/checklist/iec.html", viewport=viewport) as page:
        prepare(page)
        page.wait_for_timeout(300)
        assert no_element_matches(page, dropped) == [], state


def test_the_dropped_selector_check_finds_a_match_when_there_is_one(browser, http_root, dropped):
    with js_page(browser, f"{http_root}/index.html") as page:
        page.evaluate("document.body.insertAdjacentHTML('beforeend', '<div class=md-banner></div>')")
        assert ".md-banner" in no_element_matches(page, dropped)


# The purge also rewrites the rules it keeps (tinycss2 serialises them again): the computed style of
# every element, pseudo-elements included, must be what Material's own stylesheets give.
STYLE_DIGEST = """() => {
  const style = (el, pseudo) => { const cs = getComputedStyle(el, pseudo); let s = '';
    for (let i = 0; i < cs.length; i++) if (!cs[i].startsWith('--')) s += cs[i] + ':' + cs.getPropertyValue(cs[i]) + ';';
    return s; };
  const hash = s => { let h = 0; for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0; return h; };
  return [...document.querySelectorAll('body *')].map((el, i) =>
    i + ' ' + el.tagName + '.' + el.getAttribute('class') + ' ' + hash(style(el) + style(el, '::before') + style(el, '::after')));
}"""


def original_theme_css(context):
    """Serve Material's own stylesheets in place of the purged ones."""
    def handler(route):
        name = route.request.url.rsplit("/", 1)[-1].split("?")[0].split(".")[0]
        route.fulfill(path=str(theme_stylesheet(name)), content_type="text/css")
    context.route("**/assets/stylesheets/*.min.css", handler)


@pytest.mark.browser
@pytest.mark.parametrize("path", ["checklist/iec.html", "criteria/compare.html"])
def test_kept_rules_give_the_same_computed_style(browser, http_root, path):
    digests = []
    for before_load in (None, original_theme_css):
        with js_page(browser, f"{http_root}/{path}", before_load=before_load) as page:
            digests.append(page.evaluate(STYLE_DIGEST))
    ours, theirs = digests
    assert len(ours) == len(theirs) > 100
    assert [a for a, b in zip(ours, theirs) if a != b] == []
