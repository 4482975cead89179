"""The built differential pages: the grid is the data (parsed back from the HTML), the pair pages
lead with the discriminating features, the Hunter table is the tree, bad data fails the build,
and at 360 px the page never scrolls sideways (Chromium, JavaScript off)."""
from __future__ import annotations

import html as htmllib
import io
import re

import pytest
from pypdf import PdfReader

from conftest import build_fails
from handbook.render.differential import describe
from mutate import copy_project, edit_yaml, replace_text


@pytest.fixture(scope="module")
def diff(handbook):
    return handbook.extra["differential"]


def cite_keys(sup) -> list[str]:
    return [a["href"].removeprefix("#ref-") for a in sup.select("a")]


def text(el) -> str:
    return " ".join(el.get_text(" ").split())


# -- the grid ------------------------------------------------------------------------------------

def test_grid_columns_and_rows_are_the_data(diff, html):
    soup = html("differential/index.html")
    (table,) = soup.select("div.ddx-grid-wrap > table.ddx-grid")
    heads = table.select("thead th[data-condition]")
    assert [th["data-condition"] for th in heads] == [c.id for c in diff.conditions]
    assert heads[0]["data-condition"] == "nms" and not heads[0].select("a")
    for th, cond in zip(heads[1:], diff.conditions[1:]):
        assert th.a["href"] == f"{cond.slug}.html" and text(th) == cond.short_name
    rows = table.select("tbody tr")
    assert [r["data-feature"] for r in rows] == [f.id for f in diff.features]
    for row, feat in zip(rows, diff.features):
        assert text(row.th) == feat.label


def test_every_grid_cell_matches_its_record_with_its_citations(diff, html, handbook):
    table = html("differential/index.html").select_one("table.ddx-grid")
    checked = 0
    for cond in diff.conditions:
        for feat in diff.features:
            td = table.select_one(f'td[data-condition="{cond.id}"][data-feature="{feat.id}"]')
            cell = cond.cell(feat.id)
            assert td is not None, (cond.id, feat.id)
            values = td.select(".ddx-value")
            if cell.not_reported:
                assert "Not reported" in text(td) and not values, (cond.id, feat.id)
            else:
                assert [text(v) for v in values] == [e.value for e in cell.entries], (cond.id, feat.id)
                for v, entry in zip(values, cell.entries):
                    sup = v.find_next_sibling("sup", class_="cite")
                    assert sup is not None, (cond.id, feat.id, entry.value)  # every value shows its source
                    assert cite_keys(sup) == [c.key for c in entry.cite], (cond.id, feat.id)
            unverified = td.select(".unverified")
            if cell.unverified:
                assert len(unverified) == 1 and "Not yet verified" in text(unverified[0])
                assert cell.unverified in text(unverified[0]) and not unverified[0].select("sup")
            else:
                assert not unverified
            key = td.select(".ddx-key-tag")
            marked = cell.discriminating is not None and cell.discriminating.versus == "nms"
            assert bool(key) == marked, (cond.id, feat.id)
            if marked:
                assert cite_keys(key[0].select_one("sup.cite")) == [c.key for c in cell.discriminating.cite]
            checked += 1
    assert checked == len(diff.conditions) * len(diff.features)


def test_unverified_text_never_appears_as_a_plain_statement(diff, built_site, html):
    # Short notes ("No fever", "Benzodiazepines") are words that also occur in verified cells; the
    # per-cell test above covers them. Longer ones must never appear outside an .unverified element.
    notes = {cell.unverified for c in diff.conditions for cell in c.features
             if cell.unverified and len(cell.unverified) > 20}
    assert notes
    pages = ["differential/index.html"] + [f"differential/{c.slug}.html" for c in diff.mimics]
    for page in pages:
        soup = html(page)
        article = soup.select_one("article")
        for note in notes:
            for hit in article.find_all(string=re.compile(re.escape(note))):
                assert hit.find_parent(class_="unverified") is not None, (page, note)


def test_grid_page_links_every_pair_page_and_says_it_supports_judgement(diff, html, built_site):
    soup = html("differential/index.html")
    links = {a["href"] for a in soup.select("ul.ddx-pair-list a")}
    assert links == {f"{c.slug}.html" for c in diff.mimics}
    for c in diff.mimics:
        assert (built_site / "differential" / f"{c.slug}.html").exists()
    assert "supports, and does not replace, clinical judgement" in text(soup.select_one("article"))


# -- the pair pages ------------------------------------------------------------------------------

@pytest.mark.parametrize("cid", ["serotonin_syndrome", "anticholinergic_toxicity", "heat_stroke",
                                 "parkinsonism_hyperpyrexia", "thyroid_storm"])
