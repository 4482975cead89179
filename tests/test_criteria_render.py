"""The criteria renderers: exact threshold text, the rule in words generated from the tree, the
items table and the side-by-side table (pure functions, no MkDocs)."""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from handbook.data import load
from handbook.errors import DataError
from handbook.logic import iter_nodes
from handbook.model.criteria import AllNode, AnyNode, AtLeastNode, FindingNode, NotNode, Threshold, WeightedSumNode
from handbook.render import criteria as rc
from handbook.render.citations import Citations

HB = load()


def cit():
    return Citations(HB.references, page="test")


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def finding(set_id, fid):
    return next(f for f in HB.criteria[set_id].findings if f.id == fid)


# -- numbers and thresholds ----------------------------------------------------------------------

@pytest.mark.parametrize("value,text", [(38.0, "38.0"), (38, "38"), (100.4, "100.4"), (37.5, "37.5"),
                                        (15000, "15,000"), (1000, "1000"), (0.5, "0.5")])
def test_numbers_are_shown_exactly_as_stored(value, text):
    assert rc.number(value) == text


@pytest.mark.parametrize("set_id,fid,index,text", [
    ("iec", "hyperthermia", 0, "> 38.0\u00a0°C (> 100.4\u00a0°F) on at least 2 occasions, measured orally"),
    ("iec", "ck", 0, "≥ 4\u00a0× ULN"),
    ("iec", "hr_rise", 0, "≥ 25\u00a0% above baseline"),
    ("iec", "exposure", 0, "≤ 72\u00a0h"),
    ("iec", "bp_fluctuation", 0, "change of ≥ 20\u00a0mmHg within 24\u00a0h"),
    ("dsm5tr", "tachycardia", 0, "> 25\u00a0% above baseline"),
    ("caroff1991", "hyperthermia", 0, "≥ 38\u00a0°C"),
    ("caroff1991", "neuroleptic_treatment", 1, "≤ 2–4\u00a0weeks"),
    ("pope1986", "hyperthermia", 0, "> 37.5\u00a0°C, measured orally"),
    ("pope1986", "leukocytosis", 0, "> 15,000/mm³"),
    ("pope1986", "hypertension", 0, "> 20\u00a0mmHg above baseline"),
])
def test_threshold_text(set_id, fid, index, text):
    assert rc.threshold_text(finding(set_id, fid).thresholds[index]) == text


def test_finding_text_joins_several_thresholds_as_the_finding_says():
    assert rc.finding_threshold_text(finding("iec", "bp_fluctuation")) == (
        "diastolic blood pressure change of ≥ 20\u00a0mmHg within 24\u00a0h, or "
        "systolic blood pressure change of ≥ 25\u00a0mmHg within 24\u00a0h")
    assert rc.finding_threshold_text(finding("iec", "rigidity")) is None


def all_thresholds():
    return [(s.id, f.id, t) for s in HB.criteria.values() for f in s.findings for t in f.thresholds]


def test_every_threshold_shows_its_stored_numbers_and_a_unicode_operator():
    for set_id, fid, t in all_thresholds():
        text = rc.threshold_text(t)
        assert rc.number(t.value) in text, (set_id, fid, text)
        if t.value_max is not None:
            assert f"{rc.number(t.value)}–{rc.number(t.value_max)}" in text
        if t.equivalent:
            assert rc.number(t.equivalent.value) in text and t.equivalent.unit in text
        assert t.unit in text
        assert ">=" not in text and "<=" not in text, text
        assert rc.OPERATORS[t.operator] in text


def test_threshold_text_does_not_tidy_a_number():
    t = Threshold(quantity="temperature", operator=">=", value=38.10, unit="°C")
    assert rc.threshold_text(t) == "≥ 38.1\u00a0°C"  # YAML/Python keep 38.1; nothing is rounded further
    t = Threshold(quantity="x", operator="<", value=3.25, unit="× ULN", relative_to="uln")
    assert rc.threshold_text(t) == "< 3.25\u00a0× ULN"


# -- the rule in words, generated from the tree --------------------------------------------------

def rule_text(set_id, node=None):
    cset = HB.criteria[set_id]
    return soup(rc.rule_in_words(node if node is not None else cset.rule, cset)).get_text(" ", strip=True)


