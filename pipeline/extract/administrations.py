"""Administrations of cells per subject (``n_infusions``) and their timing (``schedule``).

Belongs here: counts of administrations as abstracts and registries word them ("Two
intravenous infusions", "Je zwei intravenöse Gaben", "4 times infusion", "per week for 3 wk", "twice a week for 4 weeks",
"an initial infusion followed by a repeat course", "a single administration", "total 3 times",
"at 0 and 6 months", CJK counters such as "총 5회 투여" and "単回") and the
schedule phrase ("every 3 months", "day 1 and day 4", "a week apart"). Does not belong here:
doses (``doses``), routes (``route``) or follow-up time (``follow_up``).

One value per population, by rule strength (``_RANK``) then position: an explicit count of
administrations beats "single" (a "single dose" of N cells may be given four times), which
beats the definite singular "the infusion" (read as 1 only for a human trial that never
mentions administrations in the plural, rule ``administrations.definite_singular``).
Animal safety studies named after their dosing ("single-dose toxicity tests") are skipped.
Words come from ``vocab/administration.csv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.study_context import NUMBER, population_of
from pipeline.model import CleanDocument, Fact, fact_at
from pipeline.numwords import to_int
from pipeline.populations import species_mentions
from pipeline.prefilter import WordGroups, folded, holds_any, needles
from pipeline.sentences import Sentence, is_hypothetical, split_sentences
from pipeline.vocab import load_vocab


def _rows(kind: str) -> list[dict[str, str]]:
    return [row for row in load_vocab("administration") if row["kind"] == kind]


def _terms(kind: str) -> str:
    return "|".join(row["pattern"] for row in _rows(kind))


def _valued(kind: str) -> tuple[tuple[re.Pattern[str], int], ...]:
    """``(pattern, value)`` per row; a row's pattern is a regex alternation ("zweiten?")."""
    return tuple((re.compile(rf"(?:{row['pattern']})", re.I), int(row["value"])) for row in _rows(kind))


def _value_of(valued: tuple[tuple[re.Pattern[str], int], ...], word: str) -> int:
    """The value of the row whose pattern matches the whole ``word``."""
    return next(value for pattern, value in valued if pattern.fullmatch(word))


_WORD = r"(?<![\w-])(?:{})(?![\w-])"
SINGULAR = _WORD.format(_terms("singular"))
PLURAL = _WORD.format(_terms("plural"))
ADVERBS = _valued("adverb")
ORDINALS = _valued("ordinal")
_ADJECTIVES = r"(?:[A-Za-zäöüéè][\w.-]*\s+){0,3}?"
_NOT_COUNT = rf"(?![\s-]*(?:{_terms('not_count')})\b)"
_UNIT = r"(?P<unit>days?|d|weeks?|wks?|months?|mo)"

COUNT = re.compile(rf"(?P<n>{NUMBER})\s+(?:{_ADJECTIVES})(?P<noun>{PLURAL}){_NOT_COUNT}", re.I)
# "at two doses", "two different doses": dose levels, not administrations
DOSE_LEVELS = re.compile(r"\bat\s+\S+\s+(?:[\w-]+\s+)?doses|\bdifferent\b", re.I)
TIMES = re.compile(
    rf"(?P<n>{NUMBER})\s*(?:{_terms('times')})\s+(?:{_ADJECTIVES})(?:{SINGULAR}|{PLURAL})"
    rf"|(?:infus|inject|administ|transplant|given|gave)\w*\s+(?:[\w-]+\s+){{0,4}}?(?P<n2>{NUMBER})\s+times\b"
    r"(?!\s+(?:a|per|each)\s+(?:day|week|month)\s+for\b)",
    re.I,
)
# "once a month, total 3 times", "a total of four times", "3 times in total"
TOTAL_TIMES = re.compile(
    rf"\btotal(?:\s+of)?\s+(?P<n>{NUMBER})\s+times\b|\b(?P<n2>{NUMBER})\s+times\s+in\s+total\b", re.I)
