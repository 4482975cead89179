"""Fixes to the whole-handbook page (print_page.html) that mkdocs-print-site-plugin writes; pure
functions from HTML to HTML, called by hooks.py after the plugin has written the page.

The plugin leaves its table of contents empty and fills it in the browser, copying the theme's
sidebar table of contents after the page has loaded. With JavaScript off (or printing from a
reader that runs none) the printed handbook then opens on an empty "Table of Contents", and with
JavaScript on the late insertion shifts the whole page down (Lighthouse: layout shift). The same
copy is made here, once, at build time. The plugin's script also hid the site navigation after
load; docs/assets/print.css hides it from the start, so the script is not needed on any page
(hooks.py takes it off the others).
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
