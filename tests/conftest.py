"""Shared fixtures: the loaded data, one strict build of the real site, and the system Chromium."""
from __future__ import annotations

import contextlib
import functools
import http.server
import io
import os
import re
import shutil
import socketserver
import subprocess
import sys
import threading
import unicodedata
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "macros"))

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def find_chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser",
                      "/usr/lib/chromium/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


class _AnyTagLoader(yaml.SafeLoader):
    """mkdocs.yml uses !ENV tags; read them as nothing (None)."""


_AnyTagLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def mkdocs_config() -> dict:
    """mkdocs.yml as plain data, its tagged values (!ENV ...) read as None."""
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTagLoader)


def nav_entries(nav=None) -> list[tuple[str, str]]:
    """(title, page) of every page in mkdocs.yml's nav, in order, sections flattened."""
    if nav is None:
        nav = mkdocs_config()["nav"]
    out = []
    for entry in nav:
        for title, target in entry.items():
            out += nav_entries(target) if isinstance(target, list) else [(title, target)]
    return out


def mkdocs_build(project: Path, dest: Path) -> subprocess.CompletedProcess:
    """A plain strict build. Never -q or -v: with either, MkDocs 1.6 exits 0 despite warnings."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dest)],
                          cwd=project, env=env, capture_output=True, text=True)


def build_fails(project: Path, dest: Path, *fragments: str) -> str:
    """The strict build of `project` must fail, its output holding every fragment. Returns the output."""
    result = mkdocs_build(project, dest)
    out = result.stdout + result.stderr
    assert result.returncode != 0, out
    for fragment in fragments:
        assert fragment in out, out
    return out


@pytest.fixture(scope="session")
def handbook():
    from handbook.data import load
    return load()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("build") / "site"
    result = mkdocs_build(ROOT, dest)
    assert result.returncode == 0, result.stdout + result.stderr
    return dest


@pytest.fixture(scope="session")
def html(built_site):
    """html('criteria/index.html') -> BeautifulSoup of that built page."""
    @functools.cache
    def parse(path: str) -> BeautifulSoup:
        return BeautifulSoup((built_site / path).read_text(encoding="utf-8"), "html.parser")
    return parse


def theme_stylesheet(name: str) -> Path:
    """Material's own stylesheet ("main" or "palette"), as the theme ships it."""
    import material

    [path] = (Path(material.__file__).parent / "templates/assets/stylesheets").glob(f"{name}.*.min.css")
    return path


def content_pages(site: Path) -> list[str]:
    """Every built page except the 404 page, the search/asset folders and print_page.html (the
    print-all page copies every other page, with its anchors prefixed by the page's path)."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if p.name not in ("404.html", "print_page.html")
                  and p.relative_to(site).parts[0] not in ("assets", "search"))


# --- Printing ------------------------------------------------------------------------------------

def pdf_of(page, fmt: str):
    """The page printed by Chromium on paper of `fmt` ('A4', 'Letter'), as a pypdf reader."""
    from pypdf import PdfReader
    return PdfReader(io.BytesIO(page.pdf(format=fmt, prefer_css_page_size=False)))


def squash(text: str) -> str:
    """Compare text without caring where lines wrapped: NFKC (ligatures such as 'ﬁ'), no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


# --- Browser -----------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    path = find_chromium()
    if not path:
        pytest.fail("No system Chromium found. Run `make test` (it installs Debian's chromium when root) "
                    "or set CHROMIUM=/path/to/chromium. Browser tests are never skipped.")
    return {**browser_type_launch_args, "executable_path": path, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "java_script_enabled": False, "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def js_context(browser):
    """A browser context with JavaScript on (the default context has it off)."""
    ctx = browser.new_context(java_script_enabled=True, viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve_directory(directory: Path, handler=_Quiet):
    """Serve `directory` over HTTP on a free local port for the duration; yields the root URL."""
    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def http_root(built_site):
    with serve_directory(built_site) as root:
        yield root


def record_external(context) -> list[str]:
    """Abort and record every request that leaves file:// or this machine."""
    seen: list[str] = []

    def handler(route):
        u = urlparse(route.request.url)
        if u.scheme in ("file", "data", "blob") or u.hostname in ("127.0.0.1", "localhost"):
            return route.continue_()
        seen.append(route.request.url)
        return route.abort()

    context.route("**/*", handler)
    return seen


def wait_for_search_results(page) -> str:
    """Wait for Material's search to list a result; returns its summary ("3 matching documents")."""
    page.locator(".md-search-result__item").first.wait_for(state="attached", timeout=15000)
    return page.inner_text(".md-search-result__meta")


def search_for(page, query: str) -> str:
    """Search as a reader does: through the header's search button below 76.25em (where the box is
    hidden), in the box itself above; type `query` and wait for results. Returns their summary."""
    if page.viewport_size["width"] < 1220:
        page.click("label.md-header__button[for=__search]")
        page.locator("input.md-search__input").focus()
    else:
        page.click("input.md-search__input")
    page.keyboard.type(query)
    return wait_for_search_results(page)


def ax_text(page, selector: str) -> str:
    """Rendered text of an element including CSS generated content (counter values), read from
    Chromium's accessibility tree over CDP. Works with JavaScript disabled."""
    cdp = page.context.new_cdp_session(page)
    try:
        doc = cdp.send("DOM.getDocument", {"depth": -1})
        nid = cdp.send("DOM.querySelector", {"nodeId": doc["root"]["nodeId"], "selector": selector})["nodeId"]
        if not nid:
            raise AssertionError(f"no element matches {selector!r}")
        backend = cdp.send("DOM.describeNode", {"nodeId": nid})["node"]["backendNodeId"]
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
        by_id = {n["nodeId"]: n for n in nodes}
        out: list[str] = []

        def walk(n):
            if n.get("role", {}).get("value") in ("StaticText",):
                out.append(n.get("name", {}).get("value", ""))
            for c in n.get("childIds", []):
                if c in by_id:
                    walk(by_id[c])

        walk(next(n for n in nodes if n.get("backendDOMNodeId") == backend))
        return "".join(out)
    finally:
        cdp.detach()
