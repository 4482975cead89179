"""LinkChecker 10.6.0 with AnchorCheck over the built site: no broken internal link or anchor.

(mkdocs-htmlproofer-plugin already checks links during the build; this is an independent check of
the files as shipped.) Run as root, LinkChecker drops to the user `nobody`, so the tree it reads
must be world-readable and so must every folder above it: pytest's own tmp folders are mode 700,
so the site is copied into a fresh world-readable folder under the system temp dir.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest


def _readable_copy(site: Path) -> Path:
    top = Path(tempfile.mkdtemp(prefix="nms-links-"))
    os.chmod(top, 0o755)
    dest = top / "site"
    shutil.copytree(site, dest)
    subprocess.run(["chmod", "-R", "a+rX", str(top)], check=True)
    return dest


@pytest.fixture()
def readable_site(built_site):
    dest = _readable_copy(built_site)
    yield dest
    shutil.rmtree(dest.parent, ignore_errors=True)


def _linkcheck(site: Path) -> subprocess.CompletedProcess:
    rc = site.parent / "linkcheckerrc"
    rc.write_text("[AnchorCheck]\n")
    rc.chmod(0o644)
    exe = Path(sys.executable).with_name("linkchecker")
    # No --no-warnings: a missing anchor is reported as a warning, and warnings must fail.
    return subprocess.run([str(exe), "--config", str(rc), "--no-status", f"{site}/"],
                          capture_output=True, text=True, timeout=300)


def _summary(result) -> str:
    return result.stdout[-6000:] + result.stderr[-2000:]


def test_no_broken_internal_links_or_anchors(readable_site):
    result = _linkcheck(readable_site)
    out = result.stdout
    assert result.returncode == 0, _summary(result)
    assert " 0 warnings found. 0 errors found." in out, _summary(result)
    checked = int(out.split(" links in ")[-1].split()[0])
    assert checked >= 100, f"only {checked} URLs checked: did LinkChecker read the site?\n{_summary(result)}"


def test_linkchecker_reports_a_missing_page_and_a_missing_anchor(readable_site):
    """The gate can fail: both kinds of breakage are caught."""
    bad = readable_site / "broken-links.html"
    bad.write_text('<!doctype html><html lang="en"><head><title>x</title></head><body>'
                   '<a href="no-such-page.html">gone</a> <a href="index.html#no-such-anchor">anchor</a>'
                   "</body></html>")
    bad.chmod(0o644)
    result = _linkcheck(readable_site)
    out = result.stdout
    assert result.returncode != 0
    assert "no-such-page.html" in out, _summary(result)
    assert "no-such-anchor" in out, _summary(result)
