"""The clinical guide (docs/clinical/): its renderers called directly, its data, and the built pages.

Clinical rules checked on the built HTML: every figure sits in a sentence or table row that cites
its source; the two dantrolene regimens each keep their own source; and the UNVERIFIED items
(the IEC cut-off, a rechallenge wait in weeks, the staging bands) never appear as plain statements.
"""
from __future__ import annotations

import re

import pytest

from handbook.data import load
from handbook.errors import DataError
from handbook.model.facts import Fact
from handbook.model.guide import DrugGroup, DrugRow, InvestigationRow, SystemRow
from handbook.model.references import Reference
from handbook.render import guide as rguide
from handbook.render.citations import Citations
from mutate import copy_data, edit_yaml

GUIDE_PAGES = ["recognition", "causes", "diagnosis", "treatment", "prognosis", "recovery",
               "dopaminergic-withdrawal", "related", "research"]
GUIDE_HTML = [f"clinical/{p}.html" for p in GUIDE_PAGES]

REFS = {
    "A2000": Reference(key="A2000", authors=["Alpha A"], title="Alpha", journal="J A", year=2000, pmid="12345"),
    "B2001": Reference(key="B2001", authors=["Beta B"], title="Beta", journal="J B", year=2001, pmid="23456"),
}


def fact(id, value, cite="A2000", label="Row", context=None):
    return Fact(id=id, value=value, label=label, context=context, cite=[{"key": cite}])


def cit():
    return Citations(REFS, page="clinical/x.md")


def rows(html: str) -> list[str]:
    return re.findall(r"<tr[^>]*>.*?</tr>", html)


# ---- Renderers --------------------------------------------------------------------------------

def test_facts_table_puts_value_exactly_and_its_citation_in_the_same_row():
    html = rguide.facts_table([fact("a", "0.25–2 mg/kg IV", "A2000", "Drug X", "Source A"),
                               fact("b", "1–2.5 mg/kg", "B2001", "Drug X", "Source B")], cit())
    body = [r for r in rows(html) if "data-fact-row" in r]
    assert len(body) == 2
    assert "0.25–2 mg/kg IV" in body[0] and 'href="#ref-A2000"' in body[0] and "#ref-B2001" not in body[0]
    assert "1–2.5 mg/kg" in body[1] and 'href="#ref-B2001"' in body[1] and "#ref-A2000" not in body[1]
    assert "Source A" in body[0] and "<th scope=\"col\">Population, setting and era</th>" in html


def test_facts_table_drops_the_context_column_when_no_fact_has_context():
    html = rguide.facts_table([fact("a", "5.6 %")], cit(), head=("Finding", "Figure", "Context"))
    assert "Context" not in html and html.count("<td>") == 1


def test_facts_table_escapes_values_and_never_tidies_them():
    html = rguide.facts_table([fact("a", "<0.02% to 3%")], cit())
    assert "&lt;0.02% to 3%" in html


def test_facts_table_refuses_unlabelled_facts_and_empty_lists():
    unlabelled = Fact(id="a", value="1", cite=[{"key": "A2000"}])
    with pytest.raises(DataError, match="need a label: a"):
        rguide.facts_table([unlabelled], cit())
    with pytest.raises(DataError, match="at least one fact"):
        rguide.facts_table([], cit())


def test_drugs_table_has_a_heading_row_per_class_and_a_citation_in_every_agent_row():
    groups = [DrugGroup(id="fga", title="First-generation", rows=[
                  DrugRow(agent="Haloperidol", evidence="Common trigger.", cite=[{"key": "A2000"}])]),
              DrugGroup(id="other", title="Other", rows=[
                  DrugRow(agent="Lithium", evidence="Risk 0.61 ‰.", cite=[{"key": "B2001"}])])]
    html = rguide.drugs_table(groups, cit(), caption="Drugs")
    agent_rows = [r for r in rows(html) if "data-group" in r]
    assert len(agent_rows) == 2 and all('class="cite"' in r for r in agent_rows)
    assert 'id="drugs-fga"' in html and 'id="drugs-other"' in html and "<caption>Drugs</caption>" in html
    assert html.index("First-generation") < html.index("Haloperidol") < html.index("Other") < html.index("Lithium")


