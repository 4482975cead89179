"""Criteria sets evaluated in Python: worked cases for every set (three-valued), boundary rows on both
sides of every numeric threshold (generated from the data), and the model's own guards."""
from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from handbook.data import load
from handbook.logic import NoRuleError, evaluate, evaluate_parts, iter_nodes, threshold_met
from handbook.model.criteria import CriteriaSet, FindingNode, WeightedSumNode

P, A, N = "present", "absent", "not_assessed"
HB = load()  # at collection time, so every threshold in the data gets its own boundary test
NMS_SETS = {"dsm4tr", "dsm5tr", "levenson1985", "pope1986", "caroff1991", "iec"}


def case(set_id: str, default: str = A, **states: str) -> dict[str, str]:
    """Every finding of the set at `default`, with the named ones overridden."""
    cset = HB.criteria[set_id]
    unknown = set(states) - {f.id for f in cset.findings}
    assert not unknown, f"test names unknown findings {unknown}"
    return {f.id: states.get(f.id, default) for f in cset.findings}


def verdict(set_id: str, **kw) -> str:
    return evaluate(HB.criteria[set_id], case(set_id, **kw)).verdict


# -- the sets and their flags ------------------------------------------------------------------

def test_the_published_sets_are_all_present_with_stable_ids():
    assert NMS_SETS <= set(HB.criteria)
    assert "adityanjee1999" not in HB.criteria  # attribution unverified (facts.md §1.7): left out


def test_checklist_flags():
    flagged = {k for k, s in HB.criteria.items() if s.checklist and s.condition == "nms"}
    assert flagged == {"iec", "dsm4tr", "levenson1985", "caroff1991"}
    assert HB.criteria["dsm5tr"].checklist is False


def test_every_set_has_a_year_applies_text_and_citation():
    for cset in HB.criteria.values():
        assert cset.cite and cset.applies and cset.year > 1900, cset.id


# -- worked cases: IEC (weighted sum, no cut-off) ----------------------------------------------

def test_iec_points_sum_to_exactly_100():
    ws = HB.criteria["iec"].rule
    assert isinstance(ws, WeightedSumNode)
    assert sum(i.points for i in ws.weighted_sum) == ws.total == 100
    assert ws.threshold is None  # no verified cut-off: never give a verdict


def test_iec_all_present_scores_100_but_gives_no_verdict():
    r = evaluate(HB.criteria["iec"], case("iec", P))
    assert (r.points, r.max_points, r.total, r.value) == (100, 100, 100, None)


def test_iec_all_absent_scores_0():
    r = evaluate(HB.criteria["iec"], case("iec", A))
    assert (r.points, r.max_points) == (0, 0)


def test_iec_not_assessed_items_keep_the_upper_bound_open():
    r = evaluate(HB.criteria["iec"], case("iec", N, exposure=P, hyperthermia=P, rigidity=P))
    assert (r.points, r.max_points) == (55, 100)
    assert r.items["exposure"] is True and r.items["ck"] is None


@pytest.mark.parametrize("states,expected", [
    ({"bp_elevation": P, "diaphoresis": P}, True),            # two of four
    ({"bp_elevation": P}, False),                              # one of four, rest absent
    ({"bp_elevation": P, "incontinence": N}, None),            # the second could still come
])
def test_iec_sympathetic_lability_needs_two_of_four(states, expected):
    r = evaluate(HB.criteria["iec"], case("iec", A, **states))
    assert r.items["sympathetic_lability"] is expected
    assert r.points == (10 if expected else 0)
    assert r.max_points == (10 if expected is not False else 0)


@pytest.mark.parametrize("hr,rr,expected", [(P, P, True), (P, A, False), (P, N, None), (A, N, False)])
def test_iec_hypermetabolism_needs_heart_and_respiratory_rate(hr, rr, expected):
    r = evaluate(HB.criteria["iec"], case("iec", A, hr_rise=hr, rr_rise=rr))
    assert r.items["hypermetabolism"] is expected


# -- DSM-IV-TR --------------------------------------------------------------------------------

A_ITEMS = dict(neuroleptic_use=P, severe_rigidity=P, elevated_temperature=P)


