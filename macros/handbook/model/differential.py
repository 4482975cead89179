"""The differential diagnosis: NMS against each of its mimics, one cited cell per feature.

`macros/data/differential/_features.yaml` lists the rows (features). Every other file in that
folder is one condition (a column) with a cell for every feature. A cell is either a value with
its citation(s), several values each with its own citation (where sources disagree), or an
explicit `not_reported: true`. Never an empty or uncited cell.
"""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from .common import Cites, Date, Id, Strict, Text


class DiffFeature(Strict):
    """One row of the differential grid."""

    id: Id
    label: Text
    order: int = Field(description="Rows are shown in increasing order.")
    section: Literal["clinical", "management"] = Field(
        "clinical", description="'management' rows (first treatment move, what to avoid) are shown "
        "under 'What to do differently' on the pair pages.")
    help: Text | None = Field(None, description="What the row holds, shown to readers in the grid legend.")


class Entry(Strict):
    """One source's statement, where sources disagree or add to each other."""

    value: Text
    cite: Cites


class Discriminating(Strict):
    """This feature tells the two conditions apart, according to the cited source."""

    versus: Id = Field(description="The other condition of the pair, usually 'nms'.")
    text: Text = Field(description="Our sentence on how the feature separates the two.")
    cite: Cites


class Cell(Strict):
    """What one source (or several) reports for one feature of one condition."""

    id: Id = Field(description="The feature id, from _features.yaml.")
    value: Text | None = None
    cite: Cites | None = None
    values: Annotated[list[Entry], Field(min_length=2)] | None = Field(
        None, description="Two or more statements, each with its own citation.")
    not_reported: Literal[True] | None = Field(
        None, description="No verified source in the fact base reports this feature.")
    unverified: Text | None = Field(
        None, description="A belief from the fact base that is not yet verified; shown as such, never as fact.")
    discriminating: Discriminating | None = None

    @model_validator(mode="after")
    def _one_form(self):
        single = self.value is not None or self.cite is not None
        forms = [single, self.values is not None, self.not_reported is not None]
        if forms.count(True) == 0:
            raise ValueError("empty cell: give `value` with its `cite`, or `values`, or `not_reported: true`")
        if forms.count(True) > 1:
            raise ValueError("a cell holds one of `value` + `cite`, `values`, or `not_reported: true`, not several")
        if single and self.value is None:
            raise ValueError("`cite` without a `value`")
        if single and self.cite is None:
            raise ValueError(f"value '{self.value}' has no citation: add `cite: [Key]` "
                             "(or use `not_reported: true` if no verified source reports it)")
        if self.not_reported and self.discriminating is not None:
            raise ValueError("a feature that is not reported cannot be marked discriminating")
        return self

    @property
    def entries(self) -> list[Entry]:
        if self.values is not None:
            return list(self.values)
        if self.value is not None:
            return [Entry(value=self.value, cite=self.cite)]
        return []


class Note(Strict):
    """A cited remark shown on the pair page, e.g. that sepsis can also complicate NMS."""

    text: Text
    cite: Cites


class Condition(Strict):
    """One column of the grid: NMS (the reference) or one of its mimics."""

    id: Id
    name: Text = Field(description="Full name, e.g. 'Serotonin syndrome (serotonin toxicity)'.")
    short_name: Text = Field(description="Column heading, e.g. 'Serotonin syndrome'.")
    reference: bool = Field(False, description="True only for NMS: the column every mimic is compared with.")
    order: int = Field(description="Columns are shown in increasing order; the reference comes first.")
    last_checked: Date
    features: Annotated[list[Cell], Field(min_length=1)]
    notes: list[Note] = Field(default_factory=list)

    @property
    def slug(self) -> str:
        """File and page name: 'heat_stroke' -> 'heat-stroke'."""
        return self.id.replace("_", "-")

    def cell(self, feature_id: str) -> Cell | None:
        return next((c for c in self.features if c.id == feature_id), None)


class Differential(Strict):
    """Everything under macros/data/differential, checked and in display order."""

    features: list[DiffFeature]
    conditions: list[Condition]

    @property
    def reference(self) -> Condition | None:
        return next((c for c in self.conditions if c.reference), None)

    @property
    def mimics(self) -> list[Condition]:
        return [c for c in self.conditions if not c.reference]

    def condition(self, condition_id: str) -> Condition | None:
        return next((c for c in self.conditions if c.id == condition_id), None)

    def discriminating(self, a: Condition, b: Condition) -> dict[str, list[tuple[Condition, Discriminating]]]:
        """Feature id -> the marks that say it separates a from b (from either record)."""
        out: dict[str, list[tuple[Condition, Discriminating]]] = {}
        for owner, other in ((b, a), (a, b)):
            for cell in owner.features:
                d = cell.discriminating
                if d is not None and d.versus == other.id:
                    out.setdefault(cell.id, []).append((owner, d))
        return out