def test_investigations_and_systems_tables_cite_every_row():
    inv = [InvestigationRow(id="ck", test="CK", tier="first-line", why="Muscle.", cite=[{"key": "A2000"}]),
           InvestigationRow(id="iron", test="Iron", tier="consider", why="Low.", cite=[{"key": "B2001"}])]
    html = rguide.investigations_table(inv, cit())
    body = [r for r in rows(html) if "data-test" in r]
    assert [("First-line" in r, "Consider" in r) for r in body] == [(True, False), (False, True)]
    assert all('class="cite"' in r for r in body)
    sys_html = rguide.systems_table([SystemRow(id="m", system="Muscular", features="Rigidity.",
                                               cite=[{"key": "A2000"}])], cit())
    assert 'data-system="m"' in sys_html and 'class="cite"' in sys_html


def test_not_verified_note_is_marked_for_readers_and_tests():
    html = rguide.not_verified("The cut-off is not checked <yet>.")
    assert 'class="unverified"' in html and "Not yet verified." in html and "&lt;yet&gt;" in html


# ---- Data --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def guide_data():
    return load()


def test_guide_data_loads_with_every_table(guide_data):
    tables = guide_data.extra["guide"]
    assert {g.id for g in tables.drugs} >= {"fga", "sga", "antiemetics", "depleters", "withdrawal", "other"}
    assert {"ck", "serum-iron", "renal", "lft", "myoglobin", "fbc"} <= {r.id for r in tables.investigations}
    assert [s.id for s in tables.systems] == ["muscular", "thermoregulatory", "autonomic", "mental", "laboratory"]
    for topic in ("epidemiology", "onset", "treatment", "prognosis", "recovery", "diagnosis", "phs", "related"):
        assert topic in guide_data.fact_files, topic


def test_dantrolene_regimens_are_separate_facts_with_their_own_sources(guide_data):
    msd, sarkar = guide_data.facts["dose-dantrolene-msd"], guide_data.facts["dose-dantrolene-sarkar"]
    assert [c.key for c in msd.cite] == ["MSD-NMS"] and [c.key for c in sarkar.cite] == ["SarkarGupta2017"]
    assert msd.value != sarkar.value


def test_unverified_items_are_absent_from_the_guide_data():
    """The IEC cut-off, a rechallenge wait in weeks and the staging bands are UNVERIFIED."""
    from handbook.data import DATA_DIR
    texts = []
    for name in ("epidemiology", "onset", "treatment", "prognosis", "recovery", "diagnosis", "phs", "related"):
        texts.append((DATA_DIR / "facts" / f"{name}.yaml").read_text(encoding="utf-8"))
    texts.append((DATA_DIR / "guide" / "tables.yaml").read_text(encoding="utf-8"))
    for text in texts:
        data_lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
        body = "\n".join(data_lines)
        assert not re.search(r"\b7[46]\s*(points|-point)", body)
        assert not re.search(r"\b(2|two)\s*weeks?\b", body, re.I)
        assert not re.search(r"\bstage\s+(I|II|III|IV|V)\b", body, re.I)


def _break(tmp_path, change):
    data = copy_data(tmp_path)
    edit_yaml(data / "guide" / "tables.yaml", change)
    with pytest.raises(DataError) as exc:
        load(data)
    return [m for m in exc.value.messages if "guide/tables.yaml" in m]


def test_unknown_citation_in_a_guide_row_names_file_line_and_key(tmp_path):
    msgs = _break(tmp_path, lambda d: d["drugs"][0]["rows"][0].update(cite=["Nobody1999"]))
    assert any("unknown citation key 'Nobody1999'" in m and re.search(r"tables\.yaml:\d+", m) for m in msgs), msgs


def test_duplicate_investigation_id_is_reported(tmp_path):
    def dup(d):
        d["investigations"].append(dict(d["investigations"][0]))
    msgs = _break(tmp_path, dup)
    assert any("duplicate id 'ck' in investigations" in m for m in msgs), msgs


def test_a_guide_row_without_a_source_is_refused(tmp_path):
    msgs = _break(tmp_path, lambda d: d["systems"][0].pop("cite"))
    assert any("cite" in m for m in msgs), msgs


