"""The built criteria pages: the tables in the HTML match the data cell by cell, every set and item is
cited, the IEC cut-off is never printed, the comparison scrolls on a phone, and a malformed tree
fails the build naming the file, the set and the node."""
from __future__ import annotations

import copy
import re

import pytest
from bs4 import BeautifulSoup

from conftest import build_fails
from handbook.model.criteria import WeightedSumNode
from handbook.render import criteria as rc
from mutate import copy_project, edit_yaml

INDEX, COMPARE = "criteria/index.html", "criteria/compare.html"


def article(html, page):
    return html(page).select_one("article")


def squash(text: str) -> str:
    """Whitespace as one space (no-break spaces included), as text_of reads the page."""
    return re.sub(r"\s+", " ", text)


def text_of(node) -> str:
    return squash(node.get_text(" ", strip=True))


def reference_keys(html, page) -> set[str]:
    return {li["id"].removeprefix("ref-") for li in html(page).select("ol.references li[id]")}


def cited_keys(node) -> set[str]:
    return {a["href"].removeprefix("#ref-") for a in node.select("sup.cite a")}


# -- the criteria sets page --------------------------------------------------------------------

def test_one_section_per_set_with_its_parts(html, handbook):
    doc = html(INDEX)
    for cset in handbook.criteria.values():
        if cset.condition != "nms":
            continue
        assert doc.select_one(f"h2#{cset.id}"), cset.id
        assert doc.select_one(f"h3#{cset.id}-items") and doc.select_one(f"h3#{cset.id}-rule")
        assert bool(doc.select_one(f"h3#{cset.id}-disputed")) == bool(cset.disputed)
        assert bool(doc.select_one(f"h3#{cset.id}-validation")) == bool(cset.validation)
        meta = doc.select_one(f'p.criteria-meta[data-set="{cset.id}"]')
        assert cited_keys(meta) == {c.key for c in cset.cite}, cset.id  # every set is cited


def test_items_tables_in_the_html_match_the_data(html, handbook):
    doc = html(INDEX)
    refs = reference_keys(html, INDEX)
    for cset in handbook.criteria.values():
        if cset.condition != "nms":
            continue
        table = doc.select_one(f'table.criteria-items[data-set="{cset.id}"]')
        rows = table.select("tbody > tr")
        if isinstance(cset.rule, WeightedSumNode):
            assert [r["data-item"] for r in rows] == [i.id for i in cset.rule.weighted_sum]
            points = [int(text_of(r.select_one('td[data-col="points"]'))) for r in rows]
            assert points == [i.points for i in cset.rule.weighted_sum]
            assert sum(points) == int(text_of(table.select_one('td[data-col="total"]'))) == cset.rule.total
            for r, item in zip(rows, cset.rule.weighted_sum):
                for f in cset.findings:
                    if f.id in r["data-findings"].split() and f.thresholds:
                        assert squash(rc.finding_threshold_text(f)) in text_of(r), (cset.id, f.id)
        else:
            assert [r["data-finding"] for r in rows] == [f.id for f in cset.findings], cset.id
            for r, f in zip(rows, cset.findings):
                assert f.label in text_of(r.select_one("th"))
                cell = text_of(r.select_one('td[data-col="threshold"]'))
                assert cell.startswith(squash(rc.finding_threshold_text(f) or rc.NO_NUMBER)), (cset.id, f.id, cell)
                assert text_of(r.select_one('td[data-col="group"]')) == (f.group or "")
        for r in rows:  # every item is cited, and its sources are in the page's reference list
            keys = cited_keys(r)
            assert keys and keys <= refs, (cset.id, r)


def test_rule_in_words_is_on_the_page(html, handbook):
    doc = html(INDEX)
    for cset in handbook.criteria.values():
        if cset.condition != "nms":
            continue
        if cset.rule is None:
            assert "No required count" in text_of(doc.select_one('div.criteria-rule[data-rule="none"]'))
        else:
            # The words of the rule, as rule_in_words gives them (its wording has literal tests in
            # test_criteria_render.py), less the citation marks the page adds.
            div = copy.copy(doc.select_one(f'div.criteria-rule[data-rule="{cset.id}"]'))
            for sup in div.select("sup.cite"):
                sup.decompose()
            expected = BeautifulSoup(rc.rule_in_words(cset.rule, cset), "html.parser")
            assert div.select("li") and text_of(div) == text_of(expected), cset.id


