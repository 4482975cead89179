"""Criteria sets as trees of findings (after Open Syndrome Definition's AND / OR / AT_LEAST).

A finding is one clinical observation with, where the source gives one, a structured threshold.
A node combines findings: all, any, at_least(k), not, or a weighted sum of points (the IEC).
"""
from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Discriminator, Field, Tag, model_validator

from .common import Cites, Date, Id, Number, Strict, Text


class Quantity(Strict):
    value: Number
    unit: Text


class Threshold(Strict):
    """A numeric cut-off exactly as the source prints it; never a string code has to parse."""

    quantity: Text = Field(description="What is measured, e.g. 'oral temperature', 'heart rate'.")
    operator: Literal[">", ">=", "<", "<=", "="]
    value: Number
    value_max: Number | None = Field(
        None, description="Only where the source gives a range of cut-offs (e.g. '2–4 weeks'): `value` is "
        "the lower end, `value_max` the upper. Between the two the answer depends on what the source "
        "left open, so threshold_met() returns None there.")
    unit: Text = Field(description="'°C', '%', '× ULN', 'h', 'mmHg', '/min', 'U/L', 'days' ...")
    relative_to: Literal["none", "baseline", "uln"] = "none"
    direction: Literal["rise", "change", "fall"] | None = Field(
        None, description="For values relative to baseline: a rise above it, or a change either way.")
    occasions: int | None = Field(None, ge=2, description="Number of separate readings that must meet it.")
    window: Quantity | None = Field(None, description="Time window the readings or the change fall in.")
    route: Text | None = Field(None, description="How it is measured, e.g. 'orally'.")
    equivalent: Quantity | None = Field(None, description="The same cut-off in other units, as printed by the source.")

    @model_validator(mode="after")
    def _range_is_ordered(self):
        if self.value_max is not None and not self.value_max > self.value:
            raise ValueError(f"value_max ({self.value_max}) must be larger than value ({self.value})")
        if self.value_max is not None and self.operator == "=":
            raise ValueError("a range of cut-offs (value_max) needs an operator other than '='")
        return self


class Finding(Strict):
    id: Id
    label: Text = Field(description="Short name shown on the checklist.")
    detail: Text | None = Field(None, description="The source's wording of examples or qualifiers.")
    feature: Id = Field(description="Row of the side-by-side comparison; an id from features.yaml.")
    also_features: list[Id] = Field(default_factory=list, description="Further rows of the comparison "
                                    "the item also covers, e.g. 'elevated or labile blood pressure' is "
                                    "both a level and a fluctuation.")

    @property
    def rows(self) -> tuple[str, ...]:
        """Every row of the side-by-side comparison the item appears in."""
        return (self.feature, *self.also_features)
    thresholds: list[Threshold] = Field(default_factory=list)
    match: Literal["all", "any"] = Field("all", description="How several thresholds combine.")
    group: Text | None = Field(None, description="The source's own grouping of the item, e.g. 'Major', "
                               "'Criterion B'; shown in the tables.")
    cite: Cites | None = Field(None, description="Only where this item has a source other than the set's.")


class _NodeBase(Strict):
    id: Id | None = None
    label: Text | None = Field(None, description="A heading for this part of the rule, e.g. 'Criterion A'.")


class FindingNode(_NodeBase):
    finding: Id


class AllNode(_NodeBase):
    all: Annotated[list["Node"], Field(min_length=1)]


class AnyNode(_NodeBase):
    any: Annotated[list["Node"], Field(min_length=1)]


class AtLeastNode(_NodeBase):
    at_least: int = Field(ge=1)
    of: Annotated[list["Node"], Field(min_length=1)]


class NotNode(_NodeBase):
    not_: "Node" = Field(alias="not")


class NotDocumentedNode(_NodeBase):
    """Met when the part below cannot be decided from the findings recorded: for criteria written for
    record review, such as Pope's probable NMS ('one of the three criteria not documented'). Never in
    a bedside checklist, where it would reward leaving a finding unexamined."""

    not_documented: "Node"


class WeightedItem(Strict):
    id: Id
    label: Text
    points: int = Field(ge=0)
    when: "Node"


