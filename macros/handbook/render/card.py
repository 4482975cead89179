"""The printable cards: the one-page bedside card and the patient's wallet-size alert card.

Pure functions from data objects to HTML. The criteria come from the criteria tree (worded by the
criteria renderer's finding_threshold_text), the doses and statements from facts, the mimics from the
differential records: nothing clinical is written here.
"""
from __future__ import annotations

from typing import Iterable, Mapping, Sequence

from ..errors import DataError
from ..logic import children
from ..model.criteria import (AllNode, AnyNode, AtLeastNode, CriteriaSet, FindingNode,
                              NotDocumentedNode, NotNode, WeightedSumNode)
from ..model.facts import Fact
from .citations import Citations
from .criteria import finding_threshold_text, warning_html
from .facts import fact_statement, fact_value
from .html import esc


# --- The IEC items with their points -------------------------------------------------------------

def _finding_words(cset: CriteriaSet, finding_id: str) -> str:
    f = next(x for x in cset.findings if x.id == finding_id)
    text = esc(f.label)
    if f.detail:
        text += f" ({esc(f.detail)})"
    if f.thresholds:
        text += ": " + esc(finding_threshold_text(f))
    return text


def _item_words(cset: CriteriaSet, item) -> str:
    """When a weighted item counts. A single finding is not named again when its label repeats the
    item's: only its detail and thresholds are shown, or 'present'."""
    when = item.when
    if isinstance(when, FindingNode):
        f = next(x for x in cset.findings if x.id == when.finding)
        parts = []
        if f.label.strip().lower() != item.label.strip().lower():
            parts.append(esc(f.label))
        if f.detail:
            parts.append(esc(f.detail))
        if f.thresholds:
            parts.append(esc(finding_threshold_text(f)))
        return "; ".join(parts) if parts else "present"
    return _node_words(cset, when)


def _node_words(cset: CriteriaSet, node) -> str:
    """One line of HTML saying when a node is met, in the set's own logic."""
    if isinstance(node, FindingNode):
        return _finding_words(cset, node.finding)
    if isinstance(node, NotNode):
        return "not: " + _node_words(cset, node.not_)
    if isinstance(node, NotDocumentedNode):
        return "not documented either way: " + _node_words(cset, node.not_documented)
    if isinstance(node, (AllNode, AnyNode, AtLeastNode)):
        head = ("all of" if isinstance(node, AllNode) else "any of" if isinstance(node, AnyNode)
                else f"at least {node.at_least} of")
        return f"{head}: " + "; ".join(_node_words(cset, k) for k in children(node))
    raise DataError(f"set '{cset.id}': the card cannot word a {type(node).__name__} inside an item")


def points_table(cset: CriteriaSet, cit: Citations) -> str:
    """Item, when it counts (with thresholds), points; then the total. Needs a weighted-sum rule."""
    rule = cset.rule
    if not isinstance(rule, WeightedSumNode):
        raise DataError(f"set '{cset.id}': the bedside card needs a weighted-sum rule (points)")
    rows = []
    for item in rule.weighted_sum:
        words = _item_words(cset, item)
        rows.append(f'<tr data-item="{esc(item.id)}"><th scope="row">{esc(item.label)}</th>'
                    f'<td>{words}</td><td class="pts">{item.points}</td></tr>')
    head = ('<thead><tr><th scope="col">Item</th><th scope="col">Counts when</th>'
            '<th scope="col" class="pts">Points</th></tr></thead>')
    foot = (f'<tfoot><tr><th scope="row" colspan="2">Total of all items</th>'
            f'<td class="pts">{rule.total}</td></tr></tfoot>')
    caption = f'{esc(cset.short_name)}: {esc(cset.name)}{cit.cite(cset.cite)}'
    return (f'<table class="card-points" data-set="{esc(cset.id)}"><caption>{caption}</caption>'
            f'{head}<tbody>{"".join(rows)}</tbody>{foot}</table>')


def set_warnings(cset: CriteriaSet, cit: Citations) -> str:
    return "".join(warning_html(w, cit, tag="p", cls="card-warning") for w in cset.warnings)


# --- Facts: steps and doses ----------------------------------------------------------------------

def statements(facts: Iterable[Fact], cit: Citations, tag: str = "ul") -> str:
    items = "".join(f"<li>{fact_statement(f, cit)}</li>" for f in facts)
    return f"<{tag}>{items}</{tag}>"


