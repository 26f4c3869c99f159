"""Cleaning: repaired, boilerplate-free study text that still maps back to ``raw_text``.

(First cut: character repair only; the whole page is treated as study text.)
"""

from __future__ import annotations

from pipeline.model import CleanDocument
from pipeline.text import MappedText


def clean_document(doc_id: str, raw_text: str) -> CleanDocument:
    normalized = MappedText.identity(raw_text)
    normalized = normalized.sub(r"[\u00a0\u2009\u202f\u2007\u2002-\u2006]", " ")
    normalized = normalized.sub(r"[\u200b-\u200d\ufeff]", "")
    normalized = normalized.sub(r"[\u2010\u2011]", "-")
    return CleanDocument(doc_id=doc_id, raw_text=raw_text, normalized=normalized, study=normalized)
