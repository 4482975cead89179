"""Bedside checklists that score live with JavaScript switched off.

Everything here is generated from a criteria tree (macros/data/criteria/<id>.yaml): the form, the
CSS expressions that compute the result, and the plain-text summary. Nothing is a second copy of
the items.

How the live result works (docs/assets/checklist.css holds the generic half):

* Finding number i is a fieldset of three radios (present / absent / not assessed). Static rules
  set two 0/1 custom properties on the form from the checked radio:
  ``--t<i>`` = 1 when present (definitely true), ``--u<i>`` = 1 when present or not assessed
  (possibly true).
* The tree compiles mechanically into one CSS expression for t and one for u (``compile_node``):
  all -> min(), any -> max(), at_least(k) -> clamp(0, sum - (k - 1), 1), not -> 1 - (the other
  value), weighted sum -> calc(points * x + ...). These go in the form's inline ``style``.
* A displayed verdict is t + u: 0 = not met, 1 = undetermined, 2 = met, written out by an
  ``@counter-style``. Weighted sums show the points of items met (t) and the highest total still
  possible (u) with CSS counters.

Pure functions only: no MkDocs, no file access.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..errors import DataError
from ..logic import children
from ..model.criteria import (AllNode, AnyNode, AtLeastNode, CriteriaSet, Finding, FindingNode, NotNode,
                              WeightedSumNode)
from .citations import Citations
from .criteria import finding_threshold_text, warning_html
from .html import esc

MAX_FINDINGS = 40   # findings per set that the static stylesheet supports
MAX_NODES = 40      # displayed verdicts per set that the static stylesheet supports
STATES = ("present", "absent", "not_assessed")
STATE_LABEL = {"present": "Present", "absent": "Absent", "not_assessed": "Not assessed"}
STATE_WORD = {"present": "present", "absent": "absent", "not_assessed": "not assessed"}
VERDICT_WORDS = ("not met", "undetermined", "met")  # t + u = 0, 1, 2
# The scores and results in the summary are drawn by CSS, which a text selection leaves out; only the
# "Copy summary" button (docs/assets/checklist-copy.js, which rewrites this hint) copies them.
COPY_HINT_NO_JS = ("Copying this box by hand keeps the findings but not the scores and results, which the "
                   "page draws: write those into the notes yourself.")
JUDGEMENT = "This checklist supports, and does not replace, clinical judgement."

# --- Compiling a tree to CSS -------------------------------------------------------------------

def _sum(terms: list[str]) -> str:
    return " + ".join(terms) if terms else "0"


def compile_points(node: WeightedSumNode, index: dict[str, int]) -> tuple[str, str]:
    """(points of items met, points of items met or undetermined) as CSS calc() expressions."""
    parts = [(item.points, compile_node(item.when, index)) for item in node.weighted_sum]
    pt = _sum([f"{p} * {t}" for p, (t, _) in parts])
    pu = _sum([f"{p} * {u}" for p, (_, u) in parts])
    return f"calc({pt})", f"calc({pu})"


def compile_node(node, index: dict[str, int]) -> tuple[str, str]:
    """The node as two CSS expressions, (t, u): each evaluates to 0 or 1.

    t is 1 when the node is certainly met, u is 1 when it may still be met. So (t, u) is (1, 1) for
    met, (0, 1) for undetermined and (0, 0) for not met, exactly as logic.evaluate_node.
    """
    if isinstance(node, FindingNode):
        i = index[node.finding]
        return f"var(--t{i})", f"var(--u{i})"
    if isinstance(node, NotNode):
        t, u = compile_node(node.not_, index)
        return f"calc(1 - {u})", f"calc(1 - {t})"
    if isinstance(node, (AllNode, AnyNode)):
        parts = [compile_node(c, index) for c in children(node)]
        if len(parts) == 1:
            return parts[0]
        fn = "min" if isinstance(node, AllNode) else "max"
        return (f"{fn}({', '.join(t for t, _ in parts)})", f"{fn}({', '.join(u for _, u in parts)})")
    if isinstance(node, AtLeastNode):
        parts = [compile_node(c, index) for c in node.of]
        less = f" - {node.at_least - 1}" if node.at_least > 1 else ""
        return (f"clamp(0, {_sum([t for t, _ in parts])}{less}, 1)",
                f"clamp(0, {_sum([u for _, u in parts])}{less}, 1)")
    if isinstance(node, WeightedSumNode):
        if node.threshold is None:
            return "0", "1"  # no cut-off: never met or not met, as logic.evaluate_node
        pt, pu = compile_points(node, index)
        less = f" - {node.threshold - 1}" if node.threshold > 1 else ""
        return f"clamp(0, {pt}{less}, 1)", f"clamp(0, {pu}{less}, 1)"
    raise TypeError(f"unknown node {node!r}")


# --- The plan: which finding and which verdict gets which number --------------------------------

@dataclass(frozen=True)
class Shown:
    """A part of the rule whose verdict the checklist displays (number j: ``--n<j>t``/``--n<j>u``)."""

    index: int
    label: str
    node: object
    points: int | None
    t: str
    u: str


@dataclass(frozen=True)
class Plan:
    cset: CriteriaSet
    index: dict[str, int]            # finding id -> i (1-based)
    findings: tuple[Finding, ...]    # in the order the form shows them
    shown: tuple[Shown, ...]         # index 0 is the whole rule when it has a verdict
    points: tuple[str, str] | None   # weighted-sum root: (pt, pu)

    @property
    def scored(self) -> bool:
        return self.points is not None

    @property
    def has_verdict(self) -> bool:
        return bool(self.shown) and self.shown[0].index == 0

    def style(self) -> str:
        """The data-dependent half of the CSS: the form's inline custom properties."""
        decl = []
        if self.points:
            decl += [f"--pt: {self.points[0]}", f"--pu: {self.points[1]}"]
        for s in self.shown:
            decl += [f"--n{s.index}t: {s.t}", f"--n{s.index}u: {s.u}"]
        return "; ".join(decl)


