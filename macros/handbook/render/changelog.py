"""Render the changelog of clinical facts as a table, newest first."""
from __future__ import annotations

from ..model.changelog import ChangeEntry
from .citations import Citations
from .html import esc


def affected_words(affected: str, hb) -> str:
    if affected == "all":
        return "all criteria sets and fact files"
    kind, _, ident = affected.partition(":")
    if kind == "criteria":
        return f"criteria set {esc(hb.criteria[ident].short_name)}"
    if kind == "facts":
        return f"fact file “{esc(hb.fact_files[ident].title)}”"
    return f"fact <code>{esc(ident)}</code>"


def changelog_table(entries: list[ChangeEntry], hb, cit: Citations) -> str:
    rows = "".join(
        f'<tr><td><time datetime="{e.date.isoformat()}">{e.date.isoformat()}</time></td>'
        f'<td>{esc(e.summary)}{cit.cite(e.cite)}</td>'
        f'<td>{"; ".join(affected_words(a, hb) for a in e.affects)}</td></tr>'
        for e in entries)
    return ('<table class="changelog"><caption>Changes to the clinical facts, newest first</caption>'
            '<thead><tr><th scope="col">Date</th><th scope="col">Change</th><th scope="col">Affects</th></tr></thead>'
            f'<tbody>{rows}</tbody></table>')
