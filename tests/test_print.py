"""Printing, with Chromium's own PDF output: the bedside card and the alert card each fit on exactly
one A4 and one US Letter page, long tables print every row, link targets are printed, collapsed
sections print open, and the whole handbook prints from one page."""
from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from conftest import ROOT, nav_entries, pdf_of, record_external, squash
from handbook.pages.cards import ALERT_BACK, ALERT_FRONT, DOSES, STEPS

pytestmark = pytest.mark.browser
FORMATS = ("A4", "Letter")
PX_PER_MM = 96 / 25.4


def pdf_text(reader: PdfReader) -> str:
    return squash("".join(p.extract_text() for p in reader.pages))


@pytest.mark.parametrize("fmt", FORMATS)
def test_bedside_card_prints_on_one_page_with_everything_on_it(fmt, page, built_site, handbook):
    external = record_external(page.context)
    page.goto((built_site / "bedside/card.html").as_uri())
    reader = pdf_of(page, fmt)
    assert len(reader.pages) == 1, f"the bedside card takes {len(reader.pages)} {fmt} pages"
    text = pdf_text(reader)
    iec = handbook.criteria["iec"]
    for item in iec.rule.weighted_sum:
        assert squash(item.label) in text, item.label
    for fid in STEPS + DOSES:
        assert squash(handbook.facts[fid].value) in text, fid
    # What the card must carry whatever the lists in handbook/pages/cards.py say: the first steps
    # and each drug of the dose table, by name.
    for words in ("stop the causative drug", "physical cooling", "urine output", "Benzodiazepines",
                  "lorazepam", "Dantrolene", "Bromocriptine", "Amantadine", "Electroconvulsive therapy"):
        assert squash(words) in text, words
    for mimic in handbook.extra["differential"].mimics:
        assert squash(mimic.short_name) in text, mimic.id
    assert squash("supports, and does not replace, clinical judgement") in text
    assert squash("References") in text
    # The numbered sources in small print: one per reference cited on the card.
    cited = page.locator("ol.references > li").count()
    assert cited >= 5 and squash(page.inner_text("ol.references > li >> nth=-1")[:40]) in text
    assert external == []


def test_every_mimic_on_the_card_has_a_clue_or_is_named_in_the_note(html, handbook):
    """Each mimic appears once: in the list with its marked clue, or, with none, named in the note."""
    soup = html("bedside/card.html")
    listed = {li["data-mimic"]: li.get_text() for li in soup.select("ul.card-mimics > li")}
    noted = {s["data-mimic"] for s in soup.select(".card-mimics-note [data-mimic]")}
    diff = handbook.extra["differential"]
    for m in diff.mimics:
        has_clue = bool(diff.discriminating(diff.reference, m))
        assert (m.id in listed) == has_clue and (m.id in noted) != has_clue, m.id
        if has_clue:
            assert listed[m.id].startswith(f"{m.short_name}: "), listed[m.id]


def test_bedside_card_points_come_from_the_data(html, handbook):
    soup = html("bedside/card.html")
    rows = soup.select("table.card-points tbody tr")
    items = handbook.criteria["iec"].rule.weighted_sum
    assert [r["data-item"] for r in rows] == [i.id for i in items]
    assert [int(r.select_one("td.pts").get_text()) for r in rows] == [i.points for i in items]
    assert soup.select_one("table.card-points tfoot td.pts").get_text() == str(handbook.criteria["iec"].rule.total)


@pytest.mark.parametrize("fmt", FORMATS)
def test_alert_card_prints_on_one_page(fmt, page, built_site, handbook):
    page.goto((built_site / "patients/alert-card.html").as_uri())
    reader = pdf_of(page, fmt)
    assert len(reader.pages) == 1, f"the alert card takes {len(reader.pages)} {fmt} pages"
    text = pdf_text(reader)
    for label in ALERT_FRONT:
        assert squash(label) in text, label
    for fid in ALERT_BACK:
        assert squash(handbook.facts[fid].value) in text, fid


