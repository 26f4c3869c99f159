"""Who received the dose, by size and age: ``body_weight_kg`` and ``age_group`` per population.

``body_weight_kg``: a weight stated for the subjects ("mean body weight 62.5 kg", "mice
weighing 20–25 g" (midpoint), "body weight of 250 ± 20 g" (mean), "rats (200-220 g)"),
converted to kg with pint; weight changes ("body weight loss of 2 kg") and organ weights are
not body weights. The first statement of each population is reported (title and abstract come
first in the study text).

``age_group``: ``adult``, ``pediatric``, ``neonatal``, ``juvenile``, or ``mixed`` when adults
and children were both treated, from cue adjectives before a subject word ("pediatric
patients", "neonatal mouse model", "Four adult and two pediatric patients"), subject nouns in
a sentence about the study subjects ("children were enrolled"), and stated ages ("aged 2-12
years", "8-week-old mice"), staged by ``vocab/age_groups.csv``. A cue that describes the
disease or the cells ("juvenile-onset diabetes", "adult stem cells") is not an age group.

Population: the species of the cue's own subject word, else the nearest species cue before it
in the same or previous sentence, else the document's most mentioned species.
What does not belong here: converting doses with these weights (``harmonize.py``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from pipeline.model import CleanDocument, Fact, fact_at
from pipeline.populations import SpeciesMention, species_before, species_mentions
from pipeline.prefilter import folded, holds_any, needles
from pipeline.sentences import Sentence, is_hypothetical, sentence_at, split_sentences
from pipeline.units import UREG, to_kilograms
from pipeline.vocab import load_vocab

_NUM = r"\d+(?:[.,]\d+)?"
_MASS = r"(?P<unit>kg|g|lbs?|grams?|kilograms?)(?![\w/])"
_MASS_VALUE = (rf"(?P<low>{_NUM})(?:\s*(?:±|\+/-)\s*(?P<sd>{_NUM})\s*(?:kg|g)?)?"
               rf"(?:\s*(?:-|–|to|and)\s*(?P<high>{_NUM}))?\s*{_MASS}")
# "body weight of 250 ± 20 g", "weighing 20-25 g", "mean weight 70 kg", "Körpergewicht 70 kg"
_BODY_WEIGHT = re.compile(
    r"(?:body\s*weights?|bodyweights?|weigh(?:ing|ed|s)|(?:mean|average|median|baseline|birth)"
    r"\s+weights?|Körpergewicht|poids(?:\s+corporel)?|peso(?:\s+corporal)?)"
    r"(?:\s*(?:of|was|were|:|=|,|\(|between|from|ranging\s+from|approximately|about|~|mean|"
    r"average|median|\s))*?"
    + _MASS_VALUE, re.I)
# Literal prefilters (see ``pipeline/prefilter.py``): most pages hold none of the words a
# pattern needs, and the test is far cheaper than the scan. Every _BODY_WEIGHT match names
# the weight:
_BODY_WEIGHT_WORDS = needles(["weigh|gewicht|poids|peso"])
# an animal's weight in parentheses right after it: "Wistar rats (200-220 g)"
_WEIGHT_IN_PARENTHESES = re.compile(rf"\s*[\w\s,\-]{{0,25}}?\(\s*{_MASS_VALUE}\s*[,;)]", re.I)
_CHANGE = re.compile(r"\b(?:loss|lost|gain|gained|change[sd]?|increase[sd]?|decrease[sd]?|"
                     r"reduction|reduced|difference|improv\w*|tumou?r|organ|liver|spleen|kidney|"
                     r"heart|lung|brain|molecular)\W+(?:\w+\W+){0,2}$", re.I)

_AGE_RANGE = re.compile(
    r"\b(?:aged|ages?|age\s+range|between\s+the\s+ages\s+of|im\s+Alter\s+von|âgés?\s+de)"
    rf"\s*(?:of|from|between|:)?\s*(?P<low>{_NUM})\s*(?:-|–|to|and|bis|à)\s*(?P<high>{_NUM})\s*"
    r"(?P<unit>years?|yrs?|months?|weeks?|days?|Jahren?|ans|años)\b", re.I)
_AGE_RANGE_WORDS = needles(["age|alter|âgé"])
_AGE_OLD = re.compile(
    r"\b(?P<low>\d+)(?:\s*[-–]\s*(?P<high>\d+))?[\s\-]*(?P<unit>weeks?|days?|months?)[\s\-]*old\b"
    r"|\bpostnatal\s+day\s+(?P<pnd>\d+)", re.I)
_AGE_OLD_WORDS = needles(["old|postnatal"])
_AGE_UNITS = (("y", "year"), ("j", "year"), ("a", "year"), ("m", "month"), ("w", "week"),
              ("d", "day"))
# a subject word may stand this many words after its age adjective ("adult and two pediatric")
_ADJECTIVE_REACH = 4
# a species word followed by tissue words then a cell word names the cells, not the subjects
_CELL_SOURCE_AFTER = re.compile(
    r"[\s,\-]*(?:(?!(?:with|were|was|who|and|in|of|had|have|received|underwent|got|given|treated)\b)[\w\-]+[\s,]+){0,5}?"
    r"(?:mesenchymal|stromal|stem\b|MSCs?\b|[\w\-]+MSCs?\b)", re.I)


def _vocab(kind: str) -> list[dict[str, str]]:
    return [row for row in load_vocab("age_groups") if row["kind"] == kind]


_ADJECTIVES = [(re.compile(rf"\b(?:{r['pattern']})\b", re.I), r) for r in _vocab("adjective")]
_NOUNS = [(re.compile(rf"\b(?:{r['pattern']})\b", re.I), r) for r in _vocab("noun")]
# any adjective or noun cue at all: most pages have none, and one scan is cheaper than one per row
_ANY_AGE_WORD = re.compile(
    rf"\b(?:{'|'.join(r['pattern'] for r in _vocab('adjective') + _vocab('noun'))})\b", re.I)
_AGE_WORDS = needles([r["pattern"] for r in _vocab("adjective") + _vocab("noun")])
_NOT_SUBJECT = re.compile(rf"[\s\-]+(?:{'|'.join(r['pattern'] for r in _vocab('not_subject'))})\b",
                          re.I)
_CONTEXT = re.compile(rf"\b(?:{'|'.join(r['pattern'] for r in _vocab('context'))})\b", re.I)


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _context_species(pos: int, sentences: list[Sentence], sentence: Sentence,
                     mentions: list[SpeciesMention], primary: str | None) -> str | None:
    index = sentences.index(sentence)
    floor = sentences[index - 1].start if index else sentence.start
    return species_before(mentions, pos, floor) or primary


def _primary(mentions: list[SpeciesMention]) -> str | None:
    counts = Counter(m.species for m in mentions)
    return counts.most_common(1)[0][0] if counts else None


def _weights(doc: CleanDocument, lower: str, sentences: list[Sentence],
             mentions: list[SpeciesMention], primary: str | None) -> list[Fact]:
    """``body_weight_kg`` facts (``lower``: the study text ``folded``)."""
    text = doc.study.text
    found: list[tuple[int, int, float, str | None, str]] = []
    for m in (_BODY_WEIGHT.finditer(text) if holds_any(lower, _BODY_WEIGHT_WORDS) else ()):
        if _CHANGE.search(text, max(0, m.start() - 40), m.start()):
            continue
        sentence = sentence_at(sentences, m.start())
        if sentence is None:
            continue
        species = _context_species(m.start(), sentences, sentence, mentions, primary)
        found.append((m.start(), m.end(), _kilograms(m), species, "body_weight.stated_weight"))
    for mention in mentions:
        m = _WEIGHT_IN_PARENTHESES.match(text, mention.end)
        if m and mention.species != "human":
            found.append((mention.start, m.end(), _kilograms(m), mention.species,
                          "body_weight.weight_after_animal"))
    facts, seen = [], set()
    for start, end, kg, species, rule in sorted(found):
        if species in seen:
            continue
        seen.add(species)
        facts.append(fact_at(doc, doc.study, start, end, "body_weight_kg", kg, rule,
                             population=species))
    return facts


def _kilograms(m: re.Match[str]) -> float:
    """The weight a match states, in kg: the midpoint of a range, the mean of a mean ± SD."""
    low = _number(m.group("low"))
    value = (low + _number(m.group("high"))) / 2 if m.group("high") else low
    unit = m.group("unit").lower().rstrip("s")
    return to_kilograms(value, {"gram": "g", "kilogram": "kg"}.get(unit, unit))


def _age_days(value: str, unit: str) -> float:
    name = next(full for prefix, full in _AGE_UNITS if unit.lower().startswith(prefix))
    return UREG.Quantity(_number(value), name).to("day").magnitude


def _stage(days: float, species: str | None) -> str:
    for row in sorted(_vocab("stage"), key=lambda r: float(r["max_days"])):
        if row["species"] == species and days <= float(row["max_days"]):
            return row["age_group"]
    return "adult"


def _age_cues(text: str, lower: str, sentences: list[Sentence], mentions: list[SpeciesMention],
              primary: str | None) -> list[tuple[int, int, str, str | None, str]]:
    """(start, end, age group, species, rule) for every age cue about study subjects
    (``lower``: ``text`` ``folded``)."""
    cues = []
    # most pages have no age word at all: one test decides whether the rows are tried
    any_age_word = holds_any(lower, _AGE_WORDS) and _ANY_AGE_WORD.search(text)
    adjectives, nouns = (_ADJECTIVES, _NOUNS) if any_age_word else ((), ())
    for rx, row in adjectives:
        for m in rx.finditer(text):
            if _NOT_SUBJECT.match(text, m.end()):
                continue
            subject = next((s for s in mentions if m.end() <= s.start <= m.end() + 60), None)
            if subject is None or _CELL_SOURCE_AFTER.match(text, subject.end):
                continue
            between = text[m.end():subject.start]
            if re.search(r"[.;:()]", between) or len(between.split()) > _ADJECTIVE_REACH:
                continue
            cues.append((m.start(), subject.end, row["age_group"], subject.species,
                         "body_weight.age_adjective"))
    for rx, row in nouns:
        for m in rx.finditer(text):
            sentence = sentence_at(sentences, m.start())
            if sentence is None or is_hypothetical(sentence.text) or not _CONTEXT.search(sentence.text):
                continue
            species = row["species"] or _context_species(m.start(), sentences, sentence,
                                                          mentions, primary)
            cues.append((m.start(), m.end(), row["age_group"], species, "body_weight.age_noun"))
    for rx, words in ((_AGE_RANGE, _AGE_RANGE_WORDS), (_AGE_OLD, _AGE_OLD_WORDS)):
        for m in (rx.finditer(text) if holds_any(lower, words) else ()):
            sentence = sentence_at(sentences, m.start())
            if sentence is None:
                continue
            species = _context_species(m.start(), sentences, sentence, mentions, primary)
            if m.groupdict().get("pnd"):
                low = high = float(m.group("pnd"))
            else:
                low = _age_days(m.group("low"), m.group("unit"))
                high = _age_days(m.group("high"), m.group("unit")) if m.group("high") else low
            stages = {_stage(low, species), _stage(high, species)}
            group = stages.pop() if len(stages) == 1 else "mixed"
            cues.append((m.start(), m.end(), group, species, "body_weight.stated_age"))
    return sorted(cues)


def _age_groups(doc: CleanDocument, lower: str, sentences: list[Sentence],
                mentions: list[SpeciesMention], primary: str | None) -> list[Fact]:
    """One age group per population: ``mixed`` when adults and younger subjects were both
    treated, else the first stated group."""
    by_species: dict[str | None, list[tuple[int, int, str, str | None, str]]] = defaultdict(list)
    for cue in _age_cues(doc.study.text, lower, sentences, mentions, primary):
        by_species[cue[3]].append(cue)
    facts = []
    for species, cues in by_species.items():
        groups = {c[2] for c in cues}
        young = [c for c in cues if c[2] != "adult"]
        if "mixed" in groups or ("adult" in groups and young):
            first = next(c for c in cues if c[2] == "adult" or c[2] == "mixed")
            other = young[0] if young else first
            start, end = min(first[0], other[0]), max(first[1], other[1])
            if end - start > 200:  # the two cues are far apart: point at the younger one
                start, end = other[0], other[1]
            facts.append(fact_at(doc, doc.study, start, end, "age_group", "mixed",
                                 "body_weight.adults_and_children", population=species))
        else:
            start, end, group, _, rule = cues[0]
            facts.append(fact_at(doc, doc.study, start, end, "age_group", group, rule,
                                 population=species))
    return facts


def extract(doc: CleanDocument) -> list[Fact]:
    """``body_weight_kg`` and ``age_group`` facts, at most one of each per population."""
    text = doc.study.text
    sentences = split_sentences(text)
    mentions = species_mentions(text)
    primary = _primary(mentions)
    lower = folded(text)
    return (_weights(doc, lower, sentences, mentions, primary)
            + _age_groups(doc, lower, sentences, mentions, primary))
