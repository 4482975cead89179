"""Render criteria sets: exact thresholds, the combination rule in words (generated from the tree),
the items table of one set, and the side-by-side comparison of every NMS set.

Pure functions: data objects (and a Citations object) in, text or complete HTML elements out.
Numbers are shown exactly as stored: 38.0 stays "38.0", 38 stays "38"; nothing is rounded or
converted (a °F figure appears only where the data carries the source's own `equivalent`).
"""
from __future__ import annotations

from typing import Mapping, Sequence

from ..errors import DataError
from ..logic import children, iter_nodes
from ..model.criteria import (AllNode, AnyNode, AtLeastNode, CriteriaSet, Finding, FindingNode,
                              NotDocumentedNode, NotNode, Threshold, WeightedSumNode)
from ..model.features import Feature
from .citations import Citations
from .html import esc

OPERATORS = {">": ">", ">=": "≥", "<": "<", "<=": "≤", "=": "="}
NOT_IN_SET = "not part of this set"
NO_NUMBER = "no numeric threshold"


# -- numbers and thresholds -------------------------------------------------------------------

def number(value) -> str:
    """The stored number as written: an int as is, a float by its shortest exact form (38.0 -> '38.0').
    Five-digit and larger integers get the thousands comma the sources print (15000 -> '15,000')."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"not a number: {value!r}")
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10000 else str(value)
    return repr(value)


def _with_unit(value: str, unit: str) -> str:
    # '15000/mm³' and '4 × ULN', '38.0 °C', '25 %': a space except before a per-unit slash, and a
    # no-break space, so a phone never wraps a number away from its unit.
    return f"{value}{unit}" if unit.startswith("/") else f"{value}\u00a0{unit}"


def threshold_text(t: Threshold) -> str:
    """The cut-off without the quantity, e.g. '> 38.0 °C (> 100.4 °F) on at least 2 occasions,
    measured orally', '≥ 25 % above baseline', 'change of ≥ 20 mmHg within 24 h', '≤ 2–4 weeks'."""
    op = OPERATORS[t.operator]
    value = number(t.value) + (f"–{number(t.value_max)}" if t.value_max is not None else "")
    text = f"{op} {_with_unit(value, t.unit)}"
    if t.equivalent is not None:
        text += f" ({op} {_with_unit(number(t.equivalent.value), t.equivalent.unit)})"
    if t.relative_to == "uln" and "ULN" not in t.unit:
        text += " of the upper limit of normal"
    if t.relative_to == "baseline":
        text += {"rise": " above baseline", "fall": " below baseline"}.get(t.direction or "", " from baseline")
    elif t.direction == "change":
        text = "change of " + text
    elif t.direction == "fall":
        text = "fall of " + text
    elif t.direction == "rise":
        text = "rise of " + text
    if t.occasions is not None:
        text += f" on at least {t.occasions} occasions"
    if t.window is not None:
        text += f" within {_with_unit(number(t.window.value), t.window.unit)}"
    if t.route:
        text += f", {t.route}"
    return text


def finding_threshold_text(f: Finding) -> str | None:
    """Every threshold of a finding with its quantity, joined by 'or' / 'and' as the finding says;
    None when the source gives no numeric threshold."""
    if not f.thresholds:
        return None
    joiner = ", or " if f.match == "any" else ", and "
    return joiner.join(f"{t.quantity} {threshold_text(t)}" for t in f.thresholds)


# -- the rule in words --------------------------------------------------------------------------

def _count_words(node) -> str:
    if isinstance(node, AllNode):
        n = len(node.all)
        return "both of the following" if n == 2 else f"all of the following {n}"
    if isinstance(node, AnyNode):
        n = len(node.any)
        return "either of the following" if n == 2 else f"at least one of the following {n}"
    if isinstance(node, AtLeastNode):
        return f"at least {node.at_least} of the following {len(node.of)}"
    raise TypeError(node)


def _finding(cset: CriteriaSet, fid: str) -> Finding:
    for f in cset.findings:
        if f.id == fid:
            return f
    raise DataError(f"set '{cset.id}': the rule names unknown finding '{fid}'")