def _finding_order(node, seen: list[str]):
    if isinstance(node, FindingNode):
        if node.finding not in seen:
            seen.append(node.finding)
    else:
        for c in children(node):
            _finding_order(c, seen)


def _grouped(cset: CriteriaSet) -> bool:
    """The source groups every item (e.g. 'Criterion A', 'Major'): the form follows its groups."""
    return all(f.group for f in cset.findings)


def plan(cset: CriteriaSet) -> Plan:
    """Number the findings in the order the tree names them, and the verdicts to display."""
    if cset.rule is None:
        raise DataError(f"criteria set '{cset.id}' has no rule, so it cannot be a checklist")
    used: list[str] = []
    _finding_order(cset.rule, used)
    by_id = {f.id: f for f in cset.findings}
    missing = [f for f in used if f not in by_id]
    if missing:
        raise DataError(f"criteria set '{cset.id}': the rule names unknown findings {missing}")
    # Grouped sets are shown in the file's order, ungrouped ones in the order the rule names them.
    order = [f.id for f in cset.findings] if _grouped(cset) else used
    unused = [f.id for f in cset.findings if f.id not in used]
    if unused:
        raise DataError(f"criteria set '{cset.id}': findings {unused} are not used by the rule, "
                        "so the checklist could not count them")
    if len(order) > MAX_FINDINGS:
        raise DataError(f"criteria set '{cset.id}' has {len(order)} findings; the checklist stylesheet "
                        f"supports {MAX_FINDINGS} (raise MAX_FINDINGS and regenerate checklist.css)")
    index = {fid: i for i, fid in enumerate(order, start=1)}

    shown: list[Shown] = []
    root = cset.rule
    points = None
    if isinstance(root, WeightedSumNode):
        points = compile_points(root, index)
    if not (isinstance(root, WeightedSumNode) and root.threshold is None):
        label = cset.short_name + (f" ({root.label})" if root.label else "")
        shown.append(Shown(0, label, root, None, *compile_node(root, index)))

    def nxt() -> int:
        return sum(1 for s in shown if s.index != 0) + 1

    def visit(node):
        """Add the labelled parts below node (weighted items always), in reading order."""
        if isinstance(node, WeightedSumNode):
            for item in node.weighted_sum:
                shown.append(Shown(nxt(), item.label, item.when, item.points, *compile_node(item.when, index)))
                visit(item.when)
            return
        for c in children(node):
            if isinstance(c, FindingNode):
                continue
            if c.label:
                shown.append(Shown(nxt(), c.label, c, None, *compile_node(c, index)))
            visit(c)

    visit(root)
    if len(shown) > MAX_NODES:
        raise DataError(f"criteria set '{cset.id}' would display {len(shown)} verdicts; the checklist "
                        f"stylesheet supports {MAX_NODES}")
    return Plan(cset, index, tuple(by_id[f] for f in order), tuple(shown), points)


