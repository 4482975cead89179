"""Load macros/data/differential: the feature rows and one record per condition, cross-checked.

Checks, each reported with file:line, condition and feature:
- every record has a cell for every feature (a value with its citation, or `not_reported: true`);
- cells name known features, once each; cited keys exist in references.yaml;
- the file name matches the condition id (`heat_stroke` lives in `heat-stroke.yaml`);
- exactly one record is the reference (NMS); a discriminating mark names a known other condition
  and sits on a reported cell whose partner cell is reported too.
"""
from __future__ import annotations

from pathlib import Path

from ..data import Handbook, _Collector, _read, check_citations
from ..model.differential import Condition, DiffFeature, Differential

FEATURES_FILE = "_features.yaml"


def _where(source, loc) -> str:
    line = source.line_of(loc)
    return f"{source.shown}:{line}" if line else source.shown


def load(col: _Collector, hb: Handbook, data_dir: Path) -> None:
    folder = Path(data_dir) / "differential"
    files = sorted(p for p in folder.glob("*.yaml") if p.name != FEATURES_FILE) if folder.is_dir() else []
    if not files and not (folder / FEATURES_FILE).exists():
        hb.extra["differential"] = Differential(features=[], conditions=[])
        return

    features: list[DiffFeature] = []
    fsrc = _read(folder / FEATURES_FILE, col)
    rows = fsrc and col.validate(fsrc, list[DiffFeature], "feature")
    fsrc = fsrc if rows is not None else None  # a broken feature list: skip the per-cell checks
    if fsrc:
        seen: set[str] = set()
        for i, feat in enumerate(rows):
            if feat.id in seen:
                col.add(fsrc, (i, "id"), f"duplicate feature id '{feat.id}'", "feature")
            seen.add(feat.id)
            features.append(feat)
    features.sort(key=lambda f: (f.order, f.id))
    feature_ids = {f.id for f in features}

    loaded: list[tuple[Condition, object]] = []
    broken_ids: set[str] = set()  # records that failed validation: already reported, not re-reported
    for path in files:
        s = _read(path, col)
        cond = s and col.validate(s, Condition, "condition")
        if not cond:
            raw_id = s.data.get("id") if s and isinstance(s.data, dict) else None
            broken_ids.add(raw_id if isinstance(raw_id, str) else path.stem)
            continue
        if cond.slug != path.stem:
            col.add(s, ("id",), f"the condition id '{cond.id}' must match the file name: "
                    f"expected {cond.slug}.yaml, found {path.name}", "condition")
        if any(c.id == cond.id for c, _ in loaded):
            col.add(s, ("id",), f"duplicate condition id '{cond.id}'", "condition")
        check_citations(col, s, cond, hb.known_refs(), "condition")
        loaded.append((cond, s))
        hb.sources["differential:" + cond.id] = s.shown

    ids = {c.id for c, _ in loaded}
    refs = [c for c, _ in loaded if c.reference]
    if loaded and len(refs) != 1 and not (broken_ids and not refs):
        col.messages.append(f"macros/data/differential: exactly one condition must have `reference: true` "
                            f"(the NMS column); found {len(refs)}"
                            + (f": {', '.join(c.id for c in refs)}" if refs else ""))

    for cond, s in loaded:
        head = f"condition '{cond.id}'"
        cell_ids = [c.id for c in cond.features]
        for i, cell in enumerate(cond.features):
            label = f"feature '{cell.id}'"
            if fsrc and cell.id not in feature_ids:
                col.messages.append(f"{_where(s, ('features', i, 'id'))}: {head}: {label}: unknown feature "
                                    f"(not in macros/data/differential/{FEATURES_FILE})")
            if cell_ids.count(cell.id) > 1 and cell_ids.index(cell.id) != i:
                col.messages.append(f"{_where(s, ('features', i, 'id'))}: {head}: {label}: "
                                    "the feature has two cells; keep one")
            d = cell.discriminating
            if d is None:
                continue
            loc = ("features", i, "discriminating", "versus")
            if d.versus == cond.id:
                col.messages.append(f"{_where(s, loc)}: {head}: {label}: field 'versus': "
                                    "a condition cannot be discriminated from itself")
            elif d.versus in broken_ids:
                continue
            elif d.versus not in ids:
                col.messages.append(f"{_where(s, loc)}: {head}: {label}: field 'versus': unknown condition "
                                    f"'{d.versus}' (known: {', '.join(sorted(ids))})")
            else:
                other = next(c for c, _ in loaded if c.id == d.versus)
                partner = other.cell(cell.id)
                if partner is not None and partner.not_reported:
                    col.messages.append(f"{_where(s, loc)}: {head}: {label}: marked discriminating against "
                                        f"'{d.versus}', but '{d.versus}' does not report this feature")
        if fsrc:
            for feat in features:
                if feat.id not in cell_ids:
                    col.messages.append(f"{_where(s, ('features',))}: {head}: feature '{feat.id}': no cell; "
                                        "every condition needs every feature: give `value` with its `cite`, "
                                        "or `not_reported: true`")

    ordered = sorted((c for c, _ in loaded), key=lambda c: (not c.reference, c.order, c.id))
    hb.extra["differential"] = Differential(features=features, conditions=ordered)
