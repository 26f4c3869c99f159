"""MappedText.span_from_raw: the bisect over raw starts gives what a scan of every character does."""

from __future__ import annotations

from array import array

from hypothesis import given, strategies as st

from pipeline.text import MappedText


def _scanned(text: MappedText, raw_start: int, raw_end: int) -> tuple[int, int] | None:
    inside = [i for i, raw in enumerate(text.starts) if raw_start <= raw < raw_end]
    return (inside[0], inside[-1] + 1) if inside else None


@given(st.lists(st.integers(0, 12), max_size=15), st.booleans(), st.integers(-2, 14),
       st.integers(-2, 14))
def test_span_from_raw_matches_a_scan_in_any_map(starts, ordered, raw_start, raw_end):
    # cleaning keeps raw starts in order, but the answer must not depend on it
    starts = sorted(starts) if ordered else starts
    text = MappedText("x" * len(starts), array("l", starts), array("l", starts), 13)
    assert text.span_from_raw(raw_start, raw_end) == _scanned(text, raw_start, raw_end)


def test_span_from_raw_of_an_out_of_order_map():
    text = MappedText("abcde", array("l", [6, 7, 9, 4, 2]), array("l", [7, 8, 10, 5, 3]), 11)
    assert text.span_from_raw(3, 10) == (0, 4)
    assert text.span_from_raw(8, 9) is None
