"""Render the differential diagnosis: the full grid, one pair (NMS versus a mimic), and a decision
rule set (the Hunter criteria) as a table generated from its tree.

Pure functions: data objects and a Citations object in, complete HTML elements (or Markdown with
headings) out. Every value comes from the data with its citation; nothing clinical is typed here.
"""
from __future__ import annotations

from typing import Callable

from ..logic import children
from ..model.criteria import AllNode, AnyNode, AtLeastNode, CriteriaSet, FindingNode, NotNode
from ..model.differential import Cell, Condition, DiffFeature, Differential
from .citations import Citations
from .criteria import threshold_text, validation_html as criteria_validation_html
from .html import esc

NOT_REPORTED = "Not reported"
UNVERIFIED_LABEL = "Not yet verified:"


def pair_href(cond: Condition) -> str:
    """The pair page of a mimic, relative to docs/differential/ (use_directory_urls is off)."""
    return f"{cond.slug}.html"


# -- one cell -------------------------------------------------------------------------------------

def unverified_html(text: str) -> str:
    return (f'<span class="unverified" data-state="unverified"><strong class="unverified-label">'
            f'{UNVERIFIED_LABEL}</strong> {esc(text)}</span>')


def cell_html(cell: Cell, cit: Citations) -> str:
    """A cell's statements, each with its citation; or 'Not reported'; plus any unverified note."""
    entries = cell.entries
    if not entries:
        out = f'<span class="ddx-nr">{NOT_REPORTED}</span>'
    elif len(entries) == 1:
        out = f'<span class="ddx-value">{esc(entries[0].value)}</span>{cit.cite(entries[0].cite)}'
    else:
        items = "".join(f'<li><span class="ddx-value">{esc(e.value)}</span>{cit.cite(e.cite)}</li>'
                        for e in entries)
        out = f'<ul class="ddx-entries">{items}</ul>'
    if cell.unverified:
        out += f'<p class="ddx-unverified">{unverified_html(cell.unverified)}</p>'
    return out


def _cell_or_missing(cond: Condition, feature: DiffFeature) -> Cell:
    cell = cond.cell(feature.id)
    if cell is None:  # the loader refuses this; keep renderers total for unit tests on partial data
        raise ValueError(f"condition '{cond.id}' has no cell for feature '{feature.id}'")
    return cell


# -- the grid -------------------------------------------------------------------------------------

def grid_html(diff: Differential, cit: Citations, href: Callable[[Condition], str] = pair_href) -> str:
    """Conditions as columns (the reference first), features as rows. The wrapper scrolls sideways
    on a narrow screen; the page itself never does. Every cell shows its citation."""
    ref = diff.reference
    head = ['<th scope="col" class="ddx-corner">Feature</th>']
    for cond in diff.conditions:
        if cond.reference:
            head.append(f'<th scope="col" class="ddx-ref" data-condition="{esc(cond.id)}">{esc(cond.short_name)}</th>')
        else:
            head.append(f'<th scope="col" data-condition="{esc(cond.id)}"><a href="{esc(href(cond))}">'
                        f'{esc(cond.short_name)}</a></th>')
    rows = []
    for feat in diff.features:
        cells = [f'<th scope="row" class="ddx-feature-head">{esc(feat.label)}</th>']
        for cond in diff.conditions:
            cell = _cell_or_missing(cond, feat)
            classes = ["ddx-cell"]
            if cond.reference:
                classes.append("ddx-ref")
            if cell.not_reported:
                classes.append("ddx-cell-nr")
            body = cell_html(cell, cit)  # before the tag: citations are numbered in reading order
            tag = ""
            d = cell.discriminating
            if d is not None and ref is not None and d.versus == ref.id:
                classes.append("ddx-key")
                tag = (f'<p class="ddx-key-tag"><span class="ddx-key-label">Key difference from '
                       f'{esc(ref.short_name)}</span>{cit.cite(d.cite)}</p>')
            cells.append(f'<td class="{" ".join(classes)}" data-condition="{esc(cond.id)}" '
                         f'data-feature="{esc(feat.id)}">{body}{tag}</td>')
        rows.append(f'<tr data-feature="{esc(feat.id)}">{"".join(cells)}</tr>')
    caption = f"{ref.short_name if ref else 'Conditions'} and its mimics, feature by feature"
    return ('<div class="ddx-landscape">'
            '<div class="ddx-grid-wrap" role="region" tabindex="0" aria-labelledby="ddx-grid-caption">'
            f'<table class="ddx-grid"><caption id="ddx-grid-caption">{esc(caption)}</caption>'
            f'<thead><tr>{"".join(head)}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
            '</div></div>')


def pair_list_html(diff: Differential, href: Callable[[Condition], str] = pair_href) -> str:
    ref = diff.reference
    items = "".join(f'<li><a href="{esc(href(c))}">{esc(ref.short_name if ref else "")} or '
                    f'{esc(c.name)}</a></li>' for c in diff.mimics)
    return f'<ul class="ddx-pair-list">{items}</ul>'


# -- one pair -------------------------------------------------------------------------------------

def _item(feat: DiffFeature, a: Condition, b: Condition, cit: Citations, why: list = ()) -> str:
    values = "".join(f'<dt>{esc(c.short_name)}</dt><dd data-condition="{esc(c.id)}">'
                     f'{cell_html(_cell_or_missing(c, feat), cit)}</dd>' for c in (a, b))
    reasons = "".join(f'<p class="ddx-why"><strong>How it helps:</strong> {esc(d.text)}{cit.cite(d.cite)}</p>'
                      for _, d in why)
    key = " ddx-item-key" if why else ""
    return (f'<div class="ddx-item{key}" data-feature="{esc(feat.id)}">'
            f'<h3 class="ddx-feature">{esc(feat.label)}</h3>'
            f'<dl class="ddx-values">{values}</dl>{reasons}</div>')