def dose_table(facts: Sequence[Fact], cit: Citations) -> str:
    """Rows by the facts' `label` (the drug), columns by their `context` (the source), so doses
    that sources give differently stand side by side, each with its own citation."""
    for f in facts:
        if not f.label or not f.context:
            raise DataError(f"fact '{f.id}': a dose on the card needs a `label` (the drug) and a "
                            "`context` (the source column)")
    columns: list[str] = []
    rows: dict[str, dict[str, list[Fact]]] = {}
    for f in facts:
        if f.context not in columns:
            columns.append(f.context)
        rows.setdefault(f.label, {}).setdefault(f.context, []).append(f)
    head = '<th scope="col">Drug</th>' + "".join(f'<th scope="col">{esc(c)}</th>' for c in columns)
    body = []
    for label, by_col in rows.items():
        cells = []
        for c in columns:
            found = by_col.get(c, [])
            cells.append("<td>" + ("; ".join(fact_value(f, cit) for f in found) if found
                                   else '<span class="card-none">not given</span>') + "</td>")
        body.append(f'<tr><th scope="row">{esc(label)}</th>{"".join(cells)}</tr>')
    return (f'<table class="card-doses" aria-labelledby="card-doses-h"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


# --- Mimics ---------------------------------------------------------------------------------------

def mimics_list(differential, cit: Citations, link: str, per_mimic: int = 1) -> str:
    """Each mimic with the first feature its record marks as telling it apart from the reference
    condition (NMS), cited; the mimics with no such mark are named once, in a note after the list.
    `link` is the differential page, relative to this page."""
    ref = differential.reference if differential is not None else None
    mimics = differential.mimics if differential is not None else []
    if ref is None or not mimics:
        raise DataError("the card lists the mimics from macros/data/differential, which has none yet")
    order = {f.id: i for i, f in enumerate(differential.features)}
    items, bare = [], []
    for m in mimics:
        marks = differential.discriminating(ref, m)
        marked = [d for fid in sorted(marks, key=lambda fid: order.get(fid, 999)) for _owner, d in marks[fid]]
        if not marked:
            bare.append(m)
            continue
        # Cite only the clues shown: a citation made and then dropped would list an unused source.
        clues = " ".join(f"{esc(d.text)}{cit.cite(d.cite)}" for d in marked[:per_mimic])
        items.append(f'<li data-mimic="{esc(m.id)}"><a href="{esc(link)}">{esc(m.short_name)}</a>: {clues}</li>')
    # On paper a list of bare names reads as an omission, and takes a line each: say once that the
    # sources give no single clue for these, and where to compare them.
    names = [f'<span data-mimic="{esc(m.id)}">{esc(m.short_name)}</span>' for m in bare]
    note = (f'<p class="card-mimics-note">Also exclude {_list_words(names)}: the sources used here name '
            f'no single sign that tells {"it" if len(bare) == 1 else "them"} apart from NMS, so compare '
            f'feature by feature in the <a href="{esc(link)}">differential grid</a>.</p>') if bare else ""
    return f'<ul class="card-mimics">{"".join(items)}</ul>{note}'


def _list_words(names: list[str]) -> str:
    # Semicolons where a name has its own comma ("Alcohol, benzodiazepine withdrawal").
    sep = "; " if any("," in n for n in names) else ", "
    return names[0] if len(names) == 1 else sep.join(names[:-1]) + " and " + names[-1]


# --- Page frames ----------------------------------------------------------------------------------

def bedside_card(*, release: str, data_version: str, points: str, warnings: str, steps: str, doses: str,
                 dose_notes: str, mimics: str, judgement: str) -> str:
    """Assemble the card. Each part is HTML made by the functions above; the versions say which
    handbook and which data the printed card came from."""
    return f"""<div class="bedside-card" id="nms-bedside-card">
<p class="card-meta">NMS Handbook {esc(release)} · data {esc(data_version)} · numbered sources at the foot of the page</p>
<div class="card-columns">
<section class="card-section" aria-labelledby="card-criteria"><h2 id="card-criteria">Criteria: which items are present?</h2>
{points}
{warnings}
</section>
<section class="card-section" aria-labelledby="card-steps"><h2 id="card-steps">First steps</h2>
{steps}
</section>
<section class="card-section" aria-labelledby="card-doses-h"><h2 id="card-doses-h">Drug doses as each source gives them</h2>
{doses}
{dose_notes}
</section>
<section class="card-section" aria-labelledby="card-mimics-h"><h2 id="card-mimics-h">Exclude the mimics</h2>
{mimics}
</section>
</div>
<p class="card-judgement">{judgement}</p>
</div>"""


def alert_card(*, front: Mapping[str, str], back: str, title: str, release: str) -> str:
    """Two wallet-size panels (front and back) side by side with a fold line between them.

    `front` maps each blank's label to the id of its line; `back` is HTML for the doctor."""
    blanks = "".join(f'<p class="alert-blank"><span class="alert-label" id="{esc(i)}">{esc(label)}</span>'
                     f'<span class="alert-line" role="presentation"></span></p>'
                     for label, i in front.items())
    return f"""<div class="alert-sheet" id="nms-alert-card">
<div class="alert-card" role="group" aria-label="Alert card, to cut out and fold">
<section class="alert-panel alert-front" aria-labelledby="alert-front-h">
<h2 id="alert-front-h">{esc(title)}</h2>
{blanks}
<p class="alert-version">NMS Handbook {esc(release)} · sources of the back: see the sheet</p>
</section>
<div class="alert-fold" aria-hidden="true"></div>
<section class="alert-panel alert-back" aria-labelledby="alert-back-h">
<h2 id="alert-back-h">For any doctor, nurse or anaesthetist</h2>
{back}
</section>
</div>
</div>"""
