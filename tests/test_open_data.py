"""The machine-readable data published beside the pages (data/nms-handbook.json) and its JSON Schema:
read from the built site, validated against the published schema, and evaluated with the handbook's
own code after rebuilding the model objects from the JSON."""
from __future__ import annotations

import copy
import dataclasses
import json
import random

import jsonschema
import pytest

from conftest import ROOT
from handbook import export
from handbook.logic import NoRuleError, evaluate
from handbook.model.criteria import CriteriaSet
from handbook.model.facts import FactFile

STATES = ("present", "absent", "not_assessed")
CASES_PER_SET = 60


@pytest.fixture(scope="module")
def published(built_site):
    doc = json.loads((built_site / export.JSON_PATH).read_text(encoding="utf-8"))
    schema = json.loads((built_site / export.SCHEMA_PATH).read_text(encoding="utf-8"))
    return doc, schema


def test_published_json_is_valid_against_the_published_schema(published):
    doc, schema = published
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(doc)
    assert doc["format"] == export.FORMAT and doc["format_version"] == export.FORMAT_VERSION


def test_schema_rejects_broken_data(published):
    """The schema is not a rubber stamp: a threshold typed as text, an unknown field or a missing
    citation list are all refused."""
    doc, schema = published
    validator = jsonschema.Draft202012Validator(schema)
    iec = next(i for i, c in enumerate(doc["criteria"]) if c["id"] == "iec")

    def broken(change):
        bad = copy.deepcopy(doc)
        change(bad)
        return list(validator.iter_errors(bad))

    def text_threshold(d):
        th = next(f for f in d["criteria"][iec]["findings"] if f["thresholds"])["thresholds"][0]
        th["value"] = str(th["value"]) + " units"
    assert broken(text_threshold)
    assert broken(lambda d: d["criteria"][iec].update(surprise=True))
    assert broken(lambda d: d["criteria"][iec].update(cite=[]))
    assert broken(lambda d: d.pop("data_version"))


def test_published_json_is_the_export_of_the_data(published, handbook):
    doc, schema = published
    assert doc == export.document(handbook)
    assert schema == export.schema(handbook)
    assert doc["version"] == (ROOT / "VERSION").read_text(encoding="utf-8").strip()
    assert doc["data_version"] == export.data_version(handbook)
    assert doc["licence"]["content"] == "CC BY-SA 4.0"


def test_everything_the_pages_use_is_in_the_json(published, handbook):
    doc, _ = published
    assert [c["id"] for c in doc["criteria"]] == sorted(handbook.criteria)
    assert {r["key"] for r in doc["references"]} == set(handbook.references)
    fact_ids = {f["id"] for ff in doc["facts"] for f in ff["facts"]}
    assert fact_ids == set(handbook.facts)
    for name in handbook.extra:
        if not name.startswith("_"):
            assert name in doc, f"collection '{name}' from handbook/loaders is not published"
    # Every citation in the JSON names a reference that the JSON itself contains.
    keys = {r["key"] for r in doc["references"]}

    def cites(obj):
        if isinstance(obj, dict):
            for k, v in obj.items():
                if k == "cite" and isinstance(v, list):
                    yield from (c["key"] for c in v)
                else:
                    yield from cites(v)
        elif isinstance(obj, list):
            for v in obj:
                yield from cites(v)
    used = set(cites({k: v for k, v in doc.items() if k != "references"}))
    assert used and used <= keys, sorted(used - keys)


def test_numbers_are_published_exactly_as_stored(published, handbook):
    """38.0 stays 38.0: the JSON keeps floats as floats and integers as integers."""
    doc, _ = published
    for cdoc in doc["criteria"]:
        cset = handbook.criteria[cdoc["id"]]
        for fdoc, f in zip(cdoc["findings"], cset.findings):
            for tdoc, t in zip(fdoc.get("thresholds", []), f.thresholds):
                assert type(tdoc["value"]) is type(t.value) and tdoc["value"] == t.value, (f.id, tdoc)


def _random_states(cset, rng):
    return {f.id: rng.choice(STATES) for f in cset.findings if rng.random() < 0.9}


def test_criteria_rebuilt_from_json_evaluate_like_the_data(published, handbook):
    doc, _ = published
    assert doc["criteria"], "no criteria sets published"
    checked = 0
    for cdoc in doc["criteria"]:
        rebuilt = CriteriaSet.model_validate_json(json.dumps(cdoc))
        original = handbook.criteria[rebuilt.id]
        assert rebuilt == original
        rng = random.Random(f"open-data-{rebuilt.id}")
        cases = [{}, {f.id: "present" for f in original.findings}, {f.id: "absent" for f in original.findings}]
        cases += [_random_states(original, rng) for _ in range(CASES_PER_SET)]
        for states in cases:
            try:
                want = evaluate(original, states)
            except NoRuleError:
                with pytest.raises(NoRuleError):
                    evaluate(rebuilt, states)
                break
            got = evaluate(rebuilt, states)
            assert (got.value, got.points, got.max_points, got.total, got.items) == \
                   (want.value, want.points, want.max_points, want.total, want.items), (rebuilt.id, states)
            checked += 1
    assert checked >= CASES_PER_SET


def test_facts_rebuilt_from_json_equal_the_data(published, handbook):
    doc, _ = published
    for ffdoc in doc["facts"]:
        ff = FactFile.model_validate_json(json.dumps(ffdoc))
        assert ff == handbook.fact_files[ff.topic]


def test_data_version_follows_the_data(handbook):
    """Changing one figure changes the data version; the same data gives the same version."""
    assert export.data_version(handbook) == export.data_version(handbook)
    topic, ff = next(iter(sorted(handbook.fact_files.items())))
    changed = ff.model_copy(update={"facts": [ff.facts[0].model_copy(update={"value": ff.facts[0].value + " (edited)"}),
                                              *ff.facts[1:]]})
    other = dataclasses.replace(handbook, fact_files={**handbook.fact_files, topic: changed})
    assert export.data_version(other) != export.data_version(handbook)


def test_last_checked_is_the_newest_check_not_the_newest_changelog_entry(handbook):
    """A changelog entry dated after every check must not make the data look checked that day."""
    import datetime
    checked = export.last_checked(handbook)
    log = handbook.extra["changelog"]
    later = log[0].model_copy(update={"date": checked + datetime.timedelta(days=30)})
    other = dataclasses.replace(handbook, extra={**handbook.extra, "changelog": [later, *log[1:]]})
    assert export.last_checked(other) == checked


def test_open_data_page_links_and_versions(html, published):
    doc, _ = published
    soup = html("about/open-data.html")
    hrefs = {a.get("href") for a in soup.select("article a")}
    assert "../data/nms-handbook.json" in hrefs and "../data/nms-handbook.schema.json" in hrefs
    text = soup.select_one("article").get_text(" ")
    assert doc["version"] in text and doc["data_version"] in text
    assert "CC BY-SA 4.0" in text
    assert "PLACEHOLDER" not in str(soup)
