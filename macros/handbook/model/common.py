"""Pieces every data file shares: strict base model, identifiers, citations."""
from __future__ import annotations

import datetime
import re
from typing import Annotated, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator


class Strict(BaseModel):
    """No unknown fields, no silent type coercion ("18" is not 18), immutable once loaded."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
"""Lower-case id used in URLs, CSS and tests: letters, digits, '-' and '_'."""

RefKey = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9-]*$")]
"""A reference key such as Gurrera2011."""

Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


class Cite(Strict):
    """One reference key, with an optional locator (table, page, section)."""

    key: RefKey
    locator: Text | None = None


def _cite_from_yaml(value):
    # Contributors may write `cite: [Gurrera2011]` or `cite: [{key: Tse2015, locator: Table 3}]`.
    if isinstance(value, str):
        return {"key": value}
    return value


CiteItem = Annotated[Cite, BeforeValidator(_cite_from_yaml)]
Cites = Annotated[list[CiteItem], Field(min_length=1)]
"""At least one citation: every fact in the data names its source."""


class InlineCited(Strict):
    """An entry whose text (the field named by `_text`) may cite each statement where it stands with
    {cite:KEY}, so its closing `cite` list may be left out; it needs a source one way or the other."""

    @model_validator(mode="after")
    def _has_a_source(self):
        if self.cite is None and "{cite:" not in getattr(self, self._text):
            raise ValueError(f"no source: add `cite: [Key]`, or {{cite:Key}} in `{self._text}`")
        return self


def _as_date(value):
    # The data loader leaves dates as text (handbook/yamlsource.py), so a wrong one is reported here,
    # with its file, entry and field, in words a contributor can act on.
    if isinstance(value, str):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(f"write the date as YYYY-MM-DD, for example 2026-11-24 (not '{value}')")
        try:
            return datetime.date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"{value} is not a real date ({exc})") from None
    return value


Date = Annotated[datetime.date, BeforeValidator(_as_date)]

Number = Union[int, float]
