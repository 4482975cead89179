"""`mkdocs serve` serves the site and picks up an edit to a data file (watch + module reload)."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import ROOT, theme_stylesheet
from mutate import copy_project, replace_text


def serve_env() -> dict[str, str]:
    """The variables `make serve` sets (SERVE_ENV in the Makefile), so the test serves as it does."""
    line = re.search(r"^SERVE_ENV := (.*)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M).group(1)
    return dict(pair.split("=", 1) for pair in line.split())


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
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **serve_env()}
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


def test_preview_build_keeps_theme_css_whole_and_picks_up_an_edited_template(tmp_path):
    """The build `make serve` runs (SERVE_ENV) links the theme's own stylesheets, untrimmed, and
    writes no print-all page and no search index; a template edited after a build shows at the
    next build, despite the compiled templates kept in .cache/jinja/."""
    project = copy_project(tmp_path)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **serve_env()}

    def build(dest: str) -> str:
        r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", dest],
                           cwd=project, env=env, capture_output=True, text=True)
        assert r.returncode == 0, r.stdout + r.stderr
        return (project / dest / "index.html").read_text(encoding="utf-8")

    page = build("first")
    for name in ("main", "palette"):
        theme = theme_stylesheet(name)
        assert f"assets/stylesheets/{theme.name}" in page, name
        assert (project / "first/assets/stylesheets" / theme.name).read_bytes() == theme.read_bytes()
    assert not (project / "first/print_page.html").exists()
    # Search is off in the preview, and Material then shows no search box that would find nothing.
    assert not (project / "first/search/search_index.json").exists()
    assert 'for="__search"' not in page
    assert list((project / ".cache/jinja").iterdir()), "no compiled template was cached"

    replace_text(project / "docs/overrides/main.html", "{% block scripts %}",
                 "{% block scripts %}<!-- edited template -->")
    assert "<!-- edited template -->" in build("second")


def test_preview_polls_for_edits_every_tenth_of_a_second(tmp_path):
    """MkDocs' live-reload server polls every 0.5 s; the hook's on_serve shortens that for the
    watchers made before it runs (docs/, mkdocs.yml) and for those made after (`watch:`)."""
    from mkdocs.livereload import LiveReloadServer

    from handbook import hooks

    (tmp_path / "docs").mkdir()
    (tmp_path / "macros").mkdir()
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=_free_port(), root=str(tmp_path))
    server.watch(str(tmp_path / "docs"))
    assert server.observer.timeout == 0.5, "MkDocs' own interval changed: revisit on_serve"
    assert hooks.on_serve(server, config=None, builder=None) is server
    server.watch(str(tmp_path / "macros"))
    watchers = [server.observer, *server.observer.emitters]
    assert len(watchers) == 3
    assert {w.timeout for w in watchers} == {hooks.PREVIEW_POLL_SECONDS} == {0.1}