# --- Words -------------------------------------------------------------------------------------

def _count_phrase(node) -> str:
    kids = children(node)
    n = len(kids)
    what = "are present" if all(isinstance(c, FindingNode) for c in kids) else "are met"
    if isinstance(node, AllNode):
        return "this one" if n == 1 else f"all of these {n} {what}"
    if isinstance(node, AnyNode):
        return f"at least one of these {n} {what}"
    if isinstance(node, AtLeastNode):
        return f"at least {node.at_least} of these {n} {what}"
    if isinstance(node, NotNode):
        return ("met when the finding below is absent" if isinstance(node.not_, FindingNode)
                else "met when the part below is not met")
    if isinstance(node, WeightedSumNode):
        return f"points of these {len(node.weighted_sum)} items"
    return ""


def _pts(points: int) -> str:
    return f"{points}\u00a0point" + ("" if points == 1 else "s")


# --- HTML --------------------------------------------------------------------------------------

def _leaves(node) -> frozenset[str]:
    if isinstance(node, FindingNode):
        return frozenset([node.finding])
    return frozenset().union(*(_leaves(c) for c in children(node)))


def _internal_nodes(node):
    if isinstance(node, FindingNode):
        return
    yield node
    for c in children(node):
        yield from _internal_nodes(c)


class _Form:
    def __init__(self, p: Plan, cit: Citations):
        self.p, self.cit, self.cset = p, cit, p.cset
        self.done: set[str] = set()
        self.by_id = {f.id: f for f in p.findings}
        # Findings the rule asks to be absent (DSM-IV-TR's exclusions are worded as the other cause)
        self.negated = {fid for n in _internal_nodes(p.cset.rule) if isinstance(n, NotNode) for fid in _leaves(n)}
        self.points: dict[str, int] = {}
        for node in _internal_nodes(self.cset.rule):
            if isinstance(node, WeightedSumNode):
                for item in node.weighted_sum:
                    if isinstance(item.when, FindingNode):
                        self.points[item.when.finding] = item.points

    def fid(self, *parts) -> str:
        return "-".join(["cl", self.cset.id, *parts])

    def finding(self, fid: str, points: int | None = None, prefix: str = "") -> str:
        f = self.by_id[fid]
        if fid in self.done:
            return f'<p class="cl-repeat">{esc(f.label)}: entered above.</p>'
        self.done.add(fid)
        i = self.p.index[fid]
        legend = prefix + f'<span class="cl-label">{esc(f.label)}</span>'
        if f.detail:
            legend += f' <span class="cl-detail">({esc(f.detail)})</span>'
        if f.thresholds:
            legend += f'<span class="cl-threshold">: {esc(finding_threshold_text(f))}</span>'
        if points is not None:
            legend += f' <span class="cl-points">{_pts(points)}</span>'
        notes = ""
        described = []  # notes that change how an answer reads: tied to the radios (aria-describedby)
        if f.feature == "exclusion" and fid not in self.negated:
            # Sets differ: here "present" supports NMS, in DSM-IV-TR C and D "absent" does. Say which.
            described.append(self.fid(fid, "hint"))
            notes += (f'<p class="cl-answer-hint" id="{described[-1]}">Present means other causes were '
                      'looked for and not found.</p>')
        if getattr(f, "cite", None):
            notes += f'<p class="cl-source">Source for this item: {self.cit.cite(f.cite)}</p>'
        for d in self.cset.disputed:
            if d.finding == fid:
                values = "; ".join(f"{esc(v.text)}{self.cit.cite(v.cite)}" for v in d.values)
                note = getattr(d, "note", None)
                described.append(self.fid(fid, "disputed"))
                notes += (f'<p class="cl-disputed" id="{described[-1]}">Disputed threshold. Secondary '
                          f'sources print: {values}.' + (f" {esc(note)}" if note else "") + "</p>")
        # One per line, like the legend: the flex layout ignores the line breaks, and search then
        # indexes "Diaphoresis" and "Present" as words, not "DiaphoresisPresent".
        describedby = f' aria-describedby="{" ".join(described)}"' if described else ""
        choices = "\n".join(
            f'<span class="cl-choice"><input type="radio" id="{self.fid(fid, s)}"{describedby} '
            f'name="{esc(self.cset.id)}-{esc(fid)}" value="{s}"{" checked" if s == "not_assessed" else ""}>'
            f'<label for="{self.fid(fid, s)}">{STATE_LABEL[s]}</label></span>' for s in STATES)
        return (f'<fieldset class="cl-f cl-f{i}" id="{self.fid(fid)}" data-finding="{esc(fid)}">'
                f'<legend>{legend}</legend>\n{notes}<div class="cl-choices">\n{choices}</div></fieldset>\n')

    def group(self, legend: str, body: str) -> str:
        return f'<fieldset class="cl-group"><legend>{legend}</legend>\n{body}</fieldset>\n'

    def children(self, node) -> str:
        if isinstance(node, WeightedSumNode):
            return "".join(self.item(item) for item in node.weighted_sum)
        return "".join(self.node(c) for c in children(node))

    def item(self, item) -> str:
        if isinstance(item.when, FindingNode):
            return self.finding(item.when.finding, points=item.points)
        legend = (f'<span class="cl-label">{esc(item.label)}</span>: {_pts(item.points)} when '
                  f'{esc(_count_phrase(item.when))}')
        return self.group(legend, self.children(item.when))

    def node(self, node) -> str:
        if isinstance(node, FindingNode):
            return self.finding(node.finding)
        if _leaves(node) <= self.done:
            return ""  # every finding below is entered above (a set that names a finding twice)
        phrase = _count_phrase(node)
        if node.label:
            legend = f'<span class="cl-label">{esc(node.label)}</span>: {esc(phrase)}'
        else:
            legend = esc(phrase[:1].upper() + phrase[1:])
        return self.group(legend, self.children(node))

    def by_tree(self) -> str:
        root = self.cset.rule
        if isinstance(root, FindingNode):
            return self.finding(root.finding)
        return self.children(root)

    def by_group(self) -> str:
        """The source's own groups, in file order. A group gets the rule's wording when exactly one
        part of the rule covers exactly its findings (e.g. 'Criterion B: at least 2 of these 10')."""
        groups: dict[str, list[str]] = {}
        for f in self.p.findings:
            groups.setdefault(f.group, []).append(f.id)
        nodes = list(_internal_nodes(self.cset.rule))
        out = []
        for name, ids in groups.items():
            match = [n for n in nodes if _leaves(n) == frozenset(ids)]
            phrase = _count_phrase(match[0]) if len(match) == 1 else ""
            if len(ids) == 1:
                phrase = "met when this is absent" if len(match) == 1 and isinstance(match[0], NotNode) else ""
                prefix = (f'<span class="cl-group-name">{esc(name)}'
                          + (f" ({esc(phrase)})" if phrase else "") + "</span> · ")
                out.append(self.finding(ids[0], self.points.get(ids[0]), prefix=prefix))
            else:
                legend = f'<span class="cl-label">{esc(name)}</span>' + (f": {esc(phrase)}" if phrase else "")
                out.append(self.group(legend, "".join(self.finding(i, self.points.get(i)) for i in ids)))
        return "".join(out)

    def items(self) -> str:
        return self.by_group() if _grouped(self.cset) else self.by_tree()