def test_pair_page_leads_with_discriminating_features(diff, html, cid):
    ref, mimic = diff.reference, diff.condition(cid)
    soup = html(f"differential/{mimic.slug}.html")
    marks = diff.discriminating(ref, mimic)
    clinical = [f.id for f in diff.features if f.section == "clinical"]
    management = [f.id for f in diff.features if f.section == "management"]
    key_section = soup.select_one("#key-differences").find_next_sibling()
    if marks:
        got = [d["data-feature"] for d in key_section.select(".ddx-item")]
        assert got == [f for f in clinical if f in marks]
        for item in key_section.select(".ddx-item"):
            whys = item.select(".ddx-why")
            assert whys and all(w.select_one("sup.cite") for w in whys)
    else:
        assert "ddx-no-key" in key_section.get("class", [])
    others = soup.select_one("#other-features").find_next_sibling()
    assert [d["data-feature"] for d in others.select(".ddx-item")] == [f for f in clinical if f not in marks]
    manage = soup.select_one("#management").find_next_sibling()
    assert [d["data-feature"] for d in manage.select(".ddx-item")] == management
    # Both sides of every feature, NMS first, with the record's values and sources.
    for item in soup.select(".ddx-item"):
        dds = item.select("dd")
        assert [dd["data-condition"] for dd in dds] == ["nms", cid]
        for dd, cond in zip(dds, (ref, mimic)):
            cell = cond.cell(item["data-feature"])
            assert [text(v) for v in dd.select(".ddx-value")] == [e.value for e in cell.entries]
            assert len(dd.select(":scope > sup.cite, li > sup.cite")) == len(cell.entries)
    if mimic.notes:
        assert [text(li) for li in soup.select("ul.ddx-notes li")][0].startswith(mimic.notes[0].text)
    assert soup.select_one("ol.references")  # references() closes the page


# -- the Hunter rules table ----------------------------------------------------------------------

def test_hunter_table_is_generated_from_the_tree(handbook, html):
    hunter = handbook.criteria["hunter2003"]
    soup = html("differential/hunter.html")
    rules = hunter.rule.all[1].any
    rows = soup.select('table.rules-table[data-set="hunter2003"] tbody tr')
    assert [r["data-rule"] for r in rows] == [n.id for n in rules] == ["rule1", "rule2", "rule3", "rule4", "rule5"]
    for row, node in zip(rows, rules):
        assert text(row.td) == " ".join(htmllib.unescape(re.sub(r"<[^>]+>", "", describe(node, hunter))).split())
    # The decision rules as Dunkley 2003 gives them (facts.md §6.2), written out independently of
    # describe(): an 'and' turned 'or' would change who meets the criteria.
    assert [text(r.td) for r in rows] == [
        "Spontaneous clonus",
        "Inducible clonus and (agitation or diaphoresis)",
        "Ocular clonus and (agitation or diaphoresis)",
        "Tremor and hyperreflexia",
        "Hypertonia and temperature > 38 °C and (ocular clonus or inducible clonus)",
    ]
    assert "A serotonergic agent has been taken" in text(soup.select_one(".rules-required"))
    validation = text(soup.select_one('ul.rules-validation[data-set="hunter2003"]'))
    assert "84 %" in validation and "97 %" in validation and "75 %" in validation and "96 %" in validation


# -- bad data fails the real build --------------------------------------------------------------

def _build_fails(tmp_path, *fragments):
    return build_fails(tmp_path / "project", tmp_path / "site", *fragments)


def test_build_fails_on_a_missing_feature(tmp_path):
    project = copy_project(tmp_path)
    edit_yaml(project / "macros/data/differential/malignant-catatonia.yaml",
              lambda c: c.__setitem__("features", [f for f in c["features"] if f["id"] != "skin"]))
    _build_fails(tmp_path, "macros/data/differential/malignant-catatonia.yaml:",
                 "condition 'malignant_catatonia'", "feature 'skin'")


def test_build_fails_on_an_uncited_value(tmp_path):
    project = copy_project(tmp_path)
    replace_text(project / "macros/data/differential/sympathomimetic-toxicity.yaml",
                 "  - id: pupils\n    value: Mydriasis\n    cite: [WikEM-Sympathomimetic]\n",
                 "  - id: pupils\n    value: Mydriasis\n")
    _build_fails(tmp_path, "macros/data/differential/sympathomimetic-toxicity.yaml:",
                 "condition 'sympathomimetic_toxicity'", "feature 'pupils'", "has no citation")


def test_build_fails_on_an_unknown_condition_id(tmp_path):
    project = copy_project(tmp_path)
    replace_text(project / "macros/data/differential/anticholinergic-toxicity.yaml",
                 "versus: nms", "versus: neuroleptic_malignant")
    _build_fails(tmp_path, "macros/data/differential/anticholinergic-toxicity.yaml:",
                 "condition 'anticholinergic_toxicity'", "feature 'tone'",
                 "unknown condition 'neuroleptic_malignant'")


