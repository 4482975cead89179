"""Load macros/data/changelog.yaml into hb.extra["changelog"]: newest entry first, and every
criteria set, fact file or fact named in `affects` exists."""
from __future__ import annotations

from pathlib import Path

from ..data import _read, check_citations
from ..model.changelog import ChangeEntry

FILE = "changelog.yaml"


def _exists(hb, affected: str) -> bool:
    if affected == "all":
        return True
    kind, _, ident = affected.partition(":")
    return ident in {"criteria": hb.criteria, "facts": hb.fact_files, "fact": hb.facts}[kind]


def load(col, hb, data_dir: Path) -> None:
    source = _read(Path(data_dir) / FILE, col)
    entries = source and col.validate(source, list[ChangeEntry], "change")
    if not entries:
        return
    for i, entry in enumerate(entries):
        if i and entry.date > entries[i - 1].date:
            col.add(source, (i, "date"), f"{entry.date} is newer than the entry above it; "
                    "keep the newest entry first", "change")
        for j, affected in enumerate(entry.affects):
            if not _exists(hb, affected) and affected.removeprefix("criteria:") not in hb.broken_sets:
                col.add(source, (i, "affects", j), f"'{affected}' names nothing in the data", "change")
    check_citations(col, source, entries, hb.known_refs(), "change")
    hb.extra["changelog"] = entries
    hb.sources["changelog"] = source.shown
