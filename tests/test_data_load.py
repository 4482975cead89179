"""The real data loads, and each kind of bad input fails with file, entry and field named."""
from __future__ import annotations

from mutate import copy_data, edit_yaml, fails_with, replace_text


def test_real_data_loads(handbook):
    assert handbook.references and handbook.criteria and handbook.features


def test_wrong_type_names_file_entry_and_field(tmp_path):
    d = copy_data(tmp_path)
    replace_text(d / "criteria/iec.yaml", "points: 18,", "points: 18 pts,")
    msg = fails_with(d, "criteria/iec.yaml:", "set 'iec'", "item 'hyperthermia'", "field 'points'",
                     "expected an integer, got '18 pts'")
    assert msg.splitlines()[0].startswith(str(d / "criteria/iec.yaml"))


def test_quoted_number_is_not_silently_accepted(tmp_path):
    d = copy_data(tmp_path)
    replace_text(d / "criteria/iec.yaml", "points: 18,", 'points: "18",')
    fails_with(d, "item 'hyperthermia'", "field 'points'", "expected an integer")


def test_missing_field(tmp_path):
    d = copy_data(tmp_path)
    edit_yaml(d / "references.yaml", lambda refs: refs[0].pop("title"))
    fails_with(d, "references.yaml", "reference '", "field 'title'", "required but missing")


def test_unknown_field(tmp_path):
    d = copy_data(tmp_path)
    edit_yaml(d / "criteria/iec.yaml", lambda s: s["findings"][2].update(pointz=3))
    fails_with(d, "set 'iec'", "finding 'rigidity'", "field 'pointz'", "unknown field")


def test_duplicate_reference_key(tmp_path):
    d = copy_data(tmp_path)
    edit_yaml(d / "references.yaml", lambda refs: refs.append(dict(refs[0])))
    fails_with(d, "references.yaml", "duplicate reference key")


def test_duplicate_finding_id(tmp_path):
    d = copy_data(tmp_path)
    edit_yaml(d / "criteria/iec.yaml", lambda s: s["findings"].append(dict(s["findings"][0])))
    fails_with(d, "set 'iec'", "duplicate finding id 'exposure'")


def test_unknown_citation_key(tmp_path):
    d = copy_data(tmp_path)
    edit_yaml(d / "criteria/iec.yaml", lambda s: s["warnings"][0].update(cite=["Nobody1999"]))
    fails_with(d, "criteria/iec.yaml", "set 'iec'", "warning", "unknown citation key 'Nobody1999'")


def test_reference_without_pmid_doi_or_url(tmp_path):
    d = copy_data(tmp_path)

    def strip(refs):
        for k in ("pmid", "doi", "url", "pmcid"):
            refs[0].pop(k, None)
    edit_yaml(d / "references.yaml", strip)
    fails_with(d, "references.yaml", "reference '", "needs a pmid, a doi or a url")


def test_yaml_syntax_error_names_line(tmp_path):
    d = copy_data(tmp_path)
    replace_text(d / "features.yaml", "- {id: exposure,", "- {id: exposure,,: [")
    fails_with(d, "features.yaml:", "YAML syntax error")


def test_duplicate_yaml_key(tmp_path):
    d = copy_data(tmp_path)
    replace_text(d / "criteria/iec.yaml", "year: 2011", "year: 2011\nyear: 2012")
    fails_with(d, "criteria/iec.yaml:", "duplicate key 'year'")


def test_unknown_node_type(tmp_path):
    d = copy_data(tmp_path)
    replace_text(d / "criteria/iec.yaml", "at_least: 2", "atleast: 2")
    fails_with(d, "set 'iec'", "item 'sympathetic_lability'", "unknown node type")


def test_at_least_larger_than_children(tmp_path):
    d = copy_data(tmp_path)
    replace_text(d / "criteria/iec.yaml", "at_least: 2", "at_least: 5")
    fails_with(d, "set 'iec'", "item 'sympathetic_lability'", "field 'at_least'", "only 4 children")


def test_unknown_finding_in_tree(tmp_path):
    d = copy_data(tmp_path)
    replace_text(d / "criteria/iec.yaml", "- {finding: rr_rise}", "- {finding: rr_raise}")
    fails_with(d, "set 'iec'", "item 'hypermetabolism'", "unknown finding 'rr_raise'")


def test_points_not_summing_to_total(tmp_path):
    d = copy_data(tmp_path)
    replace_text(d / "criteria/iec.yaml", "points: 18,", "points: 19,")
    fails_with(d, "set 'iec'", "field 'total'", "add up to 101, not the declared total 100")


def test_unknown_feature(tmp_path):
    d = copy_data(tmp_path)
    replace_text(d / "criteria/iec.yaml", "feature: rigidity", "feature: stiffness")
    fails_with(d, "set 'iec'", "finding 'rigidity'", "unknown feature 'stiffness'")


def test_all_problems_reported_at_once(tmp_path):
    d = copy_data(tmp_path)
    replace_text(d / "criteria/iec.yaml", "feature: rigidity", "feature: stiffness")
    edit_yaml(d / "references.yaml", lambda refs: refs.append(dict(refs[0])))
    msg = fails_with(d, "unknown feature 'stiffness'", "duplicate reference key")
    assert len(msg.splitlines()) >= 2