def _verdict_line(s: Shown, tag: str = "li", extra: str = "") -> str:
    pts = f" ({_pts(s.points)})" if s.points is not None else ""
    return f'<{tag} class="cl-v cl-n{s.index}{extra}">{esc(s.label)}{pts}: </{tag}>'


def _score_lines(p: Plan, tag: str = "p") -> str:
    total = p.cset.rule.total
    # Plain spans, not <output>: each <output> is a live region, and one answer made a screen reader
    # read out a string of bare numbers. The live line (.cl-live) announces one sentence instead.
    return (f'<{tag} class="cl-pts">Points from findings present: <span class="cl-c-pt"></span> '
            f'of {total}.</{tag}>'
            f'<{tag} class="cl-pts">Points not yet assessed: <span class="cl-c-ua"></span>.</{tag}>'
            f'<{tag} class="cl-pts">Totals still possible: between <span class="cl-c-pt"></span> '
            f'and <span class="cl-c-pu"></span> of {total}.</{tag}>')


def checklist_form(p: Plan, cit: Citations) -> str:
    """The whole form: findings, reset, live result, copy-ready summary and print-only notes."""
    cset = p.cset
    f = _Form(p, cit)
    items = f.items()
    sid = f"cl-{cset.id}"

    # Live line that stays at the foot of the screen while the findings scroll by. It is also the one
    # status a screen reader announces after each answer (role=status, read whole).
    live_attrs = 'role="status" aria-atomic="true"'
    if p.scored:
        total = cset.rule.total
        live = (f'<p class="cl-live cl-pts" {live_attrs}>{esc(cset.short_name)}: '
                f'<span class="cl-c-pt"></span> points present, <span class="cl-c-ua"></span> not assessed; '
                f'total between <span class="cl-c-pt"></span> and <span class="cl-c-pu"></span> of {total}</p>')
    else:
        live = f'<p class="cl-live cl-v cl-n0" {live_attrs}>{esc(cset.short_name)}: </p>'

    # Result panel.
    result = [f'<section class="cl-result" id="{sid}-result" aria-labelledby="{sid}-result-h">',
              f'<h2 id="{sid}-result-h">Result</h2>',
              f'<p class="cl-judgement">{JUDGEMENT}</p>']
    if p.scored:
        result.append(f'<div class="cl-score">{_score_lines(p)}</div>')
    if p.has_verdict:
        result.append(f'<p class="cl-main">{_verdict_line(p.shown[0], "span")}</p>')
    parts = [s for s in p.shown if s.index != 0]
    if parts:
        heading = "Items" if p.scored else "Parts of the rule"
        result.append(f'<h3 id="{sid}-parts-h">{heading}</h3>'
                      f'<ul class="cl-nodes" aria-labelledby="{sid}-parts-h">'
                      + "".join(_verdict_line(s) for s in parts) + "</ul>")
    if cset.warnings:
        result.append(f'<h3 id="{sid}-warnings-h">Read the result with these cautions</h3>'
                      f'<ul class="cl-warnings" aria-labelledby="{sid}-warnings-h">'
                      + "".join(warning_html(w, cit) for w in cset.warnings) + "</ul>")
    if cset.validation:
        result.append(f'<h3 id="{sid}-validation-h">Validation</h3>' + "".join(
            f'<p class="cl-validation">{esc(v.text)}{cit.cite(v.cite)}</p>' for v in cset.validation))
    result.append("</section>")

    # Copy-ready plain text. The state words are real text (shown or hidden by CSS), so a selection
    # copies them; the numbers and verdicts are CSS counters, shown on screen and read aloud.
    first = cset.cite[0].key
    src = cit.labels.get(first, first)
    lines = [f"<p>{esc(cset.short_name)} checklist ({esc(cset.name)}; {esc(src)}), from the NMS Handbook.</p>"]
    for fd in p.findings:
        states = "".join(f'<span class="cl-st cl-st-{s}">{STATE_WORD[s]}</span>' for s in STATES)
        lines.append(f'<p class="cl-s cl-s{p.index[fd.id]}">{esc(fd.label)}: {states}.</p>')
    if p.scored:
        lines.append(_score_lines(p))
        if cset.rule.threshold is None:
            lines.append(f"<p>{esc(cset.short_name)} defines no threshold score: the total is not a "
                         "diagnosis.</p>")
    if p.has_verdict:
        lines.append(f"<p>{_verdict_line(p.shown[0], 'span')}</p>")
    lines += [f"<p>{_verdict_line(s, 'span')}</p>" for s in parts]
    lines.append(f"<p>{JUDGEMENT}</p>")
    summary = (f'<section class="cl-summary" aria-labelledby="{sid}-summary-h">'
               f'<h2 id="{sid}-summary-h">Summary for the notes</h2>'
               f'<p class="cl-hint">{COPY_HINT_NO_JS}</p>'
               f'<div class="cl-copy" id="{sid}-copy">' + "".join(lines) + "</div></section>")

    notes = ('<div class="cl-notes"><p>Notes, measurements, assessed by, date and time:</p>'
             + '<div class="cl-rule"></div>' * 8 + "</div>")

    # The verdict words for "Copy summary" (checklist-copy.js): on file:// a script may not read the
    # stylesheet's @counter-style, so the form carries them too, from the same constant.
    return (f'<form class="cl-form" id="{sid}" aria-label="{esc(cset.short_name)} checklist" '
            f'data-set="{esc(cset.id)}" data-verdict-words="{esc("|".join(VERDICT_WORDS))}" '
            f'style="{esc(p.style())}">\n'
            f'<p class="form-source">Items, thresholds{" and points" if p.scored else ""} as published: '
            f'{esc(cset.short_name)}{cit.cite(cset.cite)}</p>\n'
            f'<div class="cl-items">\n{items}</div>\n{live}\n'
            f'<p class="cl-actions"><button type="reset" class="md-button">Clear the checklist '
            f'(every finding back to not assessed)</button></p>\n'
            f'{"".join(result)}\n{summary}\n{notes}\n</form>')


