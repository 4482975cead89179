"""Corrections: misconceptions of the kind found in vague or wrong articles about NMS, each with
our correction and its sources. One file, macros/data/corrections.yaml, a list of Correction."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import Cites, Id, InlineCited, Strict, Text

Severity = Literal["dangerous", "wrong", "imprecise"]


class SeeAlso(Strict):
    """A page of the handbook that sets out the evidence in full."""

    page: Text = Field(description="Path under docs/, e.g. 'clinical/diagnosis.md'.")
    anchor: Id | None = Field(None, description="Heading id on that page, without '#'.")
    label: Text


class Correction(InlineCited):
    _text = "correction"
    id: Id
    misconception: Text = Field(description="Our own paraphrase of the claim; never a quotation.")
    correction: Text = Field(description="Our own words. Figures only as {fact:ID}, {say:ID}, "
                             "{points:SET/ITEM} or {total:SET}, so each carries its source; "
                             "{cite:KEY} cites a source right after the statement it supports.")
    severity: Severity = Field(description="dangerous: could harm a patient if acted on; wrong: false "
                               "but less likely to harm; imprecise: misleading by omission or vagueness.")
    cite: Cites | None = Field(None, description="Sources of the correction as a whole, cited after "
                               "its last sentence. May be left out when the correction cites its sources "
                               "in place with {cite:KEY}.")
    see: list[SeeAlso] = Field(default_factory=list)
