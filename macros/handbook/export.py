"""The clinical data as one JSON document, with its JSON Schema: pure functions, no MkDocs.

`document(hb)` returns the data a reader can download from the site (`data/nms-handbook.json`),
`schema(hb)` the JSON Schema it conforms to (`data/nms-handbook.schema.json`), generated from the
same pydantic models that validate the YAML. Both are produced from the loaded `Handbook`, so the
published data can never drift from what the pages show.

The site publishes them through `handbook/hooks.py` (an MkDocs `on_files` hook). Under a builder
that runs no hooks (Zensical), write them with `python -m handbook.export DIR` from `macros/`.
"""
from __future__ import annotations

import datetime
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, create_model

from .data import PROJECT_ROOT, Handbook
from .model.criteria import CriteriaSet
from .model.facts import FactFile
from .model.features import Feature
from .model.references import Reference

FORMAT = "nms-handbook-data"
FORMAT_VERSION = 1
JSON_PATH = "data/nms-handbook.json"
SCHEMA_PATH = "data/nms-handbook.schema.json"
VERSION_FILE = PROJECT_ROOT / "VERSION"
SITE_URL = "https://nms-handbook.github.io/nms-handbook/"
LICENCE = {"content": "CC BY-SA 4.0", "url": "https://creativecommons.org/licenses/by-sa/4.0/"}
DISCLAIMER = ("This data supports, and does not replace, clinical judgement. Every figure is given "
              "exactly as its source prints it, with the source's reference key.")


def release_version(path: Path = VERSION_FILE) -> str:
    """The handbook's release number, from the one-line VERSION file at the top of the repository."""
    text = Path(path).read_text(encoding="utf-8").strip()
    if not text or any(c.isspace() for c in text):
        raise ValueError(f"{path}: expected one version string such as 0.1.0, got {text!r}")
    return text


# -- the typed shape of the document ------------------------------------------------------------

EXTRA_DESCRIPTIONS = {
    "differential": "NMS and its mimics: the feature rows, and one record per condition with a cited cell per feature.",
    "guide": "Tables of the clinical guide: causative drugs, investigations, features by body system.",
    "corrections": "Common errors about NMS, each with the cited correction.",
    "changelog": "What changed in each release of the handbook.",
}


def _extra_type(value) -> Any:
    """The type of one collection added by a loader (hb.extra), for serialising and the schema."""
    if isinstance(value, BaseModel):
        return type(value)
    if isinstance(value, dict) and value and all(isinstance(v, BaseModel) for v in value.values()):
        kinds = {type(v) for v in value.values()}
        if len(kinds) == 1:
            return dict[str, kinds.pop()]
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, BaseModel) for v in value):
        kinds = {type(v) for v in value}
        if len(kinds) == 1:
            return list[kinds.pop()]
    return Any


def _extra_items(hb: Handbook) -> list[tuple[str, object]]:
    return sorted(((k, v) for k, v in hb.extra.items() if not k.startswith("_")), key=lambda kv: kv[0])


def document_model(hb: Handbook) -> type[BaseModel]:
    """A pydantic model of the whole document; its fields follow the loaders that are installed."""
    extras = {name: (_extra_type(value), Field(description=EXTRA_DESCRIPTIONS.get(
                  name, f"Collection '{name}' from handbook/loaders.")))
              for name, value in _extra_items(hb)}
    return create_model(
        "NmsHandbookData",
        __config__=ConfigDict(extra="forbid", title="NMS Handbook data"),
        format=(str, Field(description=f"Always '{FORMAT}'.", pattern=f"^{FORMAT}$")),
        format_version=(int, Field(description="Changes when the layout of this document changes.")),
        version=(str, Field(description="Release of the handbook (the repository's VERSION file).")),
        data_version=(str, Field(description="Newest check date of the data, then a hash of the data "
                                             "below: it changes whenever any clinical datum changes.")),
        last_checked=(datetime.date, Field(description="Newest date on which data was checked against its sources.")),
        licence=(dict[str, str], Field(description="Licence of the content.")),
        source=(str, Field(description="Address of the published handbook.")),
        disclaimer=(str, Field(description="What the data is for, and its limits.")),
        references=(list[Reference], Field(description="Every source, by key; `cite` entries elsewhere name these keys.")),
        features=(list[Feature], Field(description="Rows of the side-by-side comparison of criteria sets.")),
        criteria=(list[CriteriaSet], Field(description="Criteria sets as trees of findings with structured thresholds.")),
        facts=(list[FactFile], Field(description="Figures, doses and statements quoted in the pages, by topic.")),
        **extras,
    )


def _dump(tp, value):
    return TypeAdapter(tp).dump_python(value, mode="json", by_alias=True, exclude_none=True)


def _payload(hb: Handbook) -> dict:
    out = {
        "references": _dump(list[Reference], list(hb.references.values())),
        "features": _dump(list[Feature], list(hb.features.values())),
        "criteria": _dump(list[CriteriaSet], [hb.criteria[k] for k in sorted(hb.criteria)]),
        "facts": _dump(list[FactFile], [hb.fact_files[k] for k in sorted(hb.fact_files)]),
    }
    for name, value in _extra_items(hb):
        out[name] = _dump(_extra_type(value), value)
    return out


def _dates(obj):
    """Every `last_checked` date under obj. Other dates (a changelog entry's, a reference's
    `updated`) say nothing about when the data was checked."""
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            if name == "last_checked" and isinstance(value, datetime.date):
                yield value
            else:
                yield from _dates(value)
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _dates(v)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            yield from _dates(v)


def last_checked(hb: Handbook) -> datetime.date:
    """Newest `last_checked` in the criteria, facts and loader collections."""
    dates = [d for obj in [*hb.criteria.values(), *hb.fact_files.values(), *(v for _, v in _extra_items(hb))]
             for d in _dates(obj)]
    return max(dates) if dates else datetime.date(1970, 1, 1)


def data_version(hb: Handbook) -> str:
    """'2026-11-24.1a2b3c4d': newest check date, then a hash of the canonical data."""
    canonical = json.dumps(_payload(hb), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return f"{last_checked(hb).isoformat()}.{hashlib.sha256(canonical.encode()).hexdigest()[:8]}"


def document(hb: Handbook, version: str | None = None) -> dict:
    """The whole published document as plain JSON-ready data."""
    doc = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "version": version or release_version(),
        "data_version": data_version(hb),
        "last_checked": last_checked(hb).isoformat(),
        "licence": dict(LICENCE),
        "source": SITE_URL,
        "disclaimer": DISCLAIMER,
        **_payload(hb),
    }
    document_model(hb).model_validate_json(json.dumps(doc))  # the document always matches its schema
    return doc


def schema(hb: Handbook) -> dict:
    """The JSON Schema (draft 2020-12) of `document(hb)`."""
    sch = document_model(hb).model_json_schema(by_alias=True, mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": SITE_URL + SCHEMA_PATH, **sch}


def to_json(obj) -> str:
    """Stable text: the same data always gives the same bytes."""
    return json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def files(hb: Handbook, version: str | None = None) -> dict[str, str]:
    """{site path: text} for the two published files."""
    return {JSON_PATH: to_json(document(hb, version)), SCHEMA_PATH: to_json(schema(hb))}


def main(argv: list[str]) -> int:
    """python -m handbook.export OUT_DIR: write data/*.json under OUT_DIR (for builders without hooks)."""
    from .data import load
    if len(argv) != 1:
        print("usage: python -m handbook.export OUT_DIR", file=sys.stderr)
        return 2
    for rel, text in files(load()).items():
        path = Path(argv[0]) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
