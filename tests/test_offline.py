"""The offline bundle (`make bundle`, .ci/bundle.py): a deterministic zip that works unzipped from
file:// with no network. Every page loads, search works, the checklist scores, and no page asks
another host for anything, with JavaScript on or off."""
from __future__ import annotations

import http.server
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, ax_text, content_pages, mkdocs_config, record_external, search_for, serve_directory
from handbook.logic import evaluate
from mutate import copy_project

BUNDLE = ROOT / ".ci" / "bundle.py"
VERSION = (ROOT / "VERSION").read_text(encoding="utf-8").strip()
TOP = f"nms-handbook-{VERSION}"


def run_bundle(out: Path, root: Path = ROOT) -> Path:
    r = subprocess.run([sys.executable, str(BUNDLE), "--out", str(out), "--root", str(root)],
                       cwd=root, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    zip_path = out / f"{TOP}.zip"
    assert r.stdout.strip().endswith(zip_path.name) and zip_path.exists(), r.stdout
    return zip_path


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory) -> Path:
    """A clean copy of the project (no site/, dist/ or caches), taken once: both builds below start
    from the same sources even while someone edits the working tree."""
    return copy_project(tmp_path_factory.mktemp("clean"))


@pytest.fixture(scope="module")
def bundle_zip(snapshot, tmp_path_factory) -> Path:
    return run_bundle(tmp_path_factory.mktemp("dist"), root=snapshot)


@pytest.fixture(scope="module")
def bundle(bundle_zip, tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(bundle_zip) as zf:
        zf.extractall(dest)
    return dest / TOP


def bundle_pages(bundle: Path) -> list[str]:
    return sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("*.html")
                  if p.relative_to(bundle).parts[0] not in ("assets", "search"))


# --- The zip ---------------------------------------------------------------------------------------

def test_bundle_contents(bundle_zip, bundle, built_site):
    with zipfile.ZipFile(bundle_zip) as zf:
        names = zf.namelist()
    assert names == sorted(names), "entries are not sorted"
    assert all(n.startswith(TOP + "/") for n in names)
    files = [n[len(TOP) + 1:] for n in names]
    assert not [f for f in files if f.endswith(".map")], "source maps are not needed offline"
    assert not [f for f in files if f.startswith("assets/javascripts/lunr/")], "non-English search files"
    assert "404.html" not in files and "sitemap.xml" not in files
    # Every page of the site, the search index for file://, the data and the whole-handbook page.
    missing = set(content_pages(built_site)) - set(files)
    assert not missing, sorted(missing)
    for needed in ("index.html", "search/search_index.js", "data/nms-handbook.json",
                   "data/nms-handbook.schema.json", "print_page.html", "VERSION.txt",
                   "assets/vendor/iframe-worker/shim.js"):
        assert needed in files, needed
    data = json.loads((bundle / "data/nms-handbook.json").read_text(encoding="utf-8"))
    about = (bundle / "VERSION.txt").read_text(encoding="utf-8")
    assert f"NMS Handbook {VERSION}" in about and data["data_version"] in about
    assert data["version"] == VERSION


def test_bundle_is_byte_identical_when_rebuilt_from_a_clean_tree(snapshot, bundle_zip, tmp_path):
    """`make bundle` runs .ci/bundle.py; the same sources, copied to another folder and built
    again at another time, give exactly the same bytes."""
    project = tmp_path / "elsewhere" / "project"
    shutil.copytree(snapshot, project, ignore=shutil.ignore_patterns("__pycache__"))
    second = run_bundle(tmp_path / "dist", root=project)
    assert second.read_bytes() == bundle_zip.read_bytes()


def test_makefile_bundle_target_calls_the_script():
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^bundle:.*\n\t\$\(BIN\)/python \.ci/bundle\.py", make, re.M), "make bundle must run .ci/bundle.py"


_EXTERNAL_ATTR = re.compile(r"""<(script|link|img|iframe|source|video|audio|embed|object)\b[^>]*?"""
                            r"""\b(src|href|data|srcset)=["']\s*(https?:)?//""", re.I)


def test_no_page_references_a_resource_on_another_host(bundle):
    """Statically: no script, stylesheet, image or frame comes from another host (links to sources
    are fine: they are only followed when clicked). `rel=canonical` names the site's address only."""
    bad = {}
    for rel in bundle_pages(bundle):
        text = (bundle / rel).read_text(encoding="utf-8")
        hits = [m.group(0) for m in _EXTERNAL_ATTR.finditer(text) if 'rel="canonical"' not in m.group(0)]
        if hits:
            bad[rel] = hits[:3]
    assert not bad, bad
    for css in bundle.rglob("*.css"):
        assert not re.search(r"url\(\s*[\"']?(https?:)?//", css.read_text(encoding="utf-8")), css


# --- In Chromium, from file:// -----------------------------------------------------------------------