def test_alert_card_is_wallet_size_and_nothing_is_cut_off(page, built_site):
    page.goto((built_site / "patients/alert-card.html").as_uri())
    page.emulate_media(media="print")
    panels = page.evaluate("""() => [...document.querySelectorAll('.alert-panel')].map(e => {
        const r = e.getBoundingClientRect();
        return {w: r.width, h: r.height, sh: e.scrollHeight, ch: e.clientHeight, top: r.top, left: r.left}; })""")
    assert len(panels) == 2
    for p in panels:
        assert abs(p["w"] - 85.6 * PX_PER_MM) < 1 and abs(p["h"] - 54 * PX_PER_MM) < 1, p
        assert p["sh"] <= p["ch"] + 1, f"text overflows the panel: {p}"
    # Front and back side by side, so the fold line is between them.
    assert abs(panels[0]["top"] - panels[1]["top"]) < 1 and panels[1]["left"] > panels[0]["left"]
    fold = page.evaluate("getComputedStyle(document.querySelector('.alert-fold')).borderLeftStyle")
    assert fold == "dashed"


def _first_cells(soup) -> list[list[str]]:
    """For each body row of each table in the article: the text pieces of its first cell, without
    the citation superscripts (which print as [1] next to the words)."""
    out = []
    for row in soup.select("article table tbody tr"):
        cell = row.find(["th", "td"])
        if cell is None:
            continue
        pieces = [s for s in cell.find_all(string=True) if not s.find_parent("sup")]
        out.append([p.strip() for p in pieces if p.strip()])
    return out


@pytest.mark.parametrize("long_page", ["differential/index.html", "criteria/compare.html"])
def test_long_tables_print_every_row(long_page, page, built_site, html):
    if not (built_site / long_page).exists():
        pytest.fail(f"{long_page} is not built")
    cells = _first_cells(html(long_page))
    assert len(cells) >= 5, f"{long_page}: expected a long table"
    page.goto((built_site / long_page).as_uri())
    reader = pdf_of(page, "A4")
    text = pdf_text(reader)
    missing = [" ".join(c) for c in cells if not all(squash(p) in text for p in c)]
    assert not missing, f"{long_page}: rows missing from the PDF: {missing[:5]}"


