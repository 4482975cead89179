"""Features: the rows of the side-by-side comparison of criteria sets."""
from __future__ import annotations

from pydantic import Field

from .common import Id, Strict, Text


class Feature(Strict):
    id: Id
    label: Text
    system: Text = Field(description="Body system, for grouping: exposure, thermoregulatory, muscular, ...")