# "at 0 and 6 months", "at weeks 0, 4 and 8" after an administration word: one per time point
TIME_POINTS = re.compile(
    r"(?:infus|inject|administ|transplant|given|gave)\w*\b"
    r"(?:(?!evaluat|assess|follow|measur|examin|after|visit|score)[^.;,]){0,60}?"
    r"\bat\s+(?:(?:months?|weeks?|days?)\s+)?"
    r"(?P<points>\d{1,3}(?:\s*,\s*\d{1,3})*\s*,?\s*and\s+\d{1,3})\s*(?:months?|weeks?|days?)?\b",
    re.I,
)
AFTER_ADMINISTRATION = re.compile(r"\b(?:after|post|following)\s+(?:[\w-]+\s+){0,4}$", re.I)
# Chinese, Japanese and Korean count administrations with a counter ("총 5회 ... 투여", "共3次输注");
# "1회당" (per administration), "第2次" (the second) and "2次/周" (a rate) are not counts
CJK_TIMES = re.compile(rf"(?<![第\d])(?P<n>\d{{1,2}})\s*(?:{_terms('cjk_counter')})(?!당|目|째|[/／])")
CJK_SINGLE = re.compile(_terms("cjk_single"))
CJK_ADMINISTER = re.compile(_terms("cjk_administer"))
_CONTEXT_STEMS = ["infus", "inject", "administ", "transplant", "Gabe"]
ADMINISTRATION_CONTEXT = re.compile(
    rf"{SINGULAR}|{PLURAL}|{'|'.join(_CONTEXT_STEMS)}|{CJK_ADMINISTER.pattern}", re.I)
ADVERB = re.compile(
    rf"(?:infus|inject|administ|transplant|given|gave|applied|verabreicht|injecté|administré)\w*"
    rf"\s+(?:[\w-]+\s+){{0,3}}?(?P<adverb>{_terms('adverb')})\b"
    # "twice a week for 4 weeks" is TIMES_FOR; "once a month", "twice daily" are rates
    r"(?!\s+(?:(?:a|per|each|every)\s+(?:day|week|month|year)\b|daily|weekly|monthly))",
    re.I,
)
# "twice a week for 4 weeks", "3 times a month for 2 months": rate times duration
TIMES_FOR = re.compile(
    rf"(?:(?P<adverb>{_terms('adverb')})|(?P<k>{NUMBER})\s+times)\s+(?:a|per|each)\s+"
    rf"(?P<every>day|week|month)\s+for\s+(?P<n>{NUMBER})\s+{_UNIT}\b",
    re.I,
)
# "one or two infusions": a spread of counts across subjects, not a count per subject
_COUNT_SPREAD = re.compile(rf"{NUMBER}\s*(?:or|to|-|–)\s*$", re.I)
_SPREAD_START = re.compile(rf"{NUMBER}\s*(?:or|to|-|–)\s*{NUMBER}", re.I)
REPEAT_COURSE = re.compile(
    rf"\binitial\s+(?:{_ADJECTIVES})(?:{SINGULAR}|course)\b[^.;]{{0,120}}?"
    rf"\bfollowed by\s+(?:a|an|one)\s+(?:{_terms('repeat')})\s+(?:course|{SINGULAR})",
    re.I,
)
FREQUENCY = re.compile(
    rf"(?:(?:once\s+)?(?:a|per|each|every)\s+(?P<every>day|week|month)|(?P<ly>daily|weekly|monthly))"
    rf"\s+for\s+(?P<n>{NUMBER})\s+(?:consecutive\s+)?{_UNIT}\b",
    re.I,
)
EVERY_FOR = re.compile(
    rf"every\s+(?P<k>{NUMBER})\s+(?P<u1>days|weeks|months)\s+for\s+(?P<n>{NUMBER})\s+(?P<u2>days|weeks|months)\b",
    re.I,
)
# an ordinal takes at most one adjective before its noun, so "jeder zweite Patient eine
# Infusion" (every second patient) is not a second infusion
ORDINAL = re.compile(
    rf"(?<![\w-])(?P<ord>{_terms('ordinal')})(?:\s+(?:or|and|und|et|ou)\s+(?P<ord2>{_terms('ordinal')}))?"
    rf"\s+(?:[A-Za-zäöüéè][\w.-]*\s+)?(?:{SINGULAR}){_NOT_COUNT}",
    re.I,
)
SINGLE = re.compile(
    rf"(?:{_terms('single')})[\s-]+(?:{_ADJECTIVES})(?:{SINGULAR})"
    rf"(?![\s-]+(?:and\s+[\w-]+\s+)?(?:{_terms('toxicology')})\b)",
    re.I,
)
DEFINITE = re.compile(r"\bthe\s+(?:(?:intravenous|intrathecal|cell|MSCs?|stem cell)\s+)?(?:infusion|injection|transplantation)\b(?!s|-)", re.I)
ANY_PLURAL = re.compile(PLURAL, re.I)


