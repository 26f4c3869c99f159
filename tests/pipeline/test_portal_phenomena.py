"""Phenomena met on pages from portals, registries and languages the development pages lack,
each on a short string written for it: registry field lines, combined headings, PMC and
publisher front matter, CJK/Korean wording, dose and count phrasings, competing routes."""

import pytest

from pipeline.clean import clean_document
from pipeline.extract import (administrations, bibliography, counts, design, doses, phase,
                              registries, route, species)
from pipeline.model import CleanDocument
from pipeline.sections import heading_line, heading_matches
from pipeline.text import MappedText


def _doc(text: str) -> CleanDocument:
    """The whole string as study text (extractor tests)."""
    mapped = MappedText.identity(text)
    return CleanDocument(doc_id="t", raw_text=text, normalized=mapped, study=mapped)


def _values(extractor, text: str, field: str) -> list:
    return [f.value for f in extractor.extract(_doc(text)) if f.field == field]


def _page_values(extractor, page: str, field: str) -> list:
    """Values found after cleaning ``page`` (cleaning tests)."""
    return [f.value for f in extractor.extract(clean_document("t", page)) if f.field == field]


# --- cleaning: registry fields and headings stay study text ---------------------------------

def test_registry_field_lines_are_study_text():
    page = ("Use of Stem Cells for Lung Injury in Adults\n"
            "Trial Identifier: NCT01234567\n"
            "Study Design Allocation: Randomized;   Masking: Triple (Participant, Investigator)\n"
            "Enrollment 48\n")
    assert _page_values(registries, page, "registration") == ["NCT01234567"]
    assert _page_values(counts, page, "n_enrolled") == [48]
    assert set(_page_values(design, page, "design_flag")) >= {"randomized", "double-blind"}


def test_trial_registration_number_label_keeps_its_id():
    page = ("Abstract\nMethods:\nForty patients will be randomised to cells or saline in this trial.\n"
            "Trial registration number:\nNCT07654321 (ClinicalTrials.gov)\n")
    assert _page_values(registries, page, "registration") == ["NCT07654321"]


def test_registry_arms_are_summed():
    page = "Public title: Stem cells for pneumonia\nTarget sample size: Experimental group:25;control group:15;\n"
    assert _page_values(counts, page, "n_enrolled") == [40]


def test_table_bar_between_field_and_value():
    page = "Official Title: Stem cells in knee disease\nActual Enrollment : | 36 participants |\n"
    assert _page_values(counts, page, "n_enrolled") == [36]


def test_combined_heading_names_its_first_section():
    assert heading_line("Methods/design:") == "methods"
    assert heading_matches("Intro text.\nMethods/Design: We will enrol.")[0][2] == "methods"


def test_methods_after_combined_heading_are_not_background():
    page = ("Background:\nScars of the uterus are common.\nMethods/design:\n"
            "This phase II trial will randomly assign eighty participants to receive MSCs or saline.\n")
    assert _page_values(species, page, "species") == ["human"]
    assert _page_values(phase, page, "phase") == ["2"]


# --- bibliography: PMC and publisher front matter ---------------------------------------------

def test_pmc_header_lines_give_year_and_doi():
    page = ("Skip to main content\nSome Journal logoLink to Some Journal\n"
            ". 2015 Mar 3;7:21. doi: 10.1234/abcd.5678\n\n"
            "Cells for sore joints in old dogs: a pilot study of twelve animals\n\n"
            "Abstract\nTwelve dogs were treated with stem cells and all of them walked better afterwards.\n")
    facts = {f.field: f.value for f in bibliography.extract(clean_document("t", page))}
    assert facts["doi"] == "10.1234/abcd.5678"
    assert facts["year"] == 2015


def test_final_edited_form_beats_manuscript_date():
    page = ("Small Journal logoLink to Small Journal\n. Author manuscript; available in PMC: 2022 Jan 2.\n"
            "Published in final edited form as: Heart J. 2019 May 1;3(2):4–9. doi: 10.1111/hj.2019.1\n\n"
            "A HEART STUDY OF STROMAL CELLS IN TWENTY PATIENTS\n\n"
            "Abstract\nTwenty patients received stromal cells into the heart muscle during surgery.\n")
    facts = {f.field: f.value for f in bibliography.extract(clean_document("t", page))}
    assert facts["year"] == 2019
    assert facts["doi"] == "10.1111/hj.2019.1"


def test_bare_doi_line_and_published_label_glued_to_access():
    page = ("A trial of marrow cells in spinal injury with ten adult patients\n\n"
            "Open AccessPublished:March 02, 2018DOI:https://doi.org/10.5555/xyz.2018.01\n\n"
            "Abstract\nTen patients received marrow stromal cells by lumbar puncture and improved.\n")
    facts = {f.field: f.value for f in bibliography.extract(clean_document("t", page))}
    assert facts["doi"] == "10.5555/xyz.2018.01" and facts["year"] == 2018
    page = "A trial of cord cells in one man with injury of the cord\n\n10.7777/abc.2020.9\n\nAbstract\nOne man received cord cells and walked again after many weeks.\n"
    assert {f.field: f.value for f in bibliography.extract(clean_document("t", page))}["doi"] == "10.7777/abc.2020.9"


