"""Three-valued evaluation of criteria trees, and threshold comparison. Pure functions only.

A finding is present, absent or not assessed. A node is then met (True), not met (False) or
undetermined (None): undetermined means the answer depends on findings not yet assessed
(Kleene's strong three-valued logic). A weighted sum reports the points of present items and the
range of totals still possible.
"""
from __future__ import annotations

import operator
from dataclasses import dataclass, field
from typing import Literal, Mapping

from .model.criteria import (AllNode, AnyNode, AtLeastNode, CriteriaSet, FindingNode,
                             NotDocumentedNode, NotNode, Threshold, WeightedSumNode)

State = Literal["present", "absent", "not_assessed"]
STATES: tuple[State, ...] = ("present", "absent", "not_assessed")
Verdict = Literal["met", "not_met", "undetermined"]

_TRUTH = {"present": True, "absent": False, "not_assessed": None}
_OPS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le, "=": operator.eq}


@dataclass(frozen=True)
class Result:
    """What a node evaluates to. `value` is True / False / None (undetermined)."""

    value: bool | None
    points: int | None = None        # weighted sums: points of items met
    max_points: int | None = None    # weighted sums: points if every undetermined item were met
    total: int | None = None         # weighted sums: the declared total
    items: dict[str, bool | None] = field(default_factory=dict)  # weighted sums: each item's value

    @property
    def verdict(self) -> Verdict:
        return {True: "met", False: "not_met", None: "undetermined"}[self.value]


def evaluate_node(node, findings: Mapping[str, State]) -> Result:
    if isinstance(node, FindingNode):
        state = findings.get(node.finding, "not_assessed")
        if state not in _TRUTH:
            raise ValueError(f"finding '{node.finding}': state must be one of {STATES}, got {state!r}")
        return Result(_TRUTH[state])
    if isinstance(node, NotNode):
        inner = evaluate_node(node.not_, findings).value
        return Result(None if inner is None else not inner)
    if isinstance(node, NotDocumentedNode):  # decided by what is recorded, so never undetermined
        return Result(evaluate_node(node.not_documented, findings).value is None)
    if isinstance(node, (AllNode, AnyNode, AtLeastNode)):
        values = [evaluate_node(c, findings).value for c in children(node)]
        k = len(values) if isinstance(node, AllNode) else 1 if isinstance(node, AnyNode) else node.at_least
        met, open_ = values.count(True), values.count(None)
        return Result(True if met >= k else False if met + open_ < k else None)
    if isinstance(node, WeightedSumNode):
        items = {item.id: evaluate_node(item.when, findings).value for item in node.weighted_sum}
        pts = sum(i.points for i in node.weighted_sum if items[i.id] is True)
        hi = sum(i.points for i in node.weighted_sum if items[i.id] is not False)
        if node.threshold is None:
            value = None  # no cut-off defined: the score is reported, never a verdict
        else:
            value = True if pts >= node.threshold else False if hi < node.threshold else None
        return Result(value, points=pts, max_points=hi, total=node.total, items=items)
    raise TypeError(f"unknown node {node!r}")


class NoRuleError(ValueError):
    """The set states no combination rule (e.g. DSM-5-TR): there is nothing to evaluate."""


def _check(cset: CriteriaSet, findings: Mapping[str, State]):
    if cset.rule is None:
        raise NoRuleError(f"set '{cset.id}' has no combination rule (no_required_count): its features "
                          "are listed without a required number, so it cannot be evaluated")
    known = {f.id for f in cset.findings}
    unknown = set(findings) - known
    if unknown:
        raise ValueError(f"set '{cset.id}': unknown findings {sorted(unknown)}")


def evaluate(cset: CriteriaSet, findings: Mapping[str, State]) -> Result:
    """Evaluate a whole set. Unknown finding ids in `findings` are an error, not silently ignored;
    a set without a rule raises NoRuleError rather than returning a verdict it does not have."""
    _check(cset, findings)
    return evaluate_node(cset.rule, findings)


def children(node) -> list:
    """A node's direct children in order; a weighted sum's are its items' conditions."""
    if isinstance(node, AllNode):
        return list(node.all)
    if isinstance(node, AnyNode):
        return list(node.any)
    if isinstance(node, AtLeastNode):
        return list(node.of)
    if isinstance(node, NotNode):
        return [node.not_]
    if isinstance(node, NotDocumentedNode):
        return [node.not_documented]
    if isinstance(node, WeightedSumNode):
        return [item.when for item in node.weighted_sum]
    return []


def iter_nodes(node):
    """Every node of a tree, parents before children."""
    yield node
    for child in children(node):
        yield from iter_nodes(child)


def evaluate_parts(cset: CriteriaSet, findings: Mapping[str, State]) -> dict[str, Result]:
    """The result of every node that has an id (e.g. Pope's 'definite' and 'probable', DSM-IV-TR's
    criteria A to D), for showing which part of a rule is met."""
    _check(cset, findings)
    return {n.id: evaluate_node(n, findings) for n in iter_nodes(cset.rule) if getattr(n, "id", None)}


def threshold_met(threshold: Threshold, value: float, occasions: int | None = None,
                  within: float | None = None) -> bool | None:
    """Does a measurement meet a threshold?

    `value` is in the threshold's own unit (for relative thresholds: percent above baseline, or
    multiples of the upper limit of normal). `occasions` is the number of readings that reached
    `value`; `within` is the time the readings or change took, in the window's unit.

    Returns True or False; None only for a range of cut-offs (`value_max`, e.g. "within 2–4 weeks")
    when the measurement falls inside the range, where the source leaves the answer open.
    """
    op = _OPS[threshold.operator]
    met: bool | None = op(value, threshold.value)
    if threshold.value_max is not None and op(value, threshold.value_max) != met:
        met = None  # met at one end of the range of cut-offs and not at the other
    if met is False:
        return False
    if threshold.occasions is not None and (occasions or 1) < threshold.occasions:
        return False
    if threshold.window is not None and within is not None and within > threshold.window.value:
        return False
    return met