SCHEDULE = re.compile(
    r"\bevery\s+(?:other\s+|\d+\s+|[a-z]+\s+)?(?:days?|weeks?|months?)\b"
    r"|\b(?:once\s+)?(?:a|per|each)\s+(?:week|month)\s+for\s+\S+\s+(?:days?|weeks?|wk|months?)\b"
    r"|\b(?:weekly|monthly|biweekly)(?:\s+for\s+\S+\s+(?:weeks?|wk|months?))?\b"
    r"|\b(?:a|an|one|two|\d+)\s+(?:days?|weeks?|months?)\s+apart\b"
    r"|\b(?:on\s+)?days?\s+\d+(?:\s*(?:,|and|or)\s*(?:day\s+)?\d+)+\b"
    r"|\b(?:an|am)\s+Tag(?:en)?\s+\d+(?:\s*(?:,|und|oder|bzw\.?)\s*\d+)+"
    r"|\binterval(?:\s+time)?\s+(?:is|was|of)\s+\d+\s+(?:days|weeks|months)\b"
    r"|\brepeat(?:ed)?\s+(?:course|infusion|injection|dose)\s+(?:at|after)\s+\d+\s+(?:days|weeks|months)\b",
    re.I,
)


# Literal prefilters (pipeline/prefilter.py): most sentences hold none of the words a
# pattern needs, and finding those words is far cheaper than scanning with the pattern. One
# pass over a sentence names the groups of words it holds (``_WORDS.held``); a pattern scans
# only sentences holding every group it needs (``_NEEDS``).
_WORDS = WordGroups({
    # every ``ADMINISTRATION_CONTEXT`` match holds one of these
    "context": [_terms("singular"), _terms("plural"), *_CONTEXT_STEMS, _terms("cjk_administer")],
    # the stems and CJK verbs are plain text that ``ADMINISTRATION_CONTEXT`` finds anywhere, so
    # a text holding one needs no scan
    "context_stem": [*_CONTEXT_STEMS, _terms("cjk_administer")],
    "cjk_administer": [_terms("cjk_administer")],
    "plural": [_terms("plural")],
    "times": [_terms("times")],
    "adverb": [_terms("adverb")],
    "rate": [_terms("adverb"), "times"],
    "ordinal": [_terms("ordinal")],
    "single": [_terms("single")],
    "total": ["total"],
    "and": ["and"],
    "followed by": ["followed by"],
    "for": ["for"],
    "every": ["every"],
    "period": ["day|week|month|daily"],  # the repetition period of a frequency
    "schedule": ["day|week|month|tag"],  # every ``SCHEDULE`` match names its period
    "definite": ["infusion|injection|transplantation"],  # the noun of every ``DEFINITE`` match
})
# every ``ANY_PLURAL`` match holds one of these
_PLURAL_WORDS = needles([_terms("plural")])
# each pattern with the groups of words every match of it holds, and where those words are
# common ("and"), the shape around them every match holds, cheaper to scan for than the
# pattern: two time points joined by "and" ("0 and 6 months")
_SCANS = {
    "count": (COUNT, {"plural"}, None),
    "times": (TIMES, {"times"}, None),
    "adverb": (ADVERB, {"adverb"}, None),
    "total_times": (TOTAL_TIMES, {"total"}, None),
    "time_points": (TIME_POINTS, {"and"}, re.compile(r"and\s+\d", re.I)),
    "repeat_course": (REPEAT_COURSE, {"followed by"}, None),
    "frequency": (FREQUENCY, {"for", "period"}, None),
    "times_for": (TIMES_FOR, {"for", "period", "rate"}, None),
    "every_for": (EVERY_FOR, {"every"}, None),
    "ordinal": (ORDINAL, {"ordinal"}, None),
    "single": (SINGLE, {"single"}, None),
    "schedule": (SCHEDULE, {"schedule"}, None),
}

