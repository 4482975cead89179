"""Macros of the diagnostic-criteria pages (docs/criteria/): one section per set, and the
side-by-side comparison. Rendering lives in handbook/render/criteria.py."""
from __future__ import annotations

from ..errors import DataError
from ..render import criteria as rcrit


def macros(site):
    def get(set_id: str):
        try:
            return site.hb.criteria[set_id]
        except KeyError:
            raise DataError(f"{site.page}: unknown criteria set '{set_id}' "
                            f"(known: {', '.join(sorted(site.hb.criteria))})") from None

    def criteria_set(set_id: str) -> str:
        """{{ criteria_set("iec") }}: the whole section for one set."""
        cset = get(set_id)
        site.checked(cset.last_checked)
        href = f"../checklist/{cset.id}.md" if cset.checklist else None
        return rcrit.set_section(cset, site.citations, checklist_href=href)

    def criteria_compare() -> str:
        """{{ criteria_compare() }}: features as rows, the NMS sets as columns."""
        sets = [s for s in site.hb.criteria.values() if s.condition == "nms"]
        for s in sets:
            site.checked(s.last_checked)
        return rcrit.comparison_table(sets, site.hb.features, site.citations)

    return {"criteria_set": criteria_set, "criteria_compare": criteria_compare}
