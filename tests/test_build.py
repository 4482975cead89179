"""Inspect the built site: citations resolve, reference lists are exactly what was cited."""
from __future__ import annotations

import re

import rcssmin

from conftest import ROOT, build_fails, content_pages, mkdocs_build, mkdocs_config
from mutate import copy_project


def test_every_citation_links_to_an_entry_on_its_page(built_site, html):
    pages_with_cites = 0
    for page in content_pages(built_site):
        soup = html(page)
        links = soup.select("sup.cite a")
        if not links:
            continue
        pages_with_cites += 1
        entries = {li["id"] for li in soup.select("ol.references li[id]")}
        targets = {a["href"].lstrip("#") for a in links}
        assert targets <= entries, f"{page}: citations without an entry: {targets - entries}"
        # Numbered in order of first citation, and the list holds exactly the cited sources.
        first_seen = list(dict.fromkeys(a["href"].lstrip("#") for a in links))
        listed = [li["id"] for li in soup.select("ol.references:not(.references-all) li[id]")]
        assert listed == first_seen, page
        for a in links:
            assert a.get_text() == str(first_seen.index(a["href"].lstrip("#")) + 1), (page, a)
    assert pages_with_cites >= 1


def test_site_reference_list_is_exactly_the_cited_references(built_site, html, handbook):
    """Every source cited on a page, and every source a cited one's note names ({ref:KEY}:
    'Summarises Gaudio and Grissom 2016'), which the reader must be able to look up too."""
    from handbook.textrefs import REF_PLACEHOLDER
    listed = {li["data-key"] for li in html("references.html").select("ol.references-all li")}
    cited = set()
    for page in content_pages(built_site):
        if page == "references.html":
            continue
        cited |= {a["href"].removeprefix("#ref-") for a in html(page).select("sup.cite a")}
    named = {k for key in cited for k in REF_PLACEHOLDER.findall(handbook.references[key].note or "")}
    assert listed == cited | named, (sorted(listed - cited - named), sorted((cited | named) - listed))


def test_reference_entries_link_to_pubmed_or_doi_or_publisher(html, handbook):
    """Each entry links its own PubMed, PMC and DOI records and the stored address, and nothing else."""
    import html as htmllib
    for li in html("references.html").select("ol.references-all li"):
        ref = handbook.references[li["data-key"]]
        hrefs = {htmllib.unescape(a["href"]) for a in li.select("a")}
        expected = set()
        if ref.pmid:
            expected.add(f"https://pubmed.ncbi.nlm.nih.gov/{ref.pmid}/")
        if ref.pmcid:
            expected.add(f"https://www.ncbi.nlm.nih.gov/pmc/articles/{ref.pmcid}/")
        if ref.doi:
            expected.add(f"https://doi.org/{ref.doi}")
        if ref.url:
            expected.add(ref.url)
        assert expected and hrefs == expected, (ref.key, sorted(hrefs ^ expected))
        assert all(h.startswith("https://") for h in hrefs), ref.key


def test_home_page_states_it_supports_not_replaces_judgement(html):
    text = " ".join(html("index.html").get_text(" ").split())
    assert "supports, and does not replace" in text


def test_no_page_loads_anything_from_another_host(built_site):
    pattern = re.compile(r"""<(?:script|link|img|iframe|source)\b[^>]*?(?:src|href)=["'](https?:)?//""", re.I)
    for page in content_pages(built_site):
        text = (built_site / page).read_text(encoding="utf-8")
        for m in pattern.finditer(text):
            assert 'rel="canonical"' in m.group(0), f"{page}: {m.group(0)}"


def test_a_page_citing_an_unknown_key_fails_the_build(tmp_path):
    project = copy_project(tmp_path)
    (project / "docs/index.md").write_text("# x\n\nText{{ cite('Nobody1999') }}\n\n{{ references() }}\n")
    build_fails(project, tmp_path / "out", "index.md: unknown citation key 'Nobody1999'")


def test_a_bad_data_file_fails_the_build_with_a_clear_message(tmp_path):
    project = copy_project(tmp_path)
    iec = project / "macros/data/criteria/iec.yaml"
    iec.write_text(iec.read_text().replace("points: 18,", "points: 18 pts,"))
    out = build_fails(project, tmp_path / "out", "macros/data/criteria/iec.yaml:",
                      "set 'iec': item 'hyperthermia': field 'points': expected an integer, got '18 pts'")
    assert "Traceback" not in out


def test_an_undefined_macro_fails_the_build(tmp_path):
    project = copy_project(tmp_path)
    (project / "docs/index.md").write_text("# x\n\n{{ no_such_macro() }}\n")
    assert mkdocs_build(project, tmp_path / "out").returncode != 0