def test_disputed_values_are_each_shown_with_their_source(html, handbook):
    doc = html(INDEX)
    cset = handbook.criteria["levenson1985"]
    for d in cset.disputed:
        li = doc.select_one(f'ul.criteria-disputed[data-set="levenson1985"] > li[data-finding="{d.finding}"]')
        shown = [(text_of(v.select_one(".criteria-disputed-value")), cited_keys(v)) for v in li.select("ul li")]
        assert shown == [(v.text, {c.key for c in v.cite}) for v in d.values]


def test_iec_validation_figures_are_shown_and_no_cut_off_is_printed(html, handbook):
    doc = html(INDEX)
    validation = text_of(doc.select_one('ul.criteria-validation[data-set="iec"]'))
    for figure in ("0.857", "0.715", "69.6 %", "90.7 %"):
        assert figure in validation
    for page in (INDEX, COMPARE):
        text = text_of(article(html, page))
        assert not re.search(r"\b7[46]\b", text), page  # the unverified 74 and the unsupported 76
        assert not re.search(r"cut-?off (score )?(of|is|=|≥)\s*\d", text, re.I), page
    assert "no threshold score" in text_of(doc.select_one('ul.criteria-caveats[data-set="iec"]'))


def test_unverified_material_is_marked_and_adityanjee_is_not_reproduced(html):
    doc = html(INDEX)
    marked = doc.select('ul.criteria-caveats[data-set="pope1986"] li.unverified')
    assert any("CPK" in text_of(li) for li in marked)
    text = text_of(article(html, INDEX))
    assert doc.select_one("h2#not-shown")
    assert "38.5" not in text and "Simpson-Angus" not in text  # the unattributed research set


def test_pages_end_with_their_references(html):
    for page in (INDEX, COMPARE):
        body = article(html, page)
        assert body.select_one("h2#references") and body.select_one("ol.references li")
        assert "PLACEHOLDER" not in str(body)


def test_dsm_iv_is_not_called_dsm_5(html):
    for page in (INDEX, COMPARE):
        body = article(html, page)
        assert "BMCNeurol2020" in cited_keys(body), page
    assert html(COMPARE).select_one("h2#dsm-iv-tr-is-not-dsm-5")
    assert html(COMPARE).select_one("h2#why-they-differ")


# -- the comparison page ---------------------------------------------------------------------------

def test_comparison_table_in_the_html_matches_the_data(html, handbook):
    table = html(COMPARE).select_one("table.criteria-compare")
    nms = sorted((s for s in handbook.criteria.values() if s.condition == "nms"), key=lambda s: (s.year, s.id))
    heads = table.select("thead th[data-set]")
    assert [th["data-set"] for th in heads] == [s.id for s in nms]
    refs = reference_keys(html, COMPARE)
    for th, cset in zip(heads, nms):
        assert cited_keys(th) == {c.key for c in cset.cite} and cited_keys(th) <= refs
    for row in table.select("tbody tr"):
        fid = row["data-feature"]
        for td in row.select("td[data-set]"):
            cset = handbook.criteria[td["data-set"]]
            if fid == "_rule":
                assert text_of(td) == re.sub(r"\s+", " ", cset.structure)
                continue
            mine = [f for f in cset.findings if fid in f.rows]
            text = text_of(td)
            if not mine:
                assert text == "not part of this set"
            for f in mine:
                assert f.label in text
                if f.thresholds:
                    assert squash(rc.finding_threshold_text(f)) in text, (cset.id, f.id)


