"""The Hunter serotonin toxicity criteria as a criteria tree, evaluated by the same logic.evaluate
as the NMS sets: worked cases, each rule alone, the exposure gate, boundaries, undetermined cases."""
from __future__ import annotations

import itertools

import pytest

from handbook.logic import evaluate, threshold_met

RULE_FINDINGS = {
    "rule1": {"spontaneous_clonus"},
    "rule2a": {"inducible_clonus", "agitation"},
    "rule2b": {"inducible_clonus", "diaphoresis"},
    "rule3a": {"ocular_clonus", "agitation"},
    "rule3b": {"ocular_clonus", "diaphoresis"},
    "rule4": {"tremor", "hyperreflexia"},
    "rule5a": {"hypertonia", "temperature", "ocular_clonus"},
    "rule5b": {"hypertonia", "temperature", "inducible_clonus"},
}


@pytest.fixture(scope="module")
def hunter(handbook):
    return handbook.criteria["hunter2003"]


def case(hunter, present=(), not_assessed=(), agent="present"):
    """Every finding absent unless named; the serotonergic agent as given."""
    states = {f.id: "absent" for f in hunter.findings}
    states.update({f: "present" for f in present})
    states.update({f: "not_assessed" for f in not_assessed})
    states["serotonergic_agent"] = agent
    return evaluate(hunter, states)


def test_same_model_as_the_nms_sets(hunter, handbook):
    assert type(hunter) is type(handbook.criteria["iec"])
    assert hunter.condition == "serotonin_toxicity" and handbook.criteria["iec"].condition == "nms"
    assert {f.feature for f in hunter.findings} <= set(handbook.features)


@pytest.mark.parametrize("rule", sorted(RULE_FINDINGS))
def test_each_rule_alone_meets_the_criteria(hunter, rule):
    assert case(hunter, RULE_FINDINGS[rule]).verdict == "met"


@pytest.mark.parametrize("rule", sorted(RULE_FINDINGS))
def test_no_serotonergic_agent_means_not_met(hunter, rule):
    assert case(hunter, RULE_FINDINGS[rule], agent="absent").verdict == "not_met"


@pytest.mark.parametrize("rule", sorted(RULE_FINDINGS))
def test_each_rule_minus_any_one_finding_is_not_met(hunter, rule):
    for missing in RULE_FINDINGS[rule]:
        assert case(hunter, RULE_FINDINGS[rule] - {missing}).verdict == "not_met", (rule, missing)


def test_near_misses(hunter):
    assert case(hunter, {"inducible_clonus"}).verdict == "not_met"           # needs agitation or sweating
    assert case(hunter, {"agitation", "diaphoresis", "tremor"}).verdict == "not_met"
    assert case(hunter, {"hypertonia", "temperature"}).verdict == "not_met"  # rule 5 needs clonus too
    assert case(hunter, {"hyperreflexia", "hypertonia"}).verdict == "not_met"
    assert case(hunter, set()).verdict == "not_met"


def test_every_combination_matches_the_rules_as_written(hunter):
    """Brute force over the nine findings: the tree says exactly what facts.md §6.2 says."""
    names = ["spontaneous_clonus", "inducible_clonus", "ocular_clonus", "agitation", "diaphoresis",
             "tremor", "hyperreflexia", "hypertonia", "temperature"]
    for bits in itertools.product([False, True], repeat=len(names)):
        p = dict(zip(names, bits))
        expected = (p["spontaneous_clonus"]
                    or (p["inducible_clonus"] and (p["agitation"] or p["diaphoresis"]))
                    or (p["ocular_clonus"] and (p["agitation"] or p["diaphoresis"]))
                    or (p["tremor"] and p["hyperreflexia"])
                    or (p["hypertonia"] and p["temperature"] and (p["ocular_clonus"] or p["inducible_clonus"])))
        got = case(hunter, {n for n, b in p.items() if b}).value
        assert got is expected, p


def test_undetermined_cases(hunter):
    # Exposure unknown, a rule met: undetermined.
    assert case(hunter, RULE_FINDINGS["rule1"], agent="not_assessed").verdict == "undetermined"
    # Exposure present, tremor present, reflexes not yet examined: undetermined.
    assert case(hunter, {"tremor"}, not_assessed={"hyperreflexia"}).verdict == "undetermined"
    # Temperature not measured, the rest of rule 5 present: undetermined.
    assert case(hunter, {"hypertonia", "ocular_clonus"}, not_assessed={"temperature"}).verdict == "undetermined"
    # One rule already met: further unknowns do not matter.
    assert case(hunter, {"spontaneous_clonus"}, not_assessed={"tremor", "temperature"}).verdict == "met"
    # Exposure absent: not met whatever else is unknown.
    assert case(hunter, not_assessed={f for s in RULE_FINDINGS.values() for f in s}, agent="absent").verdict == "not_met"
    # Nothing assessed at all.
    assert evaluate(hunter, {}).verdict == "undetermined"


def test_temperature_threshold_boundary(hunter):
    temp = next(f for f in hunter.findings if f.id == "temperature")
    (t,) = temp.thresholds
    assert (t.operator, t.value, t.unit) == (">", 38, "°C")
    assert threshold_met(t, 38.0) is False       # exactly 38.0 °C is not above 38 °C
    assert threshold_met(t, 38.1) is True
    assert threshold_met(t, 37.9) is False


def test_temperature_boundary_through_the_rule(hunter):
    (t,) = next(f for f in hunter.findings if f.id == "temperature").thresholds
    for reading, verdict in ((38.0, "not_met"), (38.1, "met")):
        state = "present" if threshold_met(t, reading) else "absent"
        result = case(hunter, {"hypertonia", "inducible_clonus"} | ({"temperature"} if state == "present" else set()))
        # inducible clonus without agitation or sweating does not meet rule 2, so rule 5 decides
        assert result.verdict == verdict, reading


def test_unknown_finding_is_an_error(hunter):
    with pytest.raises(ValueError, match="unknown findings"):
        evaluate(hunter, {"serotonergic_agent": "present", "clonus": "present"})


def test_validation_figures_are_data(hunter):
    text = " ".join(v.text for v in hunter.validation)
    for figure in ("84 %", "97 %", "75 %", "96 %", "2,222", "473"):
        assert figure in text
    assert all(c.key == "Dunkley2003" for v in hunter.validation for c in v.cite)
