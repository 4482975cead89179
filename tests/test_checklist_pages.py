"""The built checklist pages: real form controls with real labels, generated from the criteria
data, no page-level CSS, no cut-off for the IEC, the cautions and validation cited."""
from __future__ import annotations

import re

import pytest

from conftest import ROOT
from handbook.render import checklist as rcl
from handbook.render import criteria as rc
from test_checklist_browser import IDS


@pytest.mark.parametrize("set_id", IDS)
def test_form_is_generated_from_the_tree(set_id, html, handbook):
    cset = handbook.criteria[set_id]
    soup = html(f"checklist/{set_id}.html")
    article = soup.select_one("article")
    assert not article.select("style, script"), "no <style> or <script> in the page body"
    form = soup.select_one(f"form#cl-{set_id}.cl-form")
    assert form is not None and "--t1:" not in form["style"] and "var(--" in form["style"]
    fieldsets = form.select("fieldset.cl-f")
    assert [fs["data-finding"] for fs in fieldsets] == [f.id for f in rcl.plan(cset).findings]
    for f, fs in zip(rcl.plan(cset).findings, fieldsets):
        legend = fs.find("legend", recursive=False)
        assert legend is not None and f.label in legend.get_text(), f.id
        for th in f.thresholds:
            assert rc.threshold_text(th) in legend.get_text(), f.id
        radios = fs.select("input[type=radio]")
        assert [r["value"] for r in radios] == ["present", "absent", "not_assessed"]
        assert len({r["name"] for r in radios}) == 1
        assert [r.has_attr("checked") for r in radios] == [False, False, True]
        for r in radios:
            label = form.select_one(f'label[for="{r["id"]}"]')
            assert label is not None and label.get_text(strip=True), r["id"]
    assert form.select("button[type=reset]")
    # Every displayed verdict has its expression pair in the inline style, nothing more.
    plan = rcl.plan(cset)
    for s in plan.shown:
        assert f"--n{s.index}t: {s.t};" in form["style"] + ";"
        assert form.select_one(f".cl-v.cl-n{s.index}") is not None
    # The page's reference list is last, and every caution of the set is shown with its citation.
    assert soup.select_one("#references") is not None
    for w in cset.warnings:
        li = next(li for li in form.select(".cl-warnings li") if w.text in li.get_text())
        assert li.select("sup.cite a[href^='#ref-']")


def test_iec_shows_no_cut_off_and_cites_caution_and_validation(html, handbook):
    cset = handbook.criteria["iec"]
    assert cset.rule.threshold is None
    form = html("checklist/iec.html").select_one("form#cl-iec")
    text = form.get_text(" ")
    style = form["style"]
    # No cut-off anywhere: not as text, not hidden in the expressions (only points and 0/1 constants).
    assert not re.search(r"cut-?off (score )?(of|is|at|=|≥|>=)\s*\d", text, re.I)
    assert not re.search(r"\b(7[0-9])\s*(points|or more|\+)", text)
    assert not re.search(r"\b7[4-6]\b", style)
    assert "between" in text and "of 100" in text
    warning_refs = {c.key for w in cset.warnings for c in w.cite}
    hrefs = {a["href"] for a in form.select(".cl-warnings sup.cite a")}
    assert {f"#ref-{k}" for k in warning_refs} <= hrefs
    assert any("no threshold" in w.text for w in cset.warnings)
    for v in cset.validation:
        p = next(p for p in form.select(".cl-validation") if v.text in p.get_text())
        assert {f"#ref-{c.key}" for c in v.cite} <= {a["href"] for a in p.select("sup.cite a")}


def test_index_links_every_checklist_and_states_clinical_judgement(html):
    soup = html("checklist/index.html")
    hrefs = {a["href"] for a in soup.select("article a")}
    for set_id in IDS:
        assert f"{set_id}.html" in hrefs, set_id
    assert "support, and do not replace, clinical judgement" in soup.select_one("article").get_text(" ")


@pytest.mark.parametrize("page", ["index", *IDS])
def test_pages_end_with_references_and_have_no_placeholder(page):
    text = (ROOT / "docs" / "checklist" / f"{page}.md").read_text(encoding="utf-8")
    assert "PLACEHOLDER" not in text
    assert text.rstrip().endswith("{{ references() }}")


@pytest.mark.parametrize("set_id,fid,words", [
    ("iec", "ck", "creatine kinase ≥ 4\u00a0× ULN"),
    ("iec", "hyperthermia", "temperature > 38.0\u00a0°C (> 100.4\u00a0°F) on at least 2 occasions, measured orally"),
    ("iec", "bp_fluctuation", "diastolic blood pressure change of ≥ 20\u00a0mmHg within 24\u00a0h, or "
                              "systolic blood pressure change of ≥ 25\u00a0mmHg within 24\u00a0h"),
    ("caroff1991", "hyperthermia", "temperature ≥ 38\u00a0°C"),
])
def test_legends_word_each_threshold_as_the_source_gives_it(set_id, fid, words, html):
    """Literal wording, independent of the renderer: an operator or unit changed in the code shows."""
    shown = html(f"checklist/{set_id}.html").select_one(f'fieldset[data-finding="{fid}"] > legend .cl-threshold')
    assert shown is not None and shown.get_text() == ": " + words


def test_unknown_threshold_formatting_keeps_numbers_as_stored(handbook):
    hyper = next(f for f in handbook.criteria["iec"].findings if f.id == "hyperthermia")
    text = rc.finding_threshold_text(hyper)
    assert "38.0\u00a0°C" in text and "100.4\u00a0°F" in text and "2 occasions" in text


def test_exclusion_items_say_which_answer_supports_nms(html):
    """Caroff and the IEC score 'present' when other causes are ruled out, DSM-IV-TR C and D 'absent'
    (worded as the other cause): the first say so beside the item, the second in their heading."""
    for set_id, fid in (("caroff1991", "exclusion"), ("iec", "negative_workup")):
        item = html(f"checklist/{set_id}.html").select_one(f'fieldset[data-finding="{fid}"]')
        assert "Present means other causes were looked for and not found" in item.get_text(), set_id
    dsm = html("checklist/dsm4tr.html")
    assert not dsm.select(".cl-answer-hint")
    assert "met when this is absent" in dsm.get_text()
