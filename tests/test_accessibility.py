"""axe-core (WCAG 2.2 AA rules) on every built page, in the light and the dark scheme, with the
site's scripts blocked (the page a reader without JavaScript gets) and with them running.

axe needs timers, which never fire in a context with JavaScript disabled, so the "JS off" runs use a
JS-enabled context in which every *.js file is aborted: the DOM is the no-JS page, and only the
theme's small inline scripts run (they apply a stored colour-scheme choice, nothing else).

Violations are collected over all pages and reported together. Theme problems that cannot be fixed
from this site are allow-listed below by rule and CSS selector, with the reason; never by page.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import content_pages

pytestmark = pytest.mark.browser

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}

# (rule id, regex matched against axe's CSS selector of the node, why it cannot be fixed here).
# Keep this short; docs/about/accessibility.md explains each entry to readers.
ALLOWED: list[tuple[str, str, str]] = [
]

SITE_PREFIX = "/nms-handbook/"  # path of site_url: 404.html links its assets absolutely under it
SCHEME_ATTR = {"light": "default", "dark": "slate"}


def _allowed(rule: str, target: str) -> bool:
    return any(rule == r and re.search(sel, target) for r, sel, _ in ALLOWED)


@pytest.fixture(scope="module")
def axe():
    return Axe()


def _context(browser, built_site: Path, http_root: str, scheme: str, scripts: bool):
    """A context in the given colour scheme; scripts=False aborts every .js file of the site.

    Requests under /nms-handbook/ (the 404 page's absolute asset URLs) are answered from the built
    tree, so the 404 page is tested styled, as a reader sees it online."""
    ctx = browser.new_context(color_scheme=scheme, java_script_enabled=True,
                              viewport={"width": 1280, "height": 720})
    # The theme's inline script applies a stored palette choice; store "follow the system" so that
    # with the bundle blocked the page still follows prefers-color-scheme (a returning reader).
    # The key is the page's scope: "/" for pages served here, site_url's path for pages whose
    # template uses it (404.html, print_page.html).
    ctx.add_init_script(
        "try { for (const scope of ['/', '%s']) localStorage.setItem(scope + '.__palette',"
        " JSON.stringify({index: 0, color: {media: '(prefers-color-scheme)'}})); } catch (e) {}" % SITE_PREFIX)

    def handle(route):
        url = urlparse(route.request.url)
        if url.hostname not in ("127.0.0.1", "localhost"):
            return route.abort()
        if not scripts and re.search(r"\.js$", url.path):
            return route.abort()
        if url.path.startswith(SITE_PREFIX):
            local = built_site / url.path[len(SITE_PREFIX):]
            if local.is_file():
                return route.fulfill(path=str(local))
            return route.fulfill(status=404, body="")
        return route.continue_()

    ctx.route("**/*", handle)
    return ctx


def _sweep(browser, axe, built_site, http_root, scheme, scripts) -> tuple[list[str], int]:
    pages = content_pages(built_site) + ["404.html", "print_page.html"]
    problems: list[str] = []
    ctx = _context(browser, built_site, http_root, scheme, scripts)
    try:
        page = ctx.new_page()
        for name in pages:
            page.goto(f"{http_root}/{name}", wait_until="load")
            if scripts and name != "print_page.html":  # that page loads no theme script
                # Material's bundle sets up the page after load (palette, sidebar scroll position).
                page.wait_for_function("typeof document$ !== 'undefined'")
                page.wait_for_timeout(150)
            elif not scripts:
                assert page.evaluate("typeof document$") == "undefined", "site scripts were not blocked"
            got = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
            assert got == SCHEME_ATTR[scheme], f"{name}: page is in scheme {got!r}, not {scheme}"
            result = axe.run(page, options=AXE_OPTIONS)
            for v in result.response["violations"]:
                for node in v["nodes"]:
                    target = " ".join(json.dumps(t) if not isinstance(t, str) else t for t in node["target"])
                    if _allowed(v["id"], target):
                        continue
                    summary = " ".join(node.get("failureSummary", "").split())[:300]
                    problems.append(f"{name}: {v['id']} ({v['impact']}) at {target}: {summary}")
    finally:
        ctx.close()
    return problems, len(pages)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("scripts", [False, True], ids=["js-blocked", "js-running"])
def test_axe_wcag22aa_on_every_page(browser, axe, built_site, http_root, scheme, scripts):
    problems, n = _sweep(browser, axe, built_site, http_root, scheme, scripts)
    assert n >= 20, "fewer pages than expected: did content_pages() find the site?"
    assert not problems, f"{len(problems)} axe violation(s):\n" + "\n".join(problems)


def test_axe_finds_a_violation_when_there_is_one(browser, axe, http_root):
    """The sweep can fail: a link marked by colour alone and an image without alt text are caught."""
    ctx = browser.new_context(java_script_enabled=True)
    try:
        page = ctx.new_page()
        page.set_content('<html lang="en"><head><title>t</title></head><body><main>'
                         '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
                         '<p style="color:#777;background:#888">low contrast</p></main></body></html>')
        ids = {v["id"] for v in axe.run(page, options=AXE_OPTIONS).response["violations"]}
    finally:
        ctx.close()
    assert {"image-alt", "color-contrast"} <= ids, ids


def test_allow_list_entries_are_explained():
    for rule, selector, why in ALLOWED:
        assert rule and selector and len(why) > 30, (rule, selector)


def test_no_page_scrolls_sideways_at_360_px(browser, built_site, http_root):
    """WCAG 1.4.10 Reflow: at phone width (360 CSS px, JavaScript off) the page itself never scrolls
    horizontally; wide tables scroll inside their own box instead."""
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    wide = []
    try:
        page = ctx.new_page()
        for name in content_pages(built_site):
            page.goto(f"{http_root}/{name}", wait_until="load")
            sw, cw = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            if sw > cw:
                wide.append(f"{name}: {sw} px wide in a {cw} px viewport")
    finally:
        ctx.close()
    assert not wide, "\n".join(wide)


def test_first_tab_reaches_the_skip_link_and_it_leads_to_the_content(browser, built_site, http_root):
    """Keyboard users can skip the navigation on every page (WCAG 2.4.1), with JavaScript off."""
    ctx = browser.new_context(java_script_enabled=False)
    problems = []
    try:
        page = ctx.new_page()
        for name in content_pages(built_site):
            page.goto(f"{http_root}/{name}", wait_until="load")
            page.keyboard.press("Tab")
            focused = page.evaluate("""() => { const a = document.activeElement;
                const r = a.getBoundingClientRect();
                return {href: a.getAttribute('href'), cls: a.className, visible: r.width > 0 && r.height > 0}; }""")
            href = focused["href"] or ""
            if "md-skip" not in (focused["cls"] or "") or not focused["visible"]:
                problems.append(f"{name}: first Tab focused {focused}")
            elif not href.startswith("#") or not page.locator(f"[id='{href[1:]}']").count():
                problems.append(f"{name}: skip link points at {href!r}, which is not on the page")
    finally:
        ctx.close()
    assert not problems, "\n".join(problems)


# Where keyboard focus ends up: a link in plain sight, not under a sticky column, the fixed header or
# off screen in the closed navigation drawer (WCAG 2.4.11 Focus Not Obscured, 2.4.7 Focus Visible).
FOCUS_SEEN = """(box) => { const el = document.activeElement;
  if (!el || !document.querySelector(box).contains(el)) return null;
  const r = el.getBoundingClientRect();
  const points = [[r.left + 1, r.top + 1], [r.right - 1, r.top + 1], [r.left + 1, r.bottom - 1],
                  [r.right - 1, r.bottom - 1], [(r.left + r.right) / 2, (r.top + r.bottom) / 2]];
  const seen = points.some(([x, y]) => { const hit = document.elementFromPoint(x, y);
    return hit && (hit === el || el.contains(hit) || hit.contains(el)); });
  return seen ? "" : el.outerHTML.slice(0, 120); }"""


@pytest.mark.parametrize("width, height", [(360, 640), (1280, 800)])
@pytest.mark.parametrize("name, box", [("differential/index.html", ".ddx-grid-wrap"),
                                       ("criteria/compare.html", ".criteria-compare-wrap")])
def test_tabbing_through_a_wide_table_never_hides_the_focus_under_a_sticky_column(
        browser, http_root, name, box, width, height):
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": width, "height": height})
    try:
        page = ctx.new_page()
        page.goto(f"{http_root}/{name}", wait_until="load")
        page.focus(box)
        stops, hidden = 0, []
        for _ in range(1000):
            page.keyboard.press("Tab")
            state = page.evaluate(FOCUS_SEEN, box)
            if state is None:
                break
            stops += 1
            if state:
                hidden.append(state)
    finally:
        ctx.close()
    assert stops > 30, f"only {stops} focus stops in {box}"
    assert not hidden, f"{len(hidden)} of {stops} focused links hidden in {name} at {width} px:\n" + "\n".join(hidden[:5])


def test_the_closed_navigation_drawer_is_out_of_the_tab_order(browser, http_root):
    """On a phone the navigation is a drawer moved off screen; closed, its links must not take focus."""
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 640})
    try:
        page = ctx.new_page()
        page.goto(f"{http_root}/checklist/iec.html", wait_until="load")
        in_drawer = 0
        for _ in range(40):
            page.keyboard.press("Tab")
            in_drawer += page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')")
        assert in_drawer == 0, f"{in_drawer} of the first 40 Tab stops were in the closed drawer"
        page.click(".md-header label[for='__drawer']")  # the menu button: opens the drawer without JavaScript
        page.wait_for_timeout(400)
        link = page.locator(".md-sidebar--primary a.md-nav__link").first
        link.focus()
        assert page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')")
        assert link.is_visible()
    finally:
        ctx.close()