_RANK = {
    "administrations.count": 0,
    "administrations.times": 0,
    "administrations.repeat_course": 0,
    "administrations.frequency": 1,
    "administrations.time_points": 1,
    "administrations.ordinal": 2,
    "administrations.single": 3,
    "administrations.definite_singular": 4,
    "administrations.schedule": 0,
}


@dataclass(frozen=True, slots=True)
class _Candidate:
    field: str
    value: int | str
    start: int
    end: int
    rule: str
    population: str | None


def extract(doc: CleanDocument) -> list[Fact]:
    text = doc.study.text
    sentences = [s for s in split_sentences(text) if not is_hypothetical(s.text)]
    mentions = species_mentions(text)
    candidates: list[_Candidate] = []
    helds = [_WORDS.held(folded(sentence.text)) for sentence in sentences]
    for sentence, held in zip(sentences, helds):
        if _about_administration(sentence.text, held):
            candidates += _counts(sentence, held, mentions)
            candidates += _schedules(sentence, held, mentions)
    if not any(c.field == "n_infusions" for c in candidates):
        candidates += _definite_singular(text, sentences, helds, mentions)
    best: dict[tuple[str, str | None], _Candidate] = {}
    for c in sorted(candidates, key=lambda c: (_RANK[c.rule], c.start)):
        best.setdefault((c.field, c.population), c)
    return [fact_at(doc, doc.study, c.start, c.end, c.field, c.value, c.rule,
                    population=c.population) for c in best.values()]