def test_build_fails_on_a_pair_page_for_an_unknown_condition(tmp_path):
    project = copy_project(tmp_path)
    replace_text(project / "docs/differential/heat-stroke.md", 'pair("heat_stroke")', 'pair("heatstroke")')
    _build_fails(tmp_path, "differential/heat-stroke.md", "pair('heatstroke'): unknown condition")


# -- 360 px and print (Chromium, JavaScript off) -------------------------------------------------

def _layout(page):
    cdp = page.context.new_cdp_session(page)
    try:
        m = cdp.send("Page.getLayoutMetrics")
    finally:
        cdp.detach()
    return m["cssContentSize"]["width"], m["cssLayoutViewport"]["clientWidth"]


@pytest.mark.browser
@pytest.mark.parametrize("path", ["differential/index.html", "differential/serotonin-syndrome.html",
                                  "differential/hunter.html",
                                  "differential/alcohol-benzodiazepine-withdrawal.html"])
def test_no_page_level_horizontal_scroll_at_360px(page, http_root, path):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{http_root}/{path}")
    content, viewport = _layout(page)
    assert viewport == 360 and content <= viewport, (path, content)


@pytest.mark.browser
def test_title_takes_one_line_at_360px(page, http_root):
    # The title fits one line; a permalink after it used to wrap onto an empty second line.
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{http_root}/differential/index.html")
    height, line = page.evaluate(
        "(() => { const h = document.querySelector('h1');"
        " return [h.getBoundingClientRect().height, parseFloat(getComputedStyle(h).lineHeight)]; })()")
    assert height < 1.5 * line, (height, line)


@pytest.mark.browser
def test_grid_scrolls_inside_its_wrapper_with_the_feature_column_sticky(page, http_root):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{http_root}/differential/index.html")
    wrap = page.locator(".ddx-grid-wrap")
    wrap.scroll_into_view_if_needed()
    wbox = wrap.bounding_box()
    tbox = page.locator("table.ddx-grid").bounding_box()
    assert wbox["x"] >= 0 and wbox["x"] + wbox["width"] <= 360
    assert tbox["width"] > 2 * wbox["width"]       # the table is wider than the screen ...
    assert _layout(page)[0] <= 360                 # ... but only the wrapper scrolls
    head = page.locator('tr[data-feature="pupils"] th')
    nms = page.locator('td[data-condition="nms"][data-feature="pupils"]')
    before_head, before_nms = head.bounding_box()["x"], nms.bounding_box()["x"]
    page.locator('td[data-condition="acute_dystonia"][data-feature="pupils"]').scroll_into_view_if_needed()
    after_head, after_nms = head.bounding_box()["x"], nms.bounding_box()["x"]
    assert after_nms < before_nms - 300            # the columns moved under ...
    assert abs(after_head - before_head) < 1       # ... the feature name, which stayed in view
    assert _layout(page)[0] <= 360


@pytest.mark.browser
def test_on_a_wide_screen_the_nms_column_stays_beside_the_feature_names(page, http_root):
    """Every mimic scrolls past NMS itself, which stays in view, in whole words, over an opaque background."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{http_root}/differential/index.html")
    head = page.locator('tr[data-feature="pupils"] th')
    nms = page.locator('td[data-condition="nms"][data-feature="pupils"]')
    far = page.locator('td[data-condition="acute_dystonia"][data-feature="pupils"]')
    before = nms.bounding_box()["x"]
    far.scroll_into_view_if_needed()
    after = nms.bounding_box()["x"]
    assert abs(after - before) < 1, (before, after)
    assert abs(head.bounding_box()["x"] + head.bounding_box()["width"] - after) < 2
    assert far.bounding_box()["x"] >= after + nms.bounding_box()["width"] - 1   # not under NMS
    bg = page.evaluate("getComputedStyle(document.querySelector('td.ddx-ref')).backgroundColor")
    assert not bg.startswith("rgba") or bg.endswith(", 1)"), bg
    # A row name breaks between words only ("Temperat-ure" was split mid-word at 360 px)
    page.set_viewport_size({"width": 360, "height": 740})
    words = page.evaluate("""() => [...document.querySelectorAll('.ddx-feature-head')].map(th => {
        const r = document.createRange(); r.selectNodeContents(th);
        return [th.textContent, [...r.getClientRects()].length, th.textContent.split(' ').length]; })""")
    split = [w for w in words if w[1] > w[2]]
    assert not split, split


@pytest.mark.browser
def test_grid_prints_on_landscape_pages(page, http_root):
    page.goto(f"{http_root}/differential/index.html")
    page.emulate_media(media="print")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
    grid_pages = [i for i, p in enumerate(reader.pages) if "Trigger and" in p.extract_text()]
    assert grid_pages
    for i in grid_pages:
        w, h = sizes[i]
        assert w > h, (i, sizes)
    # All thirteen column names on the first landscape page: nothing is clipped sideways.
    first = " ".join(reader.pages[grid_pages[0]].extract_text().split())
    assert "Acute dystonia" in first and "Thyroid storm" in first
