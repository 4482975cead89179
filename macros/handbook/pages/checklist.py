"""Macros of the bedside checklists (docs/checklist/): every form is generated from a criteria
tree in macros/data/criteria/ that has `checklist: true`."""
from __future__ import annotations

from ..errors import DataError
from ..render import checklist as rcl


def macros(site):
    def get(set_id: str):
        cset = site.hb.criteria.get(set_id)
        if cset is None:
            raise DataError(f"{site.page}: checklist('{set_id}'): there is no criteria set '{set_id}' "
                            f"(no macros/data/criteria/{set_id}.yaml; known sets: "
                            f"{', '.join(sorted(site.hb.criteria)) or 'none'})")
        if not cset.checklist:
            raise DataError(f"{site.page}: checklist('{set_id}'): the criteria set is not marked "
                            f"`checklist: true` in macros/data/criteria/{set_id}.yaml")
        site.checked(cset.last_checked)
        return cset

    def checklist(set_id: str) -> str:
        """{{ checklist("iec") }}: the set's intro paragraph and its live, JavaScript-free form."""
        cset = get(set_id)
        plan = rcl.plan(cset)
        return rcl.checklist_intro(cset, site.citations) + "\n\n" + rcl.checklist_form(plan, site.citations) + "\n"

    def checklist_list() -> str:
        """{{ checklist_list() }}: a Markdown list linking every checklist page, from the data."""
        pages = site.docs_dir / "checklist"
        entries = []
        for cset in site.hb.criteria.values():
            if cset.checklist and (pages / f"{cset.id}.md").exists():
                entries.append((cset, f"{cset.id}.md"))
        for cset, _ in entries:
            site.checked(cset.last_checked)
        return rcl.checklist_list(entries, site.citations)

    return {"checklist": checklist, "checklist_list": checklist_list}
