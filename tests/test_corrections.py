"""Corrections, changelog and the summary pages (Home, FAQ, patients, corrections, About):
the data is checked on load, rendered in full, and nothing is copied from the seed article."""
from __future__ import annotations

import hashlib
import re

import pytest
import yaml

from conftest import ROOT, content_pages
from mutate import copy_data, edit_yaml, fails_with, replace_text

DATA = ROOT / "macros" / "data"
# The seed article sits beside the repository here, not in it (it is not ours to publish). The
# repository keeps only fingerprints of its six-word runs, so that the copy check below runs on any
# clone, GitHub's CI included; test_seed_fingerprints_match_the_seed keeps them up to date.
SEED = ROOT.parent / "shared" / "seed" / "000_60c79c37e1c51f98.txt"
SEED_FINGERPRINTS = ROOT / "tests" / "seed-fingerprints.txt"
RUN = 6
SUMMARY_PAGES = ["index.html", "faq.html", "patients/index.html", "corrections.html", "about/index.html"]


# --- Loading ------------------------------------------------------------------------------------

def test_corrections_and_changelog_load(handbook):
    corrections = handbook.extra["corrections"]
    assert {c.severity for c in corrections} == {"dangerous", "wrong", "imprecise"}
    assert handbook.extra["changelog"][-1].date.isoformat() == "2026-11-24"


def test_a_figure_typed_into_a_correction_is_rejected(tmp_path):
    d = copy_data(tmp_path)
    replace_text(d / "corrections.yaml", "NMS is a life-threatening emergency{",
                 "NMS is a life-threatening emergency that kills 5.6 % of patients{")
    fails_with(d, "corrections.yaml:", "correction 'prognosis-good'", "field 'correction'", "'5.6'",
               "{fact:ID}")


def test_an_unknown_fact_in_a_correction_is_rejected(tmp_path):
    d = copy_data(tmp_path)
    replace_text(d / "corrections.yaml", "{fact:mort-modi-nis}", "{say:summary-no-such-fact}")
    fails_with(d, "correction 'prognosis-good'", "unknown fact 'summary-no-such-fact'")


def test_an_unknown_criteria_item_in_a_correction_is_rejected(tmp_path):
    d = copy_data(tmp_path)
    replace_text(d / "corrections.yaml", "{points:iec/exposure}", "{points:iec/exposures}")
    fails_with(d, "correction 'exposure-omitted'", "no weighted item 'exposures' in criteria set 'iec'")


def test_an_unknown_severity_is_rejected(tmp_path):
    d = copy_data(tmp_path)
    edit_yaml(d / "corrections.yaml", lambda items: items[0].update(severity="bad"))
    fails_with(d, "corrections.yaml", "correction 'criteria-count'", "field 'severity'")


def _entry(items, entry_id):
    """The correction with this id ('dsm-label' cites only through its `cite` list)."""
    return next(item for item in items if item["id"] == entry_id)


def test_a_correction_without_a_source_is_rejected(tmp_path):
    d = copy_data(tmp_path)
    edit_yaml(d / "corrections.yaml", lambda items: _entry(items, "dsm-label").update(cite=[]))
    fails_with(d, "correction 'dsm-label'", "field 'cite'", "must not be empty")


def test_a_correction_with_neither_cite_list_nor_inline_cite_is_rejected(tmp_path):
    d = copy_data(tmp_path)
    edit_yaml(d / "corrections.yaml", lambda items: _entry(items, "dsm-label").pop("cite"))
    fails_with(d, "correction 'dsm-label'", "no source: add `cite: [Key]`")


def test_an_unknown_key_in_an_inline_cite_is_rejected(tmp_path):
    d = copy_data(tmp_path)
    replace_text(d / "corrections.yaml", "{cite:Keck1989}", "{cite:Keck1898}")
    fails_with(d, "corrections.yaml:", "correction 'prodrome'", "field 'correction'",
               "unknown citation key 'Keck1898'")


