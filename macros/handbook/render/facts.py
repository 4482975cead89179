"""Render facts from macros/data/facts: the figure, or our sentence, always with its citation."""
from __future__ import annotations

from typing import Mapping

from ..errors import DataError
from ..model.facts import Fact
from .citations import Citations
from .html import esc


def get_fact(facts: Mapping[str, Fact], fact_id: str, page: str = "(page)") -> Fact:
    try:
        return facts[fact_id]
    except KeyError:
        raise DataError(f"{page}: unknown fact '{fact_id}' (not in macros/data/facts/*.yaml)") from None


def fact_value(fact: Fact, cit: Citations) -> str:
    """'5.6 %[1]': the value exactly as stored, then its citation."""
    return f'<span class="fact" data-fact="{esc(fact.id)}">{esc(fact.value)}</span>{cit.cite(fact.cite)}'


def fact_statement(fact: Fact, cit: Citations) -> str:
    """Our sentence with the value in place, ending with its citation."""
    if not fact.statement:
        raise DataError(f"fact '{fact.id}' has no statement; use fact() for the bare value")
    value = f'<span class="fact" data-fact="{esc(fact.id)}">{esc(fact.value)}</span>'
    text = esc(fact.statement).replace("{value}", value)
    return f"{text}{cit.cite(fact.cite)}"
