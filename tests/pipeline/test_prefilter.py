"""Literal prefilters (pipeline/prefilter.py): the words a pattern needs, found in a folded
text wherever the case-insensitive pattern matches."""

from __future__ import annotations

import re

import pytest

from pipeline.prefilter import WordGroups, folded, holds_any, needles


@pytest.mark.parametrize("patterns, words", [
    (["adults?|erwachsenen?", "recién\\s+nacidos|nouveau-nés?"],
     ["adult", "erwachsene", "nacidos", "nouveau-né"]),
    (["infusion|infusions|Gabe"], ["gabe", "infusion"]),  # "infusions" holds "infusion"
    (["[\\w-]*MSCs?"], ["msc"]),                         # the text every match holds
    (["\\d+ (?:months?|weeks?) of follow-?up"], [" of follow"]),  # the most telling of several
    (["(?P<n>\\d+) (?:patients|subjects)"], ["patients", "subjects"]),  # through a named group
    (["(?:control|comparison) group"], ["comparison", "control"]),  # one word per alternative
    (["(?<!non)controlled|و?شملت"], ["controlled", "شملت"]),  # past what may be absent
    (["x?y?"], None),                                    # nothing every match holds
])
def test_needles_are_the_most_telling_text_every_match_holds(patterns, words):
    found = needles(patterns)
    assert (sorted(found.keys()) if found else None) == words


@pytest.mark.parametrize("text", ["INFUSİON", "ınfusion", "doſe", "Injektion"])
def test_folded_text_holds_what_case_insensitive_patterns_find(text):
    words = needles(["infusion|dose|injektion"])
    assert re.search("infusion|dose|injektion", text, re.I)
    assert holds_any(folded(text), words)


def test_folded_text_keeps_the_offsets():
    assert folded("INFUSİON ınfusion doſe") == "infusion infusion dose"


def test_word_groups_name_every_group_a_text_holds_in_one_pass():
    groups = WordGroups({"times": ["times|x"], "period": ["day|week"], "any": ["x?y?"]})
    assert groups.held(folded("Twice a WEEK")) == {"period", "any"}  # no word: always held
    assert groups.held(folded("3 times a day")) == {"times", "period", "any"}
    assert groups.held("") == {"any"}
