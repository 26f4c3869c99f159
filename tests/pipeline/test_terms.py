"""Term matching tolerances, abbreviation definitions and the per-population choice."""

from __future__ import annotations

import pytest

import re
import sys
import unicodedata

from pipeline import terms
from pipeline.model import CleanDocument
from pipeline.terms import (
    _SEPARATOR_CHAR,
    _UNSEARCHABLE,
    Mention,
    Term,
    TermMatcher,
    _fold,
    _Scan,
    _searchable,
    best_per_population,
    defined_abbreviations,
    starting_in,
    term_pattern,
    with_abbreviations,
)
from pipeline.text import MappedText


def found(terms: list[str], text: str) -> list[str]:
    matcher = TermMatcher(Term(t, t) for t in terms)
    return [text[m.start:m.end] for m in matcher.find(text)]


@pytest.mark.parametrize("text", [
    "Graft-versus-host disease", "graft versus host disease", "GRAFT-VERSUS-HOST DISEASE",
    "graft‑versus‑host disease",  # non-breaking hyphens
    "graftversushost disease",    # spaces lost at line breaks
])
def test_case_hyphen_and_space_variants(text: str) -> None:
    assert found(["graft-versus-host disease"], f"with {text} after") == [text]


def test_words_run_together_at_lost_line_breaks() -> None:
    text = "patients with systemic lupuserythematosus and withlupus nephritis"
    assert found(["systemic lupus erythematosus", "lupus nephritis"], text) == [
        "systemic lupuserythematosus", "lupus nephritis"]


@pytest.mark.parametrize("text", ["Crohn's disease", "Crohn’s disease", "Crohns disease",
                                  "Crohn disease"])
def test_possessive_variants(text: str) -> None:
    assert found(["Crohn's disease"], text) == [text]


def test_plurals() -> None:
    assert found(["spinal cord injury", "burn wound"], "spinal cord injuries and burn wounds") == [
        "spinal cord injuries", "burn wounds"]


def test_accented_letters_match_plain_ones() -> None:
    assert found(["Sjögren syndrome"], "primary Sjogren syndrome") == ["Sjogren syndrome"]


def test_abbreviations_keep_their_case() -> None:
    assert found(["knee OA", "IV infusion"], "knee OA and knee oa; iv infusion, IV infusion") == [
        "knee OA", "IV infusion"]


def test_abbreviations_take_a_species_prefix_and_a_glued_number() -> None:
    assert found(["MSC"], "hMSCs, mMSC and 1x106MSCs/kg but not ABMSC") == [
        "hMSCs", "mMSC", "MSCs"]


def test_short_terms_need_word_edges() -> None:
    assert found(["arthritis"], "osteoarthritis") == []
    assert found(["arthritis"], "arthritis-prone") == ["arthritis"]


def test_longest_term_wins() -> None:
    text = "human umbilical cord blood-derived cells"
    assert found(["umbilical cord", "umbilical cord blood"], text) == ["umbilical cord blood"]


def test_a_term_may_open_with_a_hyphen() -> None:
    text = "bone marrow-derived and bone marrow derived cells"
    assert found(["bone marrow", "-derived"], text) == [
        "bone marrow", "-derived", "bone marrow", " derived"]


def test_a_short_first_word_is_found_before_any_separator() -> None:
    text = "T-cells, T cells and Tcell counts; at the lesion site and at the  lesion"
    assert found(["T cell", "at the lesion site", "at the lesion"], text) == [
        "T-cells", "T cells", "Tcell", "at the lesion site", "at the  lesion"]


def test_any_separators_and_letters_that_fold_apart_are_found() -> None:
    text = "T\ncells, T \u2013 cells, lupu\u017f nephritis and lupus\n\nnephritis"
    assert found(["T cell", "lupus nephritis"], text) == [
        "T\ncells", "T \u2013 cells", "lupu\u017f nephritis", "lupus\n\nnephritis"]


def test_folding_keeps_positions_and_folds_each_character_alone() -> None:
    def fold_alone(ch: str) -> str:
        bare = "".join(c for c in unicodedata.normalize("NFD", ch.lower())
                       if not unicodedata.combining(c))
        return bare if len(bare) == 1 else ch

    # a final sigma, a title-case digraph, a dotted capital I, a ligature, Hangul, accents
    for text in ["ΟΔΟΣ ΣΑ", "ǅemal ǄEMAL", "İstanbul", "ﬁbrosis", "성체줄기세포", "Sjögren ÅSA"]:
        assert _fold(text) == "".join(map(fold_alone, text))