def _counts(sentence: Sentence, held: set[str], mentions) -> list[_Candidate]:
    """``n_infusions`` candidates of a sentence (``held``: the ``_WORDS`` groups it holds)."""
    s = sentence.text
    found: list[tuple[int, int, int, str]] = []   # (value, start, end, rule)
    for m in _when(held, "count", s):
        if DOSE_LEVELS.search(s, max(0, m.start() - 4), m.end()):
            continue
        if _COUNT_SPREAD.search(s, max(0, m.start() - 12), m.start()) or _SPREAD_START.match(m.group(0)):
            continue
        found.append((to_int(m.group("n")), m.start(), m.end(), "administrations.count"))
    for m in _when(held, "times", s):
        found.append((to_int(m.group("n") or m.group("n2")), m.start(), m.end(), "administrations.times"))
    for m in _when(held, "adverb", s):
        found.append((_value_of(ADVERBS, m.group("adverb")), m.start(), m.end(), "administrations.times"))
    for m in _when(held, "total_times", s):
        found.append((to_int(m.group("n") or m.group("n2")), m.start(), m.end(), "administrations.times"))
    for m in _when(held, "time_points", s):
        if AFTER_ADMINISTRATION.search(s, max(0, m.start() - 40), m.start()):
            continue  # "after the transplantation at months 1, 3 and 6": assessment times
        found.append((len(re.findall(r"\d+", m.group("points"))), m.start("points"), m.end(),
                      "administrations.time_points"))
    if "cjk_administer" in held and CJK_ADMINISTER.search(s):
        for m in CJK_TIMES.finditer(s):
            found.append((int(m.group("n")), m.start(), m.end(), "administrations.times"))
        for m in CJK_SINGLE.finditer(s):
            found.append((1, m.start(), m.end(), "administrations.single"))
    for m in _when(held, "repeat_course", s):
        found.append((2, m.start(), m.end(), "administrations.repeat_course"))
    for m in _when(held, "frequency", s):
        if _same_unit(m.group("every") or m.group("ly"), m.group("unit")):
            found.append((to_int(m.group("n")), m.start(), m.end(), "administrations.frequency"))
    for m in _when(held, "times_for", s):
        rate = _value_of(ADVERBS, m.group("adverb")) if m.group("adverb") else to_int(m.group("k"))
        n = to_int(m.group("n"))
        if rate and n and _same_unit(m.group("every"), m.group("unit")):
            found.append((rate * n, m.start(), m.end(), "administrations.frequency"))
    for m in _when(held, "every_for", s):
        k, n = to_int(m.group("k")), to_int(m.group("n"))
        if k and n and m.group("u1").lower() == m.group("u2").lower() and n % k == 0:
            found.append((n // k, m.start(), m.end(), "administrations.frequency"))
    ordinals = list(_when(held, "ordinal", s))
    if ordinals:
        values = [_value_of(ORDINALS, m.group("ord2") or m.group("ord")) for m in ordinals]
        last = max(range(len(ordinals)), key=values.__getitem__)
        found.append((values[last], ordinals[last].start(), ordinals[last].end(), "administrations.ordinal"))
    for m in _when(held, "single", s):
        found.append((1, m.start(), m.end(), "administrations.single"))
    return [_Candidate("n_infusions", value, sentence.start + start, sentence.start + end, rule,
                       population_of(mentions, sentence, sentence.start + start))
            for value, start, end, rule in found if value and value < 100]


def _about_administration(s: str, held: set[str]) -> bool:
    """Whether ``ADMINISTRATION_CONTEXT`` finds a word in ``s`` (``held``: the ``_WORDS``
    groups it holds)."""
    return "context" in held and ("context_stem" in held or bool(ADMINISTRATION_CONTEXT.search(s)))


def _when(held: set[str], scan: str, s: str):
    """The matches in ``s`` of the pattern of ``_SCANS[scan]``, scanning only when ``s`` holds
    what every match holds: the groups of words (``held``: the ``_WORDS`` groups ``s`` holds)
    and the shape."""
    pattern, needs, shape = _SCANS[scan]
    if needs <= held and (shape is None or shape.search(s)):
        return pattern.finditer(s)
    return ()


def _same_unit(period: str, unit: str) -> bool:
    """"per week for 3 wk": the repetition period and the duration share a unit."""
    return period.lower()[0] == unit.lower()[0]


def _schedules(sentence: Sentence, held: set[str], mentions) -> list[_Candidate]:
    """``schedule`` candidates of a sentence (``held``: the ``_WORDS`` groups it holds)."""
    return [_Candidate("schedule", m.group(0), sentence.start + m.start(), sentence.start + m.end(),
                       "administrations.schedule",
                       population_of(mentions, sentence, sentence.start + m.start()))
            for m in _when(held, "schedule", sentence.text)]


def _definite_singular(text: str, sentences: list[Sentence], helds: list[set[str]],
                       mentions) -> list[_Candidate]:
    """"after the infusion" as the only administration a human trial mentions -> 1
    (``helds``: the ``_WORDS`` groups each sentence holds)."""
    if holds_any(folded(text), _PLURAL_WORDS) and ANY_PLURAL.search(text):
        return []
    for sentence, held in zip(sentences, helds):
        m = "definite" in held and DEFINITE.search(sentence.text)
        if m:
            start = sentence.start + m.start()
            population = population_of(mentions, sentence, start)
            if population == "human":
                return [_Candidate("n_infusions", 1, start, sentence.start + m.end(),
                                   "administrations.definite_singular", population)]
    return []
