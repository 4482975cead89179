"""Fixes to the whole-handbook page (print_page.html) that mkdocs-print-site-plugin writes; pure
functions from HTML to HTML, called by hooks.py after the plugin has written the page.

The plugin leaves its table of contents empty and fills it in the browser, copying the theme's
sidebar table of contents after the page has loaded. With JavaScript off (or printing from a
reader that runs none) the printed handbook then opens on an empty "Table of Contents", and with
JavaScript on the late insertion shifts the whole page down (Lighthouse: layout shift). The same
copy is made here, once, at build time. The plugin's script also hid the site navigation after
load; docs/assets/print.css hides it from the start, so the script is not needed on any page
(hooks.py takes it off the others).

The page is a document to print, and it carries none of the theme's scripts either. On a phone,
Material's script spent about two seconds laying out again the page's 14,000 elements (Lighthouse:
total blocking time 1.8 s, performance 71) for features this page has no use for: the search box
and the menu are hidden here, the table of contents is written in, and the browser's own find
searches one page better. Without them the page reads and prints as it does with JavaScript off.
"""
from __future__ import annotations

import re

_SIDEBAR_TOC = re.compile(r'<nav class="md-nav md-nav--secondary"[^>]*>.*?(?=<ul class="md-nav__list")', re.S)
_UL = re.compile(r"<(/?)ul\b")
_TOC_TITLE = re.compile(r"(<div id=\"print-page-toc\"[^>]*>\s*<nav [^>]*class='print-page-toc-nav'[^>]*>\s*"
                        r"<h1 class='print-page-toc-title'>[^<]*</h1>)")
_PLUGIN_SCRIPT = re.compile(r"\s*<script[^>]*>\s*document\.addEventListener\('DOMContentLoaded', function \(\) \{\s*"
                            r"remove_material_navigation\(\);remove_mkdocs_theme_navigation\(\);generate_toc\(\);"
                            r"\s*\}\)\s*</script>")


# Material's bundle with its configuration, and the two scripts that serve only its search.
_THEME_SCRIPTS = re.compile(
    r'\s*<script (?:id="__config" type="application/json">[^<]*'
    r'|src="(?:[^"]*/)?(?:assets/javascripts/bundle\.[0-9a-f]+\.min\.js|assets/lazy-search\.js'
    r'|assets/vendor/iframe-worker/shim\.js)">)</script>')


def without_theme_scripts(html: str) -> str:
    """The page without Material's script, its configuration, and the scripts of its search."""
    return _THEME_SCRIPTS.sub("", html)


def _balanced_list(html: str, start: int) -> str:
    """The `<ul>` element that opens at `start`, with every list nested in it."""
    depth = 0
    for m in _UL.finditer(html, start):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return html[start:html.index(">", m.end()) + 1]
    raise ValueError("unclosed <ul> in the sidebar table of contents")


def static_toc(html: str) -> str:
    """Fill the print page's table of contents from the sidebar's, and drop the plugin's script,
    which would do it again in the browser. Returns the page unchanged if a part is missing."""
    sidebar = _SIDEBAR_TOC.search(html)
    title = _TOC_TITLE.search(html)
    script = _PLUGIN_SCRIPT.search(html)
    if not sidebar or not title or not script:
        return html
    toc = _balanced_list(html, sidebar.end())
    # A copy, not the sidebar itself: no component hooks for the theme's script, and the nested
    # <nav> landmarks become plain blocks so that no landmark name appears twice on the page.
    toc = toc.replace(' data-md-component="toc"', "").replace(" data-md-scrollfix", "")
    toc = re.sub(r'<nav class="md-nav" aria-label="[^"]*">', '<div class="md-nav">', toc).replace("</nav>", "</div>")
    return html[:script.start()] + html[script.end():title.end()] + "\n" + toc + html[title.end():]


_ID = re.compile(r' id="([^"]+)"')
_PAGE_SECTION = re.compile(r'<section class="print-page" id="([^"]+)"')
_ARIA_REF = re.compile(r'(aria-(?:labelledby|describedby)=")([^"]*)(")')


def relinked_aria(html: str) -> str:
    """Point aria-labelledby and aria-describedby at the ids the plugin gave their targets. The
    plugin renames ids inside each page's section to "<page>-<id>" but leaves these references
    as they were, so a checklist's result section or the home page's emergency box lost its name."""
    ids = set(_ID.findall(html))
    starts = [(m.start(), m.group(1)) for m in _PAGE_SECTION.finditer(html)]

    def page_at(pos: int) -> str | None:
        current = None
        for start, page in starts:
            if start > pos:
                break
            current = page
        return current

    def fix(m: re.Match) -> str:
        page = page_at(m.start())
        tokens = [t if t in ids or page is None or f"{page}-{t}" not in ids else f"{page}-{t}"
                  for t in m.group(2).split()]
        return m.group(1) + " ".join(tokens) + m.group(3)

    return _ARIA_REF.sub(fix, html)