def test_searchable_text_spaces_every_separator_and_plains_odd_letters() -> None:
    every_character = map(chr, range(sys.maxunicode + 1))
    separators = {ch for ch in every_character if re.match(_SEPARATOR_CHAR, ch)}
    assert separators - {" "} == {ch for ch, plain in _UNSEARCHABLE.items() if plain == " "}
    for ch in map(chr, range(128, sys.maxunicode + 1)):
        if re.fullmatch("[a-z0-9]", ch, re.IGNORECASE):  # "ſ" for "s", the Kelvin sign for "k"
            plain = _searchable(_fold(ch))
            assert plain.isascii() and re.fullmatch(plain, ch, re.IGNORECASE)


def test_a_possessive_first_word_is_found_with_or_without_its_apostrophe() -> None:
    text = "the patient's own cells and the patients own cells"
    assert found(["patient's own cells"], text) == ["patient's own cells", "patients own cells"]


def test_chinese_terms_need_no_word_edges() -> None:
    assert found(["狼疮性肾炎"], "难治性狼疮性肾炎患者") == ["狼疮性肾炎"]


def test_pattern_is_a_valid_regex_for_odd_terms() -> None:
    for term in ["M. Crohn", "i.v.", "stem/stromal cell", "maladie de l'hôte", "COVID-19"]:
        assert term_pattern(term)


def test_shared_matchers_find_what_each_finds_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(terms, "_SHARED_SCAN", _Scan())
    vocabularies = [["bone marrow", "MSC", "umbilical cord blood"],
                    ["knee osteoarthritis", "OA", "-derived", "骨关节炎"], ["intravenous", "i.v."]]
    texts = ["Knee OA patients got hMSCs (bone marrow-derived) i.v. and umbilical cord blood",
             "膝骨关节炎 patients received intravenous MSCs"]
    alone = [[found(v, text) for v in vocabularies] for text in texts]
    first = TermMatcher((Term(t, t) for t in vocabularies[0]), shared=True)
    assert [texts[0][m.start:m.end] for m in first.find(texts[0])] == alone[0][0]
    matchers = [first] + [TermMatcher((Term(t, t) for t in v), shared=True)
                          for v in vocabularies[1:]]  # added after a search
    for text, expected in zip(texts, alone):
        assert [[text[m.start:m.end] for m in matcher.find(text)]
                for matcher in matchers] == expected


def test_starting_in_picks_the_matches_that_start_in_a_span() -> None:
    text = "MSC and MSC, then MSC"
    matches = TermMatcher([Term("MSC", "msc")]).find(text)
    assert [m.start for m in starting_in(matches, 1, 18)] == [8]
    assert [m.start for m in starting_in(matches, 0, 19)] == [0, 8, 18]


def test_defined_abbreviation_is_learned() -> None:
    text = "refractory lupus nephritis (LN) in seven LN patients (n = 7)"
    matches = TermMatcher([Term("lupus nephritis", "ln")]).find(text)
    assert [(d.abbreviation, d.key) for d in defined_abbreviations(text, matches)] == [("LN", "ln")]
    extended = with_abbreviations(text, matches)
    assert [text[m.start:m.end] for m in extended] == ["lupus nephritis", "LN"]


def test_the_nearer_term_is_the_one_defined() -> None:
    text = "systemic lupus erythematosus, lupus nephritis (LN)"
    matcher = TermMatcher([Term("systemic lupus erythematosus", "sle"), Term("lupus nephritis", "ln")])
    assert [d.key for d in defined_abbreviations(text, matcher.find(text))] == ["ln"]


def test_numbers_in_parentheses_are_not_abbreviations() -> None:
    text = "type 1 diabetes (2019) and type 1 diabetes (n=12)"
    matches = TermMatcher([Term("type 1 diabetes", "t1d")]).find(text)
    assert defined_abbreviations(text, matches) == []


def _doc(text: str) -> CleanDocument:
    mapped = MappedText.identity(text)
    return CleanDocument("t", text, mapped, mapped)


def test_best_value_sums_weights_and_takes_heaviest_mention_as_evidence() -> None:
    doc = _doc("alpha beta beta")
    mentions = [Mention("a", 0, 5, 1.5, "r"), Mention("b", 6, 10, 1.0, "r"),
                Mention("b", 11, 15, 1.0, "r")]
    [(population, evidence, score)] = best_per_population(doc, mentions)
    assert population is None and evidence.value == "b" and evidence.start == 6 and score == 2.0


def test_rescore_can_change_the_winner() -> None:
    doc = _doc("alpha beta beta")
    mentions = [Mention("a", 0, 5, 1.5, "r"), Mention("b", 6, 10, 1.0, "r"),
                Mention("b", 11, 15, 1.0, "r")]
    [(_, evidence, _)] = best_per_population(doc, mentions, rescore=lambda s: {"a": s["a"] + s["b"]})
    assert evidence.value == "a"
