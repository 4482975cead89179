"""`make check` (python -m handbook.check), the data-only check that pre-commit also runs."""
import subprocess
import sys

import yaml

from conftest import ROOT
from mutate import copy_data, replace_text


def _check(*args):
    return subprocess.run([sys.executable, "-m", "handbook.check", *map(str, args)],
                          cwd=ROOT / "macros", capture_output=True, text=True, timeout=120)


def test_the_real_data_passes():
    result = _check()
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("data OK:")


def test_a_mistake_fails_with_the_builds_message(tmp_path):
    d = copy_data(tmp_path)
    replace_text(d / "criteria/iec.yaml", "points: 18,", "points: 18 pts,")
    result = _check(d)
    assert result.returncode == 1
    assert "set 'iec': item 'hyperthermia': field 'points': expected an integer, got '18 pts'" in result.stderr
    assert "Traceback" not in result.stderr


def test_make_check_and_pre_commit_run_it():
    assert "-m handbook.check" in (ROOT / "Makefile").read_text()
    hooks = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    entries = [h["entry"] for repo in hooks["repos"] for h in repo["hooks"] if h["id"] == "handbook-data"]
    assert entries and "from handbook.check import main" in entries[0]
