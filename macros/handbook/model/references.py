"""The reference list: one entry per source, rendered in Vancouver style."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from .common import Date, RefKey, Strict, Text

Pmid = Annotated[str, StringConstraints(pattern=r"^[0-9]{5,9}$")]
Doi = Annotated[str, StringConstraints(pattern=r"^10\.[0-9]{4,9}/\S+$")]
Url = Annotated[str, StringConstraints(pattern=r"^https://\S+$")]


class Reference(Strict):
    key: RefKey
    type: Literal["article", "book", "chapter", "guideline", "web"] = "article"
    authors: list[Text] = Field(default_factory=list, description="Vancouver style: 'Gurrera RJ'.")
    group_author: Text | None = Field(None, description="An organisation as author, e.g. 'American Psychiatric Association'.")
    title: Text
    journal: Text | None = Field(None, description="Journal, book or website name (abbreviated journal titles).")
    publisher: Text | None = None
    year: int | None = None
    volume: Text | None = None
    issue: Text | None = None
    pages: Text | None = None
    updated: Date | None = Field(None, description="For web pages: the date the page was last updated.")
    pmid: Pmid | None = None
    pmcid: Annotated[str, StringConstraints(pattern=r"^PMC[0-9]+$")] | None = None
    doi: Doi | None = None
    url: Url | None = Field(None, description="Only the publisher's or guideline's own address, never a mirror.")
    note: Text | None = Field(None, description="Shown after the reference, e.g. what a review reproduces. "
                              "Name another reference as {ref:KEY}: readers see its authors and year.")

    @model_validator(mode="after")
    def _findable(self):
        if not (self.pmid or self.doi or self.url):
            raise ValueError("a reference needs a pmid, a doi or a url so readers can find it")
        return self