class WeightedSumNode(_NodeBase):
    weighted_sum: Annotated[list[WeightedItem], Field(min_length=1)]
    total: int = Field(description="The total the source declares; the points must add up to it.")
    threshold: int | None = Field(None, description="Cut-off score, only where a verified source defines one.")
    threshold_cite: Cites | None = Field(
        None, description="The source that defines the cut-off; required with `threshold`.")

    @model_validator(mode="after")
    def _threshold_has_its_source(self):
        if self.threshold is not None and not self.threshold_cite:
            raise ValueError("a cut-off score needs the source that defines it: add `threshold_cite: [Key]`"
                             " (only a verified source; CONTRIBUTING.md, worked example 1)")
        if self.threshold is None and self.threshold_cite:
            raise ValueError("`threshold_cite` without a `threshold`")
        return self


NODE_KINDS = ("finding", "all", "any", "at_least", "not", "not_documented", "weighted_sum")


def _node_kind(value):
    if isinstance(value, dict):
        kinds = [k for k in NODE_KINDS if k in value]
        return kinds[0] if len(kinds) == 1 else None
    return next((k for k in NODE_KINDS if isinstance(value, _KIND_CLASS[k])), None)


Node = Annotated[
    Union[
        Annotated[FindingNode, Tag("finding")],
        Annotated[AllNode, Tag("all")],
        Annotated[AnyNode, Tag("any")],
        Annotated[AtLeastNode, Tag("at_least")],
        Annotated[NotNode, Tag("not")],
        Annotated[NotDocumentedNode, Tag("not_documented")],
        Annotated[WeightedSumNode, Tag("weighted_sum")],
    ],
    Discriminator(
        _node_kind,
        custom_error_type="node_kind",
        custom_error_message="unknown node type: a node needs exactly one of the keys "
        + ", ".join(NODE_KINDS),
    ),
]

_KIND_CLASS = {"finding": FindingNode, "all": AllNode, "any": AnyNode, "at_least": AtLeastNode,
               "not": NotNode, "not_documented": NotDocumentedNode, "weighted_sum": WeightedSumNode}


class Warning(Strict):
    text: Text
    cite: Cites
    unverified: bool = Field(False, description="The caveat concerns something not yet checked in the "
                             "primary source; shown in the marked 'not yet verified' style.")


class DisputedValue(Strict):
    text: Text = Field(description="The threshold exactly as this source gives it.")
    cite: Cites


class Disputed(Strict):
    """A threshold that secondary sources give differently; shown as disputed, each with its source."""

    finding: Id
    values: Annotated[list[DisputedValue], Field(min_length=1)]
    note: Text | None = Field(None, description="What is known, e.g. that the original's own figure is unchecked.")


class Validation(Strict):
    """Figures from a validation study of the set (never a cut-off that is not verified)."""

    text: Text
    cite: Cites


class CriteriaSet(Strict):
    id: Id
    name: Text
    short_name: Text
    condition: Id = Field("nms", description="What the set diagnoses: 'nms', or e.g. 'serotonin_toxicity'.")
    year: int
    last_checked: Date
    cite: Cites
    applies: Text = Field(description="Where and for what the set is meant to be used.")
    structure: Text = Field(description="One sentence on how the set combines its items, in our words.")
    findings: Annotated[list[Finding], Field(min_length=1)]
    rule: Node | None = Field(None, description="How the findings combine. Leave it out only together "
                              "with `no_required_count: true`.")
    no_required_count: bool = Field(False, description="The source lists features but states no number "
                                    "or combination required (DSM-5-TR). Exactly one of this and `rule`.")
    warnings: list[Warning] = Field(default_factory=list)
    disputed: list[Disputed] = Field(default_factory=list)
    validation: list[Validation] = Field(default_factory=list)
    checklist: bool = Field(False, description="Offer this set as a bedside checklist.")

    @model_validator(mode="after")
    def _rule_or_no_required_count(self):
        if self.no_required_count and self.rule is not None:
            raise ValueError("a set has either a `rule` or `no_required_count: true`, not both")
        if not self.no_required_count and self.rule is None:
            raise ValueError("a set needs a `rule` (how its findings combine), or `no_required_count: true` "
                             "where the source states no combination rule")
        if self.no_required_count and self.checklist:
            raise ValueError("`checklist: true` needs a rule to evaluate; this set has no_required_count")
        return self

    @property
    def has_rule(self) -> bool:
        return self.rule is not None


for _cls in (AllNode, AnyNode, AtLeastNode, NotNode, NotDocumentedNode, WeightedItem, WeightedSumNode):
    _cls.model_rebuild()
CriteriaSet.model_rebuild()
