"""codespell (2.4.3) over the pages, the data and code, the README and CONTRIBUTING.

Configuration: .codespellrc; the medical word list: .codespell-words (reasons in .codespellrc).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT

TARGETS = ["docs", "macros", "README.md", "CONTRIBUTING.md"]


def _codespell(*paths: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("codespell")
    return subprocess.run([str(exe), "--config", str(ROOT / ".codespellrc"), *paths],
                          cwd=cwd, capture_output=True, text=True, timeout=120)


def test_no_misspellings():
    present = [t for t in TARGETS if (ROOT / t).exists()]
    assert present == TARGETS, f"missing: {set(TARGETS) - set(present)}"
    result = _codespell(*present)
    assert result.returncode == 0, "codespell found:\n" + result.stdout + result.stderr


def test_codespell_catches_a_typo_but_not_a_listed_medical_word(tmp_path):
    sample = tmp_path / "sample.md"
    sample.write_text("Patients recieve ECT; see J Nerv Ment Dis and torsades de pointes.\n")
    result = _codespell(str(sample))
    assert result.returncode != 0
    assert "recieve ==> receive" in result.stdout
    for word in ("ECT", "Ment", "pointes"):
        assert f"{word} ==>" not in result.stdout, result.stdout


def test_every_ignored_word_is_explained():
    words = [w for w in (ROOT / ".codespell-words").read_text().split("\n") if w]
    rc = (ROOT / ".codespellrc").read_text()
    for word in words:
        assert word == word.strip().lower(), f"{word!r}: one lower-case word per line"
        assert f"#   {word} " in rc, f"{word!r} is ignored but .codespellrc gives no reason"
