"""Helpers to copy the project or its data, corrupt one thing, and see what fails."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "macros" / "data"


def copy_data(tmp: Path) -> Path:
    dest = tmp / "data"
    shutil.copytree(DATA, dest)
    return dest


def copy_project(tmp: Path) -> Path:
    dest = tmp / "project"
    dest.mkdir()
    for name in ("mkdocs.yml", "docs", "macros"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name if src.is_dir() else dest)
    # Top-level files the build may read (VERSION, for example); never the venv, site or caches.
    for src in ROOT.iterdir():
        if src.is_file() and not (dest / src.name).exists():
            shutil.copy(src, dest / src.name)
    return dest


def edit_yaml(path: Path, change) -> None:
    """Load, change with a function, write back (comments are lost; fine for a throwaway copy)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def replace_text(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def fails_with(data_dir: Path, *fragments: str) -> str:
    """Loading `data_dir` must fail with one DataError whose message holds every fragment (and no
    traceback). Returns the message."""
    from handbook.data import load
    from handbook.errors import DataError

    with pytest.raises(DataError) as info:
        load(data_dir)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, message
    assert "Traceback" not in message
    return message
