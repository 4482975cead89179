"""The citation renderer, called directly (no MkDocs)."""
from __future__ import annotations

import pytest

from handbook.errors import DataError
from handbook.model.references import Reference
from handbook.render.citations import Citations, vancouver

REF = Reference(key="Gurrera2011", authors=["Gurrera RJ", "Caroff SN", "Cohen A", "Carroll BT", "DeRoos F",
                                            "Francis A", "Frucht S"],
                title="An international consensus study", journal="J Clin Psychiatry", year=2011,
                volume="72", pages="1222-8", pmid="21733489", doi="10.4088/JCP.10m06438")
WEB = Reference(key="MSD", type="web", group_author="MSD Manual Professional Version",
                title="Neuroleptic malignant syndrome", journal="MSD Manuals", url="https://www.msdmanuals.com/x")


def test_vancouver_article_truncates_authors_and_links_pubmed_and_doi():
    text = vancouver(REF)
    assert text.startswith("Gurrera RJ, Caroff SN, Cohen A, Carroll BT, DeRoos F, Francis A, et al. ")
    assert "J Clin Psychiatry. 2011;72:1222-8." in text
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/21733489/"' in text
    assert 'href="https://doi.org/10.4088/JCP.10m06438"' in text


def test_vancouver_web_page():
    text = vancouver(WEB)
    assert text.startswith("MSD Manual Professional Version. Neuroleptic malignant syndrome [Internet].")
    assert 'href="https://www.msdmanuals.com/x"' in text


def test_numbers_follow_first_citation_and_repeat():
    c = Citations({"Gurrera2011": REF, "MSD": WEB}, page="x.md")
    first = c.cite(["MSD"])
    second = c.cite(["Gurrera2011", "MSD"])
    assert ">1</a>" in first and 'href="#ref-MSD"' in first
    assert ">2</a>" in second and ">1</a>" in second
    listing = c.reference_list()
    assert listing.index('id="ref-MSD"') < listing.index('id="ref-Gurrera2011"')


def test_locator_is_shown_in_the_link_label():
    from handbook.model.common import Cite
    c = Citations({"Gurrera2011": REF}, page="x.md")
    assert "Gurrera 2011, Table 1" in c.cite([Cite(key="Gurrera2011", locator="Table 1")])


def test_a_citation_link_is_named_by_its_number_and_described_by_its_source():
    from handbook.model.common import Cite
    c = Citations({"Gurrera2011": REF, "MSD": WEB}, page="x.md")
    c.cite(["MSD"])
    html = c.cite([Cite(key="Gurrera2011", locator="Table 1")])
    assert html == ('<sup class="cite" data-search-exclude>[<a href="#ref-Gurrera2011" '
                    'title="Gurrera 2011, Table 1" aria-label="Reference 2">2</a>]</sup>')


def test_unknown_key_names_page_and_key():
    c = Citations({"Gurrera2011": REF}, page="clinical/treatment.md")
    with pytest.raises(DataError, match=r"clinical/treatment.md: unknown citation key 'Nobody2000'"):
        c.cite(["Nobody2000"])


def test_empty_page_has_no_reference_list():
    assert Citations({}, page="x.md").reference_list() == ""


def test_short_labels_for_tooltips():
    from handbook.render.citations import short_label
    assert short_label(REF) == "Gurrera 2011"
    assert short_label(REF.model_copy(update={"authors": ["dos Santos DT"], "year": 2021})) == "dos Santos 2021"
    assert short_label(WEB) == "MSD Manual Professional Version"
    assert short_label(REF.model_copy(update={"authors": ["Keck PE Jr", "Pope HG Jr"]})) == "Keck 2011"
    assert short_label(REF.model_copy(update={"year": None})) == "Gurrera, J Clin Psychiatry"
    untitled = Reference(key="P", title="Neuroleptic malignant syndrome: focus on treatment", pmid="27423483")
    assert short_label(untitled) == "Neuroleptic malignant syndrome: focus on treatment"


def test_an_article_without_a_year_keeps_clean_punctuation():
    undated = REF.model_copy(update={"year": None, "pages": None, "issue": "3"})
    assert "J Clin Psychiatry. 72(3)." in vancouver(undated)


def test_sources_that_would_read_alike_get_distinct_labels():
    from handbook.render.citations import distinct_labels
    later = REF.model_copy(update={"key": "Gurrera2011b", "title": "Another paper"})
    ss = WEB.model_copy(update={"key": "MSD-SS", "title": "Serotonin syndrome"})
    refs = {"Gurrera2011": REF, "Gurrera2011b": later, "MSD": WEB, "MSD-SS": ss}
    labels = distinct_labels(refs)
    assert labels["Gurrera2011"] == "Gurrera 2011a" and labels["Gurrera2011b"] == "Gurrera 2011b"
    assert labels["MSD-SS"] == "MSD Manual Professional Version: Serotonin syndrome"
    assert labels["MSD"].startswith("MSD Manual Professional Version: ")
    assert distinct_labels({"Gurrera2011": REF}) == {"Gurrera2011": "Gurrera 2011"}
    cit = Citations(refs, page="x.md")
    assert 'title="Gurrera 2011b"' in cit.cite(["Gurrera2011b"])


def test_a_note_names_other_sources_by_author_and_year():
    from handbook.render.citations import author_date
    two = Reference(key="CaroffMann1993", authors=["Caroff SN", "Mann SC"], title="NMS", year=1993, pmid="8093494")
    refs = {"Gurrera2011": REF, "CaroffMann1993": two, "MSD": WEB}
    assert author_date(REF) == "Gurrera et al. 2011"
    assert author_date(two) == "Caroff and Mann 1993"
    assert author_date(REF.model_copy(update={"authors": ["dos Santos DT"], "year": 2021})) == "dos Santos 2021"
    assert author_date(WEB) == "MSD Manual Professional Version"
    noted = WEB.model_copy(update={"note": "Summarises {ref:CaroffMann1993} and {ref:Gurrera2011}"})
    assert ('<span class="ref-note">Summarises Caroff and Mann 1993 and Gurrera et al. 2011.</span>'
            in vancouver(noted, refs))


def test_a_note_naming_an_unknown_source_is_an_error():
    noted = WEB.model_copy(update={"note": "See {ref:Nobody2000}."})
    with pytest.raises(DataError, match=r"unknown reference key 'Nobody2000'"):
        vancouver(noted, {"MSD": noted})


def test_a_locator_given_to_several_sources_at_once_is_an_error(handbook):
    """cite("A", "B", locator="Table 3") would send the reader to Table 3 of both."""
    from handbook.site import Site
    site = Site(handbook, current_page=lambda: "faq.md")
    assert "Table 3" in site.cite("Tse2015", locator="Table 3")
    with pytest.raises(DataError, match=r"faq.md: cite\('Tse2015', 'Pope1986', locator='Table 3'\): a locator "
                                        r"belongs to one source"):
        site.cite("Tse2015", "Pope1986", locator="Table 3")