def _node_html(node, cset: CriteriaSet, seen: list, cit: Citations | None = None) -> str:
    """One node as HTML: a finding's label, or '<label>: <how many> of:' and a nested list."""
    label = f"<strong>{esc(node.label)}</strong>: " if getattr(node, "label", None) else ""
    if isinstance(node, FindingNode):
        return label + esc(_finding(cset, node.finding).label)
    if isinstance(node, NotNode):
        if isinstance(node.not_, FindingNode):
            return f"{label}must be absent: {esc(_finding(cset, node.not_.finding).label)}"
        return f"{label}the following must not be met:<ul><li>{_node_html(node.not_, cset, seen, cit)}</li></ul>"
    if isinstance(node, NotDocumentedNode):
        inner = node.not_documented
        lead = label + ("not" if label else "Not") + " documented either way"
        if isinstance(inner, FindingNode):
            return f"{lead}: {esc(_finding(cset, inner.finding).label)}"
        if inner.label and inner in seen:  # a part defined above, named again
            return f"{lead}: {esc(inner.label)} (as above)"
        return f"{lead}:<ul><li>{_node_html(inner, cset, seen, cit)}</li></ul>"
    if isinstance(node, WeightedSumNode):
        items = "".join(
            f'<li data-item="{esc(i.id)}"><strong>{esc(i.label)}</strong> ({i.points} points)'
            f"{_when_html(i, cset, seen, cit)}</li>" for i in node.weighted_sum)
        if node.threshold is not None:  # cited by its own source: the set's authors may have set none
            verdict = (f"A total of at least {node.threshold} points meets the set."
                       + (cit.cite(node.threshold_cite) if cit is not None else ""))
        else:
            verdict = "The set defines no cut-off score: the total is a score, not a verdict."
        return (f"{label}add the points of every item that is met; the points of all "
                f"{len(node.weighted_sum)} items sum to {node.total}.<ul>{items}</ul>{verdict}")
    if node.label and node in seen:  # the same labelled part used again (a YAML alias): say so once
        return f"{label}as above"
    if node.label:
        seen.append(node)
    items = "".join(f"<li>{_node_html(c, cset, seen, cit)}</li>" for c in children(node))
    return f"{label}{_count_words(node)}:<ul>{items}</ul>"


def _when_html(item, cset: CriteriaSet, seen: list, cit: Citations | None = None) -> str:
    """What makes a weighted item count: nothing more when it is one finding of the same name."""
    node = item.when
    if isinstance(node, FindingNode):
        label = _finding(cset, node.finding).label
        return "" if label == item.label else f": {esc(label)}"
    return ": " + _node_html(node, cset, seen, cit)


def rule_in_words(node, cset: CriteriaSet, cit: Citations | None = None) -> str:
    """The combination rule as HTML, generated from the tree (never typed by hand). A set with
    no_required_count says that it states no rule. With `cit`, the rule carries the set's citation."""
    if node is None:
        if not cset.no_required_count:
            raise DataError(f"set '{cset.id}' has no rule")
        return ('<div class="criteria-rule criteria-no-rule" data-rule="none"><p><strong>No required count.</strong> '
                "The source lists these features without stating how many are needed "
                "for the diagnosis. The handbook therefore gives no verdict for this set.</p></div>")
    root = _node_html(node, cset, [], cit)
    root = root[:1].upper() + root[1:]
    if cit is not None:  # cite the rule where it starts, so every count and threshold below is sourced
        head, sep, rest = root.partition("<ul>")
        root = head + cit.cite(cset.cite) + sep + rest
    return (f'<div class="criteria-rule" data-rule="{esc(cset.id)}"><p>The rule, generated from the set\'s '
            f"logic:</p><ul><li>{root}</li></ul></div>")


# -- tables ----------------------------------------------------------------------------------

def _finding_cell(f: Finding) -> str:
    detail = f'<br><span class="criteria-detail">{esc(f.detail)}</span>' if f.detail else ""
    return f"{esc(f.label)}{detail}"


