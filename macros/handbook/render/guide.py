"""Renderers of the clinical guide pages: tables of facts, drugs, investigations and features.

Pure functions: data objects and a Citations object in, one complete HTML element out. Every row
that carries a figure carries its citation in the same row.
"""
from __future__ import annotations

from typing import Iterable, Sequence

from ..errors import DataError
from ..model.facts import Fact
from ..model.guide import DrugGroup, InvestigationRow, SystemRow
from .citations import Citations, cited_text
from .facts import fact_value
from .html import esc

TIER_LABELS = {"first-line": "First-line", "consider": "Consider"}


def _cited(text: str, cite, cit: Citations) -> str:
    """A row's sentence with its inline citations, then the row's own sources if it lists any."""
    return cited_text(text, cit) + (cit.cite(cite) if cite else "")


def _table(css: str, caption: str | None, head: Sequence[str], body: str) -> str:
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    ths = "".join(f'<th scope="col">{esc(h)}</th>' for h in head)
    # One line: Markdown leaves a single-line HTML block alone, and `| indent` is never needed.
    return (f'<div class="guide-table {esc(css)}"><table>{cap}<thead><tr>{ths}</tr></thead>'
            f"{body}</table></div>")


def facts_table(facts: Sequence[Fact], cit: Citations, head: Sequence[str] = ("Finding", "Figure", "Population, setting and era"),
                caption: str | None = None) -> str:
    """One row per fact: its label, the value exactly as printed with its citation, its context.
    The context column is left out when no fact has one."""
    if not facts:
        raise DataError(f"{cit.page}: facts_table() needs at least one fact")
    missing = [f.id for f in facts if not f.label]
    if missing:
        raise DataError(f"{cit.page}: facts shown in a table need a label: {', '.join(missing)}")
    with_context = any(f.context for f in facts)
    head = tuple(head[:3] if with_context else head[:2])
    rows = []
    for f in facts:
        cells = f'<th scope="row">{esc(f.label)}</th><td>{fact_value(f, cit)}</td>'
        if with_context:
            cells += f"<td>{esc(f.context or '')}</td>"
        rows.append(f'<tr data-fact-row="{esc(f.id)}">{cells}</tr>')
    return _table("facts-table", caption, head, "<tbody>" + "".join(rows) + "</tbody>")


def drugs_table(groups: Iterable[DrugGroup], cit: Citations, caption: str | None = None) -> str:
    """Drugs grouped by class: a heading row per class, then one cited row per agent."""
    bodies = []
    for g in groups:
        rows = [f'<tr class="group-row"><th colspan="2" scope="rowgroup" id="drugs-{esc(g.id)}">{esc(g.title)}</th></tr>']
        for r in g.rows:
            rows.append(f'<tr data-group="{esc(g.id)}"><th scope="row">{esc(r.agent)}</th>'
                        f"<td>{_cited(r.evidence, r.cite, cit)}</td></tr>")
        bodies.append("<tbody>" + "".join(rows) + "</tbody>")
    if not bodies:
        raise DataError(f"{cit.page}: drugs_table() has no drug groups to show")
    return _table("drugs-table", caption, ("Agent", "What the source reports"), "".join(bodies))


def investigations_table(rows: Iterable[InvestigationRow], cit: Citations, caption: str | None = None) -> str:
    body = []
    for r in rows:
        body.append(f'<tr data-test="{esc(r.id)}"><th scope="row">{esc(r.test)}</th>'
                    f"<td>{esc(TIER_LABELS[r.tier])}</td><td>{_cited(r.why, r.cite, cit)}</td></tr>")
    if not body:
        raise DataError(f"{cit.page}: investigations_table() has no rows to show")
    return _table("investigations-table", caption, ("Test", "When", "What it shows or rules out"),
                  "<tbody>" + "".join(body) + "</tbody>")


def systems_table(rows: Iterable[SystemRow], cit: Citations, caption: str | None = None) -> str:
    body = [f'<tr data-system="{esc(r.id)}"><th scope="row">{esc(r.system)}</th>'
            f"<td>{_cited(r.features, r.cite, cit)}</td></tr>" for r in rows]
    if not body:
        raise DataError(f"{cit.page}: systems_table() has no rows to show")
    return _table("systems-table", caption, ("System", "Features described"), "<tbody>" + "".join(body) + "</tbody>")


def not_verified(text: str) -> str:
    """A visibly marked statement the handbook has not yet checked against its source."""
    return (f'<div class="unverified" role="note"><p><strong>Not yet verified.</strong> '
            f"{esc(text)}</p></div>")
