"""Pieces every data file shares: strict base model, identifiers, citations."""
from __future__ import annotations

import datetime
from typing import Annotated, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints


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


def _as_date(value):
    # YAML reads 2026-11-24 as a date already; accept the same written as a string.
    if isinstance(value, str):
        return datetime.date.fromisoformat(value)
    return value


Date = Annotated[datetime.date, BeforeValidator(_as_date)]

Number = Union[int, float]
