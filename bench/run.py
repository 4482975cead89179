#!/usr/bin/env python3
"""Benchmarks of the NMS Handbook: measures, prints a table and writes bench/results.md.

Run with `make bench` (installs Lighthouse into bench/node_modules first), or
`.venv/bin/python bench/run.py [--runs N] [--skip-lighthouse] [--lighthouse-pages a.html,b.html]
[--lighthouse-runs N]`.

Never imported by the tests: timings are reported here, never asserted.

1. Strict build time of the site against a bare Material site with the same pages (macro calls
   stripped; no macros, hooks, htmlproofer or print-site), alternated in one run; median of N.
   Also, with no target, against plain Material given the same pages as the macros render them
   (what the site's own machinery adds for the same content).
2. Edit-to-served latency: `mkdocs serve` on a copy of the project, as `make serve` runs it
   (SERVE_ENV in the Makefile); a reference title in macros/data/references.yaml is changed and
   references.html is polled until it shows the change; median of 3N.
3. Bytes per page in Chromium (raw and gzip -6 of every response), JavaScript off and on, each page
   in a fresh context (cold cache).
4. The offline zip, built from the benchmarked site as `make bundle` builds it, and what its bytes
   are made of; and the floors under two targets: plain Material given the same rendered pages
   (build time), and the print-all page's text and stylesheets alone (its weight).
5. Lighthouse 12.2.3 mobile scores per page (performance, accessibility, best practices, SEO), the
   median of several runs of each page (--lighthouse-runs, three by default).
"""
from __future__ import annotations

import argparse
import datetime
import functools
import gzip
import http.server
import json
import os
import random
import re
import shutil
import socket
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import zipfile
import zlib
from html.parser import HTMLParser
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
PY = sys.executable
CHROMIUM = os.environ.get("CHROMIUM") or next(
    (p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium") if Path(p).exists()),
    "chromium")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
PRINT_ALL = "print_page.html"

TARGETS = {
    "build_ratio": 1.3,          # site / bare Material, strict build
    "serve_latency_s": 1.5,      # data edit -> updated page served
    "checklist_js_off_kb": 35,   # gzip, a checklist page with JavaScript off
    "page_js_on_kb": 90,         # gzip, any page with JavaScript on
    "zip_kb": 600,               # offline bundle
    "lh": {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 95},
}


# --- helpers ---------------------------------------------------------------------------------------

def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "macros"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, dest / name)
    for src in ROOT.iterdir():
        if src.is_file() and not (dest / src.name).exists():
            shutil.copy(src, dest / src.name)
    return dest