def test_an_item_covering_two_rows_appears_in_both(html):
    """DSM-IV-TR's 'elevated or labile blood pressure' is a level and a fluctuation."""
    table = html(COMPARE).select_one("table.criteria-compare")
    for fid in ("blood_pressure", "blood_pressure_lability"):
        td = table.select_one(f'tr[data-feature="{fid}"] td[data-set="dsm4tr"]')
        assert "Elevated or labile blood pressure" in text_of(td), fid


@pytest.mark.parametrize("fid, set_id, item", [
    ("tremor", "dsm5tr", "Generalised rigidity"),      # "it may come with tremor, ... dysphagia"
    ("dysphagia", "dsm5tr", "Generalised rigidity"),
    ("mutism", "pope1986", "Clouded consciousness"),   # "delirium, mutism, stupor or coma"
])
def test_a_feature_named_within_an_item_is_not_called_absent(html, fid, set_id, item):
    td = html(COMPARE).select_one(f'table.criteria-compare tr[data-feature="{fid}"] td[data-set="{set_id}"]')
    assert item in text_of(td) and "not part of this set" not in text_of(td)


def test_comparison_scrolls_sideways_on_a_phone_with_a_sticky_first_column(page, http_root):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{http_root}/{COMPARE}")
    wrap = page.locator("div.criteria-compare-wrap")
    first = page.locator("table.criteria-compare tbody tr:nth-child(2) th").first
    sizes = wrap.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert sizes[0] > sizes[1]  # the table is wider than the phone: the wrapper scrolls
    doc_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert doc_width <= 390  # ...and the page itself does not
    second = page.locator("table.criteria-compare thead th[data-set]").last
    before, second_before = first.bounding_box()["x"], second.bounding_box()["x"]
    wrap.evaluate("e => { e.scrollLeft = 600; }")
    moved = wrap.evaluate("e => e.scrollLeft")
    assert moved > 0
    assert abs(second.bounding_box()["x"] - (second_before - moved)) < 1  # the sets scroll past
    assert abs(first.bounding_box()["x"] - before) < 1  # the feature column stays in view


# -- a malformed tree fails the build ------------------------------------------------------------------

def test_malformed_trees_fail_the_build_naming_file_set_and_node(tmp_path):
    project = copy_project(tmp_path)
    crit = project / "macros" / "data" / "criteria"

    def unknown_node_type(s):          # DSM-IV-TR criterion B: 'at_least' misspelt
        s["rule"]["all"][1]["at_lest"] = s["rule"]["all"][1].pop("at_least")

    def k_too_large(s):                # Levenson: at least 7 of 6 minor features
        s["rule"]["any"][1]["all"][1]["at_least"] = 7

    def unknown_finding(s):            # Caroff: a finding id that the set does not define
        s["rule"]["all"][3]["of"][2] = {"finding": "hypotension"}

    edit_yaml(crit / "dsm4tr.yaml", unknown_node_type)
    edit_yaml(crit / "levenson1985.yaml", k_too_large)
    edit_yaml(crit / "caroff1991.yaml", unknown_finding)
    out = build_fails(project, tmp_path / "site")
    assert re.search(r"criteria/dsm4tr\.yaml:\d+: set 'dsm4tr': node 'criterion_b': unknown node type", out), out
    assert re.search(r"criteria/levenson1985\.yaml:\d+: set 'levenson1985': .*node 'four_minor': "
                     r"field 'at_least': at_least 7 but the node has only 6 children", out), out
    assert re.search(r"criteria/caroff1991\.yaml:\d+: set 'caroff1991': node 'five_of_ten': .*"
                     r"unknown finding 'hypotension'", out), out
    assert not (tmp_path / "site" / "criteria" / "index.html").exists()


@pytest.mark.browser
def test_points_are_in_view_on_a_phone(page, http_root):
    """The points sit beside each item: after the wide threshold column they were off a 360 px screen."""
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{http_root}/criteria/index.html")
    rights = page.eval_on_selector_all("table.criteria-items td[data-col=points]",
                                       "cs => cs.map(c => c.getBoundingClientRect().right)")
    assert rights and max(rights) <= 360, rights
