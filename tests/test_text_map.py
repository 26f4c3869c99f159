"""MappedText: rewrites keep a map from every cleaned character back to the raw text."""

from __future__ import annotations

from hypothesis import given, strategies as st

from pipeline.text import MappedText


def test_replacement_maps_to_the_whole_match():
    m = MappedText.identity("dose 10\\^6 cells").sub(r"\\\^", "^")
    assert m.text == "dose 10^6 cells"
    start = m.text.index("10^6")
    assert m.raw_span(start, start + 4) == (5, 10)


def test_deletion_and_identity_spans():
    raw = "a\u200bb c"
    m = MappedText.identity(raw).sub("\u200b", "")
    assert m.text == "ab c"
    s, e = m.raw_span(0, 2)
    assert raw[s:e] == "a\u200bb"
    s, e = m.raw_span(3, 4)
    assert raw[s:e] == "c"


def test_join_separators_map_to_empty_spans():
    raw = "title\nnoise\nabstract"
    base = MappedText.identity(raw)
    joined = MappedText.join([base.slice(0, 5), base.slice(12, 20)])
    assert joined.text == "title\n\nabstract"
    s, e = joined.raw_span(7, 15)
    assert raw[s:e] == "abstract"


@given(st.text(alphabet="ab \u00a0\u200bx^\\", max_size=60))
def test_runs_round_trip(text):
    m = MappedText.identity(text).sub("\u00a0", " ").sub("\u200b", "").sub(r"\\\^", "^").sub("ab", "AB-")
    back = MappedText.from_runs(m.text, m.to_runs(), m.raw_length)
    assert back.starts == m.starts and back.ends == m.ends
    for i in range(len(m.text)):
        assert 0 <= m.starts[i] <= m.ends[i] <= len(text)


def test_span_from_raw_is_the_stretch_drawn_from_a_raw_span():
    text = MappedText.identity("Title: MSC trial\nBody").sub(r"Title: ", "")
    assert text.text == "MSC trial\nBody"
    start, end = text.span_from_raw(7, 16)
    assert text.text[start:end] == "MSC trial"
    assert text.span_from_raw(0, 7) is None  # "Title: " was removed: nothing comes from it
