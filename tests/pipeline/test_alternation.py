"""``by_first_letter`` matches what the plain alternation matches; ``first_characters``."""

import re

from pipeline.alternation import by_first_letter, first_characters

PATTERNS = ["fever|febrile|(?:elevated )?temperature", "headaches?|kopfschmerz(?:en)?",
            "AEs?|SAEs?|side[- ]effects?", "übelkeit|nausea", "k?nee|[|]x|\\bor", "s"]
TEXT = ("Fever and HEADACHE, a ſide effect; Kopfſchmerzen, KNEE nee übelkeit |x or "
        "elevated temperature in 2 SAEs and ae; s")


def test_by_first_letter_finds_the_same_matches():
    plain = re.compile("|".join(PATTERNS), re.I)
    grouped = re.compile(by_first_letter(PATTERNS), re.I)
    assert [m.span() for m in grouped.finditer(TEXT)] == [m.span() for m in plain.finditer(TEXT)]
    for position in range(len(TEXT)):
        first, second = plain.match(TEXT, position), grouped.match(TEXT, position)
        assert (first and first.span()) == (second and second.span())


def test_letters_keep_their_case_insensitive_variants():
    assert re.fullmatch(by_first_letter(["kelvin", "ship"]), "\u212aELVIN", re.I)
    assert re.fullmatch(by_first_letter(["kelvin", "ship"]), "ſhip", re.I)


def test_first_characters():
    assert first_characters("fever|Febrile") == frozenset("fF")
    assert first_characters("skin|kelvin") == frozenset("sSſkK\u212a")
    assert first_characters("k?nee") is None
    assert first_characters("(?:a|b)c") is None