@pytest.mark.browser
def test_every_page_loads_offline_without_javascript(page, bundle):
    external = record_external(page.context)
    pages = bundle_pages(bundle)
    assert len(pages) >= 20
    for rel in pages:
        response = page.goto((bundle / rel).as_uri())
        assert response is None or response.ok, rel
        assert page.locator("article h1").count() >= 1, f"{rel}: no page title"
        # The navigation works from the disk: every navigation link points at a file in the bundle.
        for href in page.eval_on_selector_all("nav.md-nav--primary a.md-nav__link[href]",
                                              "els => els.map(e => e.href)"):
            if href.startswith("file://"):
                target = Path(href.split("#")[0].removeprefix("file://"))
                assert target.exists(), f"{rel}: navigation link to missing {target}"
    assert external == []


@pytest.mark.browser
def test_every_page_loads_offline_with_javascript(js_context, bundle):
    external = record_external(js_context)
    errors: list[str] = []
    page = js_context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    for rel in bundle_pages(bundle):
        page.goto((bundle / rel).as_uri())
        page.wait_for_load_state("load")
        # The print-all page loads none of the theme's scripts, by design (handbook/print_page.py).
        ran = page.evaluate("typeof document$") != "undefined"
        assert ran == (rel != "print_page.html"), f"{rel}: Material's JavaScript ran: {ran}"
    assert external == []
    assert errors == []


@pytest.mark.browser
def test_search_works_offline(js_context, bundle):
    external = record_external(js_context)
    page = js_context.new_page()
    page.goto((bundle / "index.html").as_uri())
    meta = search_for(page, "rigidity")
    assert page.locator(".md-search-result__item").count() >= 1
    assert re.search(r"\d+ matching document", meta), meta
    # A result links to a page inside the bundle.
    href = page.locator(".md-search-result__link").first.get_attribute("href")
    assert href and not href.startswith("http"), href
    assert external == []


@pytest.mark.browser
def test_iec_checklist_scores_offline_without_javascript(page, bundle, handbook):
    external = record_external(page.context)
    page.goto((bundle / "checklist/iec.html").as_uri())
    assert page.evaluate("typeof document$") == "undefined", "JavaScript is not off"
    cset = handbook.criteria["iec"]
    states = {"rigidity": "present", "exposure": "present"}
    for fid, state in states.items():
        page.check(f"#cl-iec-{fid}-{state}")
    points = evaluate(cset, states).points
    result = ax_text(page, "#cl-iec-result")
    assert f"Points from findings present: {points} of {cset.rule.total}." in result, result
    assert external == []


# --- GitHub Pages: the 404 page under the site's sub-path ----------------------------------------------

class _PagesLike(http.server.SimpleHTTPRequestHandler):
    """Serves the site under /nms-handbook/ and answers a missing file with 404.html and status 404,
    as GitHub Pages does for a project site."""

    prefix = "/nms-handbook/"

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        path = path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__missing__")
        return super().translate_path("/" + path[len(self.prefix):])

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def pages_server(built_site):
    with serve_directory(built_site, _PagesLike) as root:
        yield root


@pytest.mark.browser
@pytest.mark.parametrize("js", [False, True])
def test_404_page_works_under_the_pages_sub_path(js, browser, pages_server):
    assert mkdocs_config()["site_url"] == "https://nms-handbook.github.io/nms-handbook/"
    ctx = browser.new_context(java_script_enabled=js)
    try:
        external = record_external(ctx)
        statuses: dict[str, int] = {}
        ctx.on("response", lambda r: statuses.__setitem__(r.url, r.status))
        page = ctx.new_page()
        response = page.goto(f"{pages_server}/nms-handbook/no/such/page.html")
        page.wait_for_load_state("load")
        assert response.status == 404
        assert "404" in page.inner_text("article h1")
        # It leads on to the pages most used at the bedside, each of which exists, and asks for a
        # report of the broken link.
        links = page.eval_on_selector_all("article ul.not-found-links a", "els => els.map(e => e.getAttribute('href'))")
        assert len(links) >= 4 and "/nms-handbook/checklist/iec.html" in links, links
        for href in links:
            assert href.startswith("/nms-handbook/") and ctx.request.get(pages_server + href).status == 200, href
        report = page.get_attribute("article a[href*='/issues/new?']", "href")
        assert report and "template=error.yml" in report, report
        assets = {u: s for u, s in statuses.items() if "/no/such/" not in u}
        assert assets and all(s == 200 for s in assets.values()), assets
        assert any(u.endswith(".css") for u in assets) and any("/nms-handbook/assets/" in u for u in assets)
        # Its links lead back into the site.
        home = page.get_attribute("a.md-header__button.md-logo", "href")
        assert home and home.startswith("/nms-handbook/"), home
        assert external == []
    finally:
        ctx.close()