def timed_build(project: Path, dest: Path, strict: bool = True, env: dict | None = None) -> float:
    cmd = [PY, "-m", "mkdocs", "build", "-d", str(dest)] + (["--strict"] if strict else [])
    start = time.perf_counter()
    r = subprocess.run(cmd, cwd=project, env={**ENV, **(env or {})}, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if r.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{r.stdout[-2000:]}{r.stderr[-4000:]}")
    return elapsed


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml: `!ENV [NAME, default]` becomes the default."""


_Loader.add_constructor("!ENV", lambda loader, node: (loader.construct_sequence(node)[-1]
                                                      if isinstance(node, yaml.SequenceNode) else None))


def bare_project(dest: Path, rendered: Path | None = None) -> Path:
    """The same pages and theme as plain Material, with no plugins but search and offline. Each page
    is taken from `rendered` (the Markdown the macros produced) if given, else with its macro calls
    removed (as are files that are not pages, such as snippets)."""
    dest.mkdir(parents=True)
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=shutil.ignore_patterns("__pycache__"))
    for md in (dest / "docs").rglob("*.md"):
        if rendered is not None and (rendered / md.relative_to(dest / "docs")).is_file():
            shutil.copy(rendered / md.relative_to(dest / "docs"), md)
            continue
        text = md.read_text(encoding="utf-8")
        text = re.sub(r"\{%-?\s*(raw|endraw)\s*-?%\}", "", text)
        text = re.sub(r"\{\{.*?\}\}", "", text, flags=re.S)
        text = re.sub(r"\{%.*?%\}", "", text, flags=re.S)
        md.write_text(text, encoding="utf-8")
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    config["plugins"] = ["search", "offline"]
    for key in ("hooks", "watch", "validation"):
        config.pop(key, None)
    config["strict"] = False
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return dest


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Gzip(_Quiet):
    """Like a static host (GitHub Pages): gzip text responses for clients that accept it."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if ("gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file()
                or path.suffix not in (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        import io
        return io.BytesIO(body)


def serve_dir(path: Path, compress: bool = False):
    handler = _Gzip if compress else _Quiet
    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(path)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def content_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if p.name != "404.html" and p.relative_to(site).parts[0] not in ("assets", "search"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def kb(n: float) -> str:
    return f"{n / 1024:.1f}"


def ok(value: float, target: float, higher_is_better: bool = False) -> str:
    good = value >= target if higher_is_better else value <= target
    return "yes" if good else "**no**"


# --- 1. build time ------------------------------------------------------------------------------------

# A hook for one build of a copy of the site: it writes each page's Markdown as the macros left it.
_RENDERED_MARKDOWN_HOOK = """
import os
from pathlib import Path

from mkdocs.plugins import event_priority


@event_priority(-100)  # after every plugin, the macros included
def on_page_markdown(markdown, page, **kwargs):
    out = Path(os.environ["BENCH_RENDERED_MARKDOWN"]) / page.file.src_uri
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(markdown, encoding="utf-8")
"""


def rendered_markdown(work: Path) -> Path:
    """Every page's Markdown after the macros have run, from one build of a copy of the site."""
    project, out = copy_project(work / "rendered-project"), work / "rendered-markdown"
    (project / "bench_rendered_markdown.py").write_text(_RENDERED_MARKDOWN_HOOK, encoding="utf-8")
    config = project / "mkdocs.yml"
    text, added = re.subn(r"^hooks:\n", "hooks:\n  - bench_rendered_markdown.py\n", config.read_text(encoding="utf-8"),
                          count=1, flags=re.M)
    if not added:
        raise SystemExit("bench: mkdocs.yml has no `hooks:` list to add the rendered-Markdown hook to")
    config.write_text(text, encoding="utf-8")
    timed_build(project, work / "rendered-site", strict=False,
                env={"BENCH_RENDERED_MARKDOWN": str(out), "HTMLPROOFER": "false", "PRINT_SITE": "false"})
    return out


def bench_build(runs: int, work: Path) -> dict:
    site_proj = copy_project(work / "site-project")
    bare = bare_project(work / "bare-project")
    same = bare_project(work / "same-project", rendered_markdown(work))
    timed_build(site_proj, work / "warm-site")            # warm-up (imports, disk cache)
    timed_build(bare, work / "warm-bare", strict=False)
    timed_build(same, work / "warm-same", strict=False)
    site_t, bare_t, same_t = [], [], []
    for i in range(runs):
        site_t.append(timed_build(site_proj, work / f"site-{i}"))
        bare_t.append(timed_build(bare, work / f"bare-{i}", strict=False))
        same_t.append(timed_build(same, work / f"same-{i}", strict=False))
    s, b, m = statistics.median(site_t), statistics.median(bare_t), statistics.median(same_t)
    return {"site_s": s, "bare_s": b, "ratio": s / b, "site_runs": site_t, "bare_runs": bare_t,
            "same_s": m, "same_ratio": s / m, "same_runs": same_t,
            "pages": len(content_pages(work / "site-0"))}


# --- 2. edit -> served --------------------------------------------------------------------------------

def bench_serve(runs: int, work: Path) -> dict:
    project = copy_project(work / "serve-project")
    refs = project / "macros/data/references.yaml"
    original = refs.read_text(encoding="utf-8")
    title = re.search(r'^  title: "([^"]+)"', original, re.M).group(1)
    port = free_port()
    # As `make serve` runs it: with the variables of SERVE_ENV in the Makefile.
    line = re.search(r"^SERVE_ENV := (.*)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M).group(1)
    env = {**ENV, **dict(pair.split("=", 1) for pair in line.split())}
    proc = subprocess.Popen([PY, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/nms-handbook/references.html"

    def fetch() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                return r.read().decode("utf-8", "replace")
        except Exception:
            return ""

    try:
        deadline = time.monotonic() + 120
        while title not in fetch():
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit("mkdocs serve did not come up")
            time.sleep(0.2)
        time.sleep(2)  # let the watcher settle after the first build
        latencies = []
        jitter = random.Random(9)
        for i in range(runs):
            marker = f"{title} [bench {i} {time.time_ns()}]"
            refs.write_text(original.replace(f'title: "{title}"', f'title: "{marker}"', 1), encoding="utf-8")
            start = time.perf_counter()
            while marker not in fetch():
                if time.perf_counter() - start > 120:
                    raise SystemExit("the edit was not served within 120 s")
                time.sleep(0.05)
            latencies.append(time.perf_counter() - start)
            # A varying pause, so the edits do not fall at one fixed point of the watcher's polling
            # cycle (a fixed 1.5 s did, and every run then waited the same part of a cycle).
            time.sleep(1.5 + jitter.random())
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    return {"median_s": statistics.median(latencies), "runs": latencies, "env": line}


# --- 3. bytes per page ----------------------------------------------------------------------------------

def bench_bytes(site: Path) -> list[dict]:
    from playwright.sync_api import sync_playwright
    httpd, root = serve_dir(site)
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for page_path in content_pages(site):
                row = {"page": page_path}
                for js in (False, True):
                    ctx = browser.new_context(java_script_enabled=js)
                    bodies: list[bytes] = []

                    def on_response(resp, bodies=bodies):
                        try:
                            bodies.append(resp.body())
                        except Exception:
                            pass

                    page = ctx.new_page()
                    page.on("response", on_response)
                    page.goto(f"{root}/{page_path}", wait_until="load")
                    page.wait_for_load_state("networkidle")
                    ctx.close()
                    raw = sum(len(b) for b in bodies)
                    gz = sum(len(gzip.compress(b, 6)) for b in bodies)
                    key = "on" if js else "off"
                    row[f"js_{key}_raw"], row[f"js_{key}_gz"], row[f"js_{key}_n"] = raw, gz, len(bodies)
                rows.append(row)
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return rows


# --- 4. offline zip and the print-all page: what they hold, and the floors under them -----------------

def _deflated(data: bytes) -> int:
    """Bytes of `data` deflated alone at level 9, as the bundle's zip stores each file."""
    return len(zlib.compress(data, 9))


def _article(html: bytes) -> bytes:
    start, end = html.find(b"<article"), html.find(b"</article>")
    return html[start:end] if 0 <= start < end else b""


def text_of(html: str) -> str:
    """The text a reader sees, white space folded: what no change of markup can shrink."""
    parser = _TextParser()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts)).strip()


class _TextParser(HTMLParser):
    SKIP = {"script", "style", "template", "head"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


ZIP_PARTS = (  # (label, test on the path inside the bundle's top folder), first match wins
    ("the print-all page", lambda rel: rel == PRINT_ALL),
    ("search index, script copy (file://)", lambda rel: rel == "search/search_index.js"),
    ("search index, JSON (served over http)", lambda rel: rel == "search/search_index.json"),
    ("open data (JSON and schema)", lambda rel: rel.startswith("data/")),
    ("scripts, styles and icons", lambda rel: rel.startswith("assets/")),
    ("pages", lambda rel: rel.endswith(".html")),
    ("other (VERSION.txt)", lambda rel: True),
)


def bench_zip(site: Path, work: Path) -> dict:
    """Build the offline zip from the benchmarked site (.ci/bundle.py, as `make bundle` does) and
    say what its bytes are made of. Pages are split into their article and the theme around it
    (header, navigation, footer), which every page repeats and zip compresses once per page."""
    r = subprocess.run([PY, str(ROOT / ".ci/bundle.py"), "--out", str(work / "dist"), "--site", str(site)],
                       cwd=ROOT, env=ENV, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"bench: the offline bundle failed:\n{r.stdout[-2000:]}{r.stderr[-2000:]}")
    path = Path(r.stdout.strip().splitlines()[-1])
    parts = {label: 0 for label, _ in ZIP_PARTS}
    articles = pages_n = 0
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            rel = info.filename.split("/", 1)[1]
            label = next(label for label, match in ZIP_PARTS if match(rel))
            parts[label] += info.compress_size
            if label == "pages":
                articles += _deflated(_article(zf.read(info)))
                pages_n += 1
    return {"name": path.name, "bytes": path.stat().st_size, "parts": parts, "pages_n": pages_n,
            "page_articles": articles, "page_theme": parts["pages"] - articles}


def print_page_floor(site: Path) -> dict:
    """gzip -6 of the print-all page's visible text alone and of the stylesheets it loads: the least
    that page can transfer with its content and its look, whatever its markup."""
    html = (site / PRINT_ALL).read_text(encoding="utf-8")
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    return {"text": len(gzip.compress(text_of(html).encode("utf-8"), 6)),
            "styles": sum(len(gzip.compress((site / href).read_bytes(), 6)) for href in styles)}


# --- 5. Lighthouse ------------------------------------------------------------------------------------------

def _lighthouse_once(cli: Path, url: str, out: Path) -> dict:
    cmd = ["node", str(cli), url, "--quiet", "--output=json", f"--output-path={out}",
           "--only-categories=performance,accessibility,best-practices,seo",
           "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
    r = subprocess.run(cmd, env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, timeout=300)
    if r.returncode != 0 or not out.exists():
        return {"error": (r.stderr or r.stdout)[-300:]}
    report = json.loads(out.read_text())
    out.unlink()
    scores = {k: round((v["score"] or 0) * 100) for k, v in report["categories"].items()}
    failing = sorted(a["id"] for a in report["audits"].values()
                     if a.get("score") is not None and a["score"] < 1
                     and a.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
                     and any(a["id"] in [r["id"] for r in c["auditRefs"] if r.get("weight", 0) > 0]
                             for c in report["categories"].values()))
    return {**scores, "failing": failing, "benchmark_index": report.get("environment", {}).get("benchmarkIndex")}


def bench_lighthouse(site: Path, pages: list[str], work: Path, runs: int) -> list[dict]:
    """Lighthouse `runs` times per page, the median score of each category kept. Single runs of one
    page scored 90 and 99 for performance on the same day; Lighthouse's guidance on variability is
    to take the median of several runs."""
    cli = BENCH / "node_modules/lighthouse/cli/index.js"
    if not cli.exists():
        raise SystemExit("Lighthouse is not installed: run `cd bench && npm ci` (or `make bench`)")
    httpd, root = serve_dir(site, compress=True)
    rows = []
    try:
        for page_path in pages:
            out = work / f"lh-{page_path.replace('/', '_')}.json"
            done = [_lighthouse_once(cli, f"{root}/{page_path}", out) for _ in range(runs)]
            good = [d for d in done if "error" not in d]
            if not good:
                rows.append({"page": page_path, "error": done[-1]["error"]})
                continue
            # The run whose performance is the median stands for the page (odd `runs` give a real run).
            middle = sorted(good, key=lambda d: d["performance"])[(len(good) - 1) // 2]
            indexes = [d["benchmark_index"] for d in good if d.get("benchmark_index")]
            row = {"page": page_path, "runs": len(good), "performance_runs": [d["performance"] for d in good],
                   "failing": middle["failing"], "benchmark_index": statistics.median(indexes) if indexes else None}
            for cat in ("performance", "accessibility", "best-practices", "seo"):
                row[cat] = round(statistics.median(d[cat] for d in good))
            rows.append(row)
    finally:
        httpd.shutdown()
        httpd.server_close()
    return rows


# --- report -----------------------------------------------------------------------------------------------

def report(results: dict) -> str:
    t = TARGETS
    lines = ["# Benchmark results", "",
             f"Generated by `make bench` (bench/run.py) on {results['when']} "
             f"({results['machine']}). Numbers from one run on this machine; rerun to compare.", ""]
    b = results["build"]
    lines += ["## Summary", "", "| measure | result | target | met |", "|---|---:|---:|---|",
              f"| strict build, site / bare Material ({b['pages']} pages) | {b['ratio']:.2f}× "
              f"({b['site_s']:.2f} s / {b['bare_s']:.2f} s) | ≤ {t['build_ratio']}× | {ok(b['ratio'], t['build_ratio'])} |"]
    if "same_s" in b:
        lines.append(f"| (strict build, site / plain Material given the same rendered pages) | {b['same_ratio']:.2f}× "
                     f"({b['site_s']:.2f} s / {b['same_s']:.2f} s) | no target | |")
        # Plain Material building these pages, with nothing of the handbook's machinery: no build that
        # produces them with this theme can be faster, so the site's ratio cannot go below it.
        floor = b["same_s"] / b["bare_s"]
        lines.append(f"| (floor: plain Material given the same rendered pages / bare) | {floor:.2f}× "
                     f"({b['same_s']:.2f} s / {b['bare_s']:.2f} s) | ≤ {t['build_ratio']}× | {ok(floor, t['build_ratio'])} |")
    if "serve" in results:
        s = results["serve"]
        lines.append(f"| data edit → page served (`make serve`) | {s['median_s']:.2f} s | ≤ {t['serve_latency_s']} s "
                     f"| {ok(s['median_s'], t['serve_latency_s'])} |")
    rows = results.get("bytes", [])
    if rows:
        checklist = [r for r in rows if r["page"].startswith("checklist/") and r["page"] != "checklist/index.html"]
        if checklist:
            worst = max(checklist, key=lambda r: r["js_off_gz"])
            lines.append(f"| checklist page, JS off, gzip (largest: {worst['page']}) | {kb(worst['js_off_gz'])} KB "
                         f"| ≤ {t['checklist_js_off_kb']} KB | {ok(worst['js_off_gz'] / 1024, t['checklist_js_off_kb'])} |")
        # The print-all page holds the whole handbook, so it is reported on a line of its own.
        for label, subset in (("any page but the print-all page", [r for r in rows if r["page"] != PRINT_ALL]),
                              ("the print-all page", [r for r in rows if r["page"] == PRINT_ALL])):
            if subset:
                worst = max(subset, key=lambda r: r["js_on_gz"])
                lines.append(f"| {label}, JS on, gzip (largest: {worst['page']}) | {kb(worst['js_on_gz'])} KB "
                             f"| ≤ {t['page_js_on_kb']} KB | {ok(worst['js_on_gz'] / 1024, t['page_js_on_kb'])} |")
        if "print_floor" in results:
            f = results["print_floor"]
            floor = f["text"] + f["styles"]
            lines.append(f"| (floor: the print-all page's visible text alone and its stylesheets, gzip) | {kb(floor)} KB "
                         f"({kb(f['text'])} + {kb(f['styles'])}) | ≤ {t['page_js_on_kb']} KB "
                         f"| {ok(floor / 1024, t['page_js_on_kb'])} |")
        median_on = statistics.median(r["js_on_gz"] for r in rows)
        lines.append(f"| (median page, JS on, gzip) | {kb(median_on)} KB | ≤ {t['page_js_on_kb']} KB "
                     f"| {ok(median_on / 1024, t['page_js_on_kb'])} |")
    z = results.get("zip")
    if z:
        lines.append(f"| offline zip ({z['name']}) | {kb(z['bytes'])} KB | ≤ {t['zip_kb']} KB | {ok(z['bytes'] / 1024, t['zip_kb'])} |")
    else:
        lines.append(f"| offline zip | not measured: no dist/*.zip (run `make bundle`) | ≤ {t['zip_kb']} KB | |")
    lh = [r for r in results.get("lighthouse", []) if "error" not in r]
    if lh:
        for cat, target in t["lh"].items():
            low = min(r[cat] for r in lh)
            med = statistics.median(r[cat] for r in lh)
            lines.append(f"| Lighthouse mobile {cat}, lowest (median) of {len(lh)} pages | {low} ({med:g}) | ≥ {target} "
                         f"| {ok(low, target, True)} |")
            rest = [r[cat] for r in lh if r["page"] != PRINT_ALL]
            if len(rest) < len(lh) and min(rest) != low:
                lines.append(f"| (the same, all but the print-all page) | {min(rest)} ({statistics.median(rest):g}) "
                             f"| ≥ {target} | {ok(min(rest), target, True)} |")
    lines += ["", "## Build time", "",
              f"Runs (s), alternated: site {', '.join(f'{x:.2f}' for x in b['site_runs'])}; "
              f"bare {', '.join(f'{x:.2f}' for x in b['bare_runs'])}. The bare site has the same pages and "
              "theme with every `{{ … }}` and `{% … %}` removed and only the search and offline plugins "
              "(no macros, hooks, htmlproofer or print-site)."
              + (f" The same-content baseline ({', '.join(f'{x:.2f}' for x in b['same_runs'])}) is that bare "
                 "site given each page's Markdown as the macros render it (written out by one build of the "
                 "site): it has the site's content without its machinery (macros, data checks, hooks, "
                 "htmlproofer, print-site)." if "same_runs" in b else ""), ""]
    if "serve" in results:
        lines += ["## Edit to served page", "",
                  "A reference title in a copy of `macros/data/references.yaml` is changed while `mkdocs serve` "
                  f"runs as `make serve` runs it (with `{results['serve']['env']}`, SERVE_ENV in the Makefile, and "
                  "the shorter polling interval of `on_serve` in macros/handbook/hooks.py); the time is until "
                  "`references.html` shows the new title. Runs (s): "
                  + ", ".join(f"{x:.2f}" for x in results["serve"]["runs"]) + ".", ""]
    if z and "parts" in z:
        lines += ["## Offline zip", "",
                  "What the zip's bytes are (each file deflated on its own, as zip stores it). Pages are split "
                  "into their article and the theme around it (header, navigation, footer), which zip pays for "
                  "once per page.", "",
                  "| part | KB in the zip | share |", "|---|---:|---:|"]
        shown = {label: size for label, size in z["parts"].items() if label != "pages"}
        for label, size in [*shown.items(), ("pages: their articles", z["page_articles"]),
                            ("pages: the theme around each article", z["page_theme"])]:
            lines.append(f"| {label} | {kb(size)} | {100 * size / z['bytes']:.0f} % |")
        lines += [f"| the zip (with its directory) | {kb(z['bytes'])} | 100 % |", ""]
        over = z["bytes"] - t["zip_kb"] * 1024
        if over > 0:
            optional = z["parts"]["the print-all page"] + z["parts"]["search index, JSON (served over http)"]
            lines += [f"To reach {t['zip_kb']} KB, {kb(over)} KB must go. The print-all page and the JSON search "
                      f"index together are {kb(optional)} KB; the rest would have to come from the articles or the "
                      f"theme around them ({kb(z['page_theme'] / max(1, z['pages_n']))} KB a page).", ""]
    if rows:
        lines += ["## Bytes per page (Chromium, cold cache, every response; gzip -6)", "",
                  "| page | JS off raw KB | JS off gzip KB | JS on raw KB | JS on gzip KB | requests off/on |",
                  "|---|---:|---:|---:|---:|---:|"]
        for r in rows:
            lines.append(f"| {r['page']} | {kb(r['js_off_raw'])} | {kb(r['js_off_gz'])} | {kb(r['js_on_raw'])} "
                         f"| {kb(r['js_on_gz'])} | {r['js_off_n']}/{r['js_on_n']} |")
        lines.append("")
    if results.get("lighthouse"):
        lines += ["## Lighthouse 12.2.3, mobile (default emulation and simulated throttling)", "",
                  "Served from a local server that gzips text like a static host does (max-age 600 s). "
                  "The simulated phone is this machine's CPU slowed four times, so the performance scores move "
                  "with the machine: Lighthouse's own measure of its speed (benchmarkIndex, higher is faster) "
                  f"was {_median_index(results['lighthouse'])} in this run.", "",
                  "Each page is run several times and the median of each score is kept; the runs' performance "
                  "scores are listed beside it, and the audits below full score are those of the median run.", "",
                  "| page | performance (runs) | accessibility | best practices | SEO | audits below full score |",
                  "|---|---:|---:|---:|---:|---|"]
        for r in results["lighthouse"]:
            if "error" in r:
                lines.append(f"| {r['page']} | error: {r['error'].splitlines()[-1] if r['error'] else '?'} | | | | |")
            else:
                each = f" ({', '.join(map(str, r['performance_runs']))})" if r.get("performance_runs") else ""
                lines.append(f"| {r['page']} | {r['performance']}{each} | {r['accessibility']} | {r['best-practices']} "
                             f"| {r['seo']} | {', '.join(r['failing']) or '–'} |")
        lines.append("")
    return "\n".join(lines)


def _median_index(rows: list[dict]) -> str:
    values = [r["benchmark_index"] for r in rows if r.get("benchmark_index")]
    return f"{statistics.median(values):.0f}" if values else "not reported"


def print_table(md: str) -> None:
    """The summary table, for the terminal."""
    summary = md.split("## Summary", 1)[1].split("\n## ", 1)[0]
    print(summary.strip())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3, help="build and serve repetitions (median reported)")
    ap.add_argument("--skip-lighthouse", action="store_true")
    ap.add_argument("--skip-serve", action="store_true")
    ap.add_argument("--lighthouse-pages", help="comma-separated pages (default: every content page)")
    ap.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page (median reported)")
    ap.add_argument("--out", default=str(BENCH / "results.md"))
    args = ap.parse_args()

    results: dict = {"when": datetime.date.today().isoformat(),
                     "machine": f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}"}
    with tempfile.TemporaryDirectory(prefix="nms-bench-") as tmp:
        work = Path(tmp)
        print("build time ...", flush=True)
        results["build"] = bench_build(args.runs, work)
        site = work / "site-0"
        if not args.skip_serve:
            print("edit -> served ...", flush=True)
            # Three times as many: an edit costs seconds, and where it falls in the watcher's polling
            # cycle spreads single runs.
            results["serve"] = bench_serve(3 * args.runs, work)
        print("bytes per page ...", flush=True)
        results["bytes"] = bench_bytes(site)
        print("offline zip ...", flush=True)
        results["zip"] = bench_zip(site, work)
        results["print_floor"] = print_page_floor(site)
        if not args.skip_lighthouse:
            pages = args.lighthouse_pages.split(",") if args.lighthouse_pages else content_pages(site)
            print(f"lighthouse ({len(pages)} pages) ...", flush=True)
            results["lighthouse"] = bench_lighthouse(site, pages, work, args.lighthouse_runs)
    md = report(results)
    Path(args.out).write_text(md + "\n", encoding="utf-8")
    Path(args.out).with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print_table(md)
    print(f"\nwrote {Path(args.out).relative_to(ROOT) if Path(args.out).is_relative_to(ROOT) else args.out}")


if __name__ == "__main__":
    main()
