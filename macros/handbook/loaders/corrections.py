"""Load macros/data/corrections.yaml into hb.extra["corrections"]: unique ids, known citations,
placeholders that resolve, and no figure typed into the text (figures come from the data)."""
from __future__ import annotations

from pathlib import Path

from ..data import _read, check_citations
from ..model.corrections import Correction
from ..textrefs import PLACEHOLDER, malformed, stray_digits, unresolved

FILE = "corrections.yaml"


def load(col, hb, data_dir: Path) -> None:
    source = _read(Path(data_dir) / FILE, col)
    items = source and col.validate(source, list[Correction], "correction")
    if not items:
        return
    seen = set()
    for i, c in enumerate(items):
        if c.id in seen:
            col.add(source, (i, "id"), f"duplicate correction id '{c.id}'", "correction")
        seen.add(c.id)
        for fld in ("misconception", "correction"):
            text = getattr(c, fld)
            digit = stray_digits(text)
            if digit:
                col.add(source, (i, fld), f"'{digit}': write figures as {{fact:ID}}, {{say:ID}}, "
                        "{points:SET/ITEM} or {total:SET} so they carry their source", "correction")
            for problem in [*malformed(text, PLACEHOLDER), *unresolved(text, hb)]:
                col.add(source, (i, fld), problem, "correction")
        for j, see in enumerate(c.see):
            if not see.page.endswith(".md"):
                col.add(source, (i, "see", j, "page"), f"'{see.page}' is not a page path ending in .md",
                        "correction")
    check_citations(col, source, items, hb.known_refs(), "correction")
    hb.extra["corrections"] = items
    hb.sources["corrections"] = source.shown
