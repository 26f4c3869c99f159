"""find_marker's combined regexes pick the same marker as trying each marker in file order."""

from __future__ import annotations

import re

import pytest

from pipeline.boilerplate import Marker, _anchored, find_marker, is_prose, markers
from pipeline.sections import strip_bullet


def _first_in_file_order(text: str) -> tuple[Marker, re.Match[str]] | None:
    bare = strip_bullet(text).strip()
    prose = is_prose(bare)
    for marker in markers():
        if marker.kind == "affiliation" or (prose and marker.match == "contains"):
            continue
        if m := marker.regex.search(bare):
            return marker, m
    return None


def _lines() -> list[str]:
    """Every marker's own text, alone, with a value, inside a sentence and after a bullet."""
    out = []
    for marker in markers():
        if marker.match == "regex":
            continue
        out += [marker.pattern, f"{marker.pattern}: Lupus", f"• {marker.pattern.upper()}",
                f"The {marker.pattern} of this study was funded by 3 agencies in 2019, and we "
                "treated twenty patients with umbilical cord cells."]
    return out + ["Cited by 12", "doi: 10.1000/xyz", "10.1186/s13287-020-01234-5", "ORCID 0000",
                  "Views: 1,234", "NCT01234567", "Study design: randomised", "Volume 12 Issue 3",
                  "Journal · Published in Stem Cells · 2014", "Mesenchymal stem cells for lupus"]


def _marker_and_span(found: tuple[Marker, re.Match[str]] | None
                     ) -> tuple[Marker, tuple[int, int]] | None:
    return (found[0], found[1].span()) if found else None


def test_find_marker_is_the_first_marker_in_file_order() -> None:
    for line in _lines():
        assert (_marker_and_span(find_marker(line))
                == _marker_and_span(_first_in_file_order(line))), line


@pytest.mark.parametrize(("pattern", "anchored"), [
    (r"^Cited by \d+$", True),
    (r"^(?:Views|Downloads)\s*:?\s*[\d,]+$", True),
    (r"^[|(]x", True),
    (r"^a|b", False),
    (r"^(?:a)|b", False),
    (r"·\s*Published in\b", False),
])
def test_only_a_regex_opening_with_a_caret_and_no_outer_alternative_is_anchored(
        pattern: str, anchored: bool) -> None:
    marker = Marker("boilerplate", None, "en", "regex", pattern, re.compile(pattern, re.I))
    assert _anchored(marker) is anchored