@pytest.mark.parametrize("states,expected", [
    ({**A_ITEMS, "diaphoresis": P, "tachycardia": P}, "met"),
    ({**A_ITEMS, "diaphoresis": P}, "not_met"),                                     # one B item
    ({**A_ITEMS, "diaphoresis": P, "mutism": N}, "undetermined"),                   # B still open
    ({**A_ITEMS, "diaphoresis": P, "tremor": P, "other_cause": P}, "not_met"),      # fails C
    ({**A_ITEMS, "diaphoresis": P, "tremor": P, "mental_disorder": P}, "not_met"),  # fails D
    ({**A_ITEMS, "diaphoresis": P, "tremor": P, "other_cause": N}, "undetermined"),  # C not assessed
    ({**A_ITEMS, "elevated_temperature": N, "diaphoresis": P, "tremor": P}, "undetermined"),
    ({**A_ITEMS, "severe_rigidity": A, "diaphoresis": P, "tremor": P}, "not_met"),  # A needs rigidity
])
def test_dsm4tr_worked_cases(states, expected):
    assert verdict("dsm4tr", **states) == expected


def test_dsm4tr_parts_are_criteria_a_to_d():
    parts = evaluate_parts(HB.criteria["dsm4tr"], case("dsm4tr", **A_ITEMS, diaphoresis=P, other_cause=N))
    assert {k: v.verdict for k, v in parts.items()} == {
        "criterion_a": "met", "criterion_b": "not_met", "criterion_c": "undetermined", "criterion_d": "met"}


# -- DSM-5-TR: no rule ------------------------------------------------------------------------------

def test_dsm5tr_states_no_required_count_and_cannot_be_evaluated():
    cset = HB.criteria["dsm5tr"]
    assert cset.no_required_count is True and cset.rule is None and not cset.has_rule
    with pytest.raises(NoRuleError, match="no combination rule"):
        evaluate(cset, case("dsm5tr", P))
    with pytest.raises(NoRuleError):
        evaluate_parts(cset, {})


# -- Levenson -------------------------------------------------------------------------------------

MINORS = ("tachycardia", "blood_pressure", "tachypnoea", "consciousness", "diaphoresis", "leukocytosis")


@pytest.mark.parametrize("states,expected", [
    (dict(fever=P, rigidity=P, ck=P), "met"),                                              # 3 major
    (dict(fever=P, rigidity=P, **{m: P for m in MINORS[:4]}), "met"),                      # 2 + 4
    (dict(fever=P, rigidity=P, **{m: P for m in MINORS[:3]}), "not_met"),                  # 2 + 3
    (dict(fever=P, rigidity=P, **{m: P for m in MINORS[:3]}, leukocytosis=N), "undetermined"),
    (dict(fever=P, **{m: P for m in MINORS}), "not_met"),                                  # 1 + 6
    (dict(fever=P, rigidity=P, ck=N), "undetermined"),                                     # CK decides
    (dict(fever=N, rigidity=P, ck=P), "undetermined"),
])
def test_levenson_worked_cases(states, expected):
    assert verdict("levenson1985", **states) == expected


# -- Pope ---------------------------------------------------------------------------------------------

EPS2 = dict(lead_pipe_rigidity=P, trismus=P)
AUT2 = dict(tachycardia=P, diaphoresis=P)
# Autonomic signs not documented (not assessed), as in a record that is silent about them.
AUT_UNKNOWN = dict(hypertension=N, tachycardia=N, tachypnoea=N, diaphoresis=N, incontinence=N)


# Probable NMS is for records in which one criterion was not documented: the other two met, the
# third unknown. Every finding not named below is absent, i.e. documented as not present.
@pytest.mark.parametrize("states,expected,definite,probable", [
    (dict(hyperthermia=P, **EPS2, **AUT2), "met", "met", "not_met"),
    (dict(hyperthermia=P, **EPS2, **AUT_UNKNOWN, clouded_consciousness=P), "met", "undetermined", "met"),
    # the third criterion documented as not met rules probable NMS out
    (dict(hyperthermia=P, **EPS2, clouded_consciousness=P), "not_met", "not_met", "not_met"),
    (dict(hyperthermia=P, **EPS2, **AUT_UNKNOWN, leukocytosis=N), "undetermined", "undetermined", "undetermined"),
    (dict(hyperthermia=P, clouded_consciousness=P, leukocytosis=P), "not_met", "not_met", "not_met"),
    (dict(hyperthermia=P, lead_pipe_rigidity=P, **AUT2, leukocytosis=P), "not_met", "not_met", "not_met"),
    (dict(hyperthermia=P, lead_pipe_rigidity=P, tachycardia=P, leukocytosis=P), "not_met", "not_met", "not_met"),
    (dict(hyperthermia=N, **EPS2, **AUT2), "undetermined", "undetermined", "not_met"),
    (dict(hyperthermia=N, **EPS2, **AUT2, leukocytosis=P), "met", "undetermined", "met"),
])
def test_pope_definite_and_probable(states, expected, definite, probable):
    cset = HB.criteria["pope1986"]
    findings = case("pope1986", **states)
    parts = evaluate_parts(cset, findings)
    assert evaluate(cset, findings).verdict == expected
    assert (parts["definite"].verdict, parts["probable"].verdict) == (definite, probable)