def _threshold_cell(f: Finding, cset: CriteriaSet) -> str:
    text = finding_threshold_text(f)
    disputed = any(d.finding == f.id for d in cset.disputed)
    if text:
        out = f'<span class="criteria-threshold">{esc(text)}</span>'
    else:
        out = f'<span class="criteria-none">{esc(NO_NUMBER)}</span>'
    if disputed:
        out += (f' <a class="criteria-disputed-link" href="#{esc(cset.id)}-disputed">'
                "secondary sources disagree: see disputed thresholds</a>")
    return out


def _sub_finding(f: Finding, cset: CriteriaSet) -> str:
    """A finding inside a composite item: label, then its threshold (if any), then the detail."""
    out = esc(f.label)
    if f.thresholds or any(d.finding == f.id for d in cset.disputed):
        out += ": " + _threshold_cell(f, cset)
    if f.detail:
        out += f' <span class="criteria-detail">({esc(f.detail)})</span>'
    return out


def _weighted_root(cset: CriteriaSet) -> WeightedSumNode | None:
    return cset.rule if isinstance(cset.rule, WeightedSumNode) else None


def _findings_under(node) -> list[str]:
    return [n.finding for n in iter_nodes(node) if isinstance(n, FindingNode)]


def items_table(cset: CriteriaSet, cit: Citations) -> str:
    """The items exactly as the data holds them: one row per finding (or, for a weighted set, one
    row per weighted item with its points and a total row); every row cited."""
    ws = _weighted_root(cset)
    rows = []
    if ws is not None:
        # Points beside the item: on a phone the threshold column is wide, and points after it were off-screen
        head = ("#", "Item", "Points", "Exact threshold", "Source")
        for n, item in enumerate(ws.weighted_sum, 1):
            fids = _findings_under(item.when)
            if isinstance(item.when, FindingNode):
                f = _finding(cset, item.when.finding)
                what, thr = _finding_cell(f), _threshold_cell(f, cset)
                cites = f.cite or cset.cite
            else:
                # The cell lists the findings under one count ("at least 2 of these 4"): a deeper
                # shape (a 'not', a group within the group) would lose its logic in that list.
                if not (isinstance(item.when, (AllNode, AnyNode, AtLeastNode))
                        and all(isinstance(c, FindingNode) for c in children(item.when))):
                    raise DataError(f"criteria set '{cset.id}', item '{item.id}': the items table can show an "
                                    "item made of several findings only as all, any or at_least of findings")
                parts = [_finding(cset, fid) for fid in fids]
                what = esc(item.label)
                sub = "".join(f'<li data-finding="{esc(f.id)}">{_sub_finding(f, cset)}</li>' for f in parts)
                thr = f"{esc(_count_words(item.when))}:<ul>{sub}</ul>"
                # Each finding's own source where it has one, else the set's; each source once.
                cites = list({(c.key, c.locator): c for f in parts for c in (f.cite or cset.cite)}.values())
            rows.append(f'<tr data-item="{esc(item.id)}" data-findings="{esc(" ".join(fids))}">'
                        f'<td>{n}</td><th scope="row">{what}</th><td data-col="points">{item.points}</td>'
                        f'<td data-col="threshold">{thr}</td><td>{cit.cite(cites)}</td></tr>')
        foot = (f'<tfoot><tr><td></td><th scope="row">Total</th>'
                f'<td data-col="total">{ws.total}</td><td></td><td>{cit.cite(cset.cite)}</td></tr></tfoot>')
    else:
        head = ("#", "Item", "Exact threshold", "Group", "Source")
        for n, f in enumerate(cset.findings, 1):
            rows.append(f'<tr data-finding="{esc(f.id)}"><td>{n}</td><th scope="row">{_finding_cell(f)}</th>'
                        f'<td data-col="threshold">{_threshold_cell(f, cset)}</td>'
                        f'<td data-col="group">{esc(f.group or "")}</td>'
                        f"<td>{cit.cite(f.cite or cset.cite)}</td></tr>")
        foot = ""
    ths = "".join(f'<th scope="col">{esc(h)}</th>' for h in head)
    caption = f"Items of the {cset.short_name} set, with thresholds exactly as the source gives them"
    return (f'<div class="criteria-scroll" role="region" tabindex="0" aria-label="{esc(caption)}">'
            f'<table class="criteria-items" data-set="{esc(cset.id)}"><caption>{esc(caption)}</caption>'
            f'<thead><tr>{ths}</tr></thead><tbody>{"".join(rows)}</tbody>{foot}</table></div>')


