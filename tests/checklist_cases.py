"""Test cases for the checklists, derived from the criteria trees: every boundary of every node,
and seeded random combinations. Shared by the compiler test and the browser tests."""
from __future__ import annotations

import random
import re

from handbook.logic import children, evaluate, evaluate_node
from handbook.model.criteria import AllNode, AnyNode, AtLeastNode, FindingNode, NotNode, WeightedSumNode
from handbook.render import checklist as rcl

STATES = ("present", "absent", "not_assessed")
_VALUE_STATE = {True: "present", False: "absent", None: "not_assessed"}


def kids(node):
    return children(node)


def force(node, value, out: dict):
    """Add finding states that make `node` evaluate to value (True / False / None), where possible.
    Findings already fixed in `out` are left alone (the result is then checked, not assumed)."""
    if isinstance(node, FindingNode):
        out.setdefault(node.finding, _VALUE_STATE[value])
    elif isinstance(node, NotNode):
        force(node.not_, None if value is None else not value, out)
    elif isinstance(node, (AllNode, AnyNode, AtLeastNode)):
        ch = kids(node)
        k = len(ch) if isinstance(node, AllNode) else 1 if isinstance(node, AnyNode) else node.at_least
        if value is True:
            vals = [True] * k + [False] * (len(ch) - k)
        elif value is False:
            vals = [True] * (k - 1) + [False] * (len(ch) - k + 1)
        else:
            vals = [True] * (k - 1) + [None] + [False] * (len(ch) - k)
        for c, v in zip(ch, vals):
            force(c, v, out)
    elif isinstance(node, WeightedSumNode):
        for item in node.weighted_sum:
            force(item.when, value if value is not None else None, out)


def path_to(root, target):
    if root is target:
        return [root]
    for c in kids(root):
        p = path_to(c, target)
        if p:
            return [root] + p
    return None


def sensitize(root, target, out: dict):
    """Set the siblings along the path so the root's value follows the target's (where possible)."""
    path = path_to(root, target)
    for parent, child in zip(path, path[1:]):
        others = [c for c in kids(parent) if c is not child]
        if isinstance(parent, AllNode):
            for o in others:
                force(o, True, out)
        elif isinstance(parent, AnyNode):
            for o in others:
                force(o, False, out)
        elif isinstance(parent, AtLeastNode):
            for i, o in enumerate(others):
                force(o, i < parent.at_least - 1, out)
        elif isinstance(parent, WeightedSumNode):
            for o in others:
                force(o, False, out)


def internal(node):
    if not isinstance(node, FindingNode):
        yield node
        for c in kids(node):
            yield from internal(c)


def boundary_cases(cset) -> list[dict]:
    """For every all / any / at_least(k) node: k-1 and k children met, each with the rest not met or
    undetermined; for every weighted item: met, not met and undetermined; plus all-present,
    all-absent and all-not-assessed. The rest of the tree is set so the root depends on the node."""
    ids = [f.id for f in cset.findings]
    cases = [dict.fromkeys(ids, s) for s in STATES]
    for node in internal(cset.rule):
        if isinstance(node, (AllNode, AnyNode, AtLeastNode)):
            ch = kids(node)
            k = len(ch) if isinstance(node, AllNode) else 1 if isinstance(node, AnyNode) else node.at_least
            for met in (k - 1, k):
                for rest in (False, None):
                    out: dict = {}
                    for i, c in enumerate(ch):
                        force(c, True if i < met else rest, out)
                    sensitize(cset.rule, node, out)
                    cases.append(out)
        if isinstance(node, WeightedSumNode):
            for item in node.weighted_sum:
                for v in (True, False, None):
                    out = {}
                    force(item.when, v, out)
                    cases.append(out)
        if isinstance(node, NotNode):
            for v in (True, False, None):
                out = {}
                force(node, v, out)
                sensitize(cset.rule, node, out)
                cases.append(out)
    unique, seen = [], set()
    for c in cases:
        key = tuple(sorted(c.items()))
        if key not in seen:
            seen.add(key)
            unique.append(c)
    return unique


def random_cases(cset, n: int, seed: int) -> list[dict]:
    rng = random.Random(f"{cset.id}-{seed}")
    ids = [f.id for f in cset.findings]
    out = []
    for _ in range(n):
        weights = rng.choice([(1, 1, 1), (3, 1, 1), (1, 3, 1), (1, 1, 3)])
        out.append({i: rng.choices(STATES, weights)[0] for i in ids})
    return out


VERDICT = {True: "met", False: "not met", None: "undetermined"}


def expected(cset, states: dict) -> dict:
    """What the checklist must display, from the Python evaluator (handbook.logic)."""
    plan = rcl.plan(cset)
    full = {f.id: states.get(f.id, "not_assessed") for f in cset.findings}
    res = evaluate(cset, full)
    exp = {"verdicts": {s.index: VERDICT[evaluate_node(s.node, full).value] for s in plan.shown}}
    if plan.scored:
        exp.update(pt=res.points, pu=res.max_points, ua=res.max_points - res.points, total=res.total)
    else:
        exp["root"] = VERDICT[res.value]
    return exp


# --- Evaluating the emitted CSS expressions in Python -----------------------------------------

_TOKENS = re.compile(r"\s*(var\(--[a-z0-9]+\)|calc|min|max|clamp|\d+|[-+*(),])")


def css_eval(expr: str, env: dict[str, int]):
    """Evaluate a CSS math expression of the kind the compiler emits (calc/min/max/clamp/var)."""
    pos, py = 0, []
    while pos < len(expr):
        m = _TOKENS.match(expr, pos)
        if not m:
            raise ValueError(f"unexpected CSS at {expr[pos:pos + 20]!r}")
        tok = m.group(1)
        pos = m.end()
        if tok.startswith("var("):
            py.append(str(env[tok[6:-1]]))
        elif tok == "calc":
            py.append("")
        else:
            py.append(tok)
    return eval("".join(py), {"__builtins__": {}}, {"min": min, "max": max,  # noqa: S307 (tokens checked above)
                                                  "clamp": lambda lo, v, hi: max(lo, min(v, hi))})


def css_env(plan, states: dict) -> dict[str, int]:
    env = {}
    for fid, i in plan.index.items():
        s = states.get(fid, "not_assessed")
        env[f"t{i}"] = int(s == "present")
        env[f"u{i}"] = int(s != "absent")
    return env
