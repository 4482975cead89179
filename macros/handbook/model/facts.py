"""Facts quoted in the prose: figures, doses and statements, each with its source and its check date."""
from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .common import Cites, Date, Id, Strict, Text


class Fact(Strict):
    id: Id
    value: Text = Field(description="The figure exactly as the source prints it (no rounding), e.g. '5.6 %'.")
    statement: Text | None = Field(None, description="Our own sentence saying what the value is. "
                                   "'{value}' marks where the value goes.")
    label: Text | None = Field(None, description="Short row label when the fact is shown in a table.")
    context: Text | None = Field(None, description="Population, setting and era the figure comes from.")
    cite: Cites
    last_checked: Date | None = Field(None, description="Defaults to the file's last_checked.")


class FactFile(Strict):
    topic: Id
    title: Text
    last_checked: Date
    facts: Annotated[list[Fact], Field(min_length=1)]