def test_pope_rule_in_words_says_the_third_criterion_is_undocumented():
    from handbook.render.criteria import rule_in_words
    cset = HB.criteria["pope1986"]
    text = rule_in_words(cset.rule, cset)
    assert "Not documented either way: Autonomic dysfunction (as above)" in text
    assert "Not documented either way: Hyperthermia" in text


def test_pope_leaves_the_ambiguous_cpk_item_out_of_the_rule():
    cset = HB.criteria["pope1986"]
    assert not any("ck" in f.id or "cpk" in f.id for f in cset.findings)
    assert any("CPK" in w.text and w.unverified for w in cset.warnings)


# -- Caroff ------------------------------------------------------------------------------------------

CORE = dict(neuroleptic_treatment=P, hyperthermia=P, rigidity=P, exclusion=P)
FIVE = dict(mental_status=P, tachycardia=P, blood_pressure=P, tremor=P, leukocytosis=P)


@pytest.mark.parametrize("states,expected", [
    ({**CORE, **FIVE}, "met"),
    ({**CORE, **FIVE, "leukocytosis": A}, "not_met"),                     # four of ten
    ({**CORE, **FIVE, "leukocytosis": A, "metabolic_acidosis": N}, "undetermined"),
    ({**CORE, **FIVE, "exclusion": N}, "undetermined"),
    ({**CORE, **FIVE, "neuroleptic_treatment": A}, "not_met"),
])
def test_caroff_worked_cases(states, expected):
    assert verdict("caroff1991", **states) == expected


# -- evaluation guards ---------------------------------------------------------------------------------

def test_unknown_finding_and_bad_state_are_errors():
    with pytest.raises(ValueError, match="unknown findings"):
        evaluate(HB.criteria["iec"], {"nope": P})
    with pytest.raises(ValueError, match="state must be one of"):
        evaluate(HB.criteria["iec"], {"exposure": "yes"})


def test_every_rule_uses_only_its_own_findings():
    for cset in HB.criteria.values():
        if cset.rule is None:
            continue
        ids = {f.id for f in cset.findings}
        used = {n.finding for n in iter_nodes(cset.rule) if isinstance(n, FindingNode)}
        assert used == ids, cset.id


# -- the model: rule xor no_required_count ------------------------------------------------------------

def _raw(set_id):
    return HB.criteria[set_id].model_dump(by_alias=True, exclude_none=True)


def test_a_set_needs_a_rule_or_no_required_count():
    raw = _raw("levenson1985")
    raw.pop("rule")
    with pytest.raises(ValidationError, match="needs a `rule`"):
        CriteriaSet.model_validate(raw)


def test_a_set_cannot_have_both_a_rule_and_no_required_count():
    raw = _raw("levenson1985")
    raw["no_required_count"] = True
    with pytest.raises(ValidationError, match="not both"):
        CriteriaSet.model_validate(raw)


def test_a_set_without_a_rule_cannot_be_a_checklist():
    raw = _raw("dsm5tr")
    raw["checklist"] = True
    with pytest.raises(ValidationError, match="checklist"):
        CriteriaSet.model_validate(raw)


def test_iec_still_loads_with_a_rule_and_no_flag():
    cset = HB.criteria["iec"]
    assert cset.no_required_count is False and isinstance(cset.rule, WeightedSumNode)


# -- boundaries on both sides of every numeric threshold, generated from the data ---------------------

def _step(value) -> Decimal:
    """One unit of the last printed decimal: 38.0 -> 0.1, 4 -> 1, 37.5 -> 0.1."""
    exp = Decimal(repr(value) if isinstance(value, float) else str(value)).as_tuple().exponent
    return Decimal(1).scaleb(min(exp, 0))


def _plus(value, d: Decimal) -> float:
    return float(Decimal(repr(value) if isinstance(value, float) else str(value)) + d)


def _boundary_rows():
    rows = []
    for cset in HB.criteria.values():
        for f in cset.findings:
            for i, t in enumerate(f.thresholds):
                rows.append(pytest.param(cset.id, f.id, i, id=f"{cset.id}-{f.id}-{i}"))
    return rows