def disputed_html(cset: CriteriaSet, cit: Citations) -> str:
    """Each disputed threshold: the finding, every source's figure with its citation, the note."""
    if not cset.disputed:
        return ""
    items = []
    for d in cset.disputed:
        f = _finding(cset, d.finding)
        vals = "".join(f'<li><span class="criteria-disputed-value">{esc(v.text)}</span>{cit.cite(v.cite)}</li>'
                       for v in d.values)
        note = f' <span class="criteria-note">{esc(d.note)}</span>' if d.note else ""
        items.append(f'<li data-finding="{esc(f.id)}"><strong>{esc(f.label)}</strong>: figures given by '
                     f"secondary sources (disputed, not part of the set as verified).{note}<ul>{vals}</ul></li>")
    return f'<ul class="criteria-disputed" data-set="{esc(cset.id)}">{"".join(items)}</ul>'


def warning_html(w, cit: Citations, tag: str = "li", cls: str = "") -> str:
    """One caveat of a set, cited; one the handbook has not verified says so (the criteria page,
    the checklists and the bedside card all show caveats through this)."""
    classes = " ".join(c for c in (cls, "unverified" if w.unverified else "") if c)
    attr = f' class="{classes}"' if classes else ""
    label = "<strong>Not yet verified:</strong> " if w.unverified else ""
    return f"<{tag}{attr}>{label}{esc(w.text)}{cit.cite(w.cite)}</{tag}>"


def warnings_html(cset: CriteriaSet, cit: Citations) -> str:
    if not cset.warnings:
        return ""
    items = "".join(warning_html(w, cit) for w in cset.warnings)
    return f'<ul class="criteria-caveats" data-set="{esc(cset.id)}">{items}</ul>'


def validation_html(cset: CriteriaSet, cit: Citations, cls: str = "criteria-validation") -> str:
    if not cset.validation:
        return ""
    items = "".join(f"<li>{esc(v.text)}{cit.cite(v.cite)}</li>" for v in cset.validation)
    return f'<ul class="{cls}" data-set="{esc(cset.id)}">{items}</ul>'


def set_section(cset: CriteriaSet, cit: Citations, checklist_href: str | None = None) -> str:
    """One set as a Markdown section: heading, source, where it applies, items, rule, disputed
    thresholds, validation figures and caveats."""
    sid = cset.id
    out = [f"## {cset.name} {{ #{sid} }}", ""]
    year = "" if str(cset.year) in cset.short_name else f"{cset.year} · "
    meta = (f'<p class="criteria-meta" data-set="{esc(sid)}"><strong>{esc(cset.short_name)}</strong> · '
            f"{year}source{cit.cite(cset.cite)} · checked against its sources on "
            f'<time datetime="{cset.last_checked.isoformat()}">{cset.last_checked.isoformat()}</time></p>')
    out += [meta, "", f'<p class="criteria-applies"><strong>Where it applies.</strong> {esc(cset.applies)}'
            f'{cit.cite(cset.cite)}</p>', ""]
    if checklist_href:
        out += [f"A bedside checklist applies this set: [{cset.short_name} checklist]({checklist_href}).", ""]
    out += [f"### Items {{ #{sid}-items }}", "", items_table(cset, cit), ""]
    out += [f"### How the items combine {{ #{sid}-rule }}", "",
            f'<p class="criteria-structure">{esc(cset.structure)}{cit.cite(cset.cite)}</p>', "",
            rule_in_words(cset.rule, cset, cit), ""]
    if cset.disputed:
        out += [f"### Disputed thresholds {{ #{sid}-disputed }}", "", disputed_html(cset, cit), ""]
    if cset.validation:
        out += [f"### Validation {{ #{sid}-validation }}", "", validation_html(cset, cit), ""]
    if cset.warnings:
        out += [f"### Caveats {{ #{sid}-caveats }}", "", warnings_html(cset, cit), ""]
    return "\n".join(out)