@pytest.mark.parametrize("line, year", [
    ("Front. Imag. Sci., 4 May 2021", 2021),
    ("Cell Letters [Tehran]. 2017; 8 (2): 10-20", 2017),
    ("Stem Papers, Volume 12, Issue 3, June 2013, Pages 100–110,", 2013),
])
def test_citation_line_variants(line, year):
    page = f"{line}\n\nAbstract\nForty patients received stromal cells intravenously and none had fever.\n"
    facts = {f.field: f.value for f in bibliography.extract(clean_document("t", page))}
    assert facts["year"] == year


# --- Chinese, Japanese, Korean wording ----------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("本研究为第I-II相臨床試験です。", "1/2"),
    ("연구자 임상시험(2상)을 승인받았다.", "2"),
    ("Condition: knee pain | Phase 2 Phase 3 |", "2/3"),
])
def test_phase_in_cjk_and_registry_spelling(text, value):
    assert _values(phase, text, "phase") == [value]


@pytest.mark.parametrize("text", ["我们招募了 20 名膝关节炎患者。", "환자 8명에게 줄기세포를 주입했다."])
def test_cjk_patients_are_human(text):
    assert _values(species, text, "species") == ["human"]


def test_korean_compound_ends_with_a_vocabulary_term():
    from pipeline.extract import cell_source
    text = "환자들에게 골수에서 채취한 성체줄기세포를 주입했다."
    assert _values(cell_source, text, "cell_source") == ["bone marrow"]


def test_chinese_dose_with_spaced_exponent():
    text = "关节内注射 2.0 × 10 7 个细胞。"
    assert _values(doses, text, "dose") == [2e7]


# --- doses --------------------------------------------------------------------------------------

def test_asterisk_operator_between_mantissa_and_power():
    assert _values(doses, "Patients received an injection of 3∗106 cells.", "dose") == [3e6]


def test_german_per_kilogram_in_words():
    f = doses.extract(_doc("Jeder Patient erhielt eine Infusion mit einer Million Zellen pro Kilogramm Körpergewicht."))
    assert [(x.value, x.attrs["unit"]) for x in f] == [(1e6, "cells/kg")]


@pytest.mark.parametrize("text", [
    "Patients were infused with 2 million cells per kilogram of body weight (140 million cells).",
    "Patients got 3 daily infusions of MSCs (2 million cells/kg, maximum dose 150 million cells).",
])
def test_per_subject_figure_qualifying_a_per_kg_dose_is_not_a_level(text):
    assert [(f.value, f.attrs["unit"]) for f in doses.extract(_doc(text))] == [(2e6, "cells/kg")]


# --- counts and administrations -----------------------------------------------------------------

def test_includes_a_total_of():
    assert _values(counts, "The cohort includes a total of 44 patients with colitis.", "n_enrolled") == [44]


def test_transplanted_names_the_cell_treatment():
    text = "Overall, thirty dogs were transplanted and followed for a year."
    assert _values(counts, text, "n_cell_treated") == [30]


@pytest.mark.parametrize("text, count", [
    ("Cells were given at 1 million cells/kg for each infusion twice a week for 3 weeks.", 6),
    ("MSCs were infused 2 times a month for 3 months.", 6),
])
def test_rate_times_duration(text, count):
    assert _values(administrations, text, "n_infusions") == [count]


@pytest.mark.parametrize("text", [
    "In this group 12 patients received one or two infusions.",
    "Most patients received 3-4 infusions of cells.",
    "Jeder zweite Patient erhielt Zellen als Infusion.",
])
def test_spread_of_counts_and_every_second_patient_are_no_count(text):
    assert _values(administrations, text, "n_infusions") == []


# --- design and routes --------------------------------------------------------------------------

@pytest.mark.parametrize("text, flag", [
    ("In this phase I multisite study, ten patients received cells.", "multicenter"),
    ("Arms: Biological: stromal cells; Biological: placebo", "placebo-controlled"),
])
def test_design_wording(text, flag):
    assert flag in _values(design, text, "design_flag")


def test_routes_compared_leave_route_null():
    text = ("Patients in group 1 received an intravenous injection of MSCs and patients in group 2 "
            "received an intrathecal injection of MSCs.")
    assert _values(route, text, "route") == []


def test_route_of_disease_induction_does_not_compete_with_the_cells():
    text = ("Fibrosis was modelled by injecting bleomycin intradermally each day. "
            "Skin was treated with bleomycin intradermally again on day 2. "
            "Then 1 million MSCs were given through the tail vein.")
    assert _values(route, text, "route") == ["intravenous"]


def test_infusion_alone_is_weak_intravenous_evidence():
    assert _values(route, "Patients received weekly MSC infusions.", "route") == ["intravenous"]
