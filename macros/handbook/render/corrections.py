"""Render the corrections list and resolve figure placeholders in data text. Pure functions: data
objects and a Citations object in, Markdown (with inline HTML) out."""
from __future__ import annotations

import posixpath
from typing import Callable

from ..model.corrections import Correction
from ..textrefs import PLACEHOLDER, weighted_items
from .citations import Citations
from .facts import fact_statement, fact_value
from .html import esc

SEVERITY_LABEL = {
    "dangerous": "Dangerous: could harm a patient if acted on",
    "wrong": "Wrong",
    "imprecise": "Imprecise or misleading",
}


def resolve(text: str, hb, cit: Citations, on_fact: Callable = lambda fact: None) -> str:
    """Escape our text and put each placeholder's figure, with its citation, in its place."""
    out, pos = [], 0
    for m in PLACEHOLDER.finditer(text):
        out.append(esc(text[pos:m.start()]))
        kind, ref = m.groups()
        if kind == "cite":
            out.append(cit.cite(ref.split(",")))
        elif kind in ("fact", "say"):
            fact = hb.facts[ref]
            on_fact(fact)
            out.append(fact_value(fact, cit) if kind == "fact" else fact_statement(fact, cit))
        elif kind == "total":
            cset = hb.criteria[ref]
            out.append(f'<span class="fact">{cset.rule.total}</span>{cit.cite(cset.cite)}')
        else:
            set_id, _, item = ref.partition("/")
            cset = hb.criteria[set_id]
            out.append(f'<span class="fact">{weighted_items(cset)[item].points}</span>{cit.cite(cset.cite)}')
        pos = m.end()
    out.append(esc(text[pos:]))
    return "".join(out)


def relative_link(from_page: str, target: str, anchor: str | None = None) -> str:
    """Link from one docs page to another, both given relative to docs/."""
    rel = posixpath.relpath(target, posixpath.dirname(from_page) or ".")
    return rel + (f"#{anchor}" if anchor else "")


def correction_block(c: Correction, hb, cit: Citations, page: str, on_fact: Callable = lambda f: None) -> str:
    """One correction as a bordered block: severity (in words, not colour alone), the misconception,
    the correction with its sources, and where the handbook sets out the evidence."""
    see = ""
    if c.see:
        links = ", ".join(f"[{s.label}]({relative_link(page, s.page, s.anchor)})" for s in c.see)
        see = f"\n\n**Evidence in full:** {links}"
    return (
        f'<div class="correction correction--{c.severity}" id="correction-{c.id}" markdown="1">\n\n'
        f'<p class="correction-severity"><span class="correction-badge">{esc(SEVERITY_LABEL[c.severity])}</span></p>\n\n'
        f'**Misconception:** {resolve(c.misconception, hb, cit, on_fact)}\n\n'
        f'**Correction:** {resolve(c.correction, hb, cit, on_fact)}{cit.cite(c.cite) if c.cite else ""}'
        f'{see}\n\n</div>\n'
    )


def corrections_list(items: list[Correction], hb, cit: Citations, page: str,
                     on_fact: Callable = lambda f: None) -> str:
    return "\n".join(correction_block(c, hb, cit, page, on_fact) for c in items)
