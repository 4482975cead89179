"""MkDocs hook (listed under `hooks:` in mkdocs.yml): publish the clinical data beside the pages.

`on_files` adds two generated files, `data/nms-handbook.json` and `data/nms-handbook.schema.json`,
whose content comes from the pure functions in `handbook/export.py`. Adding them in `on_files`
(not writing them after the build) means MkDocs copies them into the site, links to them are
checked like any other file, and the offline bundle contains them.

Zensical does not run hooks: there, run `python -m handbook.export site/` after the build.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from mkdocs.plugins import event_priority

MACROS_DIR = Path(__file__).resolve().parents[1]


# Run before the plugins' own on_files (htmlproofer records the file list there), so links to the
# JSON files are checked like links to any other file.
@event_priority(100)
def on_files(files, config):
    from mkdocs.exceptions import PluginError
    from mkdocs.structure.files import File

    if str(MACROS_DIR) not in sys.path:
        sys.path.insert(0, str(MACROS_DIR))
    from handbook import export
    from handbook.data import load
    from handbook.errors import DataError

    try:
        published = export.files(load())
    except DataError as exc:
        raise PluginError("NMS Handbook data check failed:\n" + str(exc)) from None
    for rel, text in published.items():
        existing = files.get_file_from_path(rel)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, rel, content=text))
    return files


_BLOCK_END = re.compile(r"(</(?:li|tr|p|fieldset|table|ul|ol|section|caption|thead|tbody|tfoot|div)>"
                        r"|<(?:ol|ul|tbody)\b[^>]*>)(?!\n)")


# Run before print-site's on_page_content, which stores each page's HTML for the print-all page.
@event_priority(100)
def on_page_content(html, page, config, files):
    """Start a new line after each closing block tag of the generated HTML (browsers ignore the
    whitespace). mkdocs-print-site-plugin rewrites ids and links with regular expressions that scan
    to the end of a line: on the differential grid, one 90 KB line, that took 11 s and left the ids
    of later elements on the line without their page prefix (duplicate ids on the print page)."""
    return _BLOCK_END.sub(r"\1\n", html)


def _drop_print_page_from_search(config, basename: str):
    """The print-all page repeats every other page: in the search index it doubled the index that
    every page loads (and gave each hit twice). Runs before the offline plugin (priority -100)
    turns search_index.json into search_index.js."""
    import json

    path = Path(config["site_dir"]) / "search" / "search_index.json"
    if not path.exists():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    docs = [d for d in index.get("docs", []) if not d.get("location", "").startswith(basename + ".html")]
    if len(docs) != len(index.get("docs", [])):
        index["docs"] = docs
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def on_post_build(config):
    """Make the print-site page (print_page.html) work from the disk too.

    mkdocs-print-site-plugin renders that page, after every other page, with the template context
    of 404.html, whose `base` is the absolute path of site_url (/nms-handbook/): right for a 404
    page, which can be served at any depth, but wrong for a page at the site root opened over
    file://, where Material's JavaScript would look for the search index at /nms-handbook/. Only
    this one JSON value is changed, and only in that page. Hooks run after plugins, so the page
    exists by now. (Zensical runs neither print-site nor hooks, so this never applies there.)
    """
    import json
    from urllib.parse import urlsplit

    plugin = config.plugins.get("print-site")
    if plugin is None or not plugin.config.get("enabled"):
        return
    _drop_print_page_from_search(config, plugin.config["print_page_basename"])
    path = Path(config["site_dir"]) / (plugin.config["print_page_basename"] + ".html")
    if not path.exists():
        return
    base = urlsplit(config.get("site_url") or "").path or "/"
    html = path.read_text(encoding="utf-8")
    old = f'"base": {json.dumps(base)}'
    if old in html:
        path.write_text(html.replace(old, '"base": "."', 1), encoding="utf-8")