def test_built_html_is_reproducible(tmp_path, built_site):
    again = tmp_path / "again"
    assert mkdocs_build(ROOT, again).returncode == 0
    for page in content_pages(built_site):
        assert (built_site / page).read_bytes() == (again / page).read_bytes(), page
    # Not only the pages: the search index, the published data, the sitemap, every file.
    # (sitemap.xml.gz is compared uncompressed: the gzip header carries a time stamp.)
    import gzip
    first = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*") if p.is_file())
    second = sorted(p.relative_to(again).as_posix() for p in again.rglob("*") if p.is_file())
    assert first == second
    assert "search/search_index.json" in first
    differ = []
    for rel in first:
        a, b = (built_site / rel).read_bytes(), (again / rel).read_bytes()
        if rel.endswith(".gz"):
            a, b = gzip.decompress(a), gzip.decompress(b)
        if a != b:
            differ.append(rel)
    assert not differ, f"not reproducible: {differ}"


def test_search_index_has_each_page_once_and_not_the_print_all_page(built_site):
    import json
    import collections
    docs = json.loads((built_site / "search/search_index.json").read_text())["docs"]
    pages = collections.Counter(d["location"] for d in docs if "#" not in d["location"])
    assert set(pages) == set(content_pages(built_site)), set(pages) ^ set(content_pages(built_site))
    assert all(n == 1 for n in pages.values()), [p for p, n in pages.items() if n > 1]
    assert not any(d["location"].startswith("print_page.html") for d in docs)
    js = (built_site / "search/search_index.js").read_text()
    assert "print_page.html" not in js


def test_search_index_skips_per_page_reference_lists_and_citation_marks(built_site):
    """Each page's own reference list and its [1, 2] marks repeat references.html; kept out of the
    index they would be most of it (and every page loads the index)."""
    import json
    docs = json.loads((built_site / "search/search_index.json").read_text())["docs"]
    by_location = {d["location"]: d for d in docs}
    assert "clinical/treatment.html#references" not in by_location
    assert not any("<sup>[" in d["text"] for d in docs)
    # The site-wide list stays searchable, and so does the prose around the marks.
    refs = " ".join(d["text"] for d in docs if d["location"].startswith("references.html"))
    assert "Gurrera" in refs
    treatment = " ".join(d["text"] for d in docs if d["location"].startswith("clinical/treatment.html"))
    assert "dantrolene" in treatment.lower()


def test_search_index_keeps_table_cells_and_checklist_choices_apart(built_site, html):
    """Search finds the words of adjacent cells and of a checklist item's choices separately (it
    once indexed 'ItemCounts when' and 'DiaphoresisPresentAbsentNot assessed')."""
    import json
    docs = json.loads((built_site / "search/search_index.json").read_text())["docs"]
    checklist = " ".join(d["text"] for d in docs if d["location"].startswith("checklist/dsm4tr.html"))
    assert "Diaphoresis Present Absent Not assessed" in checklist, checklist[:300]
    text = " ".join(d["text"] for d in docs if d["location"].startswith("criteria/index.html"))
    heads = [[th.get_text(" ", strip=True) for th in tr.find_all("th")]
             for tr in html("criteria/index.html").select("article table thead tr")]
    heads = [h for h in heads if len(h) >= 3 and all(h)]
    assert heads, "criteria/index.html: no table header row to check"
    for cells in heads:
        assert " ".join(cells) in text, cells


def test_pages_load_the_handbook_stylesheets_as_one_bundle_in_listed_order(built_site, html):
    """One render-blocking request instead of seven; the bundle holds every docs/ stylesheet of
    extra_css, whole and in the listed order (the cascade depends on it)."""
    listed = [css for css in mkdocs_config()["extra_css"]]
    assert len(listed) > 1
    bundle = (built_site / "assets/handbook.bundle.css").read_text(encoding="utf-8")
    minified = [rcssmin.cssmin((ROOT / "docs" / css).read_text(encoding="utf-8")) for css in listed]
    positions = [bundle.index(css) for css in minified]
    assert positions == sorted(positions)
    # Minified: the contributors' comments are not shipped, the rules are.
    assert "/* " not in bundle.split("*/", 1)[1] and ".cl-result" in bundle
    for page in ("index.html", "checklist/iec.html", "print_page.html"):
        hrefs = [link["href"] for link in html(page).select("link[rel=stylesheet]")]
        assert [h for h in hrefs if "handbook.bundle.css" in h] and not any(
            h.endswith(tuple(listed)) for h in hrefs), (page, hrefs)
    assert not any((built_site / css).exists() for css in listed)


def test_generated_html_starts_a_line_after_each_block_and_cell_only():
    """macros/handbook/hooks.py on_page_content: short lines for mkdocs-print-site-plugin's
    line-scanning regular expressions, with no whitespace added where it could show (inline)."""
    from handbook.hooks import on_page_content

    html = ('<table><tbody><tr><th>Item</th><td><span>a</span> <a href="#x">b</a><sup>[1]</sup></td></tr>'
            '</tbody></table><dl><dt>NMS</dt><dd><em>c</em>.</dd></dl><h3>d</h3><p>e<abbr>f</abbr>.</p>')
    assert on_page_content(html, page=None, config=None, files=None) == (
        '<table><tbody>\n<tr><th>Item</th>\n<td><span>a</span> <a href="#x">b</a><sup>[1]</sup></td>\n</tr>\n'
        '</tbody>\n</table>\n<dl>\n<dt>NMS</dt>\n<dd><em>c</em>.</dd>\n</dl>\n<h3>d</h3>\n<p>e<abbr>f</abbr>.</p>\n')