def test_print_hides_navigation_and_shows_link_targets(page, built_site):
    page.goto((built_site / "about/open-data.html").as_uri())
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary',
        '.md-footer', '.md-search'].map(s => { const e = document.querySelector(s);
        return !e || getComputedStyle(e).display === 'none' || e.getBoundingClientRect().height === 0; })""")
    assert all(hidden), hidden
    page.emulate_media(media=None)
    text = pdf_text(pdf_of(page, "A4"))
    href = page.get_attribute("article a[href^='https://creativecommons.org']", "href")
    assert href and squash(f"({href})") in text


def test_collapsed_sections_print_open(page, tmp_path):
    """CSS alone (JavaScript off) prints the content of a closed <details>."""
    css = (ROOT / "docs/assets/print.css").as_uri()
    probe = tmp_path / "details.html"
    probe.write_text(f"""<!doctype html><html lang="en"><head><title>t</title>
        <link rel="stylesheet" href="{css}"></head><body><article class="md-typeset">
        <details><summary>Summary line</summary><p>Text inside a collapsed block</p></details>
        </article></body></html>""", encoding="utf-8")
    page.goto(probe.as_uri())
    assert not page.is_visible("details p")
    text = pdf_text(pdf_of(page, "A4"))
    assert squash("Text inside a collapsed block") in text


def test_whole_handbook_print_page(built_site, html):
    """print_page.html (mkdocs-print-site-plugin) holds every page in the navigation, each in its
    own section with its title and its text."""
    soup = html("print_page.html")
    for _title, md in nav_entries():
        rel = md.removesuffix(".md") + ".html"
        section = soup.select_one(f"section.print-page#{md.removesuffix('.md').replace('/', '-')}")
        assert section is not None, f"{md} has no section on the print page"
        h1 = html(rel).select_one("article h1")
        assert squash(section.find("h1").get_text(" ").replace("¶", "")) == squash(h1.get_text(" ").replace("¶", ""))
        first = html(rel).select_one("article > p")
        if first is not None:
            assert squash(first.get_text(" "))[:60] in squash(section.get_text(" ")), md
    link = html("print.html").select_one('article a[href="print_page.html"]')
    assert link is not None


def test_every_aria_name_on_the_print_page_points_at_an_element(html):
    """The plugin renames the ids inside each page's section; the names that point at them follow
    (handbook/print_page.py), so the home page's emergency box and each checklist's result keep
    their names there."""
    soup = html("print_page.html")
    refs = [(el.name, token) for el in soup.select("[aria-labelledby], [aria-describedby]")
            for attr in ("aria-labelledby", "aria-describedby") for token in el.get(attr, "").split()]
    assert len(refs) > 20
    assert not [r for r in refs if soup.find(id=r[1]) is None]
    assert soup.select_one('section#index section.admonition.danger')["aria-labelledby"] == "index-first-steps"


def test_relinked_aria_follows_the_plugins_renamed_ids():
    from handbook.print_page import relinked_aria
    page = ('<section class="print-page" id="checklist-iec"><section aria-labelledby="r-h">'
            '<h2 id="checklist-iec-r-h">Result</h2><input aria-describedby="hint kept">'
            '<p id="checklist-iec-hint">x</p><p id="kept">y</p></section></section>'
            '<section class="print-page" id="index"><div aria-labelledby="r-h"></div></section>')
    assert relinked_aria(page) == page.replace('aria-labelledby="r-h"', 'aria-labelledby="checklist-iec-r-h"', 1) \
        .replace('aria-describedby="hint kept"', 'aria-describedby="checklist-iec-hint kept"')


def test_whole_handbook_print_page_loads_none_of_the_theme_scripts(js_context, http_root, html):
    """The print-all page is a document to print: no Material bundle, configuration or search
    scripts (macros/handbook/print_page.py), so none of them is fetched with JavaScript on, and the
    header buttons that only those scripts or the hidden menu served are not shown."""
    soup = html("print_page.html")
    assert soup.select_one("#__config") is None
    assert [s["src"] for s in soup.select("script[src]")] == ["assets/checklist-copy.js"]
    # The other pages keep them.
    assert html("index.html").select_one("#__config") is not None
    assert html("index.html").select('script[src*="assets/javascripts/bundle."]')

    page = js_context.new_page()
    scripts: list[str] = []
    page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{http_root}/print_page.html")
    page.wait_for_load_state("networkidle")
    assert [u.rsplit("/", 1)[-1] for u in scripts] == ["checklist-copy.js"], scripts
    assert page.is_visible("#print-page-toc a[href='#index']")
    for selector in ("label[for=__drawer]", "label[for=__search]", ".md-sidebar--primary", ".md-search"):
        assert not page.is_visible(selector), selector
    assert page.is_visible(".md-header__title")
    page.close()


def test_whole_handbook_print_page_has_its_contents_without_javascript(page, built_site, html):
    """The plugin fills its table of contents with a script after load; the build writes it in
    (macros/handbook/print_page.py), so it prints with JavaScript off and nothing shifts."""
    soup = html("print_page.html")
    # The plugin's script is gone from every page: its work is done at build time and in CSS.
    assert "generate_toc()" not in str(soup) and "remove_material_navigation" not in str(soup)
    for rel in ("index.html", "checklist/iec.html", "print_page.html"):
        assert not html(rel).select('script[src$="print-site.js"]'), rel
    assert not (built_site / "js").exists()
    toc = soup.select("#print-page-toc nav a[href^='#']")
    assert len(toc) >= 30, len(toc)
    ids = {el["id"] for el in soup.select("[id]")}
    assert all(a["href"][1:] in ids for a in toc), [a["href"] for a in toc if a["href"][1:] not in ids]
    # No landmark twice: the copied lists carry no <nav> of their own.
    assert not soup.select("#print-page-toc nav nav")
    page.goto((built_site / "print_page.html").as_uri())
    assert page.evaluate("typeof document$") == "undefined", "JavaScript is not off"
    assert page.is_visible("#print-page-toc a[href='#index']")
    assert not page.is_visible(".md-sidebar--primary")


@pytest.mark.parametrize("fmt,points", [("A4", (595, 842)), ("Letter", (612, 792))])
def test_the_differential_grid_prints_on_the_readers_paper_turned_landscape(fmt, points, page, built_site):
    """The grid's landscape pages keep the paper size chosen in the print dialogue (it had forced A4)."""
    page.goto((built_site / "differential/index.html").as_uri())
    reader = PdfReader(io.BytesIO(page.pdf(format=fmt, prefer_css_page_size=True)))
    sizes = [sorted(float(v) for v in (p.mediabox.width, p.mediabox.height)) for p in reader.pages]
    assert all(abs(w - points[0]) <= 2 and abs(h - points[1]) <= 2 for w, h in sizes), sizes
    assert any(p.mediabox.width > p.mediabox.height for p in reader.pages), "no landscape page for the grid"