def test_macros_reject_unknown_topics_and_groups(guide_data):
    from handbook.site import Site
    site = Site(guide_data, current_page=lambda: "clinical/test.md")
    m = site.macros()
    with pytest.raises(DataError, match="unknown facts topic 'nope'"):
        m["facts_table"]("nope")
    with pytest.raises(DataError, match="unknown drug group"):
        m["drugs_table"]("nope")
    with pytest.raises(DataError, match="unknown fact 'nope'"):
        m["facts_table"]("treatment", "nope")
    html = m["facts_table"]("treatment", "dose-dantrolene-msd")
    assert guide_data.facts["dose-dantrolene-msd"].value in html


# ---- Built pages -------------------------------------------------------------------------------

CITE = "⟦C⟧"


def _article(html, page):
    """A private copy of the page's article: the html() fixture is cached and shared, and
    several tests here remove parts of the page before reading it."""
    from bs4 import BeautifulSoup
    art = html(page).select_one("article")
    assert art is not None, page
    return BeautifulSoup(str(art), "html.parser").article


def _figure_text(el) -> str:
    """Text of an element with citations replaced by a marker and nested lists left out."""
    from bs4 import BeautifulSoup
    copy = BeautifulSoup(str(el), "html.parser")
    root = copy.find(el.name)
    for sup in root.select("sup.cite"):
        sup.replace_with(CITE)
    for junk in root.select("a.headerlink, ol.references, .last-checked"):
        junk.decompose()
    if el.name == "li":
        for sub in root.find_all(["ul", "ol"]):
            sub.decompose()
    return " ".join(root.get_text(" ").split())


def _sentences(text: str) -> list[str]:
    # A citation after the full stop belongs to the sentence before it.
    text = re.sub(r"([.!?])((?:\s*" + CITE + r")+)", r"\2\1", text)
    return re.split(r"(?<=[.!?])\s+(?=[A-Z“\"(])", text)


@pytest.mark.parametrize("page", GUIDE_HTML)
def test_page_is_real_content_with_a_reference_list_and_check_date(built_site, html, page):
    from conftest import ROOT
    assert "PLACEHOLDER" not in (ROOT / "docs" / page.replace(".html", ".md")).read_text()
    art = _article(html, page)
    assert art.select("sup.cite"), page
    assert art.select("ol.references li[id^=ref-]"), page
    assert art.select_one(".last-checked time[datetime]"), page
    assert len(art.get_text(" ").split()) > 250, page


@pytest.mark.parametrize("page", GUIDE_HTML)
def test_every_figure_sits_in_a_sentence_or_row_with_a_citation(html, page):
    art = _article(html, page)
    for junk in art.select("ol.references, .last-checked"):
        junk.decompose()
    problems = []
    for tr in art.select("tr"):
        text = _figure_text(tr)
        if re.search(r"\d", text) and CITE not in text:
            problems.append(("row", text))
    for el in art.find_all(["p", "li", "h1", "h2", "h3", "h4", "caption", "dt", "dd"]):
        for sentence in _sentences(_figure_text(el)):
            if re.search(r"\d", sentence) and CITE not in sentence:
                problems.append((el.name, sentence))
    assert not problems, problems


@pytest.mark.parametrize("page", GUIDE_HTML)
def test_shown_facts_are_exactly_the_data_values(html, handbook, page):
    spans = _article(html, page).select("span.fact[data-fact]")
    for span in spans:
        assert span.get_text() == handbook.facts[span["data-fact"]].value, span


def test_every_row_of_every_guide_table_cites_its_source(html):
    seen = 0
    for page in GUIDE_HTML:
        for table in _article(html, page).select(".guide-table table"):
            for tr in table.select("tbody tr:not(.group-row)"):
                seen += 1
                assert tr.select("sup.cite a[href^='#ref-']"), (page, tr.get_text(" "))
    assert seen >= 60


def test_both_dantrolene_regimens_appear_each_with_its_own_citation(html, handbook):
    art = _article(html, "clinical/treatment.html")
    for fid, key in (("dose-dantrolene-msd", "MSD-NMS"), ("dose-dantrolene-sarkar", "SarkarGupta2017")):
        row = art.select_one(f'tr[data-fact-row="{fid}"]')
        assert row is not None, fid
        assert handbook.facts[fid].value in row.get_text()
        assert [a["href"] for a in row.select("sup.cite a")] == [f"#ref-{key}"], fid


