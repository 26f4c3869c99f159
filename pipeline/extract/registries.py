"""Trial registrations: one ``registration`` fact per distinct registry id on the page.

Value is the canonical id (``NCT01234567``, ``ChiCTR-TRC-12002345``, ``CTRI/2018/01/011223``),
``attrs["registry"]`` the registry name of the contract (``ClinicalTrials.gov``, ``ChiCTR``,
``IRCT``, ``EudraCT``, ...). Formats are data (``vocab/registries.csv``); spaces and hyphens
scraped into an id (``NCT 0123 4567``) are dropped. Formats that are not distinctive on their
own (EudraCT numbers look like any dashed number) count only with their registry named in
the same sentence. An id inside a URL counts only when its sentence speaks of registration,
so a page's own address or a link to another site adds nothing. Registrations are
document-level facts: no population.

What does not belong here: recognizing related-paper lists (``clean.py`` keeps them out of
``doc.study``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.model import CleanDocument, Fact, fact_at
from pipeline.prefilter import folded
from pipeline.sentences import sentence_at, split_sentences
from pipeline.vocab import load_vocab

# top-level domains a bare address ends in ("clinicaltrials.gov/...")
_DOMAINS = "gov|org|com|net|cn|ir|jp|in"
_URL = re.compile(rf"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:{_DOMAINS})/\S*", re.I)
# what every _URL match holds, in lower case: a page (``folded``) without it has no URL, and
# finding it is far cheaper than the scan (most pages name an id but hold no URL)
_URL_WORDS = re.compile(rf"://|www\.|\.(?:{_DOMAINS})/")
# a sentence that speaks of registration (en/de/fr/es/zh)
_REGISTRATION_CUE = re.compile(
    r"regist|identifier|trial number|ClinicalTrials\.gov|Registr|enregistr|注册|登记", re.I)
# separators scraped into an id: whitespace anywhere, hyphens also inside a run of digits
_SCRAPED = {"digits": re.compile(r"[\s-]")}
_SCRAPED_DEFAULT = re.compile(r"\s")
# what a format may start with that the id itself does not need: lookbehinds and optional
# groups (``(?<![A-Za-z])KCT...``, ``(?:JPRN-)?UMIN...``)
_OPTIONAL_LEAD = re.compile(r"^(?:\(\?<[!=][^)]*\)|\(\?:[^()]*\)\?)+")


@dataclass(frozen=True, slots=True)
class _Format:
    registry: str
    pattern: re.Pattern[str]
    canonical: str
    context: re.Pattern[str] | None
    # ``pattern`` without its optional lead: a page without a match of it has no match of
    # ``pattern`` either, and the engine scans for its leading literal far faster
    gate: re.Pattern[str]


@cache
def _formats() -> tuple[_Format, ...]:
    return tuple(
        _Format(row["registry"], re.compile(row["pattern"]), row["canonical"],
                re.compile(row["context"], re.I) if row["context"] else None,
                re.compile(_OPTIONAL_LEAD.sub("", row["pattern"])))
        for row in load_vocab("registries")
    )


def extract(doc: CleanDocument) -> list[Fact]:
    text = doc.study.text
    sentences = split_sentences(text)
    urls: list[tuple[int, int]] | None = None  # found once a match needs them
    facts: dict[str, Fact] = {}
    for fmt in _formats():
        if not fmt.gate.search(text):
            continue
        for m in fmt.pattern.finditer(text):
            sentence = sentence_at(sentences, m.start())
            context = sentence.text if sentence is not None else text[max(0, m.start() - 120):m.end()]
            if fmt.context is not None and not fmt.context.search(context):
                continue
            if urls is None:
                urls = ([u.span() for u in _URL.finditer(text)]
                        if _URL_WORDS.search(folded(text)) else [])
            in_url = any(s <= m.start() < e for s, e in urls)
            if in_url and not _REGISTRATION_CUE.search(_URL.sub(" ", context)):
                continue
            parts = {k: _SCRAPED.get(k, _SCRAPED_DEFAULT).sub("", v)
                     for k, v in m.groupdict().items() if v}
            value = fmt.canonical.format(**parts)
            if value not in facts:
                facts[value] = fact_at(doc, doc.study, m.start(), m.end(), "registration", value,
                                       f"registries.{fmt.registry}", attrs={"registry": fmt.registry})
    return sorted(facts.values(), key=lambda f: f.start)