BOUNDARY_ROWS = _boundary_rows()


def test_the_boundary_rows_cover_every_threshold_in_the_data():
    n = sum(len(f.thresholds) for s in HB.criteria.values() for f in s.findings)
    assert len(BOUNDARY_ROWS) == n and n >= 20


@pytest.mark.parametrize("set_id,finding_id,index", BOUNDARY_ROWS)
def test_threshold_boundaries(set_id, finding_id, index):
    t = next(f for f in HB.criteria[set_id].findings if f.id == finding_id).thresholds[index]
    occ = t.occasions
    within = t.window.value if t.window else None
    upward = t.operator in (">", ">=")
    d = _step(t.value) if t.value_max is None else min(_step(t.value), _step(t.value_max))
    if t.value_max is None:
        # exactly at the cut-off: met only when the operator includes equality
        assert threshold_met(t, t.value, occasions=occ, within=within) is (t.operator in (">=", "<=", "="))
        yes, no = (_plus(t.value, d), _plus(t.value, -d)) if upward else (_plus(t.value, -d), _plus(t.value, d))
    else:
        # a range of cut-offs (e.g. 2–4 weeks): clear on either side, open strictly inside
        low_out, high_out = _plus(t.value, -d), _plus(t.value_max, d)
        yes, no = (high_out, low_out) if upward else (low_out, high_out)
        inside = (t.value + t.value_max) / 2
        assert threshold_met(t, inside, occasions=occ, within=within) is None
    # one printed unit beyond the cut-off, on the side that meets it and on the side that does not
    assert threshold_met(t, yes, occasions=occ, within=within) is True
    assert threshold_met(t, no, occasions=occ, within=within) is False
    if occ:  # fewer readings than required never meet it
        assert threshold_met(t, yes, occasions=occ - 1, within=within) is False
    if t.window:  # a change that took longer than the window does not meet it
        late = _plus(t.window.value, _step(t.window.value))
        assert threshold_met(t, yes, occasions=occ, within=late) is False


# -- the named boundary rows of the brief, spelled out ------------------------------------------------

def _t(set_id, finding_id, index=0):
    return next(f for f in HB.criteria[set_id].findings if f.id == finding_id).thresholds[index]


@pytest.mark.parametrize("set_id,finding_id,below,at_or_above,kw", [
    ("iec", "hyperthermia", 38.0, 38.1, {"occasions": 2}),     # > 38.0 °C on 2 occasions
    ("dsm5tr", "hyperthermia", 38.0, 38.1, {"occasions": 2}),
    ("iec", "ck", 3.9, 4.0, {}),                               # ≥ 4 × ULN
    ("iec", "hr_rise", 24, 25, {}),                            # ≥ 25 % above baseline
    ("dsm5tr", "tachycardia", 25, 26, {}),                     # > 25 % above baseline
    ("iec", "rr_rise", 49, 50, {}),
    ("caroff1991", "hyperthermia", 37.9, 38.0, {}),            # ≥ 38 °C
    ("pope1986", "hyperthermia", 37.5, 37.6, {}),              # > 37.5 °C
    ("pope1986", "leukocytosis", 15000, 15001, {}),
])
def test_named_upper_boundaries(set_id, finding_id, below, at_or_above, kw):
    t = _t(set_id, finding_id)
    assert threshold_met(t, below, **kw) is False
    assert threshold_met(t, at_or_above, **kw) is True


def test_named_time_boundaries():
    assert threshold_met(_t("iec", "exposure"), 72) is True
    assert threshold_met(_t("iec", "exposure"), 73) is False
    oral, depot = _t("caroff1991", "neuroleptic_treatment", 0), _t("caroff1991", "neuroleptic_treatment", 1)
    assert (threshold_met(oral, 7), threshold_met(oral, 8)) == (True, False)
    assert (threshold_met(depot, 2), threshold_met(depot, 3), threshold_met(depot, 5)) == (True, None, False)


def test_hyperthermia_needs_two_readings():
    t = _t("iec", "hyperthermia")
    assert threshold_met(t, 39.0, occasions=1) is False
    assert threshold_met(t, 39.0, occasions=2) is True


def test_bp_fluctuation_window():
    t = _t("iec", "bp_fluctuation", 0)  # diastolic change ≥ 20 mmHg within 24 h
    assert threshold_met(t, 20, within=24) is True
    assert threshold_met(t, 20, within=25) is False
    assert threshold_met(t, 19, within=1) is False
