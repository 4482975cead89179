"""The committed JSON Schemas (schema/*.schema.json) match the pydantic models, every data file
names its schema on its first line, and the schemas accept the real data and reject mistakes.

Fix a failure here with `make schema`.
"""
from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from conftest import ROOT
from handbook import schemas

KINDS = schemas.kinds()
FIX = "run `make schema` and commit the result"


def _as_json(path):
    # YAML reads dates as dates; editors (and JSON Schema) see them as text.
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def test_the_core_kinds_have_schemas():
    names = {k.name for k in KINDS}
    assert {"references", "features", "criteria", "facts"} <= names, names


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_committed_schema_matches_the_model(kind):
    path = schemas.SCHEMA_DIR / kind.filename
    assert path.exists(), f"{path.relative_to(ROOT)} is missing: {FIX}"
    assert path.read_text(encoding="utf-8") == schemas.render(kind), f"{path.relative_to(ROOT)} is stale: {FIX}"


def test_no_stray_schema_files():
    wanted = {k.filename for k in KINDS}
    present = {p.name for p in schemas.SCHEMA_DIR.glob("*.json")}
    assert present == wanted, f"unexpected: {present - wanted}; {FIX}"


def test_every_data_file_has_a_kind_and_names_its_schema_on_line_one():
    problems = []
    files = schemas.data_files()
    assert len(files) >= 5
    for f in files:
        rel = f.relative_to(schemas.DATA_DIR).as_posix()
        kind = schemas.kind_of(rel, KINDS)
        if kind is None:
            problems.append(f"{rel}: no schema for this kind of file (add it to kinds() in macros/handbook/schemas.py)")
            continue
        first = f.read_text(encoding="utf-8").split("\n", 1)[0]
        want = schemas.expected_comment(f, kind)
        if first != want:
            problems.append(f"{rel}: line 1 is {first!r}, expected {want!r}")
        target = (f.parent / want.removeprefix(schemas.COMMENT_PREFIX)).resolve()
        assert target == (schemas.SCHEMA_DIR / kind.filename).resolve()
    assert not problems, f"{FIX}:\n" + "\n".join(problems)


def test_the_two_foundation_comments_are_unchanged():
    """iec.yaml and features.yaml carried these before the schemas existed; the paths must agree."""
    assert (ROOT / "macros/data/criteria/iec.yaml").read_text().startswith(
        "# yaml-language-server: $schema=../../../schema/criteria.schema.json\n")
    assert (ROOT / "macros/data/features.yaml").read_text().startswith(
        "# yaml-language-server: $schema=../../schema/features.schema.json\n")


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_schema_accepts_every_real_data_file(kind):
    validator = jsonschema.Draft202012Validator(json.loads((schemas.SCHEMA_DIR / kind.filename).read_text()),
                                                format_checker=jsonschema.FormatChecker())
    files = [f for f in schemas.data_files()
             if schemas.kind_of(f.relative_to(schemas.DATA_DIR).as_posix(), KINDS) == kind]
    assert files, f"no data file of kind {kind.name}"
    for f in files:
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(_as_json(f))]
        assert not errors, f"{f.relative_to(ROOT)}: an editor would flag valid data:\n" + "\n".join(errors[:10])


def test_schema_flags_typical_mistakes():
    criteria = next(k for k in KINDS if k.name == "criteria")
    validator = jsonschema.Draft202012Validator(schemas.schema_of(criteria))
    good = _as_json(ROOT / "macros/data/criteria/iec.yaml")
    assert not list(validator.iter_errors(good))
    for corrupt, words in [
        (lambda d: d.update(colour="red"), "Additional properties"),
        (lambda d: d.pop("name"), "'name' is a required property"),
        (lambda d: d["findings"][1]["thresholds"][0].update(operator="=>"), "'=>' is not one of"),
        (lambda d: d.update(cite=[]), "should be non-empty"),
        (lambda d: d.update(cite=["not a key"]), "is not valid under any of the given schemas"),
    ]:
        data = _as_json(ROOT / "macros/data/criteria/iec.yaml")
        corrupt(data)
        messages = " | ".join(e.message for e in validator.iter_errors(data))
        assert words in messages, (words, messages)
    # The short form `cite: [Key]` is accepted, like the loader accepts it.
    data = _as_json(ROOT / "macros/data/criteria/iec.yaml")
    data["cite"] = ["Gurrera2011"]
    assert not list(validator.iter_errors(data))
