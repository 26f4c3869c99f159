"""Character repair keeps the map back to raw offsets (strings written for the tests)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.repair import as_printed, repair
from pipeline.text import MappedText


def repaired(raw: str) -> MappedText:
    return repair(MappedText.identity(raw))


@pytest.mark.parametrize("raw, expected", [
    ("Loisel SÃ©verine", "Loisel Séverine"),                       # mojibake
    ("a\u00a0b\u2009c\u202fd", "a b c d"),                          # exotic spaces
    ("stro\u00admal ce\u200bll", "stromal cell"),                    # soft hyphen, zero width
    ("TGF\u2011β1 and Zhi\u2010Ye", "TGF-β1 and Zhi-Ye"),             # hyphen look-alikes
    ("marrow\u2013derived, aged 18\u201370", "marrow-derived, aged 18-70"),
    ("a pause \u2013 then", "a pause \u2013 then"),                   # a spaced en dash stays
    ("median 24\u00b71 months", "median 24.1 months"),               # middle-dot decimal
    ("1 \u00d7 \\({10}^{6}\\) cells", "1 \u00d7 10^6 cells"),         # LaTeX inline math
    ("$2 \\times 10^{6}$ cells/kg", "2 × 10^6 cells/kg"),
    ("5\\^6 cells", "5^6 cells"),                                     # escaped caret
    ("IL&#8209;6 &amp; TNF", "IL-6 & TNF"),                           # HTML entities
    ("2.0\u00d7106 cells, 0,94 mg", "2.0\u00d7106 cells, 0,94 mg"),   # left to the dose parser
])
def test_character_repairs(raw: str, expected: str) -> None:
    assert repaired(raw).text == expected


def test_hyphenation_across_a_line_break() -> None:
    assert repaired("the treat-\nment was safe").text == "the treatment was safe"
    assert repaired("bone marrow-\nderived cells").text == "bone marrow-derived cells"


def test_camel_case_and_acronym_joins_are_split() -> None:
    text = repaired("A Phase II Non-RandomizedClinical Trial of the SLEDAIscore").text
    assert "Non-Randomized Clinical Trial" in text
    assert "SLEDAI score" in text


def test_domains_and_brand_names_are_not_split() -> None:
    text = "registered at ClinicalTrials.gov and analysed with GraphPad and PubMed"
    assert repaired(text).text == text


def test_lowercase_joins_need_known_halves_and_repeated_damage() -> None:
    raw = ("Patients with systemic lupuserythematosus have poor prognosis. We found amedian "
           "age of the patientswas 29 and the effect wassafe in all groups.")
    text = repaired(raw).text
    for fixed in ("lupus erythematosus", "a median age", "patients was", "was safe"):
        assert fixed in text
    # one stray unknown word is not evidence of lost spaces
    single = "The therapist reviewed the patients with the clinical team."
    assert repaired(single).text == single


def test_repaired_spans_map_back_to_raw() -> None:
    raw = "Start 1 \u00d7 \\({10}^{6}\\) cells/kg and SÃ©verine; median 24\u00b71 months"
    text = repaired(raw)
    for phrase, raw_phrase in [("1 × 10^6 cells/kg", "1 \u00d7 \\({10}^{6}\\) cells/kg"),
                               ("Séverine", "SÃ©verine"), ("24.1 months", "24\u00b71 months")]:
        i = text.text.index(phrase)
        s, e = text.raw_span(i, i + len(phrase))
        assert raw[s:e] == raw_phrase


def test_a_split_word_keeps_exact_spans_for_each_half() -> None:
    raw = "systemic lupuserythematosus withpoor outcome, amedian age, notsignificantly"
    text = repaired(raw)
    i = text.text.index("erythematosus")
    s, e = text.raw_span(i, i + len("erythematosus"))
    assert raw[s:e] == "erythematosus"


def test_as_printed_repairs_only_encoding_and_spaces() -> None:
    assert as_printed("Bone marrow\u2013derived\u00a0cells SÃ©") == "Bone marrow\u2013derived cells Sé"


_PIECES = st.sampled_from(list("abcdeXYZ 019-\n.·×^{}\\()$&;#")
                         + ["\u00a0", "\u2011", "\u2013", "\u00ad", "Ã©", "lupus", "&amp;", "\\(", "\\)"])


@given(st.lists(_PIECES, max_size=80).map("".join))
def test_map_stays_monotone_and_within_bounds(raw: str) -> None:
    text = repaired(raw)
    assert len(text.starts) == len(text.ends) == len(text.text)
    previous = 0
    for s, e in zip(text.starts, text.ends):
        assert 0 <= s <= e <= len(raw)
        assert s >= previous
        previous = s