def pair_markdown(diff: Differential, mimic: Condition, cit: Citations, grid_href: str = "index.md") -> str:
    """NMS versus one mimic: the features the sources single out first, then the rest, then what to
    do differently, then the mimic's notes. Markdown headings with complete HTML blocks."""
    ref = diff.reference
    marks = diff.discriminating(ref, mimic)
    clinical = [f for f in diff.features if f.section == "clinical"]
    management = [f for f in diff.features if f.section == "management"]
    key = [f for f in clinical if f.id in marks]
    rest = [f for f in clinical if f.id not in marks]

    def block(feats, with_why=False):
        items = "".join(_item(f, ref, mimic, cit, marks.get(f.id, []) if with_why else []) for f in feats)
        return f'<div class="ddx-pair" data-pair="{esc(ref.id)}-{esc(mimic.id)}">{items}</div>'

    out = [f"**{esc(mimic.name)}** compared with {esc(ref.short_name)}, feature by feature, as the cited "
           f"sources describe them. See [all conditions side by side]({grid_href}).", ""]
    out += ["## What tells them apart { #key-differences }", ""]
    if key:
        out += [block(key, with_why=True), ""]
    else:
        out += ['<p class="ddx-no-key">The sources in this handbook do not single out a feature that tells '
                'these two apart. Compare the features below, and the history.</p>', ""]
    out += ["## Other features { #other-features }", "", block(rest), ""]
    management_key = [f for f in management if f.id in marks]
    out += ["## What to do differently { #management }", "",
            block(management, with_why=bool(management_key)), ""]
    if mimic.notes:
        notes = "".join(f'<li>{esc(n.text)}{cit.cite(n.cite)}</li>' for n in mimic.notes)
        out += ["## Also note { #notes }", "", f'<ul class="ddx-notes">{notes}</ul>', ""]
    return "\n".join(out)


# -- decision rules (Hunter) -----------------------------------------------------------------------

def _lower_first(label: str) -> str:
    # 'Agitation' -> 'agitation', but keep 'CK', 'HSV' as they are.
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def describe(node, cset: CriteriaSet, first: bool = True) -> str:
    """A node in words, e.g. 'Inducible clonus and (agitation or diaphoresis)', with thresholds."""
    findings = {f.id: f for f in cset.findings}
    if isinstance(node, FindingNode):
        f = findings[node.finding]
        text = f.label if first else _lower_first(f.label)
        if f.thresholds:
            joiner = " or " if f.match == "any" else " and "
            text += " " + joiner.join(threshold_text(t) for t in f.thresholds)
        return esc(text)
    if isinstance(node, NotNode):
        return ("Not " if first else "not ") + describe(node.not_, cset, False)
    if isinstance(node, (AllNode, AnyNode)):
        word = " <strong>and</strong> " if isinstance(node, AllNode) else " <strong>or</strong> "
        parts = []
        for i, child in enumerate(children(node)):
            part = describe(child, cset, first and i == 0)
            parts.append(f"({part})" if isinstance(child, (AllNode, AnyNode, AtLeastNode)) else part)
        return word.join(parts)
    if isinstance(node, AtLeastNode):
        inner = "; ".join(describe(c, cset, False) for c in node.of)
        return f"{'At' if first else 'at'} least {node.at_least} of: {inner}"
    raise TypeError(f"cannot describe {node!r}")


def rules_table_html(cset: CriteriaSet, cit: Citations) -> str:
    """The set's rule as a table: what is always required, then one row per alternative rule.
    Expects the shape all[required findings..., any[rule, rule, ...]]. A rule that is not an `all`
    is one row; an `all` with no `any` inside is its "always required" line alone."""
    rule = cset.rule
    required, groups = [], []
    if isinstance(rule, AllNode):
        for child in rule.all:
            (groups if isinstance(child, AnyNode) else required).append(child)
    else:
        groups = [AnyNode(any=[rule], label="Rule")]
    parts = []
    if required:
        req = " <strong>and</strong> ".join(describe(n, cset) for n in required)
        parts.append(f'<p class="rules-required" data-set="{esc(cset.id)}"><strong>Always required:</strong> {req}'
                     f'{cit.cite(cset.cite)}</p>')
    for g in groups:
        caption = f"{cset.name}: {g.label or 'any one of these rules'}"
        rows = "".join(
            f'<tr data-rule="{esc(child.id or i + 1)}"><th scope="row">{esc(child.label or f"Rule {i + 1}")}</th>'
            f'<td>{describe(child, cset)}</td></tr>'
            for i, child in enumerate(g.any))
        parts.append(f'<div class="rules-wrap" role="region" tabindex="0" aria-label="{esc(caption)}">'
                     f'<table class="rules-table" data-set="{esc(cset.id)}"><caption>{esc(caption)}'
                     f'{cit.cite(cset.cite)}</caption>'
                     '<thead><tr><th scope="col">Rule</th><th scope="col">Findings needed</th></tr></thead>'
                     f'<tbody>{rows}</tbody></table></div>')
    parts.append(f'<p class="rules-source">Source: {esc(cset.name)}{cit.cite(cset.cite)}</p>')
    return "".join(parts)


def validation_html(cset: CriteriaSet, cit: Citations) -> str:
    return criteria_validation_html(cset, cit, cls="rules-validation")
