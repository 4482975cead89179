"""The checklist's CSS, evaluated in Python, equals the Python evaluator: no browser needed."""
from __future__ import annotations

import re

import pytest

from checklist_cases import VERDICT, boundary_cases, css_env, css_eval, expected, random_cases
from conftest import ROOT
from handbook.render import checklist as rcl

CSS = ROOT / "docs" / "assets" / "checklist.css"


def checklist_sets(handbook):
    sets = [c for c in handbook.criteria.values() if c.checklist]
    assert any(c.id == "iec" for c in sets)
    return sets


def css_result(plan, states):
    env = css_env(plan, states)
    got = {"verdicts": {}}
    for s in plan.shown:
        t, u = css_eval(s.t, env), css_eval(s.u, env)
        assert (t, u) in ((0, 0), (0, 1), (1, 1)), (s.label, t, u)
        got["verdicts"][s.index] = ("not met", "undetermined", "met")[t + u]
    if plan.scored:
        pt, pu = css_eval(plan.points[0], env), css_eval(plan.points[1], env)
        got.update(pt=pt, pu=pu, ua=pu - pt, total=plan.cset.rule.total)
    else:
        got["root"] = got["verdicts"][0]
    return got


def test_compiled_css_equals_python_evaluator(handbook):
    n = 0
    for cset in checklist_sets(handbook):
        plan = rcl.plan(cset)
        for states in boundary_cases(cset) + random_cases(cset, 300, seed=1):
            assert css_result(plan, states) == expected(cset, states), (cset.id, states)
            n += 1
    assert n > 1000


def test_boundaries_reach_every_verdict_at_every_node(handbook):
    """The boundary cases are not vacuous: each displayed node is seen met, not met and undetermined,
    and each at_least / all / any is tried both one short of its count and at it."""
    for cset in checklist_sets(handbook):
        plan = rcl.plan(cset)
        seen = {s.index: set() for s in plan.shown}
        for states in boundary_cases(cset):
            for j, v in expected(cset, states)["verdicts"].items():
                seen[j].add(v)
        for s in plan.shown:
            assert seen[s.index] == set(VERDICT.values()), (cset.id, s.label, seen[s.index])


def test_iec_expressions_follow_the_tree(handbook):
    plan = rcl.plan(handbook.criteria["iec"])
    pt = plan.points[0]
    # Each item's points appear as data, e.g. 10 * clamp(0, a + b + c + d - 1, 1) for "at least 2 of 4".
    for item in handbook.criteria["iec"].rule.weighted_sum:
        assert re.search(rf"(^|[ (]){item.points} \* ", pt), item.id
    assert "clamp(0, var(--t6) + var(--t7) + var(--t8) + var(--t9) - 1, 1)" in pt
    assert "min(var(--t10), var(--t11))" in pt
    assert not plan.has_verdict  # no threshold in the data: a score, never a verdict


def test_static_stylesheet_has_the_generated_rules():
    text = CSS.read_text(encoding="utf-8")
    start, end = text.index(rcl.CSS_BEGIN), text.index(rcl.CSS_END) + len(rcl.CSS_END)
    assert text[start:end] + "\n" == rcl.generic_css(), \
        "docs/assets/checklist.css is out of date: regenerate the block with generic_css()"


def test_stylesheet_has_no_data():
    """Numbers from the criteria live only in the forms' inline styles: the stylesheet has no
    threshold (no counter-style range) and no points."""
    text = CSS.read_text(encoding="utf-8")
    assert "range:" not in text
    assert "point" not in text[text.index(rcl.CSS_BEGIN):].lower()


@pytest.mark.parametrize("bad", ["var(--x)", "1; color: red", "url(x)"])
def test_css_eval_rejects_what_the_compiler_never_emits(bad):
    with pytest.raises((ValueError, KeyError)):
        css_eval(bad, {})


def test_css_eval_agrees_with_hand_computed_values():
    env = {"t1": 1, "t2": 0, "t3": 1}
    assert css_eval("calc(20 * var(--t1) + 18 * var(--t2))", env) == 20
    assert css_eval("clamp(0, var(--t1) + var(--t2) + var(--t3) - 1, 1)", env) == 1
    assert css_eval("clamp(0, var(--t1) + var(--t2) - 1, 1)", env) == 0
    assert css_eval("calc(1 - min(var(--t1), var(--t2)))", env) == 1


def test_set_without_checklist_or_unknown_fails_clearly(handbook):
    from handbook.errors import DataError
    from handbook.site import Site
    site = Site(handbook, current_page=lambda: "checklist/x.md")
    fn = site.macros()["checklist"]
    with pytest.raises(DataError, match="no criteria set 'nosuchset'"):
        fn("nosuchset")
    no_list = [c.id for c in handbook.criteria.values() if not c.checklist]
    if no_list:
        with pytest.raises(DataError, match="not marked `checklist: true`"):
            fn(no_list[0])
