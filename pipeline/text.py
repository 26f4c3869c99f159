"""Text that remembers where every character came from in the raw text.

Cleaning rewrites text (repairs mojibake, joins hyphenated words, drops boilerplate),
but every fact must point at a span of ``raw_text``. A :class:`MappedText` carries, for each
of its characters, the raw span it was derived from, so a match in cleaned text maps back
to raw offsets with :meth:`MappedText.raw_span`.

What does not belong here: any knowledge of what the text says (see ``clean.py``).
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from typing import Callable, Iterable

Replacement = str | Callable[[re.Match[str]], str]

# 0, 1, 2, ...: a slice of it is a memory copy, where array("l", range(...)) costs tens of
# nanoseconds a number (grown on demand)
_counting = array("l")


def _progression(first: int, step: int, length: int) -> array:
    """``array("l", range(first, first + step * length, step))``, fast for the steps of a
    map: 0 and 1 (from ``first`` >= 0)."""
    global _counting
    if step == 0:
        return array("l", [first]) * length
    if step != 1:
        return array("l", range(first, first + step * length, step))
    if first + length > len(_counting):
        _counting = array("l", range(first + length))
    return _counting[first:first + length]


@dataclass(frozen=True, slots=True)
class MappedText:
    """``text`` plus, per character ``i``, the raw span ``[starts[i], ends[i])``."""

    text: str
    starts: array
    ends: array
    raw_length: int

    @classmethod
    def identity(cls, raw: str) -> "MappedText":
        n = len(raw)
        return cls(raw, _progression(0, 1, n), _progression(1, 1, n), n)

    def __len__(self) -> int:
        return len(self.text)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``[start, end)`` covering the cleaned span ``[start, end)``."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span [{start}, {end}) outside text of length {len(self.text)}")
        if start == end:
            pos = self.starts[start] if start < len(self.text) else self.raw_length
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def span_from_raw(self, raw_start: int, raw_end: int) -> tuple[int, int] | None:
        """The stretch of this text drawn from raw ``[raw_start, raw_end)``: from the first to
        the last character whose raw start lies in it; None when no character does."""
        # raw starts do not decrease along a cleaned text (cleaning keeps the order): bisect,
        # then check that no character outside the stretch found draws from the span (one
        # pass in C), else look at every character
        starts = self.starts
        first = bisect_left(starts, raw_start)
        stop = bisect_left(starts, raw_end, first)
        if (max(starts[:first], default=raw_start - 1) < raw_start
                and min(starts[stop:], default=raw_end) >= raw_end):
            if first == stop:
                return None
            if raw_start <= starts[first] < raw_end and raw_start <= starts[stop - 1] < raw_end:
                return first, stop
        inside = [i for i, raw in enumerate(starts) if raw_start <= raw < raw_end]
        return (inside[0], inside[-1] + 1) if inside else None

    def sub(self, pattern: str | re.Pattern[str], repl: Replacement, flags: int = 0) -> "MappedText":
        """``re.sub`` that keeps the map: a replacement maps to the span of its whole match."""
        rx = re.compile(pattern, flags) if isinstance(pattern, str) else pattern
        pieces: list[str] = []
        starts, ends = array("l"), array("l")
        last = 0
        n = len(self.text)
        for m in rx.finditer(self.text):
            s, e = m.span()
            pieces.append(self.text[last:s])
            starts.extend(self.starts[last:s])
            ends.extend(self.ends[last:s])
            new = repl(m) if callable(repl) else m.expand(repl)
            if new:
                if e > s:
                    rs, re_ = self.starts[s], self.ends[e - 1]
                else:  # an insertion maps to the point where it was made
                    rs = re_ = self.starts[s] if s < n else self.raw_length
                pieces.append(new)
                starts.extend([rs] * len(new))
                ends.extend([re_] * len(new))
            last = e
        if last == 0 and not pieces:
            return self
        pieces.append(self.text[last:])
        starts.extend(self.starts[last:])
        ends.extend(self.ends[last:])
        return MappedText("".join(pieces), starts, ends, self.raw_length)

    def slice(self, start: int, end: int) -> "MappedText":
        return MappedText(self.text[start:end], self.starts[start:end], self.ends[start:end],
                          self.raw_length)

    @classmethod
    def join(cls, parts: Iterable["MappedText"], sep: str = "\n\n") -> "MappedText":
        """Concatenate parts; each separator maps to the empty span where the next part starts."""
        pieces: list[str] = []
        starts, ends = array("l"), array("l")
        raw_length = 0
        for i, part in enumerate(parts):
            raw_length = part.raw_length
            if i and sep:
                anchor = part.starts[0] if len(part) else raw_length
                pieces.append(sep)
                starts.extend([anchor] * len(sep))
                ends.extend([anchor] * len(sep))
            pieces.append(part.text)
            starts.extend(part.starts)
            ends.extend(part.ends)
        return cls("".join(pieces), starts, ends, raw_length)

    def to_runs(self) -> list[list[int]]:
        """Compact form of the map for storage: ``[clean_start, length, raw_start, raw_end, step]``
        runs, where within a run each character's raw span moves by ``step`` (1 for copied
        text, 0 for a replacement that maps to one raw span)."""
        runs: list[list[int]] = []
        n = len(self.text)
        i = 0
        while i < n:
            s0, e0 = self.starts[i], self.ends[i]
            j = i + 1
            step = 1 if j < n and self.starts[j] == s0 + 1 and self.ends[j] == e0 + 1 else 0
            length = self._run_length(i, step)
            runs.append([i, length, s0, e0, step])
            i += length
        return runs

    def _run_length(self, i: int, step: int) -> int:
        """The length of the longest run from ``i`` whose raw spans move by ``step``. Runs are
        long (a few per document), so the length is found by doubling, then halving, a guess,
        each guess checked by comparing array slices (a memory compare)."""
        s0, e0 = self.starts[i], self.ends[i]

        def fits(length: int) -> bool:
            return (self.starts[i:i + length] == _progression(s0, step, length)
                    and self.ends[i:i + length] == _progression(e0, step, length))

        rest = len(self.text) - i
        if fits(rest):  # the last run reaches the end: often the only one
            return rest
        fit, unfit = 1, 2  # invariant: a run of length ``fit`` fits, of ``unfit`` does not
        while unfit < rest and fits(unfit):
            fit, unfit = unfit, 2 * unfit
        unfit = min(unfit, rest)
        while unfit - fit > 1:
            middle = (fit + unfit) // 2
            fit, unfit = (middle, unfit) if fits(middle) else (fit, middle)
        return fit

    @classmethod
    def from_runs(cls, text: str, runs: list[list[int]], raw_length: int) -> "MappedText":
        starts, ends = array("l"), array("l")
        for _, length, s0, e0, step in runs:
            starts.extend(_progression(s0, step, length))
            ends.extend(_progression(e0, step, length))
        if len(starts) != len(text):
            raise ValueError("runs do not cover the text")
        return cls(text, starts, ends, raw_length)
