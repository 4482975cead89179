"""Load macros/data/guide/tables.yaml (drugs, investigations, features by system) into
hb.extra["guide"], checking ids are unique and every citation is known."""
from __future__ import annotations

from pathlib import Path

from ..data import _read, check_citations
from ..model.guide import GuideTables
from ..textrefs import CITE_PLACEHOLDER, malformed, unknown_cite_keys

FILE = Path("guide") / "tables.yaml"


def _unique(col, source, items, section: str, attr: str = "id"):
    seen = set()
    for i, item in enumerate(items):
        value = getattr(item, attr)
        if value in seen:
            col.add(source, (section, i, attr), f"duplicate {attr} '{value}' in {section}")
        seen.add(value)


def load(col, hb, data_dir: Path) -> None:
    source = _read(Path(data_dir) / FILE, col)
    tables = source and col.validate(source, GuideTables)
    if not tables:
        return
    _unique(col, source, tables.drugs, "drugs")
    _unique(col, source, tables.investigations, "investigations")
    _unique(col, source, tables.systems, "systems")
    check_citations(col, source, tables, hb.known_refs())
    rows = [(("drugs", i, "rows", j), r, "evidence") for i, g in enumerate(tables.drugs) for j, r in enumerate(g.rows)]
    rows += [(("investigations", i), r, "why") for i, r in enumerate(tables.investigations)]
    rows += [(("systems", i), r, "features") for i, r in enumerate(tables.systems)]
    for loc, row, field in rows:
        for problem in malformed(getattr(row, field), CITE_PLACEHOLDER):
            col.add(source, loc + (field,), problem)
        for _keys, key in unknown_cite_keys(getattr(row, field), hb.known_refs()):
            col.add(source, loc + (field,), f"{{cite:{key}}}: unknown citation key '{key}' "
                    "(not in macros/data/references.yaml)")
    hb.extra["guide"] = tables
    hb.sources["guide"] = source.shown
