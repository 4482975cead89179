"""The changelog of clinical facts: what changed in the data, when, and on what evidence.
One file, macros/data/changelog.yaml, a list of ChangeEntry, newest first."""
from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from .common import Cites, Date, Strict, Text

# What an entry touched: "all", a criteria set "criteria:iec", a fact file "facts:summary",
# or a single fact "fact:summary-mortality-nis".
Affected = Annotated[str, StringConstraints(pattern=r"^(all|criteria:[a-z0-9][a-z0-9_-]*|"
                                                    r"facts:[a-z0-9][a-z0-9_-]*|fact:[a-z0-9][a-z0-9_-]*)$")]


class ChangeEntry(Strict):
    date: Date
    summary: Text = Field(description="Our own sentence: what changed and why.")
    affects: Annotated[list[Affected], Field(min_length=1)]
    cite: Cites
