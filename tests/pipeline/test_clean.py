"""Zones and study text of small pages written for the tests (one phenomenon each)."""

from __future__ import annotations

from pipeline.clean import clean_document

ABSTRACT_EN = (
    "Background: Mesenchymal stromal cells may help patients with refractory colitis, "
    "and we tested them in 12 patients.\n"
    "Methods: We gave 2 infusions of 1 × 10^6 cells/kg to each of the 12 patients in 2019.\n"
    "Results: Ten patients responded and no serious adverse events occurred during the study.\n"
)


def zone_text(doc, kind: str) -> str:
    return "\n".join(doc.raw_text[z.start:z.end] for z in doc.zones if z.kind == kind)


def test_portal_page_keeps_title_and_abstract_only() -> None:
    raw = (
        "Skip to main content\n"
        "Stromal cells for refractory colitis: a pilot study\n"
        "Anna Berg 1, Carl Dahl 2, Eva Fors 1\n"
        "1Department of Medicine, Lund University, Lund, Sweden\n"
        "Correspondence to: Anna Berg, Email: anna@example.org\n"
        "Gut Research. 2020 Mar;12(3):45-52. doi: 10.1234/gr.2020.12\n"
        "Abstract\n" + ABSTRACT_EN +
        "Share this article\n"
        "Similar articles\n"
        "Stromal cells in lupus nephritis: a randomized trial\n"
        "Lupus Journal, 2018, 4 (2) : 10 - 20\n"
    )
    doc = clean_document("d", raw)
    study = doc.study.text
    assert study.startswith("Stromal cells for refractory colitis: a pilot study")
    assert "Methods: We gave 2 infusions" in study
    for leaked in ("Skip to main", "Anna Berg", "Lund University", "Email", "doi:", "Share",
                   "lupus nephritis", "Similar articles"):
        assert leaked not in study
    assert "lupus nephritis" in zone_text(doc, "related")
    assert doc.title == "Stromal cells for refractory colitis: a pilot study"
    assert doc.raw_text[slice(*doc.title_span)] == doc.title
    assert doc.language == "en"


def test_translated_copy_of_abstract_is_a_translation_zone() -> None:
    raw = (
        "干细胞治疗难治性结肠炎的初步研究\n"
        "Stromal cells for refractory colitis: a pilot study\n"
        "Abstract\n" + ABSTRACT_EN +
        "摘要\n"
        "背景\n"
        "间充质基质细胞可能有助于难治性结肠炎患者，我们在12名患者中进行了测试，共2次输注。\n"
        "立即体验\n"
    )
    doc = clean_document("d", raw)
    assert "背景" not in doc.study.text and "干细胞" not in doc.study.text
    translations = [z for z in doc.zones if z.kind == "translation"]
    assert translations and all(z.lang == "zh" for z in translations)
    assert "间充质基质细胞" in zone_text(doc, "translation")
    assert "干细胞治疗难治性结肠炎" in zone_text(doc, "translation")
    assert "立即体验" in zone_text(doc, "boilerplate")


def test_foreign_portal_chrome_is_boilerplate_not_translation() -> None:
    raw = ("Stromal cells for refractory colitis: a pilot study\n" + ABSTRACT_EN +
           "本平台是完全免费的文献互助平台，具备全网最快的应助速度，最高的求助完成率，欢迎使用。\n")
    doc = clean_document("d", raw)
    assert "文献互助平台" in zone_text(doc, "boilerplate")
    assert not [z for z in doc.zones if z.kind == "translation"]


def test_german_only_abstract_stays_study_text() -> None:
    raw = (
        "Z Klin Forsch 2011; 49 - P12\n"
        "Behandlung von Patienten mit Morbus Crohn mit allogenen mesenchymalen Stromazellen\n"
        "A Berg 1, B Dahl 1, C Fors 2\n"
        "Einleitung: Mesenchymale Stromazellen können die Immunantwort bei Patienten mit "
        "Morbus Crohn regulieren und wurden deshalb untersucht.\n"
        "Methodik: Sechs Patienten wurden mit zwei intravenösen Gaben der Zellen behandelt.\n"
    )
    doc = clean_document("d", raw)
    assert doc.language == "de"
    assert doc.title.startswith("Behandlung von Patienten")
    assert "Methodik: Sechs Patienten" in doc.study.text
    assert "A Berg" not in doc.study.text and "Z Klin" not in doc.study.text


def test_persian_index_page_with_english_abstract() -> None:
    raw = (
        "Stromal cells for refractory colitis: a pilot study\n"
        "سال انتشار: 1397\n"
        "نوع سند: مقاله کنفرانسی\n"
        "چکیده مقاله:\n" + ABSTRACT_EN +
        "نویسندگان\n"
        "Anna Berg\n"
        "Department of Medicine, Lund University, Lund, Sweden\n"
    )
    doc = clean_document("d", raw)
    assert "Results: Ten patients" in doc.study.text
    assert "سال" not in doc.study.text and "Anna Berg" not in doc.study.text


def test_registry_fields_are_study_text() -> None:
    raw = (
        "Title\n\n"
        "Stromal Cells for Refractory Colitis\n"
        "  • Phase\n\n    Phase 1/Phase 2\n"
        "  • Study Participants\n\n    40\n"
        "Colitis is a chronic disease of the bowel, and this study explores stromal cells in it.\n"
        "Last Update\nJun 27\n2013\n"
    )
    doc = clean_document("d", raw)
    assert "Phase 1/Phase 2" in doc.study.text and "40" in doc.study.text
    assert "Jun 27" not in doc.study.text
    assert doc.title == "Stromal Cells for Refractory Colitis"


def test_no_title_when_the_page_opens_with_prose() -> None:
    raw = ("Our objective is to treat refractory colitis with autologous stromal cells.\n"
           "Twelve adult patients will be entered into the study and followed for a year.\n")
    doc = clean_document("d", raw)
    assert doc.title is None
    assert doc.study.text.startswith("Our objective")


def test_study_spans_round_trip_through_repairs() -> None:
    raw = ("Stromal cells for lupus\u2011nephritis: a pilot study\n"
           "Abstract\nMethods: Patients received 1 × \\({10}^{6}\\) cells/kg over 24·1 months "
           "in a single center, and all were followed.\n")
    doc = clean_document("d", raw)
    study = doc.study
    for phrase, raw_phrase in [("1 × 10^6 cells/kg", "1 × \\({10}^{6}\\) cells/kg"),
                               ("24.1 months", "24·1 months"), ("lupus-nephritis", "lupus\u2011nephritis")]:
        i = study.text.index(phrase)
        s, e = study.raw_span(i, i + len(phrase))
        assert doc.raw_text[s:e] == raw_phrase


def test_zones_are_in_raw_offsets_and_ordered() -> None:
    raw = "Skip to main content\n" + "Stromal cells for refractory colitis: a pilot study\n" + ABSTRACT_EN
    doc = clean_document("d", raw)
    starts = [z.start for z in doc.zones]
    assert starts == sorted(starts)
    assert all(0 <= z.start < z.end <= len(raw) for z in doc.zones)
    assert [z.kind for z in doc.zones] == ["boilerplate", "study"]


def test_a_short_line_opening_with_a_heading_is_study_text():
    doc = clean_document("t", "A trial of stromal cells in lupus\n\nMethods: Six patients were enrolled.\n"
                              "Results: No adverse events.")
    assert "Six patients were enrolled" in doc.study.text
    assert "No adverse events" in doc.study.text
