"""Stated efficacy results (``outcome`` facts, valued by the measure's name).

Belongs here: before/after results of a named efficacy measure (``vocab/outcome_measures.csv``)
with attrs ``measure``, ``baseline``, ``follow_up_value``, ``time_point``, ``p_value``,
``p_relation`` (``=``, ``<``, ``>``) and ``direction`` (``decrease``, ``increase``,
``no change``), from the phrasings abstracts use: "SLEDAI score was 15.4 ± 5.8 ... which
reduced to 6.0 ± 4.8 in 3 months", "[baseline: 7.8 (...), day 84 ± 3: 7.15 (...); P < 0.01]",
"decreased from 15 to 6", and "(2.1 vs. 1.5 g/24 h, P = 0.308)" when the sentence
compares pre- with post-treatment. Does not belong here: between-arm comparisons, adverse
events, or any result whose measure is not named in the same sentence (precision over
recall: this table is read, not scored).
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.extract.study_context import population_of
from pipeline.model import CleanDocument, Fact, fact_at
from pipeline.populations import species_mentions
from pipeline.sentences import is_hypothetical, split_sentences
from pipeline.vocab import load_vocab

_VALUE = r"-?\d+(?:[.·]\d+)?"
_SPREAD = r"(?:\s*(?:±|\+/-)\s*\d+(?:[.·]\d+)?|\s*\([^()]{0,40}\))?"
_TIME = r"(?:days?|weeks?|months?|years?|wk)"

BRACKETED = re.compile(
    rf"baseline\s*:?\s*(?P<b>{_VALUE}){_SPREAD}\s*[,;]\s*"
    rf"(?P<tp>(?:day|week|month|wk)\s*\d+(?:\s*±\s*\d+)?|\d+\s*{_TIME})\s*:?\s*(?P<f>{_VALUE})",
    re.I,
)
CHANGED_TO = re.compile(
    rf"(?:was|were|of)\s+(?P<b>{_VALUE}){_SPREAD}[^.;]{{0,60}}?"
    rf"(?:reduced|decreased|declined|fell|dropped|increased|improved|rose|changed)\s+to\s+"
    rf"(?P<f>{_VALUE}){_SPREAD}(?:\s*(?:in|at|after)\s*(?P<tp>\d+\s*{_TIME}(?:\s+post[\w-]*)?))?",
    re.I,
)
FROM_TO = re.compile(
    rf"\bfrom\s+(?P<b>{_VALUE}){_SPREAD}\s*(?:[^\s\d]+\s+)?to\s+(?P<f>{_VALUE})"
    rf"(?:[^.;]{{0,20}}?\b(?:at|after|in)\s+(?P<tp>\d+\s*{_TIME}))?",
    re.I,
)
VERSUS = re.compile(rf"\(\s*(?P<b>{_VALUE})\s+(?:vs\.?|versus)\s+(?P<f>{_VALUE})", re.I)
PRE_POST = re.compile(r"\b(?:pre|before|baseline)\b.*\b(?:post|after)\b", re.I | re.S)
_DIGIT = re.compile(r"\d")
P_VALUE = re.compile(r"\b[Pp]\s*(?P<rel>[=<>≤≥])\s*(?P<p>0?[.·]\d+)")


@cache
def _measures() -> tuple[re.Pattern[str], dict[str, str]]:
    rows = load_vocab("outcome_measures")
    groups = {f"m{i}": row["measure"] for i, row in enumerate(rows)}
    alternation = "|".join(f"(?P<m{i}>{row['pattern']})" for i, row in enumerate(rows))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.I), groups


def extract(doc: CleanDocument) -> list[Fact]:
    text = doc.study.text
    mentions = species_mentions(text)
    pattern, groups = _measures()
    facts = []
    for sentence in split_sentences(text):
        s = sentence.text
        if not _DIGIT.search(s):
            continue  # every result pattern needs numbers
        results = [*BRACKETED.finditer(s), *CHANGED_TO.finditer(s), *FROM_TO.finditer(s)]
        versus = list(VERSUS.finditer(s))   # "(2.1 vs. 1.5": far cheaper to scan for than PRE_POST
        if versus and PRE_POST.search(s):
            results += versus
        if not results or is_hypothetical(s):
            continue  # results are rare: looked for before the wording and the measure
        measures = list(pattern.finditer(s))
        if not measures:
            continue
        used: set[int] = set()   # each measure mention reports one result
        for r in sorted(results, key=lambda r: r.start()):
            measure = next((m for m in reversed(measures) if m.end() <= r.start()), None)
            if measure is None or measure.start() in used:
                continue
            used.add(measure.start())
            p = P_VALUE.search(s, r.end())
            if p and p.start() - r.end() > 80:   # a P value that far off belongs to another result
                p = None
            start = sentence.start + measure.start()
            end = sentence.start + (p.end() if p else r.end())
            name = groups[measure.lastgroup]
            facts.append(fact_at(doc, doc.study, start, end, "outcome", name, "outcomes.before_after",
                                 population=population_of(mentions, sentence, start),
                                 attrs=_attrs(name, r, p)))
    return facts


def _attrs(measure: str, r: re.Match[str], p: re.Match[str] | None) -> dict:
    baseline, follow_up = _number(r.group("b")), _number(r.group("f"))
    direction = ("decrease" if follow_up < baseline else
                 "increase" if follow_up > baseline else "no change")
    time_point = r.groupdict().get("tp")
    return {"measure": measure, "baseline": baseline, "follow_up_value": follow_up,
            "time_point": time_point, "p_value": _number(p.group("p")) if p else None,
            "p_relation": p.group("rel") if p else None, "direction": direction}


def _number(token: str) -> float:
    return float(token.replace("·", "."))
