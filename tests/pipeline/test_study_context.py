"""Who a statement is about: the species cue nearest to it."""

from __future__ import annotations

from pipeline.extract.study_context import population_of
from pipeline.populations import SpeciesMention
from pipeline.sentences import Sentence

# "mice ... patients" in one sentence, "rats" in the next
MENTIONS = [SpeciesMention(10, 14, "mouse", "mice"), SpeciesMention(30, 38, "human", "patients"),
            SpeciesMention(60, 64, "rat", "rats")]
FIRST, SECOND, THIRD = Sentence(0, 50, ""), Sentence(50, 80, ""), Sentence(80, 99, "")


def test_the_nearest_cue_before_in_the_sentence_wins() -> None:
    assert population_of(MENTIONS, FIRST, 40) == "human"
    assert population_of(MENTIONS, FIRST, 20) == "mouse"


def test_else_the_first_cue_of_the_sentence() -> None:
    assert population_of(MENTIONS, FIRST, 5) == "mouse"


def test_else_the_nearest_cue_earlier_in_the_text() -> None:
    assert population_of(MENTIONS, THIRD, 90) == "rat"
    assert population_of(MENTIONS, None, 45) == "human"


def test_else_the_first_cue_after_it() -> None:
    assert population_of(MENTIONS, None, 3) == "mouse"
    assert population_of([], FIRST, 3) is None
