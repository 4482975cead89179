"""Macros `corrections()` (the corrections page) and `changelog()` (the About page)."""
from __future__ import annotations

from ..errors import DataError
from ..render.changelog import changelog_table
from ..render.corrections import corrections_list


def macros(site):
    def corrections() -> str:
        items = site.hb.extra.get("corrections")
        if not items:
            raise DataError(f"{site.page}: no corrections loaded (macros/data/corrections.yaml)")
        return corrections_list(items, site.hb, site.citations, site.page,
                                on_fact=lambda fact: site.checked(fact.last_checked))

    def changelog() -> str:
        entries = site.hb.extra.get("changelog")
        if not entries:
            raise DataError(f"{site.page}: no changelog loaded (macros/data/changelog.yaml)")
        return changelog_table(entries, site.hb, site.citations)

    return {"corrections": corrections, "changelog": changelog}