def checklist_intro(cset: CriteriaSet, cit: Citations) -> str:
    """One paragraph on the set: its name, source, purpose and structure, cited."""
    cite = cit.cite(cset.cite)
    return (f'<p class="cl-intro"><strong>{esc(cset.name)}</strong> ({esc(cset.short_name)}){cite}. '
            f'{esc(cset.applies)}{cite} {esc(cset.structure)}{cite}</p>')


def checklist_list(entries: Iterable[tuple[CriteriaSet, str]], cit: Citations) -> str:
    """Markdown list linking each checklist page: (set, relative .md path)."""
    rows = [f"- [{cset.name} ({cset.short_name})]({href}): {cset.structure}{cit.cite(cset.cite)}"
            for cset, href in entries]
    if not rows:
        raise DataError("no criteria set is marked `checklist: true` with a page in docs/checklist/")
    return "\n".join(rows)


# --- The generic stylesheet half ---------------------------------------------------------------

CSS_BEGIN = "/* BEGIN GENERATED by handbook.render.checklist.generic_css(); do not edit by hand */"
CSS_END = "/* END GENERATED */"


def generic_css(max_findings: int = MAX_FINDINGS, max_nodes: int = MAX_NODES) -> str:
    """Rules that depend only on position numbers, never on data: one stylesheet serves every set."""
    # A verdict is drawn as counter(verdict) with t + u = 0, 1 or 2: these are its three words.
    symbols = " ".join(f'"{w}"' for w in VERDICT_WORDS)
    out = [CSS_BEGIN, f"@counter-style cl-verdict {{ system: fixed 0; symbols: {symbols}; }}"]
    defaults = " ".join(f"--t{i}: 0; --u{i}: 0;" for i in range(1, max_findings + 1))
    out.append(f".cl-form {{ {defaults} }}")
    for i in range(1, max_findings + 1):
        has = f".cl-form:has(.cl-f{i} input[value=present]:checked)"
        out.append(f"{has} {{ --t{i}: 1; --u{i}: 1; }}")
        out.append(f".cl-form:has(.cl-f{i} input[value=not_assessed]:checked) {{ --u{i}: 1; }}")
        out.append(", ".join(f".cl-form:has(.cl-f{i} input[value={s}]:checked) .cl-s{i} .cl-st-{s}"
                             for s in STATES) + " { display: inline; }")
    for j in range(0, max_nodes + 1):
        out.append(f".cl-n{j} {{ --vt: var(--n{j}t); --vu: var(--n{j}u); }}")
    out.append(CSS_END)
    return "\n".join(out) + "\n"
