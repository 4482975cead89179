"""The real data loads, and each kind of bad input fails with file, entry and field named."""
from __future__ import annotations

import pytest

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


# -- the usual slips of a contributor, reported in words they can act on -------------------------

def test_a_tab_is_named_as_a_tab(tmp_path):
    d = copy_data(tmp_path)
    replace_text(d / "criteria/iec.yaml", "    label: Rigidity", "\t  label: Rigidity")
    fails_with(d, "criteria/iec.yaml:", "YAML syntax error", "a tab on this line: indent with spaces only")


def test_unquoted_text_with_a_colon_is_told_to_be_quoted(tmp_path):
    d = copy_data(tmp_path)
    replace_text(d / "criteria/iec.yaml", "short_name: IEC 2011", "short_name: IEC: 2011 set")
    fails_with(d, "criteria/iec.yaml:7:", "text containing ': ' must be put in double quotes")


def test_an_unquoted_symbol_is_told_to_be_quoted(tmp_path):
    d = copy_data(tmp_path)
    replace_text(d / "criteria/iec.yaml", 'operator: ">="', "operator: >=")
    fails_with(d, "criteria/iec.yaml:", "text starting with '>' must be put in double quotes")


def test_an_impossible_date_names_its_field(tmp_path):
    d = copy_data(tmp_path)
    replace_text(d / "criteria/iec.yaml", "last_checked: 2026-11-24", "last_checked: 2026-02-30")
    fails_with(d, "criteria/iec.yaml:", "set 'iec': field 'last_checked': 2026-02-30 is not a real date")


def test_a_date_in_another_format_says_which_to_use(tmp_path):
    d = copy_data(tmp_path)
    replace_text(d / "criteria/iec.yaml", "last_checked: 2026-11-24", "last_checked: 24/11/2026")
    fails_with(d, "field 'last_checked': write the date as YYYY-MM-DD, for example 2026-11-24 (not '24/11/2026')")


def test_a_file_not_in_utf8_is_named(tmp_path):
    d = copy_data(tmp_path)
    path = d / "criteria/iec.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    fails_with(d, "criteria/iec.yaml:", "the file is not saved as UTF-8")


def test_a_doi_given_as_a_link_is_explained(tmp_path):
    d = copy_data(tmp_path)
    replace_text(d / "references.yaml", "doi: 10.4088/JCP.10m06438", "doi: https://doi.org/10.4088/JCP.10m06438")
    fails_with(d, "reference 'Gurrera2011': field 'doi': write the DOI itself, starting with 10.")


def test_a_broken_criteria_file_is_reported_once_not_echoed_by_the_files_that_use_it(tmp_path):
    d = copy_data(tmp_path)
    replace_text(d / "criteria/iec.yaml", "points: 18,", "points: 18 pts,")
    message = fails_with(d, "field 'points': expected an integer, got '18 pts'")
    assert len(message.splitlines()) == 1, message


def test_a_cut_off_score_needs_its_own_source(tmp_path):
    d = copy_data(tmp_path)
    edit_yaml(d / "criteria/iec.yaml", lambda s: s["rule"].update(threshold=50))
    fails_with(d, "criteria/iec.yaml:", "set 'iec'", "a cut-off score needs the source that defines it: "
               "add `threshold_cite: [Key]`")


def test_a_comment_after_a_value_is_refused_not_silently_cut(tmp_path):
    d = copy_data(tmp_path)
    replace_text(d / "differential/serotonin-syndrome.yaml", "value: May exceed 41.1 °C when severe",
                 "value: May exceed 41.1 °C #when severe")
    fails_with(d, "differential/serotonin-syndrome.yaml:", "' #' starts a YAML comment here")


@pytest.mark.parametrize("text, data", [
    # A '#' inside quotes, and comments on lines of their own.
    ('# a comment line\nx:\n  # another\n  - {id: a, label: "A #1 item"}\n  - b: "c # d"\n',
     {"x": [{"id": "a", "label": "A #1 item"}, {"b": "c # d"}]}),
    # A `>-` or `|` block ends on a later line than its text: the comment below it is on its own
    # line, even where another line of the file has ' #' inside quotes.
    ('a: "C #1"\nb: >-\n  some text\n\n# a comment\nc:\n  - x: |\n      t\n    # indented\n    y: 2\n',
     {"a": "C #1", "b": "some text", "c": [{"x": "t\n", "y": 2}]}),
])
def test_a_hash_that_is_not_a_trailing_comment_is_fine(text, data, tmp_path):
    from handbook.yamlsource import load_yaml
    f = tmp_path / "x.yaml"
    f.write_text(text, encoding="utf-8")
    assert load_yaml(f, tmp_path).data == data


def test_a_fact_file_whose_topic_is_not_its_name_is_refused(tmp_path):
    """Two files with one topic would publish only one of them in the open data."""
    d = copy_data(tmp_path)
    replace_text(d / "facts/phs.yaml", "topic: phs", "topic: related")
    fails_with(d, "facts/phs.yaml:", "field 'topic'", "the topic 'related' must match the file name 'phs'")


def test_a_broken_features_file_is_reported_once_not_echoed_by_every_finding(tmp_path):
    d = copy_data(tmp_path)
    replace_text(d / "features.yaml", "system: Exposure}", "sytem: Exposure}")
    message = fails_with(d, "features.yaml:")
    assert "unknown feature" not in message and len(message.splitlines()) <= 2, message
