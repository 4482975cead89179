"""Tables of the clinical guide that are lists of things rather than single figures: the drugs that
can cause NMS, the investigations, and the clinical features by body system. Every row names its
source; any figure in a row is written exactly as the source prints it."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .common import Cites, Date, Id, InlineCited, Strict, Text

_CITE = ("Sources of the whole row, cited after its text. May be left out when the text cites each "
         "statement where it stands with {cite:KEY} (or {cite:KEY,KEY}).")


class DrugRow(InlineCited):
    _text = "evidence"
    agent: Text = Field(description="The drug or drugs, e.g. 'Metoclopramide'.")
    evidence: Text = Field(description="Our own sentence: what the source reports about this agent.")
    cite: Cites | None = Field(None, description=_CITE)


class DrugGroup(Strict):
    id: Id
    title: Text = Field(description="The class, e.g. 'First-generation antipsychotics'.")
    rows: Annotated[list[DrugRow], Field(min_length=1)]


class InvestigationRow(InlineCited):
    _text = "why"
    id: Id
    test: Text
    tier: Literal["first-line", "consider"] = Field(description="As the source groups it.")
    why: Text = Field(description="Our own sentence: what the test shows or rules out.")
    cite: Cites | None = Field(None, description=_CITE)


class SystemRow(InlineCited):
    _text = "features"
    id: Id
    system: Text = Field(description="Body system, e.g. 'Muscular'.")
    features: Text = Field(description="Our own sentence listing the features the source describes.")
    cite: Cites | None = Field(None, description=_CITE)


class GuideTables(Strict):
    """One file, macros/data/guide/tables.yaml: the guide's list-like tables."""

    last_checked: Date
    drugs: Annotated[list[DrugGroup], Field(min_length=1)]
    investigations: Annotated[list[InvestigationRow], Field(min_length=1)]
    systems: Annotated[list[SystemRow], Field(min_length=1)]
