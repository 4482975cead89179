"""The differential data: every cell cited or explicitly not reported, every key known, every
condition with its pair page, and bad records refused with file, condition and feature named."""
from __future__ import annotations

import re

import pytest
import yaml

from conftest import ROOT, nav_entries
from handbook.model.common import Cite
from mutate import copy_data, edit_yaml, fails_with, replace_text

DOCS = ROOT / "docs" / "differential"
DIFF_DATA = ROOT / "macros" / "data" / "differential"
REQUIRED = {"nms", "serotonin_syndrome", "malignant_hyperthermia", "anticholinergic_toxicity",
            "malignant_catatonia", "heat_stroke", "parkinsonism_hyperpyrexia", "sympathomimetic_toxicity",
            "cns_infection_sepsis", "alcohol_benzodiazepine_withdrawal", "baclofen_withdrawal",
            "thyroid_storm", "acute_dystonia"}


@pytest.fixture(scope="module")
def diff(handbook):
    return handbook.extra["differential"]


# -- the real data ------------------------------------------------------------------------------

def test_all_required_conditions_and_nms_first(diff):
    ids = [c.id for c in diff.conditions]
    assert REQUIRED <= set(ids)
    assert ids[0] == "nms" and diff.reference.id == "nms"
    assert sum(c.reference for c in diff.conditions) == 1


def test_every_record_has_every_feature_cited_or_not_reported(diff, handbook):
    feature_ids = [f.id for f in diff.features]
    assert {"trigger", "onset", "temperature", "tone", "reflexes", "pupils", "skin", "bowel",
            "mental_status", "ck", "wbc", "specific_test", "first_move", "avoid"} <= set(feature_ids)
    for cond in diff.conditions:
        assert sorted(c.id for c in cond.features) == sorted(feature_ids), cond.id
        for cell in cond.features:
            if cell.not_reported:
                assert not cell.entries and cell.value is None and cell.cite is None, (cond.id, cell.id)
                continue
            assert cell.entries, (cond.id, cell.id)
            for entry in cell.entries:
                assert entry.value.strip() and entry.cite, (cond.id, cell.id)
                assert all(c.key in handbook.references for c in entry.cite), (cond.id, cell.id)


def test_every_cited_key_in_the_differential_exists(diff, handbook):
    from handbook.data import _walk
    keys = {v.key for _, v in _walk(diff) if isinstance(v, Cite)}
    keys |= {v.key for _, v in _walk(handbook.criteria["hunter2003"]) if isinstance(v, Cite)}
    assert keys and keys <= set(handbook.references), keys - set(handbook.references)