def test_an_inline_cite_sits_after_its_statement(html):
    """{cite:KEY} puts the mark where it is written; a correction without a closing `cite` list ends
    on its last statement's own mark, not a cluster of the correction's sources."""
    block = html("corrections.html").select_one("#correction-prodrome")
    marks = block.select("sup.cite")
    assert "Keck" in marks[-1].a["title"]
    assert marks[-1].previous_sibling.strip().endswith("counts among the risk factors")


def test_duplicate_correction_ids_are_rejected(tmp_path):
    d = copy_data(tmp_path)
    edit_yaml(d / "corrections.yaml", lambda items: items.append(dict(items[0])))
    fails_with(d, "duplicate correction id 'criteria-count'")


def test_changelog_names_only_existing_data(tmp_path):
    d = copy_data(tmp_path)
    edit_yaml(d / "changelog.yaml", lambda entries: entries[0].update(affects=["criteria:nosuchset"]))
    fails_with(d, "changelog.yaml", "'criteria:nosuchset' names nothing in the data")


def test_changelog_keeps_the_newest_entry_first(tmp_path):
    d = copy_data(tmp_path)
    edit_yaml(d / "changelog.yaml", lambda entries: entries.append(
        {**entries[0], "date": "2027-01-01", "summary": "A later change."}))
    fails_with(d, "changelog.yaml", "newer than the entry above it")


# --- Rendering ------------------------------------------------------------------------------------

def test_every_correction_is_rendered_in_order_with_severity_and_sources(html, handbook):
    soup = html("corrections.html")
    blocks = soup.select("article div.correction")
    assert [b["id"] for b in blocks] == [f"correction-{c.id}" for c in handbook.extra["corrections"]]
    for block, c in zip(blocks, handbook.extra["corrections"]):
        text = block.get_text(" ")
        assert c.severity.capitalize() in block.select_one(".correction-badge").get_text()
        assert "Misconception:" in text and "Correction:" in text
        assert block.select("sup.cite a"), c.id
        assert "{" not in text, f"{c.id}: unresolved placeholder"
        for see in c.see:
            assert block.select_one(f'a[href="{see.page.removesuffix(".md")}.html"]'), (c.id, see.page)


def test_figures_in_corrections_come_from_the_data(html, handbook):
    """The figure shown for {total:iec} is the set's total, and each {say:} fact's value is shown."""
    block = html("corrections.html").select_one("#correction-criteria-count")
    assert str(handbook.criteria["iec"].rule.total) in [s.get_text() for s in block.select("span.fact")]
    block = html("corrections.html").select_one("#correction-prognosis-good")
    shown = {s["data-fact"]: s.get_text() for s in block.select("span.fact[data-fact]")}
    assert shown["mort-modi-nis"] == handbook.facts["mort-modi-nis"].value


def test_changelog_is_rendered_from_the_data(html, handbook):
    rows = html("about/index.html").select("article table.changelog tbody tr")
    assert len(rows) == len(handbook.extra["changelog"])
    last = rows[-1]
    assert last.select_one("time")["datetime"] == "2026-11-24"
    assert "Initial compilation" in last.get_text()
    assert last.select("sup.cite a")


def test_every_summary_fact_is_shown_somewhere(built_site, handbook):
    ids = [f["id"] for f in yaml.safe_load((DATA / "facts/summary.yaml").read_text())["facts"]]
    text = "".join((built_site / p).read_text(encoding="utf-8") for p in SUMMARY_PAGES)
    unused = [i for i in ids if f'data-fact="{i}"' not in text]
    assert not unused, f"facts in summary.yaml that no summary page shows: {unused}"


def test_home_page_emergency_box(html):
    box = html("index.html").select_one("article .admonition.danger")
    assert box is not None
    # A region named by a real heading, so heading and landmark navigation reach it.
    title = box.select_one(f'h2#{box["aria-labelledby"]}')
    assert box.name == "section" and title is not None
    assert title.get_text().startswith("Suspected NMS: what to do first")
    steps = box.select("ol > li")
    assert len(steps) >= 6
    assert all(li.select_one("sup.cite") for li in steps), "every emergency step cites its source"
    text = " ".join(box.get_text(" ").split()).lower()
    for words in ("stop the suspected drug", "restart the dopaminergic drug", "intensive care", "cool",
                  "fluids", "ck"):
        assert words in text, words