def test_mortality_with_each_drug_and_the_harm_signal_are_both_shown(html):
    art = _article(html, "clinical/treatment.html")
    for fid in ("sakkas-none", "sakkas-dantrolene", "sakkas-bromocriptine", "sakkas-amantadine"):
        assert art.select_one(f'tr[data-fact-row="{fid}"] a[href="#ref-Sakkas1991"]'), fid
    assert art.select_one('span.fact[data-fact="reulbach-cases"]')
    assert art.select('a[href="#ref-Reulbach2007"]')


def test_treatment_opens_with_the_emergency_summary_and_states_the_evidence_plainly(html):
    art = _article(html, "clinical/treatment.html")
    first = art.find("h1").find_next_sibling()
    assert first is not None and "admonition" in first.get("class", []), first
    assert "Emergency summary" in first.get_text()
    text = " ".join(art.get_text(" ").split())
    assert "No controlled trial supports any specific drug treatment" in text


UNVERIFIED_PATTERNS = [
    re.compile(r"(cut-?off|threshold|score)[^.]{0,80}\b7[46]\b", re.I),     # IEC cut-off
    re.compile(r"\b7[46]\b\s*(or more\s*)?(points|-point)", re.I),
    re.compile(r"\b(2|two)\s*(weeks?|-week)\b", re.I),                        # rechallenge wait
    re.compile(r"\bstage\s+(I|II|III|IV|V)\b", re.I),                             # staging table
    re.compile(r"38\s*[–-]\s*40\s*°C|HR\s*100\s*[–-]\s*120|≥\s*40\s*°C"),   # staging bands
]


@pytest.mark.parametrize("page", GUIDE_HTML)
def test_unverified_items_never_appear_as_plain_statements(html, page):
    art = _article(html, page)
    for junk in art.select(".unverified, ol.references"):
        junk.decompose()
    text = " ".join(art.get_text(" ").split())
    for pattern in UNVERIFIED_PATTERNS:
        assert not pattern.search(text), (page, pattern.pattern, pattern.search(text).group(0))


@pytest.mark.parametrize("page", ["clinical/diagnosis.html", "clinical/treatment.html", "clinical/recovery.html"])
def test_open_questions_are_shown_in_a_marked_not_yet_verified_state(html, page):
    notes = _article(html, page).select(".unverified")
    assert notes and all("Not yet verified" in n.get_text() for n in notes), page


def test_guide_links_to_criteria_and_differential_rather_than_duplicating_them(html):
    def hrefs(page):
        return {a["href"].split("#")[0] for a in _article(html, page).select("a[href]")}
    diagnosis = hrefs("clinical/diagnosis.html")
    assert {"../criteria/index.html", "../criteria/compare.html", "../differential/index.html",
            "../checklist/iec.html"} <= diagnosis
    assert "../differential/index.html" in hrefs("clinical/related.html")


def test_dopaminergic_withdrawal_puts_restarting_the_drug_first(html):
    art = _article(html, "clinical/dopaminergic-withdrawal.html")
    first = art.find("h1").find_next_sibling()
    assert "admonition" in first.get("class", []) and "restart" in first.get_text().lower()
    assert art.select_one('a[href="#ref-JPD2022-PHS"]')


@pytest.mark.browser
@pytest.mark.parametrize("path", ["clinical/treatment.html", "clinical/causes.html", "clinical/prognosis.html"])
@pytest.mark.parametrize("js", [False, True])
def test_guide_tables_on_a_phone_scroll_in_one_box_and_nearly_fit(browser, http_root, path, js):
    """One sideways-scrolling box per table, with JavaScript or without (with it there were two,
    nested), and compact cells on a phone."""
    ctx = browser.new_context(java_script_enabled=js, viewport={"width": 360, "height": 740})
    page = ctx.new_page()
    page.goto(f"{http_root}/{path}")
    page.wait_for_load_state("load")
    found = page.evaluate("""() => { const w = document.querySelector('article').getBoundingClientRect().width;
        return [...document.querySelectorAll('article .guide-table table')].map(t => {
            let boxes = 0;
            for (let e = t.parentElement; e && e.tagName !== 'ARTICLE'; e = e.parentElement)
                if (getComputedStyle(e).overflowX !== 'visible') boxes += 1;
            return [boxes, t.getBoundingClientRect().width / w]; }); }""")
    page_width = page.evaluate("document.documentElement.scrollWidth")
    ctx.close()
    assert found and all(boxes == 1 for boxes, _ in found), found
    assert all(ratio <= 1.25 for _, ratio in found), found
    assert page_width <= 360, page_width