def test_raw_yaml_has_no_empty_or_uncited_cells():
    """Independent of the model: read the files as plain YAML."""
    for path in sorted(DIFF_DATA.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for cell in data["features"]:
            forms = [("value" in cell and "cite" in cell), "values" in cell, cell.get("not_reported") is True]
            assert forms.count(True) == 1, (path.name, cell["id"])
            for entry in cell.get("values", []):
                assert entry.get("value") and entry.get("cite"), (path.name, cell["id"])


def test_unverified_notes_come_from_the_fact_base_open_items(diff):
    """An unverified note is never a plain cell value and never carries a citation."""
    notes = [(c.id, cell.id) for c in diff.conditions for cell in c.features if cell.unverified]
    assert notes  # the data does use them (thyroid storm, dystonia ...)
    for cond in diff.conditions:
        for cell in cond.features:
            if cell.unverified:
                assert all(cell.unverified != e.value for e in cell.entries)


def test_discriminating_marks_point_at_reported_cells(diff):
    ref = diff.reference
    marked = 0
    for mimic in diff.mimics:
        for fid, marks in diff.discriminating(ref, mimic).items():
            marked += 1
            assert not mimic.cell(fid).not_reported and not ref.cell(fid).not_reported, (mimic.id, fid)
            for _, d in marks:
                assert d.cite and d.text
    assert marked >= 10
    assert diff.discriminating(ref, diff.condition("serotonin_syndrome")).keys() >= {"reflexes", "onset"}


def test_every_condition_has_a_pair_page_in_the_nav(diff):
    nav = {page for _, page in nav_entries()}
    for cond in diff.mimics:
        page = DOCS / f"{cond.slug}.md"
        assert page.exists(), page
        text = page.read_text(encoding="utf-8")
        assert f'pair("{cond.id}")' in text, page
        assert text.rstrip().endswith("{{ references() }}"), page
        assert f"differential/{cond.slug}.md" in nav, cond.slug
    assert "differential/hunter.md" in nav


def test_no_clinical_number_typed_into_the_pages():
    for page in DOCS.glob("*.md"):
        body = re.sub(r"\{\{.*?\}\}", "", page.read_text(encoding="utf-8"))
        assert not re.search(r"\d", body), page


# -- bad records fail with file, condition and feature named -------------------------------------

def test_missing_feature_names_file_condition_and_feature(tmp_path):
    d = copy_data(tmp_path)
    edit_yaml(d / "differential/heat-stroke.yaml",
              lambda c: c.__setitem__("features", [f for f in c["features"] if f["id"] != "pupils"]))
    fails_with(d, "differential/heat-stroke.yaml:", "condition 'heat_stroke'", "feature 'pupils'", "no cell")


def test_uncited_value_names_file_condition_and_feature(tmp_path):
    d = copy_data(tmp_path)

    def drop_cite(c):
        cell = next(f for f in c["features"] if f["id"] == "temperature")
        cell.pop("cite")
    edit_yaml(d / "differential/heat-stroke.yaml", drop_cite)
    msg = fails_with(d, "differential/heat-stroke.yaml:", "condition 'heat_stroke'", "feature 'temperature'",
                     "has no citation")
    line = int(re.search(r"heat-stroke\.yaml:(\d+)", msg).group(1))
    text = (d / "differential/heat-stroke.yaml").read_text(encoding="utf-8").splitlines()
    assert "temperature" in text[line - 1]


def test_empty_cell_is_refused(tmp_path):
    d = copy_data(tmp_path)
    replace_text(d / "differential/thyroid-storm.yaml", "  - id: onset\n    not_reported: true\n", "  - id: onset\n")
    fails_with(d, "thyroid-storm.yaml:", "condition 'thyroid_storm'", "feature 'onset'", "empty cell")


def test_not_reported_false_is_refused(tmp_path):
    d = copy_data(tmp_path)
    replace_text(d / "differential/thyroid-storm.yaml", "  - id: onset\n    not_reported: true\n",
                 "  - id: onset\n    not_reported: false\n")
    fails_with(d, "condition 'thyroid_storm'", "feature 'onset'", "field 'not_reported'")


def test_unknown_condition_id_in_a_pair_mark(tmp_path):
    d = copy_data(tmp_path)
    replace_text(d / "differential/heat-stroke.yaml", "versus: nms", "versus: nmss")
    fails_with(d, "heat-stroke.yaml:", "condition 'heat_stroke'", "feature 'tone'",
               "unknown condition 'nmss'")


def test_unknown_citation_key_in_a_cell(tmp_path):
    d = copy_data(tmp_path)
    replace_text(d / "differential/heat-stroke.yaml", "cite: [Medscape-HeatStroke]\n",
                 "cite: [Medscape-HeatStrok]\n")
    fails_with(d, "heat-stroke.yaml:", "condition 'heat_stroke'", "unknown citation key 'Medscape-HeatStrok'")


def test_unknown_feature_and_duplicate_cell(tmp_path):
    d = copy_data(tmp_path)
    replace_text(d / "differential/acute-dystonia.yaml", "  - id: wbc\n", "  - id: wbcc\n")
    replace_text(d / "differential/acute-dystonia.yaml", "  - id: bowel\n", "  - id: skin\n")
    msg = fails_with(d, "condition 'acute_dystonia'", "feature 'wbcc': unknown feature",
                     "feature 'skin': the feature has two cells", "feature 'wbc': no cell", "feature 'bowel': no cell")
    mine = [line for line in msg.splitlines() if "acute_dystonia" in line]
    assert len(mine) == 4 and all(re.match(r"\S*differential/acute-dystonia\.yaml:\d+: ", line) for line in mine), mine


def test_file_name_must_match_condition_id(tmp_path):
    d = copy_data(tmp_path)
    (d / "differential/heat-stroke.yaml").rename(d / "differential/heatstroke.yaml")
    fails_with(d, "heatstroke.yaml", "condition 'heat_stroke'", "expected heat-stroke.yaml")


def test_exactly_one_reference_condition(tmp_path):
    d = copy_data(tmp_path)
    replace_text(d / "differential/heat-stroke.yaml", "order: 50\n", "order: 50\nreference: true\n")
    fails_with(d, "exactly one condition must have `reference: true`", "heat_stroke", "nms")


def test_discriminating_mark_on_a_not_reported_cell(tmp_path):
    d = copy_data(tmp_path)

    def mark(c):
        cell = next(f for f in c["features"] if f["id"] == "reflexes")
        cell["discriminating"] = {"versus": "nms", "text": "x", "cite": ["Grover2018"]}
    edit_yaml(d / "differential/parkinsonism-hyperpyrexia.yaml", mark)
    fails_with(d, "condition 'parkinsonism_hyperpyrexia'", "feature 'reflexes'", "cannot be marked discriminating")


def test_broken_feature_list_reports_itself_only(tmp_path):
    d = copy_data(tmp_path)
    replace_text(d / "differential/_features.yaml", "{id: pupils, label: Pupils, order: 60}",
                 "{id: pupils, label: Pupils, order: sixty}")
    msg = fails_with(d, "_features.yaml:", "feature 'pupils'", "field 'order'")
    assert "unknown feature" not in msg