def test_rule_words_follow_every_node_of_every_tree():
    for cset in HB.criteria.values():
        if cset.rule is None:
            continue
        text = rule_text(cset.id)
        labels = {f.id: f.label for f in cset.findings}
        for node in iter_nodes(cset.rule):
            if isinstance(node, FindingNode):
                assert labels[node.finding] in text, (cset.id, node.finding)
            elif isinstance(node, AtLeastNode):
                assert f"at least {node.at_least} of the following {len(node.of)}" in text.lower()
            elif isinstance(node, AllNode):
                n = len(node.all)
                assert ("both of the following" if n == 2 else f"all of the following {n}") in text.lower()
            elif isinstance(node, AnyNode):
                n = len(node.any)
                assert ("either of the following" if n == 2 else f"at least one of the following {n}") in text.lower()
            elif isinstance(node, NotNode):
                assert "must be absent" in text or "must not be met" in text
            elif isinstance(node, WeightedSumNode):
                assert f"sum to {node.total}" in text
                for item in node.weighted_sum:
                    assert f"{item.label} ({item.points} points)" in text
            if getattr(node, "label", None):
                assert node.label in text


def test_changing_the_tree_changes_the_words():
    cset = HB.criteria["dsm4tr"]
    b = cset.rule.all[1]
    assert "at least 2 of the following 10" in rule_text("dsm4tr")
    changed = cset.rule.model_copy(update={"all": [cset.rule.all[0], b.model_copy(update={"at_least": 3}),
                                                   *cset.rule.all[2:]]})
    assert "at least 3 of the following 10" in rule_text("dsm4tr", changed)


def test_dsm4tr_words_show_a_to_d_and_the_exclusions():
    text = rule_text("dsm4tr")
    for part in ("Criterion A", "Criterion B", "Criterion C", "Criterion D"):
        assert part in text
    assert "must be absent: Symptoms due to another substance" in text


def test_a_cut_off_score_is_stated_with_its_own_source():
    """No set has a verified cut-off today; were one added, its source is cited at the verdict."""
    cset = HB.criteria["iec"]
    scored = WeightedSumNode.model_validate(
        {**cset.rule.model_dump(by_alias=True, exclude_none=True), "threshold": 60,
         "threshold_cite": ["Gurrera2017"]})
    cit = Citations(HB.references)
    html = soup(rc.rule_in_words(scored, cset, cit))
    verdict = next(li for li in html.find_all("li") if "A total of at least 60 points meets the set." in li.get_text())
    assert verdict.select_one('a[href="#ref-Gurrera2017"]'), verdict
    assert "no cut-off score" not in html.get_text()


def test_iec_words_say_there_is_no_cut_off():
    text = rule_text("iec")
    assert "no cut-off score" in text and "sum to 100" in text


def test_pope_repeated_parts_are_said_once():
    text = rule_text("pope1986")
    assert text.count("Lead-pipe muscle rigidity") == 1
    assert "Severe extrapyramidal signs : as above" in text or "Severe extrapyramidal signs: as above" in text


def test_a_set_without_a_rule_says_so():
    html = rc.rule_in_words(None, HB.criteria["dsm5tr"])
    assert 'data-rule="none"' in html and "No required count" in html
    with pytest.raises(DataError):
        rc.rule_in_words(None, HB.criteria["iec"])


# -- the items table ------------------------------------------------------------------------------

def test_items_table_of_a_plain_set_has_one_cited_row_per_finding():
    for cset in HB.criteria.values():
        if isinstance(cset.rule, WeightedSumNode):
            continue
        table = soup(rc.items_table(cset, cit())).select_one("table.criteria-items")
        rows = table.select("tbody tr")
        assert [r["data-finding"] for r in rows] == [f.id for f in cset.findings], cset.id
        for row, f in zip(rows, cset.findings):
            thr = row.select_one('td[data-col="threshold"]').get_text(" ", strip=True)
            expected = rc.finding_threshold_text(f) or rc.NO_NUMBER
            assert thr.startswith(expected), (cset.id, f.id, thr)
            assert row.select("sup.cite a"), (cset.id, f.id)


def test_iec_items_table_has_points_that_total_100():
    cset = HB.criteria["iec"]
    table = soup(rc.items_table(cset, cit())).select_one("table.criteria-items")
    rows = table.select("tbody tr")
    assert [r["data-item"] for r in rows] == [i.id for i in cset.rule.weighted_sum]
    points = [int(r.select_one('td[data-col="points"]').get_text()) for r in rows]
    assert points == [i.points for i in cset.rule.weighted_sum]
    assert sum(points) == int(table.select_one('tfoot td[data-col="total"]').get_text()) == 100
    assert all(r.select("sup.cite a") for r in rows)


def test_disputed_thresholds_show_every_figure_with_its_source():
    cset = HB.criteria["levenson1985"]
    html = soup(rc.disputed_html(cset, cit()))
    for d in cset.disputed:
        li = html.select_one(f'li[data-finding="{d.finding}"]')
        values = li.select("ul li")
        assert len(values) == len(d.values)
        for node, v in zip(values, d.values):
            assert node.select_one(".criteria-disputed-value").get_text() == v.text
            assert node.select("sup.cite a")