def test_home_page_opens_with_what_to_do(html):
    """At the bedside the first steps come first: the emergency box follows the title directly."""
    first = html("index.html").select_one("article h1").find_next_sibling()
    assert "danger" in first.get("class", []), first


@pytest.mark.browser
def test_home_page_first_step_is_on_the_first_phone_screen(browser, built_site):
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    try:
        page = ctx.new_page()
        page.goto((built_site / "index.html").as_uri())
        top = page.evaluate("document.querySelector('article .admonition.danger ol > li').getBoundingClientRect().top")
        assert top < 740 / 2 + 100, top
    finally:
        ctx.close()


def test_home_page_quick_links(html):
    hrefs = {a["href"] for a in html("index.html").select("article ul.quick-links a")}
    for target in ("checklist/iec.html", "criteria/index.html", "differential/index.html",
                   "clinical/treatment.html", "patients/index.html"):
        assert target in hrefs, target


def test_about_page_states_licences_and_how_to_contribute(html):
    soup = html("about/index.html")
    text = " ".join(soup.get_text(" ").split())
    assert "CC BY-SA 4.0" in text and "MIT" in text
    assert soup.select_one('article a[href$="/CONTRIBUTING.md"]')
    assert soup.select_one("article .unverified"), "the example of a not-yet-verified note is marked"


# --- Our own words ------------------------------------------------------------------------------

def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _fingerprints(text: str) -> set[str]:
    """A short hash of every run of RUN words: enough to recognise a copied run, not to read it."""
    words = _words(text)
    return {hashlib.sha256(" ".join(words[i:i + RUN]).encode()).hexdigest()[:16]
            for i in range(len(words) - RUN + 1)}


def _stored_fingerprints() -> set[str]:
    lines = SEED_FINGERPRINTS.read_text(encoding="utf-8").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def write_seed_fingerprints() -> None:
    """Regenerate tests/seed-fingerprints.txt: `python tests/test_corrections.py`."""
    header = (f"# SHA-256 (first 16 hex digits) of every run of {RUN} words of the seed article\n"
              f"# ({SEED.name}), lower-cased, punctuation dropped. Written by tests/test_corrections.py.\n")
    SEED_FINGERPRINTS.write_text(header + "".join(f + "\n" for f in sorted(_fingerprints(
        SEED.read_text(encoding="utf-8")))), encoding="utf-8")


def test_seed_fingerprints_match_the_seed():
    if not SEED.exists():
        pytest.skip(f"no seed article beside this clone ({SEED}) to compare the fingerprints with")
    assert _stored_fingerprints() == _fingerprints(SEED.read_text(encoding="utf-8")), \
        "stale tests/seed-fingerprints.txt: run `python tests/test_corrections.py`"


def test_no_run_of_six_words_is_copied_from_the_seed(built_site, html):
    seed = _stored_fingerprints()
    assert len(seed) > 500, "tests/seed-fingerprints.txt looks empty"
    for page in content_pages(built_site):
        copied = _fingerprints(html(page).select_one("article").get_text(" ")) & seed
        assert not copied, f"{page}: {len(copied)} run(s) of {RUN} words copied from the seed article"


def test_the_copy_check_finds_a_copied_run():
    source = "one two three four five six seven eight nine ten"
    # RUN words of the source, in other case and punctuation, inside other words: one copied run
    page = "Our own words, then Two, three four: five six-seven. And more."
    assert RUN == 6
    assert len(_fingerprints(page) & _fingerprints(source)) == 1
    # one word short of a run, or a run broken by a word of our own, is not a copy
    assert not _fingerprints("two three four five six") & _fingerprints(source)
    assert not _fingerprints("two three four five six ours seven eight") & _fingerprints(source)


if __name__ == "__main__":
    write_seed_fingerprints()
