"""Follow-up duration (``follow_up_days``, attrs ``text``, ``min_days``, ``max_days``).

Belongs here: how long subjects were followed or last assessed after treatment, as stated
("a median follow-up of 24·1 months", "followed up for 8-24 months", "1-year follow-up",
"at 1, 3, 6, and 12 months of follow-up", "assessed 28 days after the infusion", "two weeks
post-treatment", a registry's "the study lasts for 12 months"). Does not belong here:
disease duration, ages, recruitment periods, treatment regimens ("for 3 months" of a drug)
or time-to-event results ("maintained insulin free for 3 to 12 months").

Value: the longest follow-up the text states for the population (planned or observed), in
days (month = 30.4375 d, year = 365.25 d, week = 7 d); a range contributes its upper bound
and keeps both bounds in attrs. Statements of study duration rank below follow-up wording.
"""

from __future__ import annotations

import re

from pipeline.extract.study_context import QUANTITY, parse_quantity, population_of
from pipeline.model import CleanDocument, Fact, fact_at
from pipeline.populations import species_mentions
from pipeline.prefilter import WordGroups, folded
from pipeline.sentences import is_hypothetical, split_sentences
from pipeline.vocab import load_vocab

TIME_UNITS = [(re.compile(rf"(?:{row['pattern']})", re.I), float(row["days"]))
              for row in load_vocab("time_units")]
_Q = QUANTITY
_UNIT = rf"(?P<unit>{'|'.join(row['pattern'] for row in load_vocab('time_units'))})(?![\w])"
# one quantity or a range / list of them: "24·1", "8-24", "8 to 24", "1, 3, 6, and 12"
_AMOUNT = rf"(?P<amount>{_Q}(?:\s*(?:-|–|to|bis|à|a|,|,?\s*and|or)\s*{_Q})*)"
_FOLLOW_UP = r"follow[\s-]*ups?"
_AFTER_TREATMENT = r"(?:the\s+)?(?:last\s+|first\s+|final\s+)?(?:infusion|injection|treatment|transplantation|administration|therapy|intervention)"

RULES: list[tuple[str, re.Pattern[str]]] = [
    ("follow_up.follow_up_of", re.compile(
        rf"{_FOLLOW_UP}\s+(?:period\s+|duration\s+|time\s+)?(?:of|was|lasted|:|for|(?:ranged\s+)?from)\s+"
        rf"(?:up\s+to\s+|approximately\s+|about\s+|at\s+least\s+)?{_AMOUNT}\s+{_UNIT}", re.I)),
    ("follow_up.followed_for", re.compile(
        rf"followed[\s-]*(?:up\s+)?(?:for|over|during|up\s+to|until)?\s*(?:a\s+(?:median|mean)\s+(?:of\s+)?)?"
        rf"{_AMOUNT}\s+{_UNIT}", re.I)),
    ("follow_up.unit_follow_up", re.compile(
        rf"(?<![\w.,])(?:(?:at|after|during|over|for|a|the|and)\s+)?{_AMOUNT}[\s-]+{_UNIT}\s*(?:of\s+)?{_FOLLOW_UP}", re.I)),
    ("follow_up.assessed_after", re.compile(
        rf"(?:evaluated|assessed|measured|examined|observed|monitored|performed|determined)\s+"
        rf"(?:(?:at\s+baseline(?:\s*\([^)]*\))?,?\s+and\s+)?(?:at|after)\s+)?{_AMOUNT}\s+{_UNIT}"
        rf"(?:\s+(?:after|post[\s-]*|following)\s*{_AFTER_TREATMENT})?", re.I)),
    ("follow_up.post_treatment", re.compile(
        rf"(?<!within\s)(?<![\w.,])(?:at\s+)?{_AMOUNT}\s+{_UNIT}\s+(?:after|post[\s-]*|following)\s*{_AFTER_TREATMENT}", re.I)),
    ("follow_up.nachbeobachtung", re.compile(
        rf"(?:Nachbeobachtung\w*|suivi|seguimiento)\s+(?:von|über|de|du)\s+{_AMOUNT}\s+{_UNIT}", re.I)),
    ("follow_up.study_duration", re.compile(
        rf"study\s+(?:lasts|lasted|will\s+last|duration\s+(?:is|was|of))\s+(?:for\s+)?{_AMOUNT}\s+{_UNIT}", re.I)),
]
# every rule ends in an amount and its unit: a sentence without one is not read further
_AMOUNT_UNIT = re.compile(rf"{_Q}[\s-]+{_UNIT}", re.I)
# literal prefilters (pipeline/prefilter.py): every match of a rule holds one of its words,
# and a sentence holding no rule's word is not read further either; one pass over a sentence
# names the rules whose words it holds
_RULE_WORDS = WordGroups({rule: [pattern.pattern] for rule, pattern in RULES})
_RANK = {rule: (1 if rule == "follow_up.study_duration" else 0) for rule, _ in RULES}
QUANTITY_RE = re.compile(_Q, re.I)
# words that make a duration something other than follow-up
NOT_FOLLOW_UP = re.compile(r"\b(?:aged?|disease duration|duration of (?:disease|illness)|history|"
                           r"pre[\s-]*(?:treatment|infusion|intervention)|before)\b", re.I)


def extract(doc: CleanDocument) -> list[Fact]:
    text = doc.study.text
    mentions = species_mentions(text)
    best: dict[str | None, tuple] = {}
    for sentence in split_sentences(text):
        held = _RULE_WORDS.held(folded(sentence.text))
        if not held or not _AMOUNT_UNIT.search(sentence.text) or is_hypothetical(sentence.text):
            continue
        for rule, pattern in RULES:
            if rule not in held:
                continue
            for m in pattern.finditer(sentence.text):
                candidate = _candidate(m)
                if candidate is None or NOT_FOLLOW_UP.search(sentence.text[max(0, m.start() - 30):m.start()]):
                    continue
                start = sentence.start + m.start()
                population = population_of(mentions, sentence, start)
                key = (-_RANK[rule], candidate[1])   # follow-up wording first, then the longest
                if population not in best or key > best[population][0]:
                    best[population] = (key, rule, start, sentence.start + m.end(), candidate)
    facts = []
    for population, (_, rule, start, end, (low, high, amount_text)) in best.items():
        facts.append(fact_at(doc, doc.study, start, end, "follow_up_days", high, rule,
                             population=population,
                             attrs={"text": amount_text, "min_days": low, "max_days": high}))
    return facts


def _candidate(m: re.Match[str]) -> tuple[float, float, str] | None:
    """(min days, max days, "8-24 months") for a matched amount and unit."""
    unit = _unit_days(m.group("unit"))
    values = [parse_quantity(q.group(0)) for q in QUANTITY_RE.finditer(m.group("amount"))]
    values = [v for v in values if v is not None]
    if unit is None or not values:
        return None
    text = m.string[m.start("amount"):m.end("unit")]
    return min(values) * unit, max(values) * unit, text


def _unit_days(unit: str) -> float | None:
    for pattern, days in TIME_UNITS:
        if pattern.fullmatch(unit):
            return days
    return None
