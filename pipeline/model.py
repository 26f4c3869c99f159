"""The domain's value types: a cleaned document and the facts extracted from it.

Every extractor is a pure function ``CleanDocument -> list[Fact]``; a :class:`Fact` always
carries the raw-text span that supports it and the name of the rule that produced it, so the
warehouse's ``evidence`` table can say why every value is what it is.

What does not belong here: any extraction logic, any Dagster or DuckDB code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pipeline.text import MappedText


@dataclass(frozen=True, slots=True)
class Zone:
    """A stretch of the document with one role (``study``, ``boilerplate``, ``related``,
    ``translation``, ``metadata``) and language, in raw offsets."""

    kind: str
    lang: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Section:
    """A named part of the document (``title``, ``authors``, ``journal``, ``abstract``,
    ``background``, ``methods``, ``results``, ``conclusion``, ...), in raw offsets."""

    name: str
    start: int
    end: int


@dataclass(slots=True)
class CleanDocument:
    """A seed's text after decoding, repair and boilerplate removal.

    ``normalized`` is the whole page with character-level damage repaired; ``study`` is the
    part facts may be drawn from (the primary study text: title and abstract, no portal
    boilerplate, no related-paper lists, no translated copy). Both map back to ``raw_text``.
    ``derived`` holds what extractors read from the document and share (see :func:`derive_once`);
    it is not part of the document's value. A document is not changed once built.
    """

    doc_id: str
    raw_text: str
    normalized: MappedText
    study: MappedText
    title: str | None = None
    title_span: tuple[int, int] | None = None
    language: str = "en"
    zones: list[Zone] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    derived: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def clean_text(self) -> str:
        return self.study.text


T = TypeVar("T")


def derive_once(doc: CleanDocument, key: Any, compute: Callable[[], T]) -> T:
    """``compute()``, run once per document and ``key``: several extractors ask the same
    question of one document (its study populations, say), and the answer is kept on it."""
    try:
        return doc.derived[key]
    except KeyError:
        value = doc.derived[key] = compute()
        return value


@dataclass(frozen=True, slots=True)
class Fact:
    """One extracted value with its evidence.

    ``field`` names the warehouse column (``phase``, ``n_enrolled``, ``design_flag``...);
    ``start``/``end`` are raw-text offsets of the supporting span; ``rule`` names the rule
    (``module.rule``); ``population`` is the species the fact is about when the extractor
    knows it (a page may describe a mouse study and a human trial); ``note`` explains a
    repair or an inference.
    """

    field: str
    value: Any
    start: int
    end: int
    rule: str
    population: str | None = None
    note: str | None = None
    attrs: dict[str, Any] | None = None


def fact_at(doc: CleanDocument, text: MappedText, start: int, end: int, field_: str,
            value: Any, rule: str, **kw: Any) -> Fact:
    """Build a fact from a match at ``[start, end)`` of ``text`` (a view of ``doc``)."""
    rs, re_ = text.raw_span(start, end)
    return Fact(field_, value, rs, re_, rule, **kw)
