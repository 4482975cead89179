"""JSON Schemas of the data files, generated from the pydantic models, for editors.

Each kind of data file under macros/data has a schema in schema/<name>.schema.json, and each data
file names its schema on its FIRST line, so that YAML editors (VS Code with the Red Hat YAML
extension, or any editor using yaml-language-server) complete field names and flag mistakes:

    # yaml-language-server: $schema=../../../schema/criteria.schema.json

Write the schemas (and add or correct that first line in every data file) with `make schema`,
i.e. `python -m handbook.schemas` from macros/. tests/test_schema.py fails when a committed
schema differs from the models, or a data file lacks the right first line.

The build never reads these files: the pydantic models stay the one source of truth.
"""
from __future__ import annotations

import fnmatch
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from .data import DATA_DIR, PROJECT_ROOT
from .model.changelog import ChangeEntry
from .model.common import RefKey
from .model.corrections import Correction
from .model.criteria import CriteriaSet
from .model.differential import Condition, DiffFeature
from .model.facts import FactFile
from .model.features import Feature
from .model.guide import GuideTables
from .model.references import Reference

SCHEMA_DIR = PROJECT_ROOT / "schema"
COMMENT_PREFIX = "# yaml-language-server: $schema="
DRAFT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class Kind:
    name: str          # schema/<name>.schema.json
    pattern: str       # glob relative to macros/data, matched with fnmatch
    model: Any         # pydantic type of the whole file
    title: str

    @property
    def filename(self) -> str:
        return f"{self.name}.schema.json"


def kinds() -> list[Kind]:
    """Every kind of data file."""
    return [
        Kind("references", "references.yaml", list[Reference], "NMS Handbook references"),
        Kind("features", "features.yaml", list[Feature], "NMS Handbook criteria comparison rows"),
        Kind("criteria", "criteria/*.yaml", CriteriaSet, "NMS Handbook criteria set"),
        Kind("facts", "facts/*.yaml", FactFile, "NMS Handbook facts file"),
        Kind("differential-features", "differential/_features.yaml", list[DiffFeature],
             "NMS Handbook differential rows"),
        Kind("differential", "differential/*.yaml", Condition, "NMS Handbook differential condition"),
        Kind("corrections", "corrections.yaml", list[Correction], "NMS Handbook corrections"),
        Kind("changelog", "changelog.yaml", list[ChangeEntry], "NMS Handbook changelog"),
        Kind("guide-tables", "guide/tables.yaml", GuideTables, "NMS Handbook clinical guide tables"),
    ]


def kind_of(rel: str, all_kinds: list[Kind]) -> Kind | None:
    """The kind of a data file, by its path relative to macros/data; the first match wins, so
    specific names (differential/_features.yaml) come before globs (differential/*.yaml)."""
    return next((k for k in all_kinds if fnmatch.fnmatchcase(rel, k.pattern)), None)


def _accept_bare_cite_keys(node: Any) -> Any:
    """`cite: [Gurrera2011]` is accepted by the loader (a BeforeValidator turns the key into a Cite);
    say so in the schema too, or editors would flag every short citation."""
    if isinstance(node, dict):
        if node.get("$ref") == "#/$defs/Cite" and len(node) == 1:
            return {"anyOf": [{"$ref": "#/$defs/Cite"},
                              {**TypeAdapter(RefKey).json_schema(),
                               "description": "A reference key from references.yaml."}]}
        return {k: _accept_bare_cite_keys(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_accept_bare_cite_keys(v) for v in node]
    return node


def schema_of(kind: Kind) -> dict:
    body = TypeAdapter(kind.model).json_schema(mode="validation")
    body = _accept_bare_cite_keys(body)
    return {"$schema": DRAFT, "title": kind.title,
            "description": f"Generated from the pydantic models by `make schema`; do not edit. "
                           f"Files: macros/data/{kind.pattern}", **body}


def render(kind: Kind) -> str:
    return json.dumps(schema_of(kind), indent=2, ensure_ascii=False) + "\n"


def expected_comment(data_file: Path, kind: Kind) -> str:
    rel = os.path.relpath(SCHEMA_DIR / kind.filename, data_file.parent)
    return COMMENT_PREFIX + Path(rel).as_posix()


def data_files(data_dir: Path = DATA_DIR) -> list[Path]:
    return sorted(p for p in Path(data_dir).rglob("*.yaml"))


def write(schema_dir: Path = SCHEMA_DIR, data_dir: Path = DATA_DIR, annotate: bool = True) -> list[str]:
    """Write every schema; with annotate, put the right first line in every data file."""
    changed: list[str] = []
    schema_dir.mkdir(exist_ok=True)
    all_kinds = kinds()
    wanted = {k.filename for k in all_kinds}
    for k in all_kinds:
        path = schema_dir / k.filename
        text = render(k)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(str(path.relative_to(PROJECT_ROOT)))
    for stale in schema_dir.glob("*.schema.json"):
        if stale.name not in wanted:
            stale.unlink()
            changed.append(f"{stale.relative_to(PROJECT_ROOT)} (removed)")
    if annotate:
        for f in data_files(data_dir):
            k = kind_of(f.relative_to(data_dir).as_posix(), all_kinds)
            if k is None:
                print(f"warning: {f}: no schema for this kind of file; add it to handbook/schemas.py kinds()",
                      file=sys.stderr)
                continue
            lines = f.read_text(encoding="utf-8").split("\n")
            want = expected_comment(f, k)
            if lines and lines[0].startswith(COMMENT_PREFIX):
                if lines[0] == want:
                    continue
                lines[0] = want
            else:
                lines.insert(0, want)
            f.write_text("\n".join(lines), encoding="utf-8")
            changed.append(str(f.relative_to(PROJECT_ROOT)))
    return changed


if __name__ == "__main__":
    for item in write():
        print(f"wrote {item}")