# -- side by side -----------------------------------------------------------------------------

def weighted_item_of(cset: CriteriaSet) -> dict[str, tuple[str, int]]:
    """finding id -> (label, points) of the weighted item it counts towards (weighted sets only)."""
    ws = _weighted_root(cset)
    if ws is None:
        return {}
    return {fid: (item.label, item.points) for item in ws.weighted_sum for fid in _findings_under(item.when)}


def comparison_cell(cset: CriteriaSet, feature_id: str) -> str:
    """The set's exact text for one feature row, or 'not part of this set'."""
    found = [f for f in cset.findings if feature_id in f.rows]
    if not found:
        return f'<span class="criteria-absent">{esc(NOT_IN_SET)}</span>'
    weights = weighted_item_of(cset)
    parts = []
    for f in found:
        text = f"<strong>{esc(f.label)}</strong>"
        thr = finding_threshold_text(f)
        if thr:
            text += f': <span class="criteria-threshold">{esc(thr)}</span>'
        elif any(d.finding == f.id for d in cset.disputed):
            text += (f': <a class="criteria-disputed-link" href="index.html#{esc(cset.id)}-disputed">'
                     "threshold disputed</a>")
        if f.detail:
            text += f' <span class="criteria-detail">({esc(f.detail)})</span>'
        extra = []
        if f.group:
            extra.append(esc(f.group))
        if f.id in weights:
            label, points = weights[f.id]
            extra.append(f"counts towards {esc(label)}, {points} points")
        if extra:
            text += f' <span class="criteria-group">[{"; ".join(extra)}]</span>'
        parts.append(f'<li data-finding="{esc(f.id)}">{text}</li>')
    return f'<ul class="criteria-cell">{"".join(parts)}</ul>'


def comparison_table(sets: Sequence[CriteriaSet], features: Mapping[str, Feature], cit: Citations) -> str:
    """Features as rows, the NMS sets as columns (oldest first), each column cited. Rows no set
    uses are left out. Wrapped for sideways scrolling with a sticky first column."""
    cols = sorted((s for s in sets if s.condition == "nms"), key=lambda s: (s.year, s.id))
    if not cols:
        raise DataError(f"{cit.page}: no criteria sets for NMS")
    for s in cols:
        for f in s.findings:
            for fid in f.rows:
                if fid not in features:
                    raise DataError(f"set '{s.id}': finding '{f.id}' names unknown feature '{fid}'")
    used = {fid for s in cols for f in s.findings for fid in f.rows}
    rows = [feat for fid, feat in features.items() if fid in used]
    head = '<th scope="col">Feature</th>' + "".join(
        f'<th scope="col" data-set="{esc(s.id)}"><a href="index.html#{esc(s.id)}">{esc(s.short_name)}</a>'
        f"{cit.cite(s.cite)}</th>" for s in cols)
    body = "".join(
        f'<tr data-feature="{esc(feat.id)}"><th scope="row">{esc(feat.label)}</th>'
        + "".join(f'<td data-set="{esc(s.id)}">{comparison_cell(s, feat.id)}</td>' for s in cols)
        + "</tr>" for feat in rows)
    rule_row = ('<tr data-feature="_rule"><th scope="row">How items combine</th>'
                + "".join(f'<td data-set="{esc(s.id)}">{esc(s.structure)}</td>' for s in cols) + "</tr>")
    caption = "Diagnostic criteria sets for NMS side by side (scroll sideways on a small screen)"
    return (f'<div class="criteria-scroll criteria-compare-wrap" role="region" tabindex="0" '
            f'aria-label="{esc(caption)}"><table class="criteria-compare"><caption><span class="criteria-caption">'
            f'{esc(caption)}{cit.cite([c for s in cols for c in s.cite])}</span></caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{rule_row}{body}</tbody></table></div>")
