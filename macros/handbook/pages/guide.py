"""Macros of the clinical guide pages (docs/clinical/): tables built from macros/data/facts and
macros/data/guide/tables.yaml."""
from __future__ import annotations

from ..errors import DataError
from ..render import facts as rfacts
from ..render import guide as rguide


def macros(site):
    def tables():
        tables = site.hb.extra.get("guide")
        if tables is None:
            raise DataError(f"{site.page}: macros/data/guide/tables.yaml was not loaded")
        site.checked(tables.last_checked)
        return tables

    def facts_table(topic: str, *ids: str, caption: str | None = None,
                    head: tuple = ("Finding", "Figure", "Population, setting and era")) -> str:
        """{{ facts_table("epidemiology") }}: every labelled fact of a topic file, in file order;
        {{ facts_table("treatment", "dose-a", "dose-b") }}: just those facts, in that order."""
        ff = site.hb.fact_files.get(topic)
        if ff is None:
            raise DataError(f"{site.page}: unknown facts topic '{topic}' (no macros/data/facts file has it)")
        if ids:
            chosen = [rfacts.get_fact(site.hb.facts, i, site.page) for i in ids]
        else:
            chosen = [site.hb.facts[f.id] for f in ff.facts if f.label]
        for f in chosen:
            site.checked(f.last_checked)
        return rguide.facts_table(chosen, site.citations, head=tuple(head), caption=caption)

    def drugs_table(*groups: str, caption: str | None = None) -> str:
        """{{ drugs_table() }}: every class; {{ drugs_table("fga", "sga") }}: just those."""
        all_groups = tables().drugs
        if groups:
            known = {g.id: g for g in all_groups}
            unknown = [g for g in groups if g not in known]
            if unknown:
                raise DataError(f"{site.page}: unknown drug group(s) {unknown}; known: {sorted(known)}")
            chosen = [known[g] for g in groups]
        else:
            chosen = list(all_groups)
        return rguide.drugs_table(chosen, site.citations, caption=caption)

    def investigations_table(caption: str | None = None) -> str:
        return rguide.investigations_table(tables().investigations, site.citations, caption=caption)

    def systems_table(caption: str | None = None) -> str:
        return rguide.systems_table(tables().systems, site.citations, caption=caption)

    def guide_unverified(text: str) -> str:
        return rguide.not_verified(text)

    return {"facts_table": facts_table, "drugs_table": drugs_table,
            "investigations_table": investigations_table, "systems_table": systems_table,
            "guide_unverified": guide_unverified}
