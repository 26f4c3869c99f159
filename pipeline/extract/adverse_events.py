"""Adverse events named as having happened to study subjects (``adverse_event`` facts).

Belongs here: one fact per event term reported as having occurred ("one patient had grade 1
flushing", "Four patients had transient fever", "except transient hypertension in one
patient"), valued by its lower-case preferred term (``vocab/adverse_events.csv``), with attrs
``grade`` (CTCAE grade, from "grade 1 flushing" or a shared "all were NCI-CTC grade I
events"), ``n_patients`` and ``serious``. Does not belong here: negated or absent events
("no fever was observed", "without serious adverse events"), events only planned for
monitoring, disease symptoms described as background or efficacy measures ("pain score
improved"), and drug classes ("hypoglycemic agents").

A term counts only inside a sentence with adverse-event context (a weak verb such as "had"
needs the treatment named in the sentence); the context, negation and background markers are data (``vocab/adverse_event_context.csv``). A term reported twice
gives one fact per population (the mention with the most attributes, then the first).
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.alternation import by_first_letter
from pipeline.extract.study_context import NUMBER, population_of
from pipeline.model import CleanDocument, Fact, fact_at
from pipeline.numwords import to_int
from pipeline.populations import species_mentions
from pipeline.sentences import Sentence, is_hypothetical, split_sentences
from pipeline.vocab import load_vocab

_WORD = r"(?<![\w-])(?:{})(?![\w-])"


@cache
def _marker(kind: str) -> re.Pattern[str]:
    patterns = [row["pattern"] for row in load_vocab("adverse_event_context") if row["kind"] == kind]
    return re.compile(_WORD.format(by_first_letter(patterns)), re.I)


@cache
def _terms() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """Where any vocabulary row matches, the same alternation with one group per row, and its
    group -> preferred term. Where two rows match at the same place the earlier row wins, so
    the CSV lists specific phrases ("injection site swelling") before general ones
    ("swelling")."""
    rows = load_vocab("adverse_events")
    groups = {f"t{i}": row["term"] for i, row in enumerate(rows)}
    anywhere = by_first_letter([row["pattern"] for row in rows])
    alternation = "|".join(f"(?P<t{i}>{row['pattern']})" for i, row in enumerate(rows))
    return (re.compile(_WORD.format(anywhere), re.I), re.compile(_WORD.format(alternation), re.I),
            groups)


_GRADE_VALUE = r"(?P<g>[1-5]|IV|V|I{1,3})"
GRADE = re.compile(
    rf"(?:(?:CTCAE|NCI[- ]?CTC(?:AE)?|WHO)\s+)?(?:grade|Grad|grado)\s*{_GRADE_VALUE}\b"
    r"(?!\s*(?:or|and|-|–|to)\s*(?:higher|above|more|greater|worse|[1-5]\b|I{1,3}\b|IV\b))"
    r"|\bG(?P<g2>[1-5])\b",
    re.I,
)
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}
_PATIENTS = r"(?:patients?|subjects?|participants?|cases?|children|Patienten|patientes?|pacientes)"
SUBJECTS_BEFORE = re.compile(
    rf"(?P<n>{NUMBER}|another|a single|a)\s+{_PATIENTS}(?:\s*\([^)]*\))?\s+(?:[\w-]+\s+){{0,8}}$", re.I)
SUBJECTS_AFTER = re.compile(
    rf"^\s*(?:\([^)]*\)\s*)?(?:(?:occurred|was|were|(?:was |were )?(?:observed|reported|seen|noted))\s+)*"
    rf"(?:in|bei|chez|en)\s+(?P<n>{NUMBER}|a single)\s+{_PATIENTS}"
    r"|^\s*\(\s*n\s*=\s*(?P<n2>\d+)\s*\)", re.I)
# "grade 1 flushing": a grade right before its term, at most two adjectives between
ATTACHED_BEFORE = re.compile(r"(?:[A-Za-z-]+\s+){0,2}")
ATTACHED_AFTER = re.compile(r"\s*(?:\(\s*|of\s+|,\s*)?", re.I)   # "fever (grade 2)"
ALL_BEFORE = re.compile(r"\b(?:all|both|each)\b[^.;]{0,60}$", re.I)   # "and all were grade I events"


def extract(doc: CleanDocument) -> list[Fact]:
    text = doc.study.text
    mentions = species_mentions(text)
    best: dict[tuple[str, str | None], tuple] = {}
    for sentence in split_sentences(text):
        if not _reports_events(sentence.text):
            continue
        for term, start, end, attrs in _events(sentence):
            population = population_of(mentions, sentence, start)
            key = (term, population)
            filled = sum(v is not None for v in attrs.values())
            if key not in best or filled > best[key][0]:
                best[key] = (filled, start, end, attrs)
    facts = []
    for (term, population), (_, start, end, attrs) in sorted(best.items(), key=lambda kv: kv[1][1]):
        facts.append(fact_at(doc, doc.study, start, end, "adverse_event", term,
                             "adverse_events.reported_term", population=population, attrs=attrs))
    return facts


def _reports_events(sentence: str) -> bool:
    """Adverse-event context, not a plan, not an efficacy statement."""
    # the context marker is the rarer condition: tested before the hypothetical wording
    if not _marker("context").search(sentence) or is_hypothetical(sentence):
        return False
    if _marker("efficacy").search(sentence) and not _marker("strong").search(sentence):
        return False
    if _marker("measured").search(sentence) and not _marker("occurred").search(sentence):
        return False
    # "Those patients all had fatigue and dizziness": with only a weak verb ("had"), a sentence
    # that never mentions the treatment describes the subjects' baseline, not events
    return bool(_marker("strong").search(sentence) or _marker("treatment").search(sentence))


def _events(sentence: Sentence) -> list[tuple[str, int, int, dict]]:
    s = sentence.text
    anywhere, pattern, groups = _terms()
    grades = list(GRADE.finditer(s))
    attached: set[int] = set()
    found = []
    # the scan without groups, its words grouped by first letter, is several times faster;
    # the grouped pattern, tried only where it found a term, then matches the same span and
    # names the row
    for hit in anywhere.finditer(s):
        m = pattern.match(s, hit.start())
        before = _clause_before(s, m.start())
        after = s[m.end():]
        if (_marker("negation").search(before)
                or _marker("after_negation").search(re.split(r"[,;.]", after, maxsplit=1)[0])
                or _marker("background").search(before[-50:])
                or _marker("not_event").match(after.lstrip())):
            continue
        grade = None
        for g in grades:
            if (g.end() <= m.start() and ATTACHED_BEFORE.fullmatch(s[g.end():m.start()].lstrip())
                    or g.start() >= m.end() and ATTACHED_AFTER.fullmatch(s[m.end():g.start()])):
                grade = _grade_value(g)
                attached.add(g.start())
                break
        found.append((groups[m.lastgroup], m, grade, _n_patients(before, after), _serious(before[-40:])))
    shared = [g for g in grades if g.start() not in attached and ALL_BEFORE.search(s[:g.start()])]
    shared_grade = _grade_value(shared[0]) if shared else None
    out = []
    for term, m, grade, n_patients, serious in found:
        grade = grade if grade is not None else shared_grade
        if serious is None and grade is not None and grade >= 3:
            serious = True
        out.append((term, sentence.start + m.start(), sentence.start + m.end(),
                    {"grade": grade, "n_patients": n_patients, "serious": serious}))
    return out


def _clause_before(s: str, pos: int) -> str:
    """Text from the last clause break (";", or a contrast word such as "except") to ``pos``."""
    head = s[:pos]
    cut = max(head.rfind(";"), 0)
    for m in _marker("contrast").finditer(head):
        cut = max(cut, m.end())
    return head[cut:]


def _grade_value(m: re.Match[str]) -> int:
    g = m.group("g") or m.group("g2")
    return int(g) if g.isdigit() else ROMAN[g.upper()]


def _n_patients(before: str, after: str) -> int | None:
    m = SUBJECTS_BEFORE.search(before)
    if m:
        word = m.group("n").lower()
        return 1 if word in {"another", "a single", "a"} else to_int(word)
    m = SUBJECTS_AFTER.search(after)
    if m:
        word = (m.group("n") or m.group("n2")).lower()
        return 1 if word == "a single" else to_int(word)
    return None


def _serious(before: str) -> bool | None:
    if _marker("not_serious").search(before):
        return False
    if _marker("serious").search(before):
        return True
    return None