def test_unverified_caveats_are_marked():
    html = soup(rc.warnings_html(HB.criteria["pope1986"], cit()))
    marked = html.select("li.unverified")
    assert marked and all("Not yet verified" in li.get_text() for li in marked)
    assert any("CPK" in li.get_text() for li in marked)


# -- the comparison table ---------------------------------------------------------------------------

def compare(sets=None):
    sets = list(HB.criteria.values()) if sets is None else sets
    return soup(rc.comparison_table(sets, HB.features, cit()))


def test_compare_columns_are_the_nms_sets_only_oldest_first():
    other = HB.criteria["iec"].model_copy(update={"id": "hunter", "condition": "serotonin_toxicity"})
    table = compare([*HB.criteria.values(), other]).select_one("table.criteria-compare")
    cols = [th["data-set"] for th in table.select("thead th[data-set]")]
    expected = [s.id for s in sorted((s for s in HB.criteria.values() if s.condition == "nms"),
                                     key=lambda s: (s.year, s.id))]
    assert cols == expected and "hunter" not in cols
    for th in table.select("thead th[data-set]"):
        assert th.select("sup.cite a"), th["data-set"]


def test_compare_cells_hold_exact_text_or_not_part_of_this_set():
    table = compare().select_one("table.criteria-compare")
    used = {fid for s in HB.criteria.values() if s.condition == "nms" for f in s.findings
            for fid in f.rows}
    rows = {r["data-feature"]: r for r in table.select("tbody tr") if r["data-feature"] != "_rule"}
    assert set(rows) == used
    for fid, row in rows.items():
        assert row.select_one('th[scope="row"]').get_text() == HB.features[fid].label
        for td in row.select("td[data-set]"):
            cset = HB.criteria[td["data-set"]]
            mine = [f for f in cset.findings if fid in f.rows]
            text = td.get_text(" ", strip=True)
            if not mine:
                assert text == rc.NOT_IN_SET
                continue
            assert [li["data-finding"] for li in td.select("li")] == [f.id for f in mine]
            for f in mine:
                assert f.label in text
                thr = rc.finding_threshold_text(f)
                if thr:
                    assert thr in text, (cset.id, f.id)


def test_compare_table_scrolls_sideways_with_a_row_header_column():
    html = compare()
    wrap = html.select_one("div.criteria-scroll")
    assert wrap["role"] == "region" and wrap["tabindex"] == "0" and wrap.get("aria-label")
    assert all(r.select_one("th[scope=row]") for r in wrap.select("tbody tr"))


def test_compare_shows_iec_points_and_levenson_disputes():
    table = compare().select_one("table.criteria-compare")
    iec_temp = table.select_one('tr[data-feature="temperature"] td[data-set="iec"]').get_text(" ", strip=True)
    assert "18 points" in iec_temp
    lev_ck = table.select_one('tr[data-feature="ck"] td[data-set="levenson1985"]')
    assert lev_ck.select_one("a.criteria-disputed-link")["href"] == "index.html#levenson1985-disputed"


def test_set_section_has_every_part():
    md = rc.set_section(HB.criteria["levenson1985"], cit(), checklist_href="../checklist/levenson1985.md")
    for anchor in ("{ #levenson1985 }", "{ #levenson1985-items }", "{ #levenson1985-rule }",
                   "{ #levenson1985-disputed }", "{ #levenson1985-caveats }"):
        assert anchor in md
    assert "](../checklist/levenson1985.md)" in md
    assert not re.search(r"\{#", md)  # '{#' would start a Jinja comment


@pytest.mark.parametrize("when", [
    {"not": {"finding": "diaphoresis"}},
    {"any": [{"finding": "diaphoresis"}, {"all": [{"finding": "hr_rise"}, {"finding": "rr_rise"}]}]},
])
def test_items_table_refuses_an_item_whose_logic_its_flat_list_would_lose(when):
    """'not diaphoresis' would read as 'Diaphoresis'; any[a, all[b, c]] as 'either of: a b c'."""
    iec = HB.criteria["iec"]
    items = list(iec.rule.weighted_sum)
    i = next(n for n, it in enumerate(items) if not isinstance(it.when, FindingNode))
    items[i] = items[i].model_copy(update={"when": WeightedSumNode.model_validate(
        {"weighted_sum": [{"id": "x", "label": "x", "points": 1, "when": when}], "total": 1}).weighted_sum[0].when})
    odd = iec.model_copy(update={"rule": iec.rule.model_copy(update={"weighted_sum": items})})
    with pytest.raises(DataError, match=rf"criteria set 'iec', item '{items[i].id}': the items table can show"):
        rc.items_table(odd, Citations(HB.references, page="criteria/index.md"))
