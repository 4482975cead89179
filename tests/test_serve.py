"""`mkdocs serve` serves the site and picks up an edit to a data file (watch + module reload)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

from mutate import copy_project, replace_text


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = _get(url)
        if body and text in body:
            return True
        time.sleep(0.25)
    return False


def test_serve_rebuilds_when_a_data_file_changes(tmp_path):
    project = copy_project(tmp_path)
    port = _free_port()
    # As `make serve` runs it (SERVE_ENV in the Makefile).
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HTMLPROOFER": "false", "PRINT_SITE": "false"}
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                            cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        # site_url has a sub-path; serve mounts the site under it.
        url = f"http://127.0.0.1:{port}/nms-handbook/references.html"
        assert _wait_for(url, "References", 60), "mkdocs serve did not come up"
        ref = project / "macros/data/references.yaml"
        replace_text(ref, "An international consensus study of", "EDITED consensus study of")
        assert _wait_for(url, "EDITED consensus study", 30), "the data edit was not served"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
