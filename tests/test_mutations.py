"""Bad input: each mutation corrupts ONE thing in a copy of the project, runs the real strict build,
and checks that it fails with a message naming the file, the entry and the field.

Nothing in the real data changes (every edit happens in tmp_path). The htmlproofer plugin is switched
off for these builds (HTMLPROOFER=false; it only checks links, and saves about 0.3 s per build).
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
import yaml

from conftest import ROOT
from mutate import copy_project, edit_yaml, replace_text

IEC = "macros/data/criteria/iec.yaml"
REFS = "macros/data/references.yaml"
FEATURES = "macros/data/features.yaml"
DIFF_NMS = "macros/data/differential/nms.yaml"
DIFF_FEATURES = "macros/data/differential/_features.yaml"
DIFF_SS = "macros/data/differential/serotonin-syndrome.yaml"
PAGE = "docs/index.md"
GUIDE = "macros/data/guide/tables.yaml"
CORRECTIONS = "macros/data/corrections.yaml"
RECOGNITION = "docs/clinical/recognition.md"


def build(project: Path, dest: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HTMLPROOFER": "false"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dest)],
                          cwd=project, env=env, capture_output=True, text=True, timeout=300)


# -- helpers that pick real entries, so the suite follows the data as it grows -------------------

def first_fact_file(project: Path) -> Path:
    return sorted((project / "macros/data/facts").glob("*.yaml"))[0]


def _first_fact_with_statement(data) -> dict:
    return next(f for f in data["facts"] if f.get("statement"))


def _ref(data, key):
    return next(r for r in data if r["key"] == key)


def _append_to_page(text: str):
    def apply(project: Path):
        page = project / PAGE
        page.write_text(page.read_text(encoding="utf-8") + "\n\n" + text + "\n", encoding="utf-8")
    return apply


def _replace(path: str, old: str, new: str):
    return lambda project: replace_text(project / path, old, new)


def _edit(path: str, change: Callable):
    return lambda project: edit_yaml(project / path, change)


def _edit_fact_file(change: Callable):
    return lambda project: edit_yaml(first_fact_file(project), change)


def _fact_file_name(project: Path) -> str:
    return first_fact_file(project).relative_to(project).as_posix()


@dataclass
class Mutation:
    id: str
    apply: Callable[[Path], None]
    expect: list  # substrings (str) or compiled regexes, each must appear in the build output
    dynamic: Callable[[Path], list] = field(default=lambda project: [])  # expectations from the data
    # mkdocs-macros prints the traceback of an error raised while rendering a page (after its own
    # one-line summary, which the test requires); a data-file error must show the message alone.
    traceback_ok: bool = False


def _pop_finders(ref):
    for k in ("pmid", "pmcid", "doi", "url"):
        ref.pop(k, None)


def _dup_first(data):
    data.append(dict(data[0]))


def _save_as_cp1252(path: str):
    """The file as a Windows editor might save it: '°' becomes a byte UTF-8 cannot read."""
    def apply(project: Path):
        f = project / path
        f.write_bytes(f.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    return apply


def _uncite_cell(project: Path):
    """The first single-valued cell of the NMS column loses its citation."""
    path = project / DIFF_NMS
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cell = next(c for c in data["features"] if "value" in c and "cite" in c)
    del cell["cite"]
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    (project / ".uncited").write_text(cell["id"])


def _drop_cell(project: Path):
    path = project / DIFF_NMS
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    removed = data["features"].pop(0)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    (project / ".dropped").write_text(removed["id"])


MUTATIONS = [
    # --- criteria sets: types, fields, structure ------------------------------------------------
    Mutation("wrong-type-points", _replace(IEC, "points: 18,", "points: 18 pts,"),
             [f"{IEC}:", "set 'iec': item 'hyperthermia': field 'points': expected an integer, got '18 pts'"]),
    Mutation("negative-points", _replace(IEC, "points: 7,", "points: -7,"),
             [f"{IEC}:", "set 'iec': item 'negative_workup': field 'points':"]),
    Mutation("missing-field", _replace(IEC, "short_name: IEC 2011\n", ""),
             [f"{IEC}:", "set 'iec': field 'short_name': required but missing"]),
    Mutation("unknown-field", _replace(IEC, "    label: Rigidity\n", "    label: Rigidity\n    colour: red\n"),
             [f"{IEC}:", "set 'iec': finding 'rigidity': field 'colour': unknown field"]),
    Mutation("duplicate-finding-id", _replace(IEC, "  - id: diaphoresis\n", "  - id: incontinence\n"),
             [f"{IEC}:", "set 'iec': finding 'incontinence': field 'id': duplicate finding id 'incontinence'"]),
    Mutation("set-id-not-file-name", _replace(IEC, "id: iec\n", "id: iec2011\n"),
             [f"{IEC}:", "field 'id': the set id 'iec2011' must match the file name 'iec'"]),
    Mutation("bad-date", _replace(IEC, "last_checked: 2026-11-24", "last_checked: 24/11/2026"),
             [f"{IEC}:", "set 'iec': field 'last_checked':"]),
    Mutation("impossible-date", _replace(IEC, "last_checked: 2026-11-24", "last_checked: 2026-11-31"),
             [f"{IEC}:", "set 'iec': field 'last_checked': 2026-11-31 is not a real date"]),
    Mutation("data-file-not-utf8", _save_as_cp1252(IEC),
             [re.compile(re.escape(IEC) + r":\d+: the file is not saved as UTF-8"),
              "the file is not saved as UTF-8 (a byte there cannot be read); save it again with the UTF-8"]),
    Mutation("comment-cuts-a-value", _replace(DIFF_SS, "value: May exceed 41.1 °C when severe",
                                              "value: May exceed 41.1 °C #when severe"),
             [re.compile(re.escape(DIFF_SS) + r":\d+: ' #' starts a YAML comment here"),
              "' #' starts a YAML comment here, so the rest of the line is left out of the value"]),
    Mutation("threshold-bad-operator", _replace(IEC, 'operator: ">=", value: 4,', 'operator: "=>", value: 4,'),
             [f"{IEC}:", "set 'iec': finding 'ck':", "field 'operator':"]),
    Mutation("threshold-value-as-text", _replace(IEC, "value: 38.0", 'value: "38.0"'),
             [f"{IEC}:", "set 'iec': finding 'hyperthermia':", "field 'value': expected a number, got '38.0'"]),
    Mutation("threshold-missing-unit", _replace(IEC, "        value: 38.0\n        unit: °C\n", "        value: 38.0\n"),
             [f"{IEC}:", "set 'iec': finding 'hyperthermia':", "field 'unit': required but missing"]),
    Mutation("threshold-score-without-source", _edit(IEC, lambda d: d["rule"].update(threshold=50)),
             [f"{IEC}:", "set 'iec':", "a cut-off score needs the source that defines it"]),
    Mutation("points-not-summing", _replace(IEC, "total: 100", "total: 99"),
             [f"{IEC}:", "set 'iec':", "field 'total': the points add up to 100, not the declared total 99"]),
    Mutation("unknown-finding-in-tree", _replace(IEC, "{finding: diaphoresis}", "{finding: sweating}"),
             [f"{IEC}:", "set 'iec':", "field 'finding': unknown finding 'sweating'"]),
    Mutation("at-least-above-children", _replace(IEC, "at_least: 2", "at_least: 5"),
             [f"{IEC}:", "set 'iec': item 'sympathetic_lability':",
              "field 'at_least': at_least 5 but the node has only 4 children"]),
    Mutation("unknown-node-type", _replace(IEC, "        all:\n", "        every:\n"),
             [f"{IEC}:", "set 'iec': item 'hypermetabolism':", "unknown node type"]),
    Mutation("not-documented-in-a-checklist",
             _replace(IEC, "when: {finding: negative_workup}", "when: {not_documented: {finding: negative_workup}}"),
             [f"{IEC}:", "set 'iec':", "not_documented is for criteria applied to records"]),
    Mutation("unknown-feature-id", _replace(IEC, "feature: rigidity", "feature: stiffness"),
             [f"{IEC}:", "set 'iec': finding 'rigidity': field 'feature': unknown feature 'stiffness'"]),
    Mutation("guide-inline-cite-unknown-key",
             _replace("macros/data/guide/tables.yaml", "{cite:AAP-ToxidromeTable}", "{cite:AAP-Toxidromes}"),
             ["macros/data/guide/tables.yaml:", "systems 'thermoregulatory': field 'features':",
              "{cite:AAP-Toxidromes}: unknown citation key 'AAP-Toxidromes'"]),
    Mutation("guide-row-without-source",
             _edit("macros/data/guide/tables.yaml", lambda d: d["investigations"][0].pop("cite")),
             ["macros/data/guide/tables.yaml:", "investigations 'ck':", "no source: add `cite: [Key]`, or {cite:Key} in `why`"]),
    Mutation("unknown-second-feature-id",
             _replace("macros/data/criteria/dsm4tr.yaml", "also_features: [blood_pressure_lability]",
                      "also_features: [blood_pressure_swing]"),
             ["macros/data/criteria/dsm4tr.yaml:", "set 'dsm4tr': finding 'blood_pressure':",
              "also_features[0]: unknown feature 'blood_pressure_swing'"]),
    Mutation("unknown-citation-key-in-data", _replace(IEC, "cite: [Gurrera2017]", "cite: [Nobody1999]"),
             [f"{IEC}:", "set 'iec':", "unknown citation key 'Nobody1999'"]),
    Mutation("empty-cite-list", _replace(IEC, "cite: [Gurrera2017]", "cite: []"),
             [f"{IEC}:", "set 'iec':", "field 'cite': must not be empty"]),
    # --- YAML itself ------------------------------------------------------------------------------
    Mutation("bad-yaml-syntax", _replace(IEC, "year: 2011\n", "year: [2011\n"),
             [f"{IEC}:", "YAML syntax error"]),
    Mutation("duplicate-yaml-key", _replace(IEC, "year: 2011\n", "year: 2011\nyear: 2012\n"),
             [f"{IEC}:", "duplicate key 'year'"]),
    # --- references --------------------------------------------------------------------------------
    Mutation("reference-not-findable", _edit(REFS, lambda d: _pop_finders(_ref(d, "Gurrera2011"))),
             [f"{REFS}:", "reference 'Gurrera2011':", "a reference needs a pmid, a doi or a url"]),
    Mutation("reference-bad-doi", _edit(REFS, lambda d: _ref(d, "Gurrera2011").update(doi="doi:10.4088/JCP.10m06223")),
             [f"{REFS}:", "reference 'Gurrera2011': field 'doi':"]),
    Mutation("reference-bad-pmid", _edit(REFS, lambda d: _ref(d, "Gurrera2011").update(pmid="PMID21917004")),
             [f"{REFS}:", "reference 'Gurrera2011': field 'pmid':"]),
    Mutation("reference-http-url", _edit(REFS, lambda d: _ref(d, "Gurrera2011").update(url="http://example.org/x")),
             [f"{REFS}:", "reference 'Gurrera2011': field 'url':"]),
    Mutation("reference-note-unknown-key",
             _edit(REFS, lambda d: _ref(d, "MedicalAlgorithms-Caroff").update(note="Presents {ref:Caroff1991}.")),
             [f"{REFS}:", "reference 'MedicalAlgorithms-Caroff': field 'note': unknown reference key 'Caroff1991'"]),
    Mutation("duplicate-reference-key", _edit(REFS, _dup_first),
             [f"{REFS}:", "field 'key': duplicate reference key"],
             dynamic=lambda p: [f"reference '{yaml.safe_load((ROOT / REFS).read_text())[0]['key']}'"]),
    # --- features -----------------------------------------------------------------------------------
    Mutation("feature-unknown-field", _edit(FEATURES, lambda d: d[0].update(colour="red")),
             [f"{FEATURES}:", "field 'colour': unknown field"],
             dynamic=lambda p: [f"feature '{yaml.safe_load((ROOT / FEATURES).read_text())[0]['id']}'"]),
    Mutation("duplicate-feature-id", _edit(FEATURES, _dup_first),
             [f"{FEATURES}:", "field 'id': duplicate feature id"]),
    # --- facts -------------------------------------------------------------------------------------
    Mutation("fact-statement-without-value",
             _edit_fact_file(lambda d: _first_fact_with_statement(d).update(statement="A sentence with no figure.")),
             ["field 'statement': the statement must contain {value}"],
             dynamic=lambda p: [f"{_fact_file_name(p)}:", "fact '" + _first_fact_with_statement(
                 yaml.safe_load(first_fact_file(p).read_text()))["id"] + "'"]),
    Mutation("fact-file-missing-last-checked", _edit_fact_file(lambda d: d.pop("last_checked")),
             ["field 'last_checked': required but missing"],
             dynamic=lambda p: [f"{_fact_file_name(p)}:"]),
    Mutation("fact-value-as-number", _edit_fact_file(lambda d: d["facts"][0].update(value=5.6)),
             ["field 'value': expected text, got 5.6"],
             dynamic=lambda p: [f"{_fact_file_name(p)}:",
                                "fact '" + yaml.safe_load(first_fact_file(p).read_text())["facts"][0]["id"] + "'"]),
    Mutation("fact-empty-cite", _edit_fact_file(lambda d: d["facts"][0].update(cite=[])),
             ["field 'cite': must not be empty"],
             dynamic=lambda p: [f"{_fact_file_name(p)}:",
                                "fact '" + yaml.safe_load(first_fact_file(p).read_text())["facts"][0]["id"] + "'"]),
    Mutation("duplicate-fact-id", _edit_fact_file(lambda d: d["facts"].append(dict(d["facts"][0]))),
             ["field 'id': duplicate fact id"],
             dynamic=lambda p: [f"{_fact_file_name(p)}:",
                                "fact '" + yaml.safe_load(first_fact_file(p).read_text())["facts"][0]["id"] + "'"]),
    # --- pages ---------------------------------------------------------------------------------------
    Mutation("page-cites-unknown-key", _append_to_page("Text{{ cite('Nobody1999') }}"),
             ["index.md: unknown citation key 'Nobody1999'"], traceback_ok=True),
    Mutation("page-cites-unknown-key-on-another-page",
             _replace(RECOGNITION, 'cite("BMJ-BestPractice-NMS")', 'cite("BMJ-Bestpractice-NMS")'),
             [re.compile(r"clinical/recognition\.md:\d+: unknown citation key 'BMJ-Bestpractice-NMS'"),
              "unknown citation key 'BMJ-Bestpractice-NMS'"], traceback_ok=True),
    Mutation("page-macro-missing-a-brace",
             _replace(RECOGNITION, '{{ cite("BMJ-BestPractice-NMS") }}', '{ cite("BMJ-BestPractice-NMS") }}'),
             ["clinical/recognition.md: template syntax left in the page"]),
    Mutation("guide-inline-cite-with-a-space", _replace(GUIDE, "{cite:AAP-ToxidromeTable}", "{cite: AAP-ToxidromeTable}"),
             [f"{GUIDE}:", "field 'features': '{cite: AAP-ToxidromeTable}' is not a placeholder"]),
    Mutation("correction-placeholder-misspelt", _replace(CORRECTIONS, "{cite:Modi2016,MSD-NMS}", "{Cite:Modi2016,MSD-NMS}"),
             [f"{CORRECTIONS}:", "correction 'prognosis-good': field 'correction': '{Cite:Modi2016,MSD-NMS}' is not a placeholder"]),
    Mutation("page-cite-without-key", _append_to_page("Text{{ cite() }}"),
             ["index.md: cite() needs at least one reference key"], traceback_ok=True),
    Mutation("page-undefined-macro", _append_to_page("{{ no_such_macro() }}"),
             ["'no_such_macro' is undefined", "index.md"], traceback_ok=True),
    Mutation("page-unknown-fact-id", _append_to_page('{{ fact("no-such-fact") }}'),
             ["index.md: unknown fact 'no-such-fact'"], traceback_ok=True),
    Mutation("page-unknown-fact-id-in-say", _append_to_page('{{ say("no-such-fact") }}'),
             ["index.md: unknown fact 'no-such-fact'"], traceback_ok=True),
    # --- differential ----------------------------------------------------------------------------------
    Mutation("differential-uncited-cell", _uncite_cell,
             [f"{DIFF_NMS}:", "condition 'nms':", "has no citation"],
             dynamic=lambda p: [f"feature '{(p / '.uncited').read_text()}'"]),
    Mutation("differential-missing-cell", _drop_cell,
             [f"{DIFF_NMS}:", "condition 'nms':", "no cell"],
             dynamic=lambda p: [f"feature '{(p / '.dropped').read_text()}'"]),
    Mutation("differential-unknown-feature", _replace(DIFF_NMS, "  - id: tone\n", "  - id: muscle_tone\n"),
             [f"{DIFF_NMS}:", "condition 'nms': feature 'muscle_tone': unknown feature"]),
    Mutation("differential-feature-unknown-field", _edit(DIFF_FEATURES, lambda d: d[0].update(colour="red")),
             [f"{DIFF_FEATURES}:", "field 'colour': unknown field"]),
]


def test_there_are_at_least_25_distinct_mutations():
    ids = [m.id for m in MUTATIONS]
    assert len(ids) == len(set(ids)) and len(ids) >= 25


def test_an_unchanged_copy_builds(tmp_path):
    """Otherwise every mutation would 'fail' for the wrong reason."""
    project = copy_project(tmp_path)
    result = build(project, tmp_path / "out")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]


def _found(expectation, out: str) -> bool:
    if isinstance(expectation, re.Pattern):
        return bool(expectation.search(out))
    return expectation in out


@pytest.fixture(scope="module")
def outcomes(request, tmp_path_factory) -> dict:
    """Build every selected mutation, two at a time (the machine has two cores; each build is a
    separate process). Returns {id: (returncode, output, expectations)}."""
    selected = {item.callspec.params["mutation"].id for item in request.session.items
                if getattr(item, "callspec", None) and "mutation" in item.callspec.params}
    jobs = [(m, tmp_path_factory.mktemp(m.id)) for m in MUTATIONS if m.id in selected]

    def run(job):
        mutation, base = job
        project = copy_project(base)
        mutation.apply(project)
        result = build(project, base / "out")
        return mutation.id, (result.returncode, result.stdout + result.stderr,
                             mutation.expect + mutation.dynamic(project))

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(run, jobs))


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.id)
def test_bad_input_fails_the_build_with_a_clear_message(mutation, outcomes):
    returncode, out, expected = outcomes[mutation.id]
    assert returncode != 0, f"{mutation.id}: the build passed\n{out[-3000:]}"
    missing = [e for e in expected if not _found(e, out)]
    assert not missing, f"{mutation.id}: not in the output: {missing}\n{out[-4000:]}"
    # The message is stated in its own words on a line of its own, not only inside a traceback.
    plain = [ln for ln in out.splitlines() if ln.strip() and not ln.startswith((" ", "\t", "Traceback"))]
    specific = [e for e in expected if isinstance(e, str)][-1]
    assert any(specific in ln for ln in plain), f"{mutation.id}: message only inside a traceback\n{out[-4000:]}"
    if "Traceback (most recent call last)" in out and not mutation.traceback_ok:
        pytest.fail(f"{mutation.id}: the build printed a Python traceback; "
                    f"a contributor should see only the message\n{out[-4000:]}")
